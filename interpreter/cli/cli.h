/*
 * cli.h — the subcommands of `docket`. Each takes the arguments after its
 * name (argv[0] is the command name) and returns the process exit status:
 * 0 success, 1 the input is wrong (diagnostics printed), 2 usage.
 */
#ifndef DOCKET_CLI_H
#define DOCKET_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include "interpreter/time/moment.h"
#include "lang/diag.h"

int cmd_check(int argc, char **argv);
int cmd_fmt(int argc, char **argv);
int cmd_eval(int argc, char **argv);
int cmd_date(int argc, char **argv);
int cmd_test(int argc, char **argv);
int cmd_doc(int argc, char **argv);
int cmd_graph(int argc, char **argv);
int cmd_diff(int argc, char **argv);
int cmd_lsp(int argc, char **argv);

/* If ARGV[*I] is the option NAME, store the argument after it in *VALUE,
 * step *I over it and return 1; return 0 when ARGV[*I] is another word, and
 * -1 after reporting a usage error when NAME has no value. */
int cli_option(int argc, char **argv, int *i, const char *cmd, const char *name, const char **value);

/* True (after reporting a usage error) when ARGV[I] is one of the options
 * named in the NULL-terminated list OPTS and no value follows it. */
bool cli_value_missing(int argc, char **argv, int i, const char *cmd, const char *const *opts);

/* The value of --jobs: TEXT (1 to 64), or the online CPUs when TEXT is
 * NULL. False after reporting a usage error. */
bool cli_jobs(const char *text, const char *cmd, int *jobs);
/* "ymd" or "dmy" (--dates) into *ORDER; false for any other word. */
bool cli_date_order(const char *word, cal_order *order);

/* True when ARG is -h or --help. */
bool cli_is_help(const char *arg);
/* Print "docket CMD: MESSAGE" and a pointer to --help on stderr; returns 2. */
int cli_usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Whether colour should be used on F (a terminal and NO_COLOR unset). */
bool cli_color(FILE *f);

/* The format of diagnostics chosen with `--diagnostics text|json`, an option
 * every command takes (main.c removes it from argv before dispatching). */
extern diag_format cli_diagnostics;
/* Initialise S for a command's diagnostics on standard error: JSON when
 * --diagnostics json was given or JSON_OUTPUT (the command's own output is
 * JSON, --format json), text (coloured on a terminal) otherwise. */
void cli_diag_init(diag_sink *s, bool json_output);

#endif
