/* rr_cli_test.h -- shared helpers of the tests that run the reluref binary
 * (or work with files): a scratch directory made with mkdtemp and removed
 * with its files, writing and reading files in it, and running the binary
 * in a child process with stdout and stderr redirected to files of the
 * directory.  Everything is static inline, so a test file that uses only
 * some of the helpers gets no unused-function warning. */
#ifndef RR_CLI_TEST_H
#define RR_CLI_TEST_H

#include "rr_test.h"

#include <dirent.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

/* The largest file rr_cli_slurp reads (the rest is cut off). */
#define RR_CLI_SLURP_MAX (1 << 18)

/* The binary under test: $RELUREF_BIN, else build/reluref. */
static inline const char *rr_cli_bin(void)
{
    const char *bin = getenv("RELUREF_BIN");
    return bin ? bin : "build/reluref";
}

/* Copy tmpl (ending in XXXXXX) into dir (size bytes) and make the
 * directory; 0 on success, -1 otherwise (as a cmocka setup returns). */
static inline int rr_cli_mkdtemp(char *dir, size_t size, const char *tmpl)
{
    if (strlen(tmpl) >= size)
        return -1;
    strcpy(dir, tmpl);
    return mkdtemp(dir) ? 0 : -1;
}

/* Remove the files of dir (not its subdirectories) and dir itself. */
static inline void rr_cli_rmdir(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    char p[512];
    while (d && (e = readdir(d)))
        if (e->d_name[0] != '.') {
            snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
            unlink(p);
        }
    if (d)
        closedir(d);
    rmdir(dir);
}

/* buf = dir/name. */
static inline void rr_cli_path(char *buf, size_t n, const char *dir,
                               const char *name)
{
    snprintf(buf, n, "%s/%s", dir, name);
}

/* Write len bytes of content to path (asserting that it opens). */
static inline void rr_cli_write(const char *path, const char *content,
                                size_t len)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fwrite(content, 1, len, f);
    fclose(f);
}

/* Whether dir/name exists. */
static inline int rr_cli_exists(const char *dir, const char *name)
{
    char p[512];
    struct stat st;
    rr_cli_path(p, sizeof p, dir, name);
    return stat(p, &st) == 0;
}

/* Run bin with args (NULL-terminated, at most 30 of them), stdout to
 * dir/outname and stderr to dir/errname; asserts that it exited (never a
 * crash) and returns its exit status. */
static inline int rr_cli_run(const char *bin, const char *dir,
                             const char *const *args, const char *outname,
                             const char *errname)
{
    char outp[512], errp[512];
    rr_cli_path(outp, sizeof outp, dir, outname);
    rr_cli_path(errp, sizeof errp, dir, errname);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        if (!freopen(outp, "w", stdout) || !freopen(errp, "w", stderr))
            _exit(127);
        const char *argv[32];
        int n = 0;
        argv[n++] = bin;
        for (; args[n - 1] && n < 31; n++)
            argv[n] = args[n - 1];
        argv[n] = NULL;
        execv(bin, (char *const *)argv);
        _exit(127);
    }
    int status;
    waitpid(pid, &status, 0);
    assert_true(WIFEXITED(status)); /* never a crash */
    return WEXITSTATUS(status);
}

/* The contents of dir/name (at most RR_CLI_SLURP_MAX - 1 bytes) in a
 * static buffer, overwritten by the next call; NULL when it cannot be
 * opened. */
static inline char *rr_cli_slurp(const char *dir, const char *name)
{
    static char buf[RR_CLI_SLURP_MAX];
    char p[512];
    rr_cli_path(p, sizeof p, dir, name);
    FILE *f = fopen(p, "rb");
    if (!f)
        return NULL;
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

/* Only stdout, stderr and in* may be in dir: no output file and no
 * temporary file left behind. */
static inline void rr_cli_assert_no_output(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    while ((e = readdir(d)))
        if (e->d_name[0] != '.' && strcmp(e->d_name, "stdout") &&
            strcmp(e->d_name, "stderr") && strncmp(e->d_name, "in", 2))
            fail_msg("left behind: %s", e->d_name);
    closedir(d);
}


/* ---- short forms -----------------------------------------------------------
 * A test file that defines RR_CLI_DIR (the name to give its scratch
 * directory) and RR_CLI_TMPL (the mkdtemp template of that directory)
 * before the include gets the directory, cmocka group fixtures setup and
 * teardown that make it and remove it with its files, and short forms of
 * the helpers above working in it, with stdout and stderr as the output
 * files and the binary of rr_cli_bin. */
#if defined(RR_CLI_DIR) && defined(RR_CLI_TMPL)
static char RR_CLI_DIR[64];

static inline int setup(void **state)
{
    (void)state;
    return rr_cli_mkdtemp(RR_CLI_DIR, sizeof RR_CLI_DIR, RR_CLI_TMPL);
}

static inline int teardown(void **state)
{
    (void)state;
    rr_cli_rmdir(RR_CLI_DIR);
    return 0;
}

/* Run reluref with args (NULL-terminated); returns the exit status and
 * puts stdout / stderr in the files stdout and stderr of the directory. */
static inline int run(const char *const *args)
{
    return rr_cli_run(rr_cli_bin(), RR_CLI_DIR, args, "stdout", "stderr");
}

/* The contents of a file of the directory, which must exist. */
static inline char *slurp_file(const char *name)
{
    char *buf = rr_cli_slurp(RR_CLI_DIR, name);
    assert_non_null(buf);
    return buf;
}

static inline int exists(const char *name)
{
    return rr_cli_exists(RR_CLI_DIR, name);
}

static inline void assert_no_output(void)
{
    rr_cli_assert_no_output(RR_CLI_DIR);
}
#endif

#endif
