/* cli.h -- internal interface of the reluref command-line tool.
 *
 * Each command lives in src/cli/cmd_<name>.c and is registered in the table
 * of src/reluref.c.  Options are declared per command in a table and parsed
 * by cli_parse, which also accepts the input caps options of every command.
 */
#ifndef RR_CLI_H
#define RR_CLI_H

#include <jansson.h>
#include <stdio.h>

#include "rr_io.h"
#include "rr_json.h"
#include "rr_net.h"
#include "rr_num.h"
#include "rr_realize.h"

#define RELUREF_VERSION "0.1.0"

/* Exit statuses (documented in `reluref --help` and README.md). */
enum { EX_OK = 0, EX_CHECK = 1, EX_USAGE = 2, EX_INPUT = 3, EX_IO = 4,
       EX_NOMEM = 5, EX_INTERNAL = 70 };

int exit_code(rr_status st);
/* Print "reluref: <message>" and return the exit status of err->code. */
int fail(const rr_err_t *err);
/* Print "reluref CMD: <fmt with arg>" and return EX_USAGE. */
int usage_error(const char *cmd, const char *fmt, const char *arg);

/* ---- options ---- */
typedef enum { CLI_FLAG, CLI_STR, CLI_LONG } cli_optkind;
typedef struct cli_opt {
    const char *name; /* "--json" */
    cli_optkind kind;
    void *dst;        /* int*, const char**, long* */
} cli_opt;

/* Parse argv against opts (NULL-name terminated) and the caps options
 * (--max-width, --max-depth, --max-params, --max-exp, --max-digits).
 * Positional arguments go to pos[0 .. *npos-1] (at most npos_max).  Returns
 * 0 or an exit status (usage error printed). */
int cli_parse(const char *cmd, int argc, char **argv, const cli_opt *opts,
              const char **pos, int npos_max, int *npos, rr_caps_t *caps);

/* ---- output helpers ---- */
json_t *jfr(mpfr_srcptr x);
json_t *japprox_q(mpq_srcptr q);
void print_q(FILE *f, mpq_srcptr q);
void print_point(FILE *f, mpq_srcptr x, long d);
void print_pattern(FILE *f, const rr_net_t *net, const char *pat);
json_t *jpattern(const rr_net_t *net, const char *pat);
const char *diff_name(rr_diff d);
void print_jacobian(FILE *f, const rr_result_t *res);
json_t *jjacobian(const rr_result_t *res);
json_t *jnet_header(const rr_net_t *net, const char *path);
void print_net_header(FILE *f, const rr_net_t *net, const char *path);
/* One output value of a result, labelled with its kind (exact, rounded,
 * enclosure, binary64); defined in cmd_eval.c. */
json_t *jvalue(const rr_result_t *res, long i);
void print_value(FILE *f, const rr_result_t *res, long i);
/* Write j (indented) and a newline to f. */
void json_print(FILE *f, json_t *j);

/* ---- a command's input network, points and output file ---- */
typedef struct session {
    rr_net_t net;
    rr_points_t pts;
    rr_outfile_t outf;
    FILE *out;
    int have_net, have_out;
} session_t;

typedef struct session_args {
    const char *net, *at, *points, *out;
    int need_points; /* usage error without --at / --points */
    int want_points; /* read points at all (default: generated ones) */
} session_args;

/* Read the network (and points), open the output.  Returns 0 or an exit
 * status (message printed; nothing left open). */
int session_begin(session_t *s, const char *cmd, const session_args *a,
                  const rr_caps_t *caps);
/* Close: commit the output file when ok, else remove it.  Returns the exit
 * status to use (code, or EX_IO if the output could not be written). */
int session_end(session_t *s, int code);
rr_status default_points(rr_points_t *pts, const rr_net_t *net, rr_err_t *err);

/* ---- commands ---- */
typedef struct cli_command {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *help;    /* full help text */
    const char *summary; /* one line for `reluref --help` */
} cli_command;

int cmd_eval(int argc, char **argv);
extern const char eval_help[];
int cmd_report(int argc, char **argv);
extern const char report_help[];
int cmd_vectors(int argc, char **argv);
extern const char vectors_help[];
int cmd_candidate(int argc, char **argv);
extern const char candidate_help[];
int cmd_check(int argc, char **argv);
extern const char check_help[];
/* cmd_norm.c: Sobolev norms on boxes, spec/norms.md */
int cmd_norm(int argc, char **argv);
extern const char norm_help[];
/* the norms of net on its domain, for reluref report (text to f, or a
 * "norms" member of jroot when jroot is not NULL) */
int norm_section(FILE *f, json_t *jroot, const rr_net_t *net);
/* cmd_landscape.c: loss landscape (W-S-G), spec/landscape.md */
int cmd_landscape(int argc, char **argv);
extern const char landscape_help[];
int cmd_embed(int argc, char **argv);
extern const char embed_help[];
int cmd_train(int argc, char **argv);
extern const char train_help[];
int cmd_landscape_vectors(int argc, char **argv);
extern const char landscape_vectors_help[];
int cmd_convert(int argc, char **argv);
extern const char convert_help[];
/* cmd_degen.c: degenerate parametrizations (B-E-G), spec/degeneracy.md */
int cmd_degeneracy(int argc, char **argv);
extern const char degeneracy_help[];
int cmd_normalize(int argc, char **argv);
extern const char normalize_help[];
int cmd_restricted(int argc, char **argv);
extern const char restricted_help[];
int cmd_pathology(int argc, char **argv);
extern const char pathology_help[];
int cmd_stability(int argc, char **argv);
extern const char stability_help[];
/* short diagnosis and normal form of a network, for reluref report */
void degen_report(FILE *f, const rr_net_t *net);
/* cmd_nvec.c: golden vectors for norms and degeneracy (rr_nvec.h) */
int cmd_norm_vectors(int argc, char **argv);
extern const char norm_vectors_help[];
int cmd_degeneracy_vectors(int argc, char **argv);
extern const char degeneracy_vectors_help[];

#endif
