/*
 * mapping.h — mapping files: how the tables of an extract (one CSV per
 * table, such as the Standard Safeguarding Dataset) become the vocabulary
 * events of a policy. A mapping is written in the Docket language's style
 * (`mapping NAME { ... }`, `#` comments, `where`, `and`/`or`/`not`, `in`,
 * quoted text, durations such as `1 day`); docs/data.md describes it.
 *
 * Ownership: a mapping owns its source text and every node (one arena);
 * mapping_free releases everything. Nodes point into the program given to
 * mapping_check (event and attribute declarations), which must outlive the
 * mapping's use.
 *
 * This module parses and checks; interpreter/mapper.* applies a mapping to
 * an extract's files.
 */
#ifndef DOCKET_MAPPING_H
#define DOCKET_MAPPING_H

#include <stdbool.h>
#include <stdint.h>

#include "lang/ast.h"
#include "lang/diag.h"
#include "lang/program.h"
#include "lang/units.h"

/* Static types of mapping expressions. A cell is text from the extract,
 * read as whatever its use needs (a date, a number) when the row is mapped. */
typedef enum { MT_CELL, MT_TEXT, MT_INT, MT_BOOL, MT_DATE, MT_DURATION } mtype;

typedef enum {
    MX_TEXT, MX_INT, MX_BOOL, MX_DATE, MX_DURATION, /* literals */
    MX_NAME,      /* a column, a `let`, a parameter */
    MX_FIELD,     /* previous.COL, next.COL, TABLE.COL (the row of an enclosing table) */
    MX_CALL,      /* flag(x), months(a, b), LOOKUP(x) */
    MX_NOT, MX_AND, MX_OR,
    MX_CMP,       /* = != < <= > >= */
    MX_IN,        /* x [not] in (a, b) */
    MX_EMPTY,     /* x is [not] empty */
    MX_ADD, MX_SUB,
    MX_OTHERWISE, /* a otherwise b: a unless it is empty */
    MX_EXISTS,    /* exists TABLE where C: a row of TABLE for the same case */
    MX_LATEST,    /* latest V from TABLE where C: the largest V of those rows */
    MX_EARLIEST   /* earliest V from TABLE where C: the smallest */
} mx_kind;

typedef enum { MOP_EQ, MOP_NE, MOP_LT, MOP_LE, MOP_GT, MOP_GE } mx_op;

typedef enum {
    MRES_NONE, MRES_COLUMN, MRES_LET, MRES_PARAM,
    MRES_PREVIOUS, MRES_NEXT, MRES_OUTER,
    MRES_FLAG, MRES_MONTHS, MRES_LOOKUP
} mx_res;

struct mtable;
struct mlookup;

typedef struct mx {
    mx_kind kind;
    uint32_t off, len;          /* span in the mapping's source */
    const char *s;              /* literal text, name, call or table name */
    const char *field;          /* MX_FIELD: the column after the dot */
    int64_t i;                  /* int or bool literal */
    int32_t date;               /* date literal, YYYYMMDD as in the AST (ast_date) */
    duration dur;
    mx_op op;
    bool neg;                   /* not in, is not empty */
    struct mx *a, *b;           /* operands; MX_IN: a in (b, b->next, ...); MX_CALL: args a, a->next;
                                   MX_EXISTS: the condition a; MX_LATEST: value a, condition b */
    struct mx *next;            /* in argument and item lists */
    int depth;                  /* of its tree (1 for a leaf), once known (the parser's) */
    /* Set by mapping_check. */
    mx_res res;
    int index;                  /* MRES_LET: let number; MRES_PARAM: param number */
    const struct mtable *tab;   /* MX_EXISTS, MRES_OUTER, MRES_COLUMN: the table */
    const struct mlookup *lookup;
    mtype ty;
    int col;                    /* set by the mapper: the column's position in the table's header */
} mx;

typedef struct massign {
    const char *attr;
    uint32_t off, len;
    mx *value;
    int index;                  /* the attribute's position in the event (checked) */
    struct massign *next;
} massign;

