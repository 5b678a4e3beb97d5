/*
 * ast.h — the syntax tree of a Docket policy file, and the checked program.
 *
 * Ownership: every node, string and list of a file's tree is allocated from
 * that file's arena (ast_file.arena) and lives until ast_file_free; nothing
 * in it is freed alone, so error paths cannot leak. A program (ast_program)
 * owns its files and its symbol table.
 *
 * Every node carries a span: the file it came from and a byte range in it.
 * Lists are singly linked through `next`, in source order.
 */
#ifndef DOCKET_AST_H
#define DOCKET_AST_H

#include <stdbool.h>
#include <stdint.h>

#include "diag.h"
#include "units.h"
#include "util.h"

typedef struct span {
    const src_file *file;
    uint32_t off, len;
} span;

typedef struct ast_name {
    const char *text;
    span sp;
} ast_name;

/* A calendar date as written, YYYYMMDD packed (20250106); 0 = none. Lang
 * validates that the date exists; the interpreter turns it into a day. */
typedef int32_t ast_date;

/* ------------------------------------------------------------ types */

typedef enum {
    T_ERROR,     /* already reported; suppresses cascades */
    T_DATE, T_DURATION, T_INT, T_BOOL, T_TEXT, T_ROLE,
    T_ENUM,      /* .en says which */
    T_EVENT,     /* a bound event (trigger as NAME): .ev; usable as its date */
} type_kind;

struct decl;
typedef struct type {
    type_kind k;
    struct decl *en;  /* T_ENUM */
    struct decl *ev;  /* T_EVENT */
} type;

/* ------------------------------------------------------------ expressions */

typedef enum {
    EX_DATE, EX_INT, EX_DURATION, EX_BOOL, EX_TEXT,
    EX_NAME,     /* a bare name: attribute, binding, role, enum value, state */
    EX_ATTR,     /* base.attr */
    EX_STATE_AT, /* STATE at DATE */
    EX_NOT, EX_NEG,
    EX_BINARY,
    EX_IN,       /* lhs [not] in (items) */
    EX_FIRST,    /* first EVENT [after DATE] */
    EX_LAST,     /* last EVENT [before DATE] */
    EX_COUNT,    /* count EVENT [between DATE and DATE] */
    EX_EXISTS,   /* exists EVENT [where COND] */
} expr_kind;

typedef enum {
    OP_ADD, OP_SUB, OP_EQ, OP_NE, OP_LT, OP_LE, OP_GT, OP_GE, OP_AND, OP_OR
} binop;

/* What a name resolved to (filled by the checker). */
typedef enum {
    RES_NONE,
    RES_ATTR,      /* attribute of the event in scope: .attr_event, .attr_index */
    RES_BINDING,   /* the rule's trigger binding (`as NAME`) */
    RES_ROLE,      /* .decl */
    RES_ENUM_VALUE,/* .decl (the enum), .attr_index (value index) */
    RES_STATE,     /* .decl: the state holds at the rule's reference date */
    RES_DATE,      /* `date`: the date of the event in scope (a duty's candidate, a query's event) */
} res_kind;

typedef struct expr expr;
struct expr {
    expr_kind kind;
    int depth;         /* of its tree (1 for a leaf), once the parser has needed it */
    span sp;
    type ty;           /* set by the checker */
    expr *next;        /* in lists (`in (...)`) */
    /* EX_DURATION whose number comes from the case (`order.months months`,
     * `(expr) days`): this int expression; u.dur.n is then an offset added
     * to it (0 as written; a mutant moves it). NULL for a literal. */
    expr *dur_count;
    union {
        ast_date date;
        int64_t i;
        duration dur;
        bool b;
        const char *text;
        struct {
            ast_name name;
            res_kind res;
            struct decl *decl;        /* role, enum or state */
            struct decl *attr_event;  /* RES_ATTR */
            int index;                /* attribute or enum value index */
        } name;
        struct {
            expr *base;
            ast_name attr;
            int index;                /* attribute index in base's event */
            struct decl *ev;          /* the event INDEX is counted in (the
                                       * first trigger); another trigger kind
                                       * finds the attribute by name */
        } attr;
        struct {
            ast_name state;
            struct decl *decl;
            expr *at;
        } state_at;
        struct {
            expr *e;
        } un;
        struct {
            binop op;
            expr *l, *r;
        } bin;
        struct {
            expr *lhs;
            expr *items;
            bool negated;
        } in;
        struct {
            ast_name event;
            struct decl *decl;
            expr *a, *b;   /* after/before: a; between: a and b */
            expr *cond;    /* EVENT where COND (exists, first, last, count) */
        } query;
    } u;
};

/* ------------------------------------------------------------ declarations */

