/*
 * main.c — `docket COMMAND ...`: dispatch to the subcommands in cli_*.c.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lang/diag.h"
#include "cli.h"

static int cmd_help(int argc, char **argv);
static void usage(FILE *out);

static const struct command {
    const char *name;
    int (*run)(int, char **);
    const char *summary;
} commands[] = {
    {"check", cmd_check, "parse and type-check policies; diagnostics with file:line:col"},
    {"fmt", cmd_fmt, "print policies in canonical layout (--check, --write)"},
    {"eval", cmd_eval, "evaluate a case event log against a policy"},
    {"test", cmd_test, "run the scenario tests written in policy files"},
    {"doc", cmd_doc, "the policy as a quick guide (Markdown or HTML); --coverage"},
    {"graph", cmd_graph, "the policy as a Graphviz DOT graph (render with dot -Tsvg)"},
    {"diff", cmd_diff, "compare two versions of a policy by meaning; --events for the impact"},
    {"date", cmd_date, "date arithmetic as the interpreter does it"},
    {"lsp", cmd_lsp, "the language server for editors (LSP over standard input and output)"},
    {"help", cmd_help, "a command's usage (docket help COMMAND); docket help codes lists diagnostic codes"},
    {"map", cmd_map, "turn an extract's tables into case events with a mapping file"},
};

#define NCOMMANDS (sizeof commands / sizeof commands[0])

/* The diagnostic codes as the Markdown table docs/cli.md shows. */
static void print_codes(void)
{
    puts("| code | severity | reports |\n|---|---|---|");
    for (int c = 0; c < DIAG_NCODES; c++)
        printf("| `%s` | %s | %s |\n", diag_code_id((diag_code)c),
               diag_code_severity((diag_code)c) == DIAG_ERROR ? "error" : "warning", diag_code_summary((diag_code)c));
}

/* `docket help [COMMAND | codes]`: the list of commands, one command's usage
 * (as COMMAND --help prints it), or the table of diagnostic codes. */
static int cmd_help(int argc, char **argv)
{
    if (argc < 2 || cli_is_help(argv[1])) {
        usage(stdout);
        return 0;
    }
    if (argc > 2)
        return cli_usage_error("help", "expected one command name");
    if (strcmp(argv[1], "codes") == 0) {
        print_codes();
        return 0;
    }
    for (size_t i = 0; i < NCOMMANDS; i++)
        if (strcmp(argv[1], commands[i].name) == 0 && commands[i].run != cmd_help) {
            char help_opt[] = "--help";
            char *args[] = {argv[1], help_opt, NULL};
            return commands[i].run(2, args);
        }
    return cli_usage_error("help", "unknown command '%s'", argv[1]);
}

static void usage(FILE *out)
{
    fputs("usage: docket COMMAND [ARGS...]\n\n"
          "Docket checks children's-services procedures written as policies against\n"
          "case event logs.\n\ncommands:\n",
          out);
    for (size_t i = 0; i < NCOMMANDS; i++)
        fprintf(out, "  %-7s %s\n", commands[i].name, commands[i].summary);
    fputs("\nRun `docket COMMAND --help` for a command's options.\n"
          "Exit status: 0 success, 1 the input is wrong, 2 usage.\n",
          out);
}

int cli_option(int argc, char **argv, int *i, const char *cmd, const char *name, const char **out)
{
    if (strcmp(argv[*i], name) != 0)
        return 0;
    if (*i + 1 >= argc) {
        cli_usage_error(cmd, "%s needs a value", name);
        return -1;
    }
    *out = argv[++*i];
    return 1;
}

/* ARGV[*I] as option O of CMD: 1 taken (*I past its value), 0 not O, 2
 * after a usage error. */
static int take_option(int argc, char **argv, int *i, const char *cmd, const cli_opt *o)
{
    if (strcmp(argv[*i], o->name) != 0)
        return 0;
    if (o->flag) {
        *o->flag = true;
        return 1;
    }
    const char *v;
    if (cli_option(argc, argv, i, cmd, o->name, &v) < 0)
        return 2;
    if (o->list) {
        if (*o->nlist == o->max)
            return cli_usage_error(cmd, "too many %s options (at most %zu)", o->name, o->max);
        o->list[(*o->nlist)++] = v;
    } else {
        *o->value = v;
    }
    return 1;
}

int cli_parse(int argc, char **argv, const char *cmd, const char *usage, const cli_opt *opts, const char **pos,
              int maxpos, int *npos)
{
    bool options = true;
    *npos = 0;
    for (int i = 1; i < argc; i++) {
        const char *s = argv[i];
        if (options && strcmp(s, "--") == 0) {
            options = false;
            continue;
        }
        if (options && cli_is_help(s)) {
            fputs(usage, stdout);
            return -1;
        }
        if (options && s[0] == '-' && s[1] != '\0') {
            int took = 0;
            for (const cli_opt *o = opts; o->name && !took; o++)
                took = take_option(argc, argv, &i, cmd, o);
            if (took == 2)
                return 2;
            if (!took)
                return cli_usage_error(cmd, "unknown option '%s'", s);
            continue;
        }
        if (*npos == maxpos)
            return cli_usage_error(cmd, "unexpected argument '%s'", s);
        pos[(*npos)++] = s;
    }
    return 0;
}

