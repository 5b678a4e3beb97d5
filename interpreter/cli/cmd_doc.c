/*
 * cmd_doc.c — `docket doc POLICY [--format markdown|html] [--coverage]`:
 * argv to doc_guide and doc_coverage (lang/doc.h).
 */
#include <string.h>

#include "lang/doc.h"
#include "cli.h"

static const char doc_usage[] =
    "usage: docket doc POLICY [--format markdown|html]\n"
    "       docket doc POLICY --coverage\n\n"
    "Write the policy as a quick guide in plain words, in the order the\n"
    "procedure runs: for each step what must happen, who is responsible, by\n"
    "when, under which condition, the guidance quoted and how it was read;\n"
    "then the roles, the interpretations and the sentences not encoded.\n"
    "--format html gives a self-contained page.\n\n"
    "With --coverage, list the normative sentences of the policy's source\n"
    "document (those with must, should, will, shall, within, no later than,\n"
    "at least, every, required) that no rule quotes and no `uncited`\n"
    "declaration accounts for. Exit status 1 when any remain.\n";

/* `docket doc --coverage`: 1 when the policy names no readable source
 * document or a normative sentence of it is unaccounted for. */
static int coverage(const ast_program *p, const char *path)
{
    if (!p->source_path) {
        fprintf(stderr, "docket doc: %s names no source document (add `source \"FILE\"` to its policy header)\n", path);
        return 1;
    }
    src_doc *doc = src_doc_load(p->source_path);
    if (!doc) {
        fprintf(stderr, "docket doc: cannot read %s\n", p->source_path);
        return 1;
    }
    size_t missing = doc_coverage(stdout, p, doc);
    src_doc_free(doc);
    return missing ? 1 : 0;
}

int cmd_doc(int argc, char **argv)
{
    const char *path = NULL;
    bool html = false, cov = false, options = true;
    for (int i = 1; i < argc; i++) {
        if (!options) {
            if (path)
                return cli_usage_error("doc", "one policy at a time");
            path = argv[i];
        } else if (strcmp(argv[i], "--") == 0) {
            options = false;
        } else if (cli_is_help(argv[i])) {
            fputs(doc_usage, stdout);
            return 0;
        } else if (cli_value_missing(argc, argv, i, "doc", (const char *const[]){"--format", NULL})) {
            return 2;
        } else if (strcmp(argv[i], "--format") == 0 && i + 1 < argc) {
            const char *f = argv[++i];
            if (strcmp(f, "html") == 0)
                html = true;
            else if (strcmp(f, "markdown") == 0 || strcmp(f, "md") == 0)
                html = false;
            else
                return cli_usage_error("doc", "unknown format '%s' (markdown or html)", f);
        } else if (strcmp(argv[i], "--coverage") == 0) {
            cov = true;
        } else if (argv[i][0] == '-' && argv[i][1]) {
            return cli_usage_error("doc", "unknown option '%s'", argv[i]);
        } else if (!path) {
            path = argv[i];
        } else {
            return cli_usage_error("doc", "one policy at a time");
        }
    }
    if (!path)
        return cli_usage_error("doc", "expected a policy file");
    diag_sink sink;
    cli_diag_init(&sink, false);
    ast_program *p = program_load(path, &sink);
    int rc = 1;
    if (p && !p->errors) {
        if (cov)
            rc = coverage(p, path);
        else {
            doc_guide(stdout, p, html);
            rc = 0;
        }
    }
    diag_flush(&sink);
    diag_free(&sink);
    program_free(p);
    return rc;
}
