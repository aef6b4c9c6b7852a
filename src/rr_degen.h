/* rr_degen.h -- degenerate parametrizations (B-E-G, MATH.md sections 2
 * and 4): the exact symmetry steps S2-S5 as small functions over flat
 * rational arrays, a per-layer diagnosis, and the restricted set.
 *
 * spec/degeneracy.md is normative.  Vocabulary: hidden neuron i of a layer
 * has an incoming row u_i = (a_i, b_i) in Q^{n+1} (weights, then the bias:
 * the bias is an input fixed to 1) and an outgoing vector c_i in Q^k (column
 * i of the next layer's weight matrix).  Neuron i contributes
 * c_i rho(<u_i, (y, 1)>) to the next layer.
 *
 * Conventions: output arguments first; arrays are flat and indexed by
 * `long` (row i of an m x n matrix M is M + i*n); sizes are >= 0; outputs do
 * not alias inputs unless said otherwise; scratch arguments (tmp) are
 * initialised mpq_t owned by the caller.  The library never prints or
 * exits.
 *
 * The core steps with ACSL contracts are in rr_dgstep.h (proof status
 * there and in spec/degeneracy.md section 8); every function declared in
 * this file is not yet proved. */
#ifndef RR_DEGEN_H
#define RR_DEGEN_H

#include <gmp.h>

#include "rr_dgstep.h"
#include "rr_error.h"
#include "rr_net.h"

/* ---- core steps (flat arrays) -------------------------------------------- */

/* The core steps with ACSL contracts (rr_dg_sqnorm, rr_dg_is_zero, rr_dg_first_nonzero,
 * rr_dg_parallel, rr_dg_rescale (S2), rr_dg_merge_parallel (S3),
 * rr_dg_fold_opposite (S4), rr_dg_affine_range (S5), rr_dg_is_balanced (R1),
 * rr_dg_pos_parallel_pair (R2)) are declared in rr_dgstep.h. */

/* Orientation-free direction: for v != 0 with first nonzero entry v_f,
 * dir := v / v_f (so dir_f = 1 exactly) and lambda := v_f (signed), i.e.
 * v = lambda dir.  Returns f, or -1 when v = 0 (dir := 0, lambda := 0).
 * dir must not alias v.  Not yet proved. */
long rr_dg_direction(mpq_ptr dir, mpq_ptr lambda, mpq_srcptr v, long n);

/* Reduced row echelon form in place (Gauss-Jordan, exact): M is rows x
 * cols; on return the first r rows are the RREF rows (leading entry 1),
 * the others 0, piv[0..r-1] their pivot columns (piv has room for
 * min(rows, cols) entries; may be NULL).  Returns r = rank.  Not yet
 * proved. */
long rr_dg_rref(mpq_ptr M, long rows, long cols, long *piv, mpq_ptr tmp);

/* Left kernel of the p x n matrix R (rows R_0..R_{p-1}): a basis of
 * {mu in Q^p : sum_i mu_i R_i = 0}, written to K (room for p*p entries,
 * initialised), one basis vector per row; returns its dimension, or -1
 * when out of memory.  Each vector is scaled so its last nonzero entry
 * is 1.  Not yet proved. */
long rr_dg_left_kernel(mpq_ptr K, mpq_srcptr R, long p, long n);

/* ---- diagnosis ----------------------------------------------------------- */

enum {
    RR_DG_ZERO = 1u << 0,       /* u = 0 and c = 0 */
    RR_DG_NO_IN = 1u << 1,      /* u = 0, c != 0: contributes rho(0) = 0 */
    RR_DG_NO_OUT = 1u << 2,     /* c = 0, u != 0: contributes 0 */
    RR_DG_CONST = 1u << 3,      /* a = 0, b != 0: constant rho(b) */
    RR_DG_DEAD = 1u << 4,       /* z <= 0 on the whole box (certified) */
    RR_DG_ACTIVE = 1u << 5,     /* z >= 0 on the whole box (certified) */
    RR_DG_UNBALANCED = 1u << 6, /* ||c||_2 != ||u||_2 */
    RR_DG_PARALLEL = 1u << 7,   /* positively parallel to another neuron */
    RR_DG_OPPOSITE = 1u << 8,   /* negatively parallel to another neuron */
    RR_DG_DEPENDENT = 1u << 9   /* its opposite class is in a linear
                                   dependence of opposite-class directions */
};