bool cli_value_missing(int argc, char **argv, int i, const char *cmd, const char *const *opts)
{
    if (i + 1 < argc)
        return false;
    for (; *opts; opts++)
        if (strcmp(argv[i], *opts) == 0) {
            cli_usage_error(cmd, "%s needs a value", *opts);
            return true;
        }
    return false;
}

bool cli_date_order(const char *word, cal_order *order)
{
    if (strcmp(word, "ymd") == 0)
        *order = CAL_YMD;
    else if (strcmp(word, "dmy") == 0)
        *order = CAL_DMY;
    else
        return false;
    return true;
}

bool cli_is_help(const char *arg)
{
    return strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0;
}

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "docket %s: ", cmd);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\nRun `docket %s --help` for usage.\n", cmd);
    return 2;
}

int cli_write_error(const char *what, int err)
{
    fprintf(stderr, "docket: cannot write %s: %s\n", what, strerror(err ? err : EIO));
    return 1;
}

int cli_finish(int status, int failure_status)
{
    /* Everything a command printed is still in stdout's buffer, or was
     * written and failed: flush, then ask. errno is that of the failed
     * write when fflush finds one; for a sticky error from an earlier
     * write (a command that flushed itself) the errno left by it. */
    int earlier = errno; /* most likely that of the write that failed */
    errno = 0;
    int e = 0;
    if (fflush(stdout) != 0)
        e = errno ? errno : EIO;
    else if (ferror(stdout))
        e = earlier ? earlier : EIO;
    if (fclose(stdout) != 0 && !e)
        e = errno ? errno : EIO;
    if (e) {
        cli_write_error("standard output", e);
        return failure_status;
    }
    return status;
}

bool cli_color(FILE *f)
{
    const char *nc = getenv("NO_COLOR");
    return isatty(fileno(f)) && !(nc && *nc);
}

diag_format cli_diagnostics = DIAG_TEXT;

void cli_diag_init(diag_sink *s, bool json_output)
{
    diag_format f = json_output ? DIAG_JSON : cli_diagnostics;
    diag_init(s, stderr, f);
    s->color = f == DIAG_TEXT && cli_color(stderr);
}

/* Remove `--diagnostics FORMAT` from the command's arguments ARGV[1..*ARGC)
 * (before any `--`), setting cli_diagnostics. Returns false after a usage
 * error. */
static bool take_diagnostics_option(int *argc, char **argv)
{
    for (int i = 1; i < *argc; i++) {
        if (strcmp(argv[i], "--") == 0)
            break;
        if (strcmp(argv[i], "--diagnostics") != 0)
            continue;
        if (i + 1 >= *argc) {
            cli_usage_error(argv[0], "--diagnostics needs a value");
            return false;
        }
        if (strcmp(argv[i + 1], "json") == 0)
            cli_diagnostics = DIAG_JSON;
        else if (strcmp(argv[i + 1], "text") == 0)
            cli_diagnostics = DIAG_TEXT;
        else {
            cli_usage_error(argv[0], "unknown diagnostics format '%s' (text or json)", argv[i + 1]);
            return false;
        }
        memmove(argv + i, argv + i + 2, (size_t)(*argc - i - 2) * sizeof *argv);
        *argc -= 2;
        argv[*argc] = NULL;
        i--;
    }
    return true;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    if (cli_is_help(argv[1])) {
        usage(stdout);
        return cli_finish(0, 1);
    }
    if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0) {
        printf("docket %s\n", DOCKET_VERSION);
        return cli_finish(0, 1);
    }
    for (size_t i = 0; i < NCOMMANDS; i++)
        if (strcmp(argv[1], commands[i].name) == 0) {
            int n = argc - 1;
            if (!take_diagnostics_option(&n, argv + 1))
                return 2;
            /* diff keeps 1 for "the versions differ": its errors are 2. */
            int rc = commands[i].run(n, argv + 1);
            return cli_finish(rc, commands[i].run == cmd_diff ? 2 : 1);
        }
    fprintf(stderr, "docket: unknown command '%s'\n", argv[1]);
    const char *names[NCOMMANDS];
    for (size_t i = 0; i < NCOMMANDS; i++)
        names[i] = commands[i].name;
    const char *near = diag_closest(argv[1], names, sizeof names / sizeof names[0]);
    if (near)
        fprintf(stderr, "hint: Did you mean `docket %s`?\n", near);
    fputs("Run `docket --help` for the list of commands.\n", stderr);
    return 2;
}
