/*
 * mapper.h — applying a checked mapping (lang/mapping.h) to an extract: a
 * folder holding one CSV file per table (TABLE.csv) and the lookups
 * (config/ by default). The result is the vocabulary events, sorted by case,
 * day, the mapping's same-day order and time, and an account of every row
 * of every table: mapped, ignored (the mapping says why), a duplicate of an
 * earlier event, or reported.
 *
 * Ownership: a map_result owns every string and event in it
 * (map_result_free). It points into the mapping and the program, which
 * must outlive it.
 */
#ifndef DOCKET_MAPPER_H
#define DOCKET_MAPPER_H

#include <stdbool.h>
#include <stdio.h>

#include "lang/mapping.h"
#include "eval.h"

typedef struct map_options {
    const char *dir;           /* the extract's folder */
    bool order_set;            /* --dates given: overrides the mapping's `dates` */
    cal_order order;
    const char *null_token;    /* --null, or NULL: the mapping's `null` */
    const char *const *set;    /* --set NAME=VALUE, nset of them */
    size_t nset;
} map_options;

typedef struct map_event {
    const char *case_id;
    cal_moment when;
    const decl *kind;
    const char **attrs;        /* text per declared attribute, NULL when absent */
    int rank;                  /* same-day order */
    uint32_t seq;              /* generation order */
    const mtable *table;
    uint32_t line;             /* the row's line in TABLE.csv */
} map_event;

typedef struct map_table_account {
    const mtable *t;
    bool present;              /* TABLE.csv was found */
    size_t rows, mapped, ignored, duplicates, reported, events;
    strmap reasons;            /* ignore reason -> count (uintptr_t) */
} map_table_account;

typedef struct map_result {
    arena mem;
    map_event *ev;
    size_t n, cap;
    map_table_account *acc;    /* one per table, in the mapping's order */
    size_t ntables;
    size_t *param_uses;        /* events that used each parameter */
    const char **param_values; /* each parameter's value in force */
    bool *param_set;           /* given with --set */
    const char **columns;      /* attribute columns of the output, in order */
    size_t ncolumns;
    size_t errors;             /* malformed values (reported) */
} map_result;

/* Apply M (checked against PROG) to the extract O->dir. Every malformed
 * value, missing column or lookup problem is reported to SINK with
 * file:line:col; false when there was an error (the result then holds what
 * could be mapped, and must still be freed). Usage problems of --set (an
 * unknown parameter, a value of the wrong type) are errors too. */
bool map_run(const mapping *m, const ast_program *prog, const map_options *o, diag_sink *sink,
             map_result *out);
void map_result_free(map_result *r);

/* The events as a case event file: CSV (header case,date,event, then the
 * attribute columns) or JSON Lines. False on a write error. */
bool map_write(const map_result *r, FILE *out, bool jsonl);

/* The account of the run, on OUT (standard error): rows per table and what
 * became of them, the parameters used, what the extract cannot hold. */
void map_summary(const map_result *r, const mapping *m, const char *dir, FILE *out);

#endif
