/* bench_realize.c -- cost of one forward pass in each arithmetic, measured
 * in one run on the same network and points, as ns per multiply-add and as
 * a ratio to the binary64 path.
 *
 * Network 784-256-256-10 (an MNIST-sized MLP), random binary64 weights and
 * inputs from the project's seeded generator.  Two weight distributions:
 *   uniform   w uniform on the 2^-53 grid of [-1/16, 1/16): one exponent for
 *             all weights, as in freshly initialised float64 layers;
 *   spread    w = u 2^-s with u uniform in [-1, 1) and s uniform in 0..12:
 *             exponents spread like trained weights, so the fixed-point
 *             path needs wider integers.
 * Targets (issue 2): exact <= 20x double (stretch 10x), mpfr:256 <= 40x. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "rr_net.h"
#include "rr_rand.h"
#include "rr_realize.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static void build(rr_net_t *net, int spread, rr_rand_t *r)
{
    static const long width[] = {784, 256, 256, 10};
    rr_err_t err;
    if (rr_net_init(net, 3, width, NULL, &err)) {
        fprintf(stderr, "bench: %s\n", err.msg);
        exit(1);
    }
    for (int l = 0; l < 3; l++) {
        long n = width[l + 1] * width[l];
        for (long k = 0; k <= n; k++) {
            double u = rr_rand_unit(r);
            double w = spread ? u * (double)(1L << 20) /
                                    (double)(1L << (20 + rr_rand_below(r, 13)))
                              : u / 16.0;
            mpq_set_d(k < n ? net->w[l] + k : net->b[l] + 0, w);
        }
        for (long i = 1; i < width[l + 1]; i++)
            mpq_set_d(net->b[l] + i, rr_rand_unit(r) / 16.0);
    }
}

/* Seconds per evaluation of mode over the points, repeated reps times. */
static double time_mode(const rr_net_t *net, rr_mode_t mode, int flags,
                        mpq_srcptr pts, int npts, int reps, mpq_ptr check)
{
    rr_eval_t *ev;
    rr_result_t res;
    rr_err_t err;
    if (rr_eval_new(&ev, net, mode, &err) || rr_result_init(&res, ev, &err)) {
        fprintf(stderr, "bench: %s\n", err.msg);
        exit(1);
    }
    double t0 = now();
    for (int r = 0; r < reps; r++)
        for (int p = 0; p < npts; p++)
            if (rr_eval_point(ev, &res, pts + p * 784, flags, &err)) {
                fprintf(stderr, "bench: %s\n", err.msg);
                exit(1);
            }
    double t = (now() - t0) / (reps * npts);
    if (check && mode.kind == RR_MODE_EXACT)
        mpq_set(check, res.q + 0);
    rr_result_clear(&res);
    rr_eval_free(ev);
    return t;
}

int main(int argc, char **argv)
{
    int quick = argc > 1 && !strcmp(argv[1], "--quick");
    const double madds = 784.0 * 256 + 256.0 * 256 + 256.0 * 10;
    rr_rand_t r;
    rr_rand_seed(&r, 784256);
    enum { NPTS = 4 };
    mpq_ptr pts = rr_qvec_new(NPTS * 784);
    for (long k = 0; k < NPTS * 784; k++) {
        double u = rr_rand_unit(&r);
        mpq_set_d(pts + k, u < 0 ? -u : u); /* pixel-like, in [0, 1] */
    }
    printf("reluref bench: forward pass of a 784-256-256-10 ReLU network, "
           "%.0f multiply-adds\n", madds);
    printf("(wall-clock, one run, this machine; ratios are what matters)\n\n");
    for (int spread = 0; spread < 2; spread++) {
        rr_net_t net;
        build(&net, spread, &r);
        printf("weights: %s\n", spread ? "spread exponents (2^-12 .. 1)"
                                       : "uniform on [-1/16, 1/16)");
        printf("  %-22s %12s %12s %10s  %s\n", "mode", "ms/point",
               "ns/madd", "x double", "target");
        struct {
            const char *name;
            rr_mode_t mode;
            int flags, reps;
            double target;
        } rows[] = {
            {"double", {RR_MODE_DOUBLE, 53}, 0, 200, 0},
            {"exact (fixed point)", {RR_MODE_EXACT, 0}, 0, 10, 20},
            {"exact (mpq, no fast)", {RR_MODE_EXACT, 0}, RR_NO_DYADIC, 1, 0},
            {"mpfr:53", {RR_MODE_MPFR, 53}, 0, 5, 0},
            {"mpfr:113", {RR_MODE_MPFR, 113}, 0, 5, 0},
            {"mpfr:256", {RR_MODE_MPFR, 256}, 0, 5, 40},
            {"enclosure:64", {RR_MODE_ENCLOSURE, 64}, 0, 1, 0},
        };
        double tdouble = 0;
        mpq_t a, b;
        mpq_init(a);
        mpq_init(b);
        for (size_t i = 0; i < sizeof rows / sizeof *rows; i++) {
            int reps = quick ? 1 : rows[i].reps;
            double t = time_mode(&net, rows[i].mode, rows[i].flags, pts,
                                 NPTS, reps, i == 1 ? a : i == 2 ? b : NULL);
            if (i == 0)
                tdouble = t;
            double ratio = t / tdouble;
            char target[48] = "";
            if (rows[i].target > 0)
                snprintf(target, sizeof target, "<= %gx: %s%s", rows[i].target,
                         ratio <= rows[i].target ? "met" : "MISSED",
                         i == 1 && ratio <= 10 ? " (stretch 10x met)" : "");
            printf("  %-22s %12.3f %12.2f %10.1f  %s\n", rows[i].name,
                   t * 1e3, t * 1e9 / madds, ratio, target);
        }
        printf("  exact paths agree: %s\n\n", mpq_equal(a, b) ? "yes" : "NO");
        mpq_clear(a);
        mpq_clear(b);
        rr_net_clear(&net);
    }
    rr_qvec_free(pts, NPTS * 784);
    return 0;
}
