# src/onnx.mk -- ONNX support (included by GNUmakefile).
#
# The protobuf C code is generated at build time by protoc-c
# (protobuf-c-compiler) from Debian's onnx.proto (libonnx-dev, proto2
# syntax) into $(B)/gen/; it is never committed.  It is compiled into
# libreluref.a without our warning flags (generated code); our own code,
# src/rr_onnx.c, keeps them.
ONNX_PROTO ?= /usr/include/onnx/onnx.proto
ONNX_GEN   := $(B)/gen
LIBS       += -lprotobuf-c

$(ONNX_GEN)/onnx.pb-c.c: $(ONNX_PROTO) | $(DEPS_STAMP)
	@mkdir -p $(ONNX_GEN)
	protoc-c --proto_path=$(dir $(ONNX_PROTO)) --c_out=$(ONNX_GEN) $(ONNX_PROTO)

$(ONNX_GEN)/onnx.pb-c.h: $(ONNX_GEN)/onnx.pb-c.c
	@test -f $@ || { rm -f $<; $(MAKE) --no-print-directory $<; }

$(B)/obj/gen/onnx.pb-c.o: $(ONNX_GEN)/onnx.pb-c.c $(ONNX_GEN)/onnx.pb-c.h
	@mkdir -p $(dir $@)
	$(CC) -std=c11 $(CFLAGS) $(EXTRA_CFLAGS) -I$(ONNX_GEN) -c $< -o $@

$(B)/obj/rr_onnx.o: $(ONNX_GEN)/onnx.pb-c.h
$(B)/obj/rr_onnx.o: BASEFLAGS += -I$(ONNX_GEN)
$(B)/libreluref.a: $(B)/obj/gen/onnx.pb-c.o

# The fuzzers (tests/fuzz/fuzz.mk) compile the library sources directly.
$(B)/fuzz/fuzz_%: $(ONNX_GEN)/onnx.pb-c.c $(ONNX_GEN)/onnx.pb-c.h
$(B)/fuzz/fuzz_%: BASEFLAGS += -I$(ONNX_GEN)
$(B)/fuzz/fuzz_%: LIB_SRC += $(ONNX_GEN)/onnx.pb-c.c