typedef enum {
    D_POLICY, D_IMPORT, D_ROLE, D_ENUM, D_EVENT, D_STATE, D_RULE, D_TEST, D_UNCITED,
    D_MUTANT,    /* a surviving mutant accepted, with the reason */
    D_EXTEND,    /* extend event NAME (attributes): more attributes for a shared event */
    D_EDITION    /* edition NAME "TITLE" from DATE [until DATE] source "FILE" */
} decl_kind;

typedef struct attr_decl {
    ast_name name;
    ast_name type_name;
    type ty;           /* set by the checker */
    struct attr_decl *next;
} attr_decl;

typedef struct enum_value {
    ast_name name;
    struct enum_value *next;
} enum_value;

typedef struct name_list {
    ast_name name;
    struct decl *decl; /* resolved */
    struct name_list *next;
} name_list;

typedef enum {
    DL_NONE, DL_WITHIN, DL_BY, DL_BETWEEN, DL_BEFORE, DL_SCHEDULE
} deadline_kind;

typedef struct milestone {
    duration dur;
    expr *count;       /* the number from the case, as for expr.dur_count; NULL for a literal */
    span sp;
    struct milestone *next;
} milestone;

typedef struct deadline {
    deadline_kind kind;
    span sp;
    duration within;     /* DL_WITHIN */
    expr *within_count;  /* DL_WITHIN: the number from the case, as for expr.dur_count */
    span within_sp;
    expr *of;            /* DL_WITHIN: of DATE; DL_SCHEDULE: after DATE */
    expr *by;            /* DL_BY; DL_BETWEEN: from */
    expr *to;            /* DL_BETWEEN: to */
    ast_name before;     /* DL_BEFORE */
    struct decl *before_decl;
    expr *before_where;  /* DL_BEFORE: only the first such event where this holds */
    milestone *milestones; /* DL_SCHEDULE */
    bool inclusive;      /* DL_WITHIN ... inclusive: the start day is day 1 */
    span inclusive_sp;
    bool has_window;     /* DL_SCHEDULE `from DURATION before`: each window opens that long before its due date */
    duration window;
    expr *window_count;  /* the window's number from the case, as for expr.dur_count; NULL for a literal */
    span window_sp;
} deadline;

typedef enum { COND_IF, COND_UNLESS } cond_kind;

typedef struct cond {
    cond_kind kind;
    span sp;
    expr *e;
    struct cond *next;
} cond;

typedef struct ast_string {
    const char *text;  /* unescaped */
    span sp;
    bool present;
} ast_string;

/* One `says` of a rule (a rule may quote several sentences). */
typedef struct says_item {
    ast_string s;
    struct says_item *next;
} says_item;

/* What a rule's `when` names: events, or another rule's failure. */
typedef enum { TRIG_EVENT, TRIG_OVERDUE, TRIG_BREACHED } trig_kind;

typedef struct rule_decl {
    ast_string cite, says, note;   /* says: the first of `says_all` */
    says_item *says_all;           /* every `says`, in order */
    /* when EVENT [as NAME] [where COND] */
    bool has_trigger;
    span trigger_sp;
    ast_name trigger;
    struct decl *trigger_decl;
    ast_name binding;          /* text NULL when absent */
    expr *trigger_where;
    name_list *triggers;       /* every event after `when` (the first is
                                * `trigger`), joined by `or` */
    trig_kind trig;            /* TRIG_OVERDUE/BREACHED: `trigger` names a rule */
    struct decl *esc_rule;     /* the rule whose failure triggers this one */
    int trigger_kind_index;    /* set by the checker: the event index, or an
                                * event group (>= events.count) for several */
    ast_name edition;          /* `edition NAME`; text NULL when absent */
    struct decl *edition_decl;
    cond *conds;               /* if/unless, in order */
    bool has_while;
    span while_sp;
    ast_name while_state;
    struct decl *while_decl;
    /* overrides RULE when COND */
    bool has_overrides;
    span overrides_sp;
    ast_name overrides;
    struct decl *overrides_decl;
    expr *overrides_when;
    /* ROLE must [next] ACTION [where COND] */
    bool has_duty;
    span duty_sp;
    ast_name role;
    struct decl *role_decl;
    name_list *roles;          /* every role before `must` (the first is `role`) */
    const char *role_text;     /* the roles joined by " or " (reports) */
    const char *action_text;   /* the actions joined by " or " */
    bool is_next;
    ast_name action;
    struct decl *action_decl;
    name_list *actions;        /* every action after `must` (the first is `action`) */
    int action_kind_index;     /* set by the checker, as trigger_kind_index */
    bool forbids;              /* ROLE must not ACTION before DATE */
    expr *not_before;          /* the DATE of a prohibition */
    expr *duty_where;
    /* require COND */
    expr *require;
    span require_sp;
    deadline due;
    /* Set by the checker: the trigger used (inherited from the overridden
     * rule when this rule has no `when`). */
    struct decl *eff_trigger;
    const char *eff_binding;
} rule_decl;

