/* bench_norm.c -- cost of the norms on boxes (issue 3, spec/norms.md):
 *
 *   1. the exact W^{1,inf} seminorm (with the L^inf norm, which the same
 *      pass computes) of shallow networks N = (d, m, 1) on [-1, 1]^d by
 *      the vertex method, against the targets d = 2, m = 100 <= 1 s and
 *      d = 4, m = 30 <= 10 s;
 *   2. a table of that time against m and d;
 *   3. branch and bound on a 2-140-140-140-2 network (the size LipMIP
 *      reports on) for a fixed budget (default 60 s): the certified
 *      intervals and their relative gaps at the end.
 *
 * Networks: seeded from the project's generator (rr_rand.h), so every run
 * measures the same networks.  Parameters are binary64 values on the grid
 * 2^-52 (rr_rand_unit) times a power of two: weights of layer l uniform in
 * [-s_l, s_l) with s_l = 2^-round(log2(sqrt(fan_in / 3))) (about the
 * variance of a He/Glorot initialisation), biases uniform in [-1/2, 1/2).
 * Every time is wall-clock for one rr_norm_compute call, which includes
 * the re-check of every witness by exact evaluation (rr_norm_verify).
 *
 * usage: bench_norm [--quick] [--bab-seconds S]
 *   --quick          a smaller table and a 5 s branch and bound
 *   --bab-seconds S  budget of the branch and bound (also the environment
 *                    variable RELUREF_BENCH_BAB_SECONDS; default 60)
 * No assertion on times: the output says whether each target was met. */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "rr_net.h"
#include "rr_norm.h"
#include "rr_rand.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static void die(const char *what, const rr_err_t *err)
{
    fprintf(stderr, "bench_norm: %s: %s\n", what, err->msg);
    exit(1);
}

/* A random network of the given architecture (see the header comment). */
static void make_net(rr_net_t *net, int depth, const long *width,
                     uint64_t seed)
{
    rr_err_t err;
    if (rr_net_init(net, depth, width, NULL, &err))
        die("rr_net_init", &err);
    rr_rand_t r;
    rr_rand_seed(&r, seed);
    for (int l = 0; l < depth; l++) {
        long fan = width[l];
        int e = (int)lround(log2(sqrt((double)fan / 3.0)));
        double s = ldexp(1.0, -(e > 0 ? e : 0));
        for (long i = 0; i < width[l + 1]; i++) {
            for (long j = 0; j < fan; j++)
                mpq_set_d(rr_net_weight(net, l, i, j), s * rr_rand_unit(&r));
            mpq_set_d(rr_net_bias(net, l, i), 0.5 * rr_rand_unit(&r));
        }
    }
}

/* One exact shallow run: seconds, and the result for printing. */
static double exact_shallow(long d, long m, uint64_t seed, rr_norm_result_t *res,
                            int keep)
{
    long width[3] = {d, m, 1};
    rr_net_t net;
    make_net(&net, 2, width, seed);
    rr_norm_opts_t o;
    rr_norm_opts_default(&o);
    o.method = RR_NORM_EXACT;
    o.budget = 3600;
    rr_err_t err;
    double t0 = now();
    if (rr_norm_compute(res, &net, NULL, NULL, &o, &err))
        die("exact shallow", &err);
    double t = now() - t0;
    if (!res->exact) {
        fprintf(stderr, "bench_norm: d = %ld, m = %ld: not exact\n", d, m);
        exit(1);
    }
    if (!keep)
        rr_norm_result_clear(res);
    rr_net_clear(&net);
    return t;
}

static void print_interval(const char *label, const rr_nbound_t *b)
{
    double lo = mpfr_get_d(b->lo_dn, MPFR_RNDD);
    double hi = mpfr_get_d(b->hi_up, MPFR_RNDU);
    printf("  %-22s [%.9g, %.9g]  relative gap %.3g%s\n", label, lo, hi,
           hi > 0 ? (hi - lo) / hi : 0.0, b->exact ? "  (exact)" : "");
}

static void target_row(long d, long m, double target)
{
    rr_norm_result_t res;
    double t = exact_shallow(d, m, 1000 * (uint64_t)d + (uint64_t)m, &res, 1);
    printf("  d = %ld, m = %3ld: %8.3f s  (target <= %g s: %s); %ld vertices,"
           " %ld cells, seminorm %.9g, L^inf %.9g\n",
           d, m, t, target, t <= target ? "met" : "MISSED", res.vertices,
           res.regions, mpfr_get_d(res.semi_max.lo_dn, MPFR_RNDN),
           mpfr_get_d(res.linf_max.lo_dn, MPFR_RNDN));
    rr_norm_result_clear(&res);
}

