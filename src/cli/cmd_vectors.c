/* cmd_vectors.c -- reluref vectors (generate golden vectors), reluref
 * candidate (run an in-tree implementation on vectors), reluref check (the
 * auditor). */
#include "cli.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "rr_vectors.h"

const char vectors_help[] =
    "usage: reluref vectors [--out DIR] [--family NAME] [--scale S]\n"
    "       reluref vectors --net NET [--at X | --points FILE] --out FILE\n"
    "\n"
    "Generate golden test vectors for realizations (format: vectors/README.md).\n"
    "The first form writes every family (or one) to DIR/<family>.json\n"
    "(default DIR: vectors/realization); the output is deterministic,\n"
    "byte-identical from run to run and machine to machine.  --scale S\n"
    "multiplies the number of points per network (for quick runs).\n"
    "The second form writes the vectors of one network at the given points.\n";

const char candidate_help[] =
    "usage: reluref candidate VECTORS --impl IMPL --out RESULTS\n"
    "\n"
    "Run an in-tree implementation on every test of VECTORS and write its\n"
    "outputs as a results file (JSON, format in vectors/README.md) for\n"
    "`reluref check`.  IMPL: double (the in-tree binary64 path), or one of\n"
    "the deliberately wrong implementations the auditor must catch:\n"
    "bug-nobias (biases dropped), bug-relulast (ReLU on the output layer),\n"
    "bug-f16acc (sums accumulated with binary16 precision).\n";

const char check_help[] =
    "usage: reluref check VECTORS RESULTS [--require-all] [--out REPORT]\n"
    "\n"
    "Audit a candidate implementation: RESULTS gives its outputs per tcId\n"
    "(JSON {\"precision\": \"binary64\"|\"binary32\", \"results\": [{\"tcId\": n,\n"
    "\"output\": [...]}]} or CSV lines tcId,out1,...; numbers exact: hex floats,\n"
    "decimals or JSON numbers).  A case passes when every output is within\n"
    "the test's rigorous tolerance for that precision of the exact value; a\n"
    "failing case is printed with its error in ulps and as a multiple of the\n"
    "tolerance.  Exit status 0 when nothing failed, 1 otherwise.\n";

int cmd_vectors(int argc, char **argv)
{
    struct {
        const char *out, *family, *scale, *net, *at, *points;
    } o = {0};
    const cli_opt opts[] = {
        {"--out", CLI_STR, &o.out},       {"--family", CLI_STR, &o.family},
        {"--scale", CLI_STR, &o.scale},   {"--net", CLI_STR, &o.net},
        {"--at", CLI_STR, &o.at},         {"--points", CLI_STR, &o.points},
        {NULL, CLI_FLAG, NULL},
    };
    const char *pos[1];
    int npos;
    rr_caps_t caps;
    rr_caps_default(&caps);
    int r = cli_parse("vectors", argc, argv, opts, pos, 0, &npos, &caps);
    if (r)
        return r;
    rr_vec_opts_t vo = {NULL, NULL, 1.0};
    char command[512];
    rr_err_t err;
    if (o.scale) {
        char *end;
        vo.scale = strtod(o.scale, &end);
        if (*end || !(vo.scale > 0 && vo.scale <= 100))
            return usage_error("vectors", "--scale needs a number in (0, 100], "
                                          "got '%s'", o.scale);
    }
    if (o.net) {
        if (!o.out)
            return usage_error("vectors", "--net needs --out FILE%s", "");
        /* without --at/--points: the report's default points (make run) */
        session_args sa = {o.net, o.at, o.points, NULL, 0, 1};
        session_t s;
        if ((r = session_begin(&s, "vectors", &sa, &caps)))
            return r;
        snprintf(command, sizeof command, "reluref vectors --net %s%s%s%s%s --out %s",
                 o.net, o.at ? " --at " : "", o.at ? o.at : "",
                 o.points ? " --points " : "", o.points ? o.points : "", o.out);
        vo.command = command;
        int code = EX_OK;
        if (rr_vec_generate_for(&s.net, s.net.name ? s.net.name : o.net, &s.pts,
                                o.out, &vo, &err))
            code = fail(&err);
        return session_end(&s, code);
    }
    const char *dir = o.out ? o.out : "vectors/realization";
    mkdir(dir, 0777); /* exists already: fine; other errors show on write */
    long total = 0, nets = 0;
    for (int i = 0; rr_vec_families[i].name; i++) {
        const char *fam = rr_vec_families[i].name;
        if (o.family && strcmp(o.family, fam))
            continue;
        char path[1024];
        snprintf(path, sizeof path, "%s/%s.json", dir, fam);
        if (o.scale)
            snprintf(command, sizeof command,
                     "reluref vectors --out DIR --family %s --scale %s", fam,
                     o.scale);
        else
            snprintf(command, sizeof command,
                     "reluref vectors --out DIR --family %s", fam);
        vo.command = command;
        long nt, nn;
        if (rr_vec_generate(fam, path, &vo, &nt, &nn, &err))
            return fail(&err);
        printf("%-40s %6ld tests, %4ld networks\n", path, nt, nn);
        total += nt;
        nets += nn;
    }
    if (o.family && !total)
        return usage_error("vectors", "unknown family '%s'", o.family);
    printf("vectors: %ld tests over %ld networks\n", total, nets);
    return EX_OK;
}