typedef enum { MR_EVENT, MR_IGNORE, MR_LET } mr_kind;

typedef struct mrule {
    mr_kind kind;
    uint32_t off, len;          /* the event's or let's name */
    const char *name;           /* event kind or let name */
    const decl *event;          /* MR_EVENT, set by mapping_check */
    mx *date;                   /* MR_EVENT: `on DATE` */
    mx *where;                  /* MR_EVENT, MR_IGNORE */
    massign *with;              /* MR_EVENT */
    mx *distinct;               /* MR_EVENT: `distinct by KEY, KEY`: a list (next) */
    const char *reason;         /* MR_IGNORE: `because "..."` */
    mx *value;                  /* MR_LET */
    int index;                  /* MR_LET: let number in its table */
    struct mrule *next;
} mrule;

typedef struct mtable {
    const char *name;           /* also the file: NAME.csv in the extract's folder */
    uint32_t off, len;
    const char *case_col;
    uint32_t case_off, case_len;
    const char *sort_col;       /* `sorted by COL`, or NULL: input order */
    uint32_t sort_off, sort_len;
    mrule *rules;
    int nlets;
    int index;
    struct mtable *next;
} mtable;

typedef struct mparam {
    const char *name;
    uint32_t off, len;
    mtype ty;                   /* MT_INT, MT_TEXT or MT_BOOL */
    mx *def;                    /* literal default */
    const char *about;          /* description, or NULL */
    struct mparam *next;
} mparam;

typedef struct mlookup {
    const char *name;
    uint32_t off, len;
    const char *file;           /* in the lookups folder */
    uint32_t file_off, file_len;
    const char *key_col, *value_col;
    const char *fallback;       /* `default "other"`, or NULL: an unknown value is empty */
    struct mlookup *next;
} mlookup;

typedef struct mname {
    const char *name;
    uint32_t off, len;
    const decl *event;          /* set by mapping_check */
    const char *reason;         /* not recorded ... because "..." */
    struct mname *next;
} mname;

typedef struct mapping {
    src_file *src;
    arena mem;
    const char *name;
    uint32_t name_off, name_len;
    const char *title;
    const char *vocabulary;     /* `vocabulary "FILE"`, relative to the mapping, or NULL */
    uint32_t vocab_off, vocab_len;
    const char *notes[32];
    int nnotes;
    bool has_dates;
    bool dmy;                   /* `dates dmy` */
    const char *null_token;     /* `null "NULL"`, or NULL */
    bool midnight_no_time;      /* `midnight means no time`: 00:00:00 is a date only */
    const char *lookups_dir;    /* `lookups "config"`, relative to the extract's folder */
    mparam *params;
    mlookup *lookups;
    mname *not_recorded;
    mname *same_day;            /* `same day order A, B, ...` */
    mtable *tables;
    int ntables, nparams, nrules;
} mapping;

/* True when the file's first word (after comments and blanks) is
 * `mapping`: the file is a mapping, not a policy. */
bool mapping_sniff(const src_file *f);

/* Parse F (the mapping takes ownership of F). Syntax errors go to SINK;
 * NULL when there was one (F is then freed). */
mapping *mapping_parse(src_file *f, diag_sink *sink);
/* Read and parse PATH; NULL when it cannot be read (reported) or does not
 * parse. */
mapping *mapping_load(const char *path, diag_sink *sink);
void mapping_free(mapping *m);

/* Check M against the event vocabulary of PROG: every event, attribute,
 * parameter, lookup, let and table named exists; attribute values have the
 * attribute's type; nothing declared `not recorded` is mapped. Errors and
 * warnings go to SINK with the mapping's file:line:col. Returns the number
 * of errors. */
int mapping_check(mapping *m, const ast_program *prog, diag_sink *sink);

/* The vocabulary file a mapping names, as a path (relative to the mapping's
 * folder), newly allocated; NULL when it names none. */
char *mapping_vocabulary_path(const mapping *m);

/* The parameter named NAME, or NULL. */
const mparam *mapping_param(const mapping *m, const char *name, int *index);

#endif
