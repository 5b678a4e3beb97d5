/*
 * program.h — a checked program: a policy file, everything it imports, and
 * the resolved names and types the interpreter relies on.
 *
 * Ownership: program_load returns a program the caller frees with
 * program_free; every decl, string and array in it belongs to the program.
 */
#ifndef DOCKET_PROGRAM_H
#define DOCKET_PROGRAM_H

#include "ast.h"

typedef struct decl_array {
    decl **items;
    size_t count, cap;
} decl_array;

typedef struct ast_program {
    ast_file *files;        /* the main file first, then imports in load order */
    ast_file *main;
    decl *policy;           /* the main file's policy header, or NULL */
    decl_array roles, enums, events, states, rules, tests, uncited, mutants;
    decl_array editions;    /* in declaration order */
    strmap role_map, enum_map, event_map, state_map, rule_map, value_map;
    strmap edition_map;
    /* Event groups: the events of `when A or B` or `must A or B`. Group g is
     * kind number events.count + g for the interpreter's index; each lists
     * its events (decl_array of D_EVENT decls, no duplicates). */
    decl_array *groups;
    size_t ngroups, capgroups;
    char *calendar_path;    /* resolved holiday calendar file, or NULL */
    char *source_path;      /* resolved guidance document, or NULL */
    char **roots;           /* the policy tree: real paths of its roots */
    size_t nroots;
    size_t errors;          /* errors found while loading and checking */
} ast_program;

/* Parse PATH and its imports, resolve names and check types. Every problem
 * is reported to SINK (one run reports every error of every file). Returns
 * NULL only when PATH itself cannot be read (also reported); otherwise a
 * program whose `errors` says whether it may be evaluated. */
ast_program *program_load(const char *path, diag_sink *sink);
/* The same over an in-memory text (tests); imports resolve relative to the
 * directory part of NAME. */
ast_program *program_load_string(const char *name, const char *text, diag_sink *sink);
/* The same over LEN bytes that may hold NUL bytes (fuzzing). */
ast_program *program_load_mem(const char *name, const char *text, size_t len, diag_sink *sink);
void program_free(ast_program *p);

/* Resolving a name a policy gives (an import, its source document) inside
 * the policy tree: see program.c. */
typedef enum {
    CONF_OK, CONF_ABSOLUTE, CONF_OUTSIDE, CONF_NOT_REGULAR, CONF_NOT_DOCKET, CONF_MISSING
} conf_status;
/* Resolve REL, written in the file FROM, inside P's tree. *PATH gets the
 * joined name (FROM's directory + REL, malloc'd; the caller frees it) except
 * for CONF_ABSOLUTE and CONF_NOT_DOCKET; *ERR the errno of CONF_MISSING.
 * DOCKET: REL must end in ".docket". */
conf_status program_confine(const ast_program *p, const char *from, const char *rel, bool docket, char **path,
                            int *err);
/* The reason for a status other than CONF_OK and CONF_MISSING. */
const char *program_confine_status(conf_status st);
/* Attach the hint saying what is allowed ("WHAT names a relative path ...")
 * to the last diagnostic of SINK. */
void program_confine_hint(const ast_program *p, diag_sink *sink, const char *from, const char *what);

/* Locate holiday calendar NAME for a policy at POLICY_PATH: calendars/NAME.csv
 * in the policy's directory or any parent, then $DOCKET_CALENDARS, then the
 * installed data directory. Returns a malloc'd path or NULL. */
char *program_find_calendar(const char *policy_path, const char *name);


#endif
