/* bench_nnet.c -- one forward pass of a real ACAS Xu network
 * (tests/data/nnet/ACASXU_run2a_1_1_batch_2000.nnet: 5-50x6-5, 13305
 * parameters) per point, in each arithmetic, in one run, as microseconds
 * per point and as a ratio to the binary64 path.
 *
 * The network is read exactly and its normalization folded in (the
 * default .nnet representation), so its parameters are non-dyadic
 * rationals (decimals divided by the input ranges): `exact` takes the mpq_t
 * path.  For comparison, `exact (binary64 weights)` evaluates the same
 * network with every parameter first rounded to binary64 (dyadic: the
 * fixed-point path) at the points rounded to binary64, which is what a
 * float-trained network at float inputs looks like.
 * Points: seeded, uniform on a 1/64 grid of the clamp box (dyadic
 * coordinates scaled into the box). */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "rr_format.h"
#include "rr_net.h"
#include "rr_rand.h"
#include "rr_realize.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static void die(const rr_err_t *err)
{
    fprintf(stderr, "bench_nnet: %s\n", err->msg);
    exit(1);
}

/* Seconds per point of mode over the points; at least min_s seconds. */
static double time_mode(const rr_net_t *net, rr_mode_t mode, mpq_srcptr pts,
                        int npts, double min_s)
{
    rr_eval_t *ev;
    rr_result_t res;
    rr_err_t err;
    if (rr_eval_new(&ev, net, mode, &err) || rr_result_init(&res, ev, &err))
        die(&err);
    long d = net->width[0], done = 0;
    double t0 = now(), t;
    do {
        for (int p = 0; p < npts; p++) {
            rr_status st = rr_eval_point(ev, &res, pts + p * d, 0, &err);
            if (st && st != RR_ERANGE)
                die(&err);
        }
        done += npts;
        t = now() - t0;
    } while (t < min_s);
    rr_result_clear(&res);
    rr_eval_free(ev);
    return t / (double)done;
}

int main(int argc, char **argv)
{
    const char *path = argc > 1 ? argv[1]
                                : "tests/data/nnet/ACASXU_run2a_1_1_batch_2000.nnet";
    double min_s = argc > 2 ? atof(argv[2]) : 0.5;
    rr_net_t net, net64;
    rr_err_t err;
    if (rr_net_read_any(&net, path, NULL, &err) ||
        rr_net_init_copy(&net64, &net, &err))
        die(&err);
    for (int l = 0; l < net64.depth; l++) {
        long m = net64.width[l + 1], n = net64.width[l];
        for (long e = 0; e < m * n; e++)
            mpq_set_d(net64.w[l] + e, rr_q_get_d(net64.w[l] + e, NULL));
        for (long i = 0; i < m; i++)
            mpq_set_d(net64.b[l] + i, rr_q_get_d(net64.b[l] + i, NULL));
    }
    enum { NPTS = 64 };
    long d = net.width[0];
    mpq_ptr pts = rr_qvec_new(NPTS * d);
    mpq_t t;
    mpq_init(t);
    rr_rand_t r;
    rr_rand_seed(&r, 8);
    for (int p = 0; p < NPTS; p++)
        for (long k = 0; k < d; k++) {
            mpq_ptr x = pts + p * d + k;
            mpq_sub(t, net.hi + k, net.lo + k);
            mpq_set_si(x, (long)rr_rand_below(&r, 65), 64);
            mpq_canonicalize(x);
            mpq_mul(x, x, t);
            mpq_add(x, x, net.lo + k);
        }
    mpq_clear(t);
    /* the same points rounded to binary64 (dyadic) for the float row */
    mpq_ptr pts64 = rr_qvec_new(NPTS * d);
    for (long e = 0; e < NPTS * d; e++)
        mpq_set_d(pts64 + e, rr_q_get_d(pts + e, NULL));
    struct {
        const char *name;
        const rr_net_t *net;
        mpq_srcptr pts;
        rr_mode_t mode;
    } rows[] = {
        {"double", &net, pts, {RR_MODE_DOUBLE, 53}},
        {"exact", &net, pts, {RR_MODE_EXACT, 0}},
        {"mpfr:256", &net, pts, {RR_MODE_MPFR, 256}},
        {"enclosure:64", &net, pts, {RR_MODE_ENCLOSURE, 64}},
        {"exact (binary64 net+points)", &net64, pts64, {RR_MODE_EXACT, 0}},
    };
    long macs = 0;
    for (int l = 0; l < net.depth; l++)
        macs += net.width[l + 1] * net.width[l];
    printf("bench_nnet: %s, architecture (", path);
    for (int l = 0; l <= net.depth; l++)
        printf("%s%ld", l ? ", " : "", net.width[l]);
    printf("), %ld multiply-adds per point, %d points\n", macs, NPTS);
    printf("  %-28s %12s %10s\n", "mode", "us/point", "x double");
    double base = 0;
    for (size_t i = 0; i < sizeof rows / sizeof *rows; i++) {
        double s = time_mode(rows[i].net, rows[i].mode, rows[i].pts, NPTS,
                             min_s);
        if (i == 0)
            base = s;
        printf("  %-28s %12.2f %10.1f\n", rows[i].name, s * 1e6, s / base);
    }
    rr_qvec_free(pts, NPTS * d);
    rr_qvec_free(pts64, NPTS * d);
    rr_net_clear(&net);
    rr_net_clear(&net64);
    return 0;
}
