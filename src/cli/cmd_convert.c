/* cmd_convert.c -- reluref convert: networks between reluref JSON, ACAS Xu
 * .nnet and ONNX (rr_format.h, spec/formats.md). */
#include "cli.h"

#include <string.h>

#include "rr_format.h"

const char convert_help[] =
    "usage: reluref convert IN OUT [--float32] [--nnet fold|clamp|raw] [CAPS]\n"
    "\n"
    "Convert the network IN to OUT; the formats are chosen by the extensions:\n"
    ".json (reluref format v1), .nnet (ACAS Xu), .onnx.  Reading is exact.\n"
    "Writing is exact into JSON; into .nnet every value with a finite decimal\n"
    "expansion is exact and any other one is written as the shortest decimal\n"
    "of its nearest binary64; into ONNX values are rounded to nearest binary64\n"
    "(binary32 with --float32).  A warning on standard error says how many\n"
    "values were rounded.  OUT is written atomically.\n"
    "\n"
    "  --float32     ONNX output with binary32 (FLOAT) initializers\n"
    "  --nnet REPR   how a .nnet input's normalization is represented:\n"
    "     fold   (default) folded into the first and last layers; the clamp\n"
    "            box becomes the domain: equal to the original evaluator on\n"
    "            the box, same architecture as the file\n"
    "     clamp  fold plus an exact clamp layer in front (2d ReLUs):\n"
    "            equal to the original C++ evaluator on all of R^d\n"
    "     raw    the stored network alone (normalized inputs and outputs)\n"
    "CAPS: --max-width N --max-depth N --max-params N --max-exp N --max-digits N\n";

int cmd_convert(int argc, char **argv)
{
    struct {
        const char *nnet;
        int float32;
    } o = {0};
    const cli_opt opts[] = {
        {"--float32", CLI_FLAG, &o.float32},
        {"--nnet", CLI_STR, &o.nnet},
        {NULL, CLI_FLAG, NULL},
    };
    const char *pos[2];
    int npos;
    rr_caps_t caps;
    rr_caps_default(&caps);
    int r = cli_parse("convert", argc, argv, opts, pos, 2, &npos, &caps);
    if (r)
        return r;
    if (npos != 2)
        return usage_error("convert", "give the input and the output file%s",
                           "");
    rr_format_opts_t fo;
    rr_format_opts_default(&fo);
    fo.onnx_float32 = o.float32;
    if (o.nnet) {
        if (!strcmp(o.nnet, "fold"))
            fo.nnet_repr = RR_NNET_FOLD;
        else if (!strcmp(o.nnet, "clamp"))
            fo.nnet_repr = RR_NNET_CLAMP;
        else if (!strcmp(o.nnet, "raw"))
            fo.nnet_repr = RR_NNET_RAW;
        else
            return usage_error("convert", "--nnet: expected fold, clamp or "
                               "raw, got '%s'", o.nnet);
    }
    rr_format fout = rr_format_of_path(pos[1]);
    if (fout == RR_FMT_UNKNOWN)
        return usage_error("convert", "cannot tell the format of '%s' from "
                           "its extension (.json, .nnet or .onnx)", pos[1]);
    if (o.float32 && fout != RR_FMT_ONNX)
        return usage_error("convert", "--float32 applies to ONNX output, not "
                           "'%s'", pos[1]);
    rr_err_t err;
    rr_net_t net;
    if (rr_net_read_any_opts(&net, pos[0], &caps, &fo, &err))
        return fail(&err);
    long rounded = 0;
    rr_status st = rr_net_write_any(pos[1], &net, &fo, &rounded, &err);
    int code = EX_OK;
    if (st)
        code = fail(&err);
    else {
        if (rounded)
            fprintf(stderr,
                    "reluref convert: warning: %ld value%s rounded: %s\n",
                    rounded, rounded == 1 ? " was" : "s were",
                    fout == RR_FMT_ONNX
                        ? (o.float32 ? "to nearest binary32 (ties to even)"
                                     : "to nearest binary64 (ties to even)")
                        : "no finite decimal expansion; wrote the shortest "
                          "decimal of the nearest binary64");
        printf("%s -> %s (%s): architecture (", pos[0], pos[1],
               fout == RR_FMT_ONNX ? (o.float32 ? "ONNX, binary32"
                                                : "ONNX, binary64")
                                   : rr_format_name(fout));
        for (int l = 0; l <= net.depth; l++)
            printf("%s%ld", l ? ", " : "", net.width[l]);
        printf("), %ld parameters, %s\n", rr_net_param_count(&net),
               rounded ? "some rounded (see the warning)" : "exact");
        if (fflush(stdout) || ferror(stdout)) {
            fprintf(stderr, "reluref: standard output: write error\n");
            code = EX_IO;
        }
    }
    rr_net_clear(&net);
    return code;
}
