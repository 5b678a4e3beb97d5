/*
 * cli.h — the subcommands of `docket`. Each takes the arguments after its
 * name (argv[0] is the command name) and returns the process exit status:
 * 0 success, 1 the input is wrong (diagnostics printed), 2 usage.
 */
#ifndef DOCKET_CLI_H
#define DOCKET_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include "interpreter/mapper.h"
#include "interpreter/time/moment.h"

int cmd_check(int argc, char **argv);
int cmd_fmt(int argc, char **argv);
int cmd_eval(int argc, char **argv);
int cmd_date(int argc, char **argv);
int cmd_test(int argc, char **argv);
int cmd_doc(int argc, char **argv);
int cmd_graph(int argc, char **argv);
int cmd_diff(int argc, char **argv);
int cmd_map(int argc, char **argv);

/* What events mapped from an extract are called in messages and reports
 * (their lines are those of `docket map`'s output). */
#define CLI_MAPPED_EVENTS "mapped events"

/* Load the mapping PATH and the program it is checked against (POLICY, or
 * the vocabulary the mapping names when POLICY is NULL), and check it.
 * False after reporting to SINK; *MP and *PP are then whatever was loaded
 * (free both with mapping_free and program_free, which accept NULL). */
bool cli_load_mapping(const char *path, const char *policy, diag_sink *sink, mapping **mp, ast_program **pp);
/* Whether PATH is a mapping file (its first word is `mapping`). */
bool cli_is_mapping_file(const char *path);
/* Fill *O from the --dates, --null and --set options of CMD; false after a
 * usage error (*RC is then the exit status). O->dir is left to the caller. */
bool cli_map_options(const char *cmd, const char *dates, const char *null_token, const char *const *set, size_t nset,
                     map_options *o, int *rc);
/* Map the extract O->dir with M into ST (as `docket map` would print it),
 * printing the run's account on standard error. False after an error. */
bool cli_map_into(const mapping *m, const ast_program *p, const map_options *o, diag_sink *sink, ev_store *st);

/* If ARGV[*I] is the option NAME, store the argument after it in *OUT,
 * step *I over it and return 1; return 0 when ARGV[*I] is another word, and
 * -1 after reporting a usage error when NAME has no value. */
int cli_option(int argc, char **argv, int *i, const char *cmd, const char *name, const char **out);

/* True (after reporting a usage error) when ARGV[I] is one of the options
 * named in the NULL-terminated list OPTS and no value follows it. */
bool cli_value_missing(int argc, char **argv, int i, const char *cmd, const char *const *opts);

/* "ymd" or "dmy" (--dates) into *ORDER; false for any other word. */
bool cli_date_order(const char *word, cal_order *order);

/* True when ARG is -h or --help. */
bool cli_is_help(const char *arg);
/* Print "docket CMD: MESSAGE" and a pointer to --help on stderr; returns 2. */
int cli_usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Whether colour should be used on F (a terminal and NO_COLOR unset). */
bool cli_color(FILE *f);

#endif
