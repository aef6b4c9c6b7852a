# proofs/proofs.mk -- included by GNUmakefile.
#   make proofs            WP on every unit of proofs/units, why3 replay of
#                          every theory proofs/why3/*.mlw; table, REPORT.md;
#                          fails on an unproved goal that the baseline proved
#   make proofs-baseline   the same, then record the results as the baseline
#   make proofs-clean      forget the local WP results (not the cache)
PYTHON3 ?= /usr/bin/python3

proofs: $(DEPS_STAMP)
	@$(PYTHON3) proofs/run.py

proofs-baseline: $(DEPS_STAMP)
	@$(PYTHON3) proofs/run.py --update-baseline

proofs-clean:
	rm -rf build/proofs

.PHONY: proofs-baseline proofs-clean