int cmd_candidate(int argc, char **argv)
{
    struct {
        const char *impl, *out;
    } o = {0};
    const cli_opt opts[] = {
        {"--impl", CLI_STR, &o.impl}, {"--out", CLI_STR, &o.out},
        {NULL, CLI_FLAG, NULL},
    };
    const char *pos[1];
    int npos;
    rr_caps_t caps;
    rr_caps_default(&caps);
    int r = cli_parse("candidate", argc, argv, opts, pos, 1, &npos, &caps);
    if (r)
        return r;
    if (npos != 1 || !o.out)
        return usage_error("candidate", "needs VECTORS and --out RESULTS%s", "");
    static const struct {
        const char *name;
        rr_candidate c;
    } impls[] = {{"double", RR_CAND_DOUBLE},
                 {"bug-nobias", RR_CAND_BUG_NOBIAS},
                 {"bug-relulast", RR_CAND_BUG_RELULAST},
                 {"bug-f16acc", RR_CAND_BUG_F16ACC}};
    const char *name = o.impl ? o.impl : "double";
    for (size_t i = 0; i < sizeof impls / sizeof *impls; i++)
        if (!strcmp(name, impls[i].name)) {
            rr_err_t err;
            if (rr_vec_run_candidate(pos[0], o.out, impls[i].c, &err))
                return fail(&err);
            return EX_OK;
        }
    return usage_error("candidate", "unknown implementation '%s'", name);
}

int cmd_check(int argc, char **argv)
{
    struct {
        int require_all;
        const char *out;
    } o = {0};
    const cli_opt opts[] = {
        {"--require-all", CLI_FLAG, &o.require_all},
        {"--out", CLI_STR, &o.out},
        {NULL, CLI_FLAG, NULL},
    };
    const char *pos[2];
    int npos;
    rr_caps_t caps;
    rr_caps_default(&caps);
    int r = cli_parse("check", argc, argv, opts, pos, 2, &npos, &caps);
    if (r)
        return r;
    if (npos != 2)
        return usage_error("check", "needs VECTORS and RESULTS%s", "");
    rr_err_t err;
    rr_check_summary_t sum;
    rr_outfile_t of;
    FILE *rep = stdout;
    if (o.out) {
        if (rr_outfile_open(&of, o.out, &err))
            return fail(&err);
        rep = of.f;
    }
    if (rr_vec_check(pos[0], pos[1], o.require_all, rep, &sum, &err)) {
        if (o.out)
            rr_outfile_abort(&of);
        return fail(&err);
    }
    if (o.out && rr_outfile_commit(&of, &err))
        return fail(&err);
    return sum.failed ? EX_CHECK : EX_OK;
}
