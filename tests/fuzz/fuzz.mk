# tests/fuzz/fuzz.mk -- libFuzzer targets (included by GNUmakefile).
#
#   make fuzz              replay regressions + seeds, then fuzz each target
#                          for FUZZ_SECONDS (default 60) seconds
#   make fuzz-regress      only replay tests/fuzz/regressions/* and the seed
#                          corpora (seconds once built; suitable for CI)
#   make fuzz-build        build the fuzzers into $(B)/fuzz/
#   make fuzz-num / fuzz-net / fuzz-points    one target only
#
# The library sources are compiled into each fuzzer with
# -fsanitize=fuzzer,address,undefined (clang).  The committed corpus is never
# modified: it is copied to $(B)/fuzz/corpus-<target>, where libFuzzer adds
# what it finds; crashing inputs go to $(B)/fuzz/artifacts-<target>/.

FUZZ_CC      ?= clang
FUZZ_SECONDS ?= 60
FUZZ_RSS_MB  ?= 2048
FUZZ_TIMEOUT ?= 10
FUZZ_OPT     ?= -O1
FUZZ_SAN     := -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
                -fno-omit-frame-pointer
FUZZ_TARGETS := num net points
FZ           := $(B)/fuzz
FD           := tests/fuzz

# Per-target maximum input length and dictionary.  A number longer than
# max_digits (10000) is refused before any work, so 16 KiB covers it.
FUZZ_MAXLEN_num    := 16384
FUZZ_MAXLEN_net    := 65536
FUZZ_MAXLEN_points := 65536
FUZZ_DICT_num      := $(FD)/num.dict
FUZZ_DICT_net      := $(FD)/net.dict
FUZZ_DICT_points   := $(FD)/net.dict

FUZZ_COMMON = -rss_limit_mb=$(FUZZ_RSS_MB) -timeout=$(FUZZ_TIMEOUT)

.PHONY: fuzz fuzz-build fuzz-regress $(FUZZ_TARGETS:%=fuzz-%) \
        $(FUZZ_TARGETS:%=fuzz-regress-%)

fuzz-build: $(FUZZ_TARGETS:%=$(FZ)/fuzz_%)

# $$(LIB_SRC) is expanded a second time, per target, so that sources added
# with a target-specific "$(B)/fuzz/fuzz_%: LIB_SRC += ..." (generated code,
# see src/onnx.mk) are made first.
.SECONDEXPANSION:
$(FZ)/fuzz_%: $(FD)/fuzz_%.c $$(LIB_SRC) $(wildcard src/*.h)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(BASEFLAGS) $(FUZZ_OPT) -g $(FUZZ_SAN) -Isrc $< $(LIB_SRC) \
	  $(LIBS) -o $@

# Replay: libFuzzer runs each file given as an argument once and exits
# non-zero on the first failure (crash, leak, timeout, RSS limit).
# (Static pattern rules: GNU make skips implicit-rule search for .PHONY
# targets.)
$(FUZZ_TARGETS:%=fuzz-regress-%): fuzz-regress-%: $(FZ)/fuzz_%
	@files="$(wildcard $(FD)/regressions/$*/*) $(wildcard $(FD)/corpus/$*/*)"; \
	 echo "fuzz-regress $*: $$(echo $$files | wc -w) inputs"; \
	 $(FZ)/fuzz_$* $(FUZZ_COMMON) $$files > $(FZ)/regress-$*.log 2>&1 \
	   || { tail -n 60 $(FZ)/regress-$*.log; \
	        echo "fuzz-regress $*: FAILED (log: $(FZ)/regress-$*.log)"; \
	        exit 1; }; \
	 echo "fuzz-regress $*: ok"

fuzz-regress: $(FUZZ_TARGETS:%=fuzz-regress-%)

$(FUZZ_TARGETS:%=fuzz-%): fuzz-%: fuzz-regress-%
	@rm -rf $(FZ)/corpus-$* && mkdir -p $(FZ)/corpus-$* $(FZ)/artifacts-$*
	@cp $(FD)/corpus/$*/* $(FZ)/corpus-$*/
	@echo "fuzz $*: $(FUZZ_SECONDS) s (log: $(FZ)/fuzz-$*.log)"
	@rc=0; $(FZ)/fuzz_$* $(FUZZ_COMMON) -max_len=$(FUZZ_MAXLEN_$*) \
	  -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 \
	  -dict=$(FUZZ_DICT_$*) -artifact_prefix=$(FZ)/artifacts-$*/ \
	  $(FZ)/corpus-$* > $(FZ)/fuzz-$*.log 2>&1 || rc=$$?; \
	 grep -E '^#[0-9]+[[:space:]]+(INITED|DONE)|^Done|^stat::(number_of_executed_units|average_exec_per_sec|peak_rss_mb)' \
	   $(FZ)/fuzz-$*.log; \
	 if [ $$rc -ne 0 ]; then tail -n 80 $(FZ)/fuzz-$*.log; \
	   echo "fuzz $*: FAILED; artifacts in $(FZ)/artifacts-$*/"; exit 1; fi

fuzz: $(FUZZ_TARGETS:%=fuzz-%)
