/*
 * cli_fmt.c — `docket fmt [--check|--write] FILE...`: print policies in the
 * canonical layout (lang/fmt.c).
 *
 * A file with syntax errors gets its diagnostics printed and is left alone
 * (exit status 1). The hidden option --dump prints the S-expression dump of
 * each file's tree instead (tests/fmt-roundtrip.sh compares dumps).
 */
#define _XOPEN_SOURCE 700 /* realpath, mkstemp, fchmod, fsync */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lang/parse.h"
#include "lang/ast.h"
#include "cli.h"
#include "lang/dump.h"
#include "lang/fmt.h"
#include "lang/input_limits.h"

typedef enum { MODE_PRINT, MODE_CHECK, MODE_WRITE, MODE_DUMP } fmt_mode;

static void usage(FILE *out)
{
    fputs("usage: docket fmt [--check | --write] FILE...\n\n"
          "Print each policy file in the canonical layout. FILE - reads standard input.\n\n"
          "options:\n"
          "  --check   print nothing; name each file not in canonical format on stderr\n"
          "            and exit 1 if there is one\n"
          "  --write   rewrite files that are not in canonical format\n"
          "  -h, --help  show this help\n\n"
          "Files with syntax errors are reported and left untouched (exit status 1).\n",
          out);
}

/* Replace the contents of the file PATH names with TEXT, atomically: a
 * temporary file made with mkstemp (O_EXCL: it never follows or reuses an
 * existing name, so a planted "p.docket.tmp" symlink is harmless) in the
 * directory of the real file, then renamed over it. PATH is resolved with
 * realpath first, so a symlinked policy keeps its link and the file it
 * points to is the one rewritten; the permissions are kept. */
static bool write_file(const char *path, const char *text)
{
    char real[PATH_MAX];
    struct stat st;
    if (!realpath(path, real) || stat(real, &st) != 0) {
        cli_write_error(path, errno);
        return false;
    }
    if (!S_ISREG(st.st_mode)) {
        fprintf(stderr, "docket: cannot write %s: not a regular file\n", path);
        return false;
    }
    const char *slash = strrchr(real, '/');
    char *tmp = xasprintf("%.*s.%s.XXXXXX", (int)(slash - real + 1), real, slash + 1);
    int fd = mkstemp(tmp);
    if (fd < 0) {
        cli_write_error(path, errno);
        free(tmp);
        return false;
    }
    int e = 0;
    if (fchmod(fd, st.st_mode & 07777) != 0)
        e = errno;
    size_t n = strlen(text), done = 0;
    while (!e && done < n) {
        ssize_t w = write(fd, text + done, n - done);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            e = errno;
        } else {
            done += (size_t)w;
        }
    }
    if (!e && fsync(fd) != 0)
        e = errno;
    if (close(fd) != 0 && !e)
        e = errno;
    if (!e && rename(tmp, real) != 0)
        e = errno;
    if (e) {
        unlink(tmp);
        cli_write_error(path, e);
    }
    free(tmp);
    return e == 0;
}

/* Format one file; returns its exit status (0 or 1). */
static int fmt_one(const char *path, fmt_mode mode)
{
    src_file *src = src_file_read(path);
    if (!src) {
        fprintf(stderr, "docket fmt: cannot read %s: %s\n", path, src_file_error(errno, DOCKET_MAX_POLICY_BYTES));
        return 1;
    }
    if (mapping_sniff(src)) {
        /* Mapping files (docs/data.md) have no canonical layout yet: they
         * are left as they are, and printed as they are. */
        fprintf(stderr, "%s: a mapping file: left as it is (docket fmt lays out policies)\n", path);
        if (mode == MODE_PRINT || (mode == MODE_WRITE && strcmp(path, "-") == 0))
            fwrite(src->text, 1, src->len, stdout);
        src_file_free(src);
        return 0;
    }
    diag_sink sink;
    cli_diag_init(&sink, false);
    ast_file *af = parse_file(src, &sink);
    int status = 0;
    if (sink.errors > 0) {
        diag_flush(&sink);
        status = 1;
        goto out;
    }
    if (mode == MODE_DUMP) {
        char *d = ast_dump(af);
        fputs(d, stdout);
        free(d);
        goto out;
    }
    char *text = fmt_file(af);
    bool same = strlen(text) == af->src->len && memcmp(text, af->src->text, af->src->len) == 0;
    switch (mode) {
    case MODE_PRINT:
    case MODE_DUMP:
        fputs(text, stdout);
        break;
    case MODE_CHECK:
        if (!same) {
            fprintf(stderr, "%s: not in canonical format\n", path);
            status = 1;
        }
        break;
    case MODE_WRITE:
        if (strcmp(path, "-") == 0) {
            fputs(text, stdout);
        } else if (!same) {
            if (write_file(path, text))
                printf("formatted %s\n", path);
            else
                status = 1;
        }
        break;
    }
    free(text);
out:
    diag_free(&sink);
    ast_file_free(af);
    return status;
}

int cmd_fmt(int argc, char **argv)
{
    fmt_mode mode = MODE_PRINT;
    int nfiles = 0;
    bool opts_done = false;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (opts_done || a[0] != '-' || strcmp(a, "-") == 0) {
            nfiles++;
            continue;
        }
        if (cli_is_help(a)) {
            usage(stdout);
            return 0;
        }
        if (strcmp(a, "--") == 0) {
            opts_done = true;
            continue;
        }
        fmt_mode m;
        if (strcmp(a, "--check") == 0)
            m = MODE_CHECK;
        else if (strcmp(a, "--write") == 0)
            m = MODE_WRITE;
        else if (strcmp(a, "--dump") == 0)
            m = MODE_DUMP;
        else
            return cli_usage_error("fmt", "unknown option '%s'", a);
        if (mode != MODE_PRINT && mode != m)
            return cli_usage_error("fmt", "--check, --write and --dump do not go together");
        mode = m;
    }
    if (nfiles == 0)
        return cli_usage_error("fmt", "no files given");
    int status = 0;
    opts_done = false;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!opts_done && strcmp(a, "--") == 0) {
            opts_done = true;
            continue;
        }
        if (!opts_done && a[0] == '-' && strcmp(a, "-") != 0)
            continue;
        if (fmt_one(a, mode) != 0)
            status = 1;
    }
    return status; /* standard output is checked by cli_finish */
}
