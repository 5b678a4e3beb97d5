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
int cmd_map(int argc, char **argv);

/* What events mapped from an extract are called in messages and reports
 * (their lines are those of `docket map`'s output). */
#define CLI_MAPPED_EVENTS "mapped events"

/* Load the mapping PATH and the program it is checked against (POLICY, or
 * the vocabulary the mapping names when POLICY is NULL), and check it.
 * False after reporting to SINK; *MP and *PP are then whatever was loaded
 * (free both with mapping_free and program_free, which accept NULL). */
bool cli_load_mapping(const char *path, const char *policy, diag_sink *sink, mapping **mp, ast_program **pp);
/* Whether PATH is a mapping file (its first word is `mapping`); false for
 * "-" (standard input is read once, as a policy). */
bool cli_is_mapping_file(const char *path);
/* Fill *O from the --dates, --null and --set options of CMD; false after a
 * usage error (*RC is then the exit status). O->dir is left to the caller. */
bool cli_map_options(const char *cmd, const char *dates, const char *null_token, const char *const *set, size_t nset,
                     map_options *o, int *rc);
/* Per event kind of P: whether the mapping M can never produce it (it is
 * declared `not recorded`, or no rule gives it). Newly allocated. */
bool *cli_not_recorded(const mapping *m, const ast_program *p);
/* Map the extract O->dir with M into *BUF (LEN bytes, to free): the CSV
 * `docket map` would print. Prints the run's account on standard error.
 * False after an error. */
bool cli_map_to_csv(const mapping *m, const ast_program *p, const map_options *o, diag_sink *sink, char **buf,
                    size_t *len);

/* If ARGV[*I] is the option NAME, store the argument after it in *OUT,
 * step *I over it and return 1; return 0 when ARGV[*I] is another word, and
 * -1 after reporting a usage error when NAME has no value. */
int cli_option(int argc, char **argv, int *i, const char *cmd, const char *name, const char **out);

/* One option of a command, for cli_parse: NAME with a value (stored in
 * *VALUE, the last one given counting), a flag (*FLAG set), or a value
 * that may be given up to MAX times (appended to LIST, *NLIST of them). */
typedef struct cli_opt {
    const char *name;
    const char **value;
    bool *flag;
    const char **list;
    size_t *nlist, max;
} cli_opt;

/* The command line of command CMD, ARGV[1..]: the options of OPTS (a
 * table ended by a NULL name), -h/--help (USAGE printed, -1 returned),
 * `--` (every word after it positional), and at most MAXPOS positional
 * words into POS (*NPOS of them). 0 to go on; 2 after a usage error
 * (an unknown option, a value missing, a word too many). */
int cli_parse(int argc, char **argv, const char *cmd, const char *usage, const cli_opt *opts, const char **pos,
              int maxpos, int *npos);

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
/* Print "docket: cannot write WHAT: STRERROR(ERR)" on standard error (EIO
 * when ERR is 0); returns 1. */
int cli_write_error(const char *what, int err);
/* The one check of standard output, run by main after every command
 * (--help and --version included): flush and close it; on a write error,
 * report it with cli_write_error and return FAILURE_STATUS, else STATUS. */
int cli_finish(int status, int failure_status);
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
