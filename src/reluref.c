/* reluref -- command-line interface: a thin layer over the library.
 * Commands are in src/cli/cmd_*.c; this file only dispatches. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"

static const cli_command commands[] = {
    {"eval", cmd_eval, eval_help, "realization R(Phi)(x) in a chosen arithmetic"},
    {"report", cmd_report, report_help,
     "the main job: exact, enclosure, double with error bound, pattern, gradient"},
    {"vectors", cmd_vectors, vectors_help, "generate golden test vectors"},
    {"candidate", cmd_candidate, candidate_help,
     "run an in-tree implementation on vectors, write its results"},
    {"check", cmd_check, check_help,
     "audit a candidate's results against golden vectors"},
    {"norm", cmd_norm, norm_help,
     "L^inf and W^{1,inf} norms on a box (or of a difference): exact or certified"},
    {"landscape", cmd_landscape, landscape_help,
     "exact stationarity, escape neurons, local min / saddle (W-S-G)"},
    {"embed", cmd_embed, embed_help,
     "add a zero neuron or split a neuron, re-classify the point"},
    {"train", cmd_train, train_help,
     "deterministic binary64 gradient descent for candidate points"},
    {"landscape-vectors", cmd_landscape_vectors, landscape_vectors_help,
     "golden vectors: gradients and one-sided derivatives at kinks"},
    {"convert", cmd_convert, convert_help,
     "convert a network between JSON, .nnet (ACAS Xu) and ONNX, exactly"},
    {"degeneracy", cmd_degeneracy, degeneracy_help,
     "degenerate neurons: zero, dead, unbalanced, parallel, opposite (B-E-G)"},
    {"normalize", cmd_normalize, normalize_help,
     "exact normal form: same function, canonical, no degenerate neurons"},
    {"restricted", cmd_restricted, restricted_help,
     "decide the restricted set R1-R4 exactly, list the violating neurons"},
    {"pathology", cmd_pathology, pathology_help,
     "the B-E-G pathologies P1-P4: distances and ratios for a range of k"},
    {"stability", cmd_stability, stability_help,
     "inverse-stability probe: D / sqrt(delta) for Gamma and G, or a sweep"},
    {"norm-vectors", cmd_norm_vectors, norm_vectors_help,
     "golden vectors: exact norms on boxes with witnesses"},
    {"degeneracy-vectors", cmd_degeneracy_vectors, degeneracy_vectors_help,
     "golden vectors: diagnosis, restricted set, normal forms"},
};
enum { NCOMMANDS = sizeof commands / sizeof *commands };

static void main_help(FILE *f)
{
    fprintf(f,
            "usage: reluref COMMAND [ARGS]\n\n"
            "Exact and certified computations on ReLU networks (reluref %s).\n\n"
            "commands:\n", RELUREF_VERSION);
    for (int c = 0; c < NCOMMANDS; c++)
        fprintf(f, "  %-18s %s\n", commands[c].name, commands[c].summary);
    fprintf(f, "  %-18s %s\n", "help", "this text, or a command's: reluref help COMMAND");
    fprintf(f,
            "\nNET is a network file: reluref JSON (format v1: spec/network-format.md),\n"
            "ACAS Xu .nnet or ONNX, chosen by the extension (spec/formats.md).\n"
            "Numbers are exact: \"-3/4\", \"0.125\", \"1e-3\", \"0x1.8p-3\".\n\n"
            "exit status: 0 success, 1 a check failed, 2 usage error, 3 bad input,\n"
            "4 I/O error, 5 out of memory, 70 internal error.\n");
}

static const cli_command *find(const char *name)
{
    for (int c = 0; c < NCOMMANDS; c++)
        if (!strcmp(name, commands[c].name))
            return &commands[c];
    return NULL;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        main_help(stderr);
        return EX_USAGE;
    }
    const char *cmd = argv[1];
    if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h") || !strcmp(cmd, "help")) {
        if (!strcmp(cmd, "help") && argc > 2) {
            const cli_command *c = find(argv[2]);
            if (!c)
                return usage_error(NULL, "no command '%s'", argv[2]);
            fputs(c->help, stdout);
            return EX_OK;
        }
        main_help(stdout);
        return EX_OK;
    }
    if (!strcmp(cmd, "--version")) {
        printf("reluref %s\n", RELUREF_VERSION);
        return EX_OK;
    }
    const cli_command *c = find(cmd);
    if (!c)
        return usage_error(NULL, "unknown command '%s'", cmd);
    for (int i = 2; i < argc; i++)
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            fputs(c->help, stdout);
            return EX_OK;
        }
    return c->run(argc - 2, argv + 2);
}
