/* rr_onnx.h -- feed-forward ReLU networks in ONNX, read and written
 * exactly.  spec/formats.md.
 *
 * The protobuf code is generated at build time by protoc-c from Debian's
 * onnx.proto (src/onnx.mk); this header does not expose it.
 *
 * Reading follows the graph's single data input through the nodes in order
 * and accepts: Gemm (transA = 0, any transB, alpha and beta applied
 * exactly), MatMul with an initializer on either side, Add of an
 * initializer (a bias), Relu, Flatten, Identity, Reshape to a vector, and
 * Constant nodes (as initializers).  Consecutive affine nodes without a Relu
 * between them are composed exactly.  Any other operator is an error that
 * names it and the node: "net.onnx: node 3 (\"Conv_0\"): unsupported
 * operator Conv".  float32 and float64 initializers (float_data,
 * double_data or little-endian raw_data) become the rationals they denote.
 *
 * Writing produces opset 13, IR version 7: per layer a Gemm node (transB = 1,
 * weights [N_{l+1}, N_l]) and a Relu between layers; input "input" of shape
 * [1, N_0], output "output" of shape [1, N_L]; the domain box, if any, in
 * the metadata property "reluref.domain" (exact strings), read back by the
 * reader. */
#ifndef RR_ONNX_H
#define RR_ONNX_H

#include <stddef.h>

#include "rr_error.h"
#include "rr_net.h"
#include "rr_num.h"

rr_status rr_onnx_read_buffer(rr_net_t *net, const void *buf, size_t len,
                              const char *name, const rr_caps_t *caps,
                              rr_err_t *err);
rr_status rr_onnx_read_file(rr_net_t *net, const char *path,
                            const rr_caps_t *caps, rr_err_t *err);

typedef enum rr_onnx_dtype {
    RR_ONNX_FLOAT64 = 0, /* TensorProto.DOUBLE */
    RR_ONNX_FLOAT32      /* TensorProto.FLOAT */
} rr_onnx_dtype;

/* Serialize net; every parameter is rounded to nearest (ties to even) in
 * the chosen format and *n_rounded (if non-NULL) counts the values that
 * were not representable.  A value beyond the format's range is an error.
 * *buf is malloc'd. */
rr_status rr_onnx_write_buffer(unsigned char **buf, size_t *len,
                               const rr_net_t *net, rr_onnx_dtype dtype,
                               long *n_rounded, rr_err_t *err);
/* The same, written atomically to path. */
rr_status rr_onnx_write_file(const char *path, const rr_net_t *net,
                             rr_onnx_dtype dtype, long *n_rounded,
                             rr_err_t *err);

#endif
