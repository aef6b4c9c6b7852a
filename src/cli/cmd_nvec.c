/* cmd_nvec.c -- reluref norm-vectors and reluref degeneracy-vectors: the
 * golden vectors for norms on boxes and for degeneracy (rr_nvec.h, format
 * in vectors/README.md). */
#include "cli.h"

#include <string.h>
#include <sys/stat.h>

#include "rr_nvec.h"

const char norm_vectors_help[] =
    "usage: reluref norm-vectors [--out DIR] [--family NAME]\n"
    "\n"
    "Generate the golden vectors for norms on boxes: exact L^inf, W^{1,inf}\n"
    "seminorms (l2 as an exact square, l1, linf) and W^{1,inf} norms with\n"
    "witnesses, one file DIR/<family>.json per family (default DIR:\n"
    "vectors/norms; families shallow, deep, closed-form, difference, kinks).\n"
    "Deterministic: byte-identical from run to run and machine to machine.\n";

const char degeneracy_vectors_help[] =
    "usage: reluref degeneracy-vectors [--out DIR] [--family NAME]\n"
    "\n"
    "Generate the golden vectors for degeneracy: per network the diagnosis,\n"
    "the restricted-set verdicts R1-R4 with the violating neurons and the\n"
    "exact normal forms (on R^d and on the domain), one file\n"
    "DIR/<family>.json per family (default DIR: vectors/degeneracy;\n"
    "families diagnosis, copies, pathology).  Deterministic.\n";

static int run(rr_nvec_kind kind, const char *cmd, int argc, char **argv)
{
    struct {
        const char *out, *family;
    } o = {0};
    const cli_opt opts[] = {
        {"--out", CLI_STR, &o.out},
        {"--family", CLI_STR, &o.family},
        {NULL, CLI_FLAG, NULL},
    };
    const char *pos[1];
    int npos;
    rr_caps_t caps;
    rr_caps_default(&caps);
    int r = cli_parse(cmd, argc, argv, opts, pos, 0, &npos, &caps);
    if (r)
        return r;
    const rr_nvec_family_t *fams = kind == RR_NVEC_NORMS
                                       ? rr_nvec_norm_families
                                       : rr_nvec_degen_families;
    const char *dir = o.out ? o.out
                            : kind == RR_NVEC_NORMS ? "vectors/norms"
                                                    : "vectors/degeneracy";
    mkdir(dir, 0777); /* exists already: fine; other errors show on write */
    long total = 0, nets = 0;
    int found = 0;
    for (int i = 0; fams[i].name; i++) {
        if (o.family && strcmp(o.family, fams[i].name))
            continue;
        found = 1;
        char path[1024], command[256];
        snprintf(path, sizeof path, "%s/%s.json", dir, fams[i].name);
        snprintf(command, sizeof command, "reluref %s --out DIR --family %s",
                 cmd, fams[i].name);
        long nt = 0, nn = 0;
        rr_err_t err;
        if (rr_nvec_generate(kind, fams[i].name, path, command, &nt, &nn, &err))
            return fail(&err);
        printf("%-40s %6ld tests, %4ld networks\n", path, nt, nn);
        total += nt;
        nets += nn;
    }
    if (o.family && !found)
        return usage_error(cmd, "unknown family '%s'", o.family);
    printf("%s: %ld tests over %ld networks\n", cmd, total, nets);
    return EX_OK;
}

int cmd_norm_vectors(int argc, char **argv)
{
    return run(RR_NVEC_NORMS, "norm-vectors", argc, argv);
}

int cmd_degeneracy_vectors(int argc, char **argv)
{
    return run(RR_NVEC_DEGEN, "degeneracy-vectors", argc, argv);
}
