/*
 * cmd_check.c — `docket check [--format text|json|sarif|github]
 * [--warnings-as-errors] FILE...`
 */
#include <stdio.h>
#include <string.h>

#include "interpreter/ci/ci.h"
#include "lang/program.h"
#include "cli.h"

static const char check_usage[] =
    "usage: docket check [--format text|json|sarif|github] [--warnings-as-errors] [--policy POLICY] [--] FILE...\n\n"
    "Parse and type-check each policy file and everything it imports. Every\n"
    "problem is reported as file:line:col with the source line and a caret;\n"
    "the run ends with a count. A mapping file (mapping NAME { ... }) is checked\n"
    "against the vocabulary it names, or POLICY's with --policy.\n\n"
    "  --format text         diagnostics on standard error, ok lines on standard output (default)\n"
    "  --format json         the diagnostics as one JSON document on standard output\n"
    "  --format sarif        a SARIF 2.1.0 log on standard output (GitHub code scanning)\n"
    "  --format github       GitHub Actions workflow commands (::error file=...,line=...::)\n"
    "  --warnings-as-errors  report every warning as an error\n"
    "  --policy POLICY       check mapping files against POLICY's vocabulary\n\n"
    "Exit status: 0 no errors, 1 errors found, 2 usage.\n";

typedef enum { CHECK_TEXT, CHECK_JSON, CHECK_SARIF, CHECK_GITHUB } check_format;

int cmd_check(int argc, char **argv)
{
    check_format format = CHECK_TEXT;
    bool werror = false;
    const char *policy = NULL;
    int first = argc;
    for (int i = 1; i < argc; i++) {
        if (cli_is_help(argv[i])) {
            fputs(check_usage, stdout);
            return 0;
        } else if (cli_value_missing(argc, argv, i, "check", (const char *const[]){"--format", NULL})) {
            return 2;
        } else if (strcmp(argv[i], "--format") == 0 && i + 1 < argc) {
            const char *f = argv[++i];
            if (strcmp(f, "json") == 0)
                format = CHECK_JSON;
            else if (strcmp(f, "text") == 0)
                format = CHECK_TEXT;
            else if (strcmp(f, "sarif") == 0)
                format = CHECK_SARIF;
            else if (strcmp(f, "github") == 0)
                format = CHECK_GITHUB;
            else
                return cli_usage_error("check", "unknown format '%s' (text, json, sarif or github)", f);
        } else if (strcmp(argv[i], "--policy") == 0) {
            if (i + 1 >= argc)
                return cli_usage_error("check", "--policy needs a value");
            policy = argv[++i];
        } else if (strcmp(argv[i], "--warnings-as-errors") == 0) {
            werror = true;
        } else if (strcmp(argv[i], "--") == 0) {
            first = i + 1;
            break;
        } else if (argv[i][0] == '-' && argv[i][1] != '\0') {
            return cli_usage_error("check", "unknown option '%s'", argv[i]);
        } else {
            first = i;
            break;
        }
    }
    if (first >= argc)
        return cli_usage_error("check", "no files to check");
    diag_sink sink;
    if (format == CHECK_JSON) {
        diag_init(&sink, stdout, DIAG_JSON);
        sink.print_empty = true;
    } else if (format == CHECK_TEXT) {
        cli_diag_init(&sink, false);
    } else {
        diag_init_buffer(&sink);
    }
    sink.warnings_as_errors = werror;
    for (int i = first; i < argc; i++) {
        size_t before = sink.errors;
        if (cli_is_mapping_file(argv[i])) {
            mapping *m;
            ast_program *v;
            if (cli_load_mapping(argv[i], policy, &sink, &m, &v) && sink.errors == before && format == CHECK_TEXT)
                fprintf(stdout, "%s: ok (mapping: %d table%s, %d event rule%s)\n", argv[i], m->ntables,
                        m->ntables == 1 ? "" : "s", m->nrules, m->nrules == 1 ? "" : "s");
            mapping_free(m);
            program_free(v);
            continue;
        }
        ast_program *p = program_load(argv[i], &sink);
        if (p && sink.errors == before && format == CHECK_TEXT) {
            fprintf(stdout, "%s: ok (%zu rule%s, %zu test%s)\n", argv[i], p->rules.count,
                    p->rules.count == 1 ? "" : "s", p->tests.count, p->tests.count == 1 ? "" : "s");
        }
        program_free(p);
    }
    size_t errors = sink.errors;
    if (format == CHECK_SARIF)
        ci_write_sarif(stdout, &sink);
    else if (format == CHECK_GITHUB)
        ci_write_github(stdout, &sink);
    else
        diag_flush(&sink);
    diag_free(&sink);
    return errors ? 1 : 0;
}
