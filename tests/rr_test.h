/* rr_test.h -- shared helpers of the reluref test suite (cmocka). */
#ifndef RR_TEST_H
#define RR_TEST_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rr_io.h"
#include "rr_net.h"
#include "rr_num.h"
#include "rr_rand.h"
#include "rr_realize.h"

/* Assert that a library call succeeded, printing its message otherwise. */
#define RR_OK_OR_FAIL(call, err)                                             \
    do {                                                                     \
        rr_status st_ = (call);                                              \
        if (st_ != RR_OK)                                                    \
            fail_msg("%s failed: %s", #call, (err).msg);                     \
    } while (0)

static inline void q_set(mpq_ptr q, const char *s)
{
    rr_caps_t caps;
    rr_err_t err;
    rr_caps_default(&caps);
    RR_OK_OR_FAIL(rr_q_parse(q, s, &caps, &err), err);
}

static inline void assert_q_eq_str(mpq_srcptr q, const char *s)
{
    mpq_t e;
    mpq_init(e);
    q_set(e, s);
    if (!mpq_equal(q, e)) {
        char *got = rr_q_str(q);
        mpq_clear(e);
        fail_msg("expected %s, got %s", s, got);
    }
    mpq_clear(e);
}

static inline void net_from_str(rr_net_t *net, const char *json)
{
    rr_err_t err;
    RR_OK_OR_FAIL(rr_net_read_buffer(net, json, strlen(json), "test.json",
                                     NULL, &err),
                  err);
}

/* Random parameters: kind 0 = small rationals p/q with |p| <= 9, q <= 8;
 * kind 1 = binary64 values uniform in [-1, 1) (dyadic, 53 bits);
 * kind 2 = integers in [-3, 3] (many exact ties and zeros). */
static inline void rand_q(mpq_ptr q, rr_rand_t *r, int kind)
{
    switch (kind) {
    case 0:
        mpq_set_si(q, rr_rand_range(r, -9, 9),
                   (unsigned long)rr_rand_range(r, 1, 8));
        mpq_canonicalize(q);
        break;
    case 1:
        mpq_set_d(q, rr_rand_unit(r));
        break;
    default:
        mpq_set_si(q, rr_rand_range(r, -3, 3), 1);
        break;
    }
}

static inline void rand_net(rr_net_t *net, rr_rand_t *r, int depth,
                            const long *width, int kind)
{
    rr_err_t err;
    RR_OK_OR_FAIL(rr_net_init(net, depth, width, NULL, &err), err);
    for (int l = 0; l < depth; l++) {
        for (long k = 0; k < width[l + 1] * width[l]; k++)
            rand_q(net->w[l] + k, r, kind);
        for (long i = 0; i < width[l + 1]; i++)
            rand_q(net->b[l] + i, r, kind);
    }
}

/* Evaluate exactly at x (d rationals) into out (k rationals). */
static inline void eval_exact(mpq_ptr out, const rr_net_t *net, mpq_srcptr x,
                              int flags)
{
    rr_mode_t m = {RR_MODE_EXACT, 0};
    rr_eval_t *ev;
    rr_result_t res;
    rr_err_t err;
    RR_OK_OR_FAIL(rr_eval_new(&ev, net, m, &err), err);
    RR_OK_OR_FAIL(rr_result_init(&res, ev, &err), err);
    RR_OK_OR_FAIL(rr_eval_point(ev, &res, x, flags, &err), err);
    for (long i = 0; i < res.k; i++)
        mpq_set(out + i, res.q + i);
    rr_result_clear(&res);
    rr_eval_free(ev);
}

#endif
