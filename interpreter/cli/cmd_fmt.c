/*
 * cli_fmt.c — `docket fmt [--check|--write] FILE...`: print policies in the
 * canonical layout (lang/fmt.c).
 *
 * A file with syntax errors gets its diagnostics printed and is left alone
 * (exit status 1). The hidden option --dump prints the S-expression dump of
 * each file's tree instead (tests/fmt-roundtrip.sh compares dumps).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "lang/parse.h"
#include "lang/ast.h"
#include "cli.h"
#include "lang/dump.h"
#include "lang/fmt.h"

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

/* Replace PATH's contents with TEXT through PATH.tmp and a rename. */
static bool write_file(const char *path, const char *text)
{
    char *tmp = xasprintf("%s.tmp", path);
    struct stat st;
    bool have_mode = stat(path, &st) == 0;
    FILE *fp = fopen(tmp, "wb");
    bool ok = fp != NULL;
    if (ok) {
        size_t n = strlen(text);
        ok = fwrite(text, 1, n, fp) == n;
        ok = fclose(fp) == 0 && ok;
        if (ok && have_mode)
            chmod(tmp, st.st_mode & 07777);
        ok = ok && rename(tmp, path) == 0;
        if (!ok)
            remove(tmp);
    }
    if (!ok)
        fprintf(stderr, "docket fmt: cannot write %s: %s\n", path, strerror(errno));
    free(tmp);
    return ok;
}

/* Format one file; returns its exit status (0 or 1). */
static int fmt_one(const char *path, fmt_mode mode)
{
    src_file *src = src_file_read(path);
    if (!src) {
        fprintf(stderr, "docket fmt: cannot read %s: %s\n", path, strerror(errno));
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
    fflush(stdout);
    return status;
}