/* One hidden layer.  Classes: the nonzero incoming rows up to a nonzero
 * factor; neuron i of class cls[i] has u_i = scale_i dir_{cls[i]}, the
 * direction with first nonzero entry exactly 1; scale_i > 0 means
 * orientation +, < 0 orientation -.  With these, neuron i contributes
 * c_i |scale_i| rho(<dir, y~>) - [scale_i < 0] c_i |scale_i| <dir, y~>,
 * so class q has the jump gamma_q = sum_{i in q} |scale_i| c_i and the
 * affine part aff_q = -sum_{i in q, scale_i < 0} |scale_i| c_i dir_q^T. */
typedef struct rr_dg_layer {
    int l;              /* hidden layer, 1 .. L-1 */
    long m, n, k;       /* neurons, inputs (bias excluded), next outputs */
    mpq_ptr in;         /* m x (n+1): u_i = [row of W | bias] */
    mpq_ptr out;        /* m x k: c_i */
    unsigned *flags;    /* m */
    mpq_ptr in2, out2;  /* m: ||u_i||^2, ||c_i||^2 */
    mpq_ptr zlo, zhi;   /* m: range of the pre-activation on the box */
    int range_exact;    /* 1: [zlo, zhi] is the exact range (layer 1) */
    long *cls;          /* m: class index, -1 when u_i = 0 */
    mpq_ptr scale;      /* m: u_i = scale_i dir_cls (0 when u_i = 0) */
    long nclass;
    mpq_ptr dir;        /* nclass x (n+1) */
    mpq_ptr jump;       /* nclass x k: gamma_q */
    mpq_ptr aff;        /* nclass x k x (n+1): aff_q, row-major k x (n+1) */
    long *npos, *nneg;  /* nclass: neurons of orientation + / - */
    long npair;         /* opposite classes: npos > 0 and nneg > 0 */
    long *pair;         /* npair class indices */
    long pair_rank;     /* rank of their directions */
    long kdim;          /* dimension of the left kernel */
    mpq_ptr kernel;     /* kdim x npair basis (room for npair^2) */
    mpq_ptr pair_aff;   /* k x (n+1): sum of aff_q over opposite classes */
} rr_dg_layer_t;

typedef struct rr_degen {
    int depth;
    long d;
    mpq_ptr lo, hi;     /* the box used for dead / always-active (d each) */
    long nlayer;        /* depth - 1 */
    rr_dg_layer_t *layer;
} rr_degen_t;

/* Diagnose every hidden layer of net on the box [lo, hi] (NULL: the
 * network's domain).  Pre-activation ranges: exact for the first hidden
 * layer, certified enclosures (exact rational interval propagation) for
 * deeper layers, so DEAD / ACTIVE there are sufficient conditions.
 * dg uninitialised; clear afterwards (also after a failure).  Not yet
 * proved. */
rr_status rr_degen_analyze(rr_degen_t *dg, const rr_net_t *net,
                           mpq_srcptr lo, mpq_srcptr hi, rr_err_t *err);
void rr_degen_clear(rr_degen_t *dg);

/* ---- the restricted set (spec/degeneracy.md) ----------------------------- */

enum {
    RR_R1 = 0, /* balanced: ||c_i||_2 = ||u_i||_2 */
    RR_R2,     /* no two neurons with positively parallel u */
    RR_R3,     /* directions of the opposite classes linearly independent */
    RR_R4,     /* every nonzero neuron has a nonzero input part a_i */
    RR_NCOND
};

/* Neurons of layer L violating condition cond: writes their indices
 * (increasing) to idx (room for L->m) and returns how many.  A zero neuron
 * (u = 0, c = 0) violates nothing.  R2 lists every member of a positive
 * parallel group; R3 every neuron of an opposite class in the support of a
 * kernel vector.  Not yet proved. */
long rr_degen_violations(long *idx, const rr_dg_layer_t *L, int cond);

/* 1 iff every hidden layer satisfies R1-R4.  Not yet proved. */
int rr_degen_restricted(const rr_degen_t *dg);

/* Short names and one-line statements of the conditions. */
const char *rr_cond_name(int cond);
const char *rr_cond_text(int cond);

#endif