typedef struct test_attr {
    ast_name name;
    expr *value;       /* a literal or a bare name (role/enum value) */
    int index;         /* set by the checker */
    struct test_attr *next;
} test_attr;

typedef struct test_event {
    span sp;
    ast_date date;
    span date_sp;
    ast_name kind;
    struct decl *decl;
    test_attr *attrs;
    struct test_event *next;
} test_event;

typedef enum {
    ST_MET, ST_LATE, ST_OVERDUE, ST_PENDING, ST_BREACHED, ST_CANCELLED
} ob_status;

typedef enum { EXP_STATUS, EXP_NOTHING, EXP_COUNT } expect_kind;

typedef struct expectation {
    expect_kind kind;
    span sp;
    ast_name rule;
    struct decl *rule_decl;
    ob_status status;
    bool has_due, due_none;
    ast_date due;
    bool has_met;
    ast_date met;
    bool has_days_late;
    int64_t days_late;
    bool has_role;           /* `by ROLE`: the obligation's responsible role */
    ast_name role;
    struct decl *role_decl;
    int64_t count;
    struct expectation *next;
} expectation;

typedef struct test_decl {
    ast_string name;
    test_event *events;
    bool has_as_of;
    ast_date as_of;
    span as_of_sp;
    expectation *expects;
} test_decl;

typedef struct policy_decl {
    ast_name qualified;     /* islington.supervision_orders */
    ast_string title, authority, version, source;
    bool has_review;
    ast_date review;
    span review_sp;
    bool has_calendar;
    ast_name calendar;
    bool calendar_none;     /* `calendar none`: weekends only, on purpose */
    span calendar_sp;
} policy_decl;

typedef struct decl decl;
struct decl {
    decl_kind kind;
    span sp;          /* the whole declaration */
    ast_name name;    /* text NULL for import, policy (see policy.qualified) */
    bool used;        /* set by the checker */
    bool broken;      /* a rule cut short by a syntax error: its name only */
    int index;        /* position among decls of its kind in the program */
    decl *next;
    union {
        policy_decl policy;
        struct { ast_string path; } import;
        struct { ast_string description; } role;
        struct { enum_value *values; int count; } enm;
        struct { ast_string description; attr_decl *attrs; int nattrs; } event;
        struct {
            name_list *from, *until;
            bool has_for;
            duration for_dur;
            /* `for order.months months`: the length's number from the
             * opening event (bound as BINDING), as for expr.dur_count;
             * NULL for a literal. */
            expr *for_count;
            span for_sp;
            /* from EVENT as BINDING until ... or CLOSE_AT: the state also
             * closes on that date, computed from the opening event; an
             * EXT_EVENT (extended by EVENT as EXT_BINDING to EXT_TO) while
             * it is open moves the closing date to EXT_TO. */
            ast_name binding;      /* text NULL when absent */
            expr *close_at;
            ast_name ext_event;    /* text NULL when absent */
            struct decl *ext_decl;
            ast_name ext_binding;
            expr *ext_to;
        } state;
        rule_decl rule;
        test_decl test;
        struct { ast_string sentence, reason; } uncited;
        struct { ast_name event; struct decl *decl; attr_decl *attrs; } extend;
        struct {
            ast_string title, source;
            ast_date from, until;   /* until 0: open-ended */
            span from_sp, until_sp;
            char *source_path;      /* resolved by the checker (malloc'd, freed with the program) */
        } edition;
    } u;
};

/* A comment kept for the formatter: `# ...` from its start to the line end. */
typedef struct comment {
    span sp;
    struct comment *next;
} comment;

typedef struct ast_file {
    src_file *src;
    arena arena;
    decl *decls;
    comment *comments;
    struct ast_file *next;   /* in a program */
    bool is_import;
} ast_file;

/* Free F's tree, arena and source file. NULL is ignored. */
void ast_file_free(ast_file *f);

/* Helpers for builders. */
const char *status_name(ob_status s);
bool status_from_name(const char *s, ob_status *out);
/* Days in a date written as YYYYMMDD; false if it does not exist. */
bool ast_date_valid(int y, int m, int d);
/* D moved by DELTA days (calendar arithmetic on the written date). */
ast_date ast_date_add_days(ast_date d, int delta);
/* "YYYY-MM-DD" into BUF (11 bytes). */
char *ast_date_format(ast_date d, char *buf);
const char *binop_text(binop op);
const char *decl_kind_name(decl_kind k);

#endif