int main(int argc, char **argv)
{
    int quick = 0;
    double bab_s = 60;
    const char *env = getenv("RELUREF_BENCH_BAB_SECONDS");
    if (env && *env)
        bab_s = atof(env);
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--quick")) {
            quick = 1;
            if (!env || !*env)
                bab_s = 5;
        } else if (!strcmp(argv[i], "--bab-seconds") && i + 1 < argc) {
            bab_s = atof(argv[++i]);
        } else {
            fprintf(stderr, "usage: bench_norm [--quick] [--bab-seconds S]\n");
            return 2;
        }
    }
    if (!(bab_s > 0)) {
        fprintf(stderr, "bench_norm: the branch-and-bound budget must be > 0\n");
        return 2;
    }
    printf("reluref bench: norms on boxes (wall-clock, one run, this "
           "machine)\n\n");

    printf("1. exact W^{1,inf} seminorm and L^inf norm of shallow networks "
           "(d, m, 1) on [-1,1]^d,\n   vertex method, l2 gradient norm\n");
    target_row(2, 100, 1.0);
    target_row(4, 30, 10.0);

    printf("\n2. time of the exact shallow method (s) against m and d\n");
    static const long ms[] = {10, 20, 30, 50, 100, 200, 400};
    static const long ds[] = {1, 2, 3, 4, 5};
    const int nm = sizeof ms / sizeof *ms, nd = sizeof ds / sizeof *ds;
    /* a cell is skipped when the previous one in its row took long enough
     * that this one would exceed the row's time limit */
    double limit = quick ? 2.0 : 10.0;
    printf("  %6s", "d \\ m");
    for (int a = 0; a < nm; a++)
        printf(" %9ld", ms[a]);
    printf("\n");
    for (int b = 0; b < nd; b++) {
        long d = ds[b];
        printf("  %6ld", d);
        fflush(stdout);
        double prev = 0;
        long prev_m = 0;
        for (int a = 0; a < nm; a++) {
            long m = ms[a];
            /* the cost grows like m^d: predict from the last measured cell */
            double pred = prev_m ? prev * pow((double)m / (double)prev_m,
                                              (double)d)
                                 : 0;
            if (pred > limit) {
                printf(" %9s", "-");
                continue;
            }
            rr_norm_result_t res;
            prev = exact_shallow(d, m, 1000 * (uint64_t)d + (uint64_t)m, &res,
                                 0);
            prev_m = m;
            printf(" %9.3f", prev);
            fflush(stdout);
        }
        printf("\n");
    }
    printf("  (-: skipped, predicted above %g s from the previous cell and "
           "the m^d growth)\n", limit);

    printf("\n3. branch and bound, 2-140-140-140-2 network on [-1,1]^2, "
           "budget %g s\n", bab_s);
    {
        static const long width[] = {2, 140, 140, 140, 2};
        rr_net_t net;
        make_net(&net, 4, width, 2140140140);
        rr_norm_opts_t o;
        rr_norm_opts_default(&o);
        o.method = RR_NORM_BAB;
        o.budget = bab_s;
        rr_norm_result_t res;
        rr_err_t err;
        double t0 = now();
        if (rr_norm_compute(&res, &net, NULL, NULL, &o, &err))
            die("branch and bound", &err);
        double t = now() - t0;
        printf("  %.1f s, %ld nodes, %ld resolved leaves, %ld open; "
               "stopped: %s\n", t, res.nodes, res.resolved, res.open,
               res.stop == RR_STOP_COMPLETE ? "complete"
               : res.stop == RR_STOP_GAP    ? "gap"
               : res.stop == RR_STOP_BUDGET ? "budget"
                                            : "node cap");
        for (long j = 0; j < res.k; j++) {
            char l[64];
            snprintf(l, sizeof l, "||f_%ld||_Linf", j + 1);
            print_interval(l, &res.linf[j]);
            snprintf(l, sizeof l, "|f_%ld|_W1inf (l2)", j + 1);
            print_interval(l, &res.semi[j]);
        }
        print_interval("max_j ||f_j||_Linf", &res.linf_max);
        print_interval("max_j |f_j|_W1inf", &res.semi_max);
        printf("  (relative gap = (hi - lo) / hi; lo is attained at an "
               "exact witness, hi certified)\n");
        rr_norm_result_clear(&res);
        rr_net_clear(&net);
    }
    return 0;
}
