/*
 * eval.h — case events, timelines and obligations.
 *
 * Ownership: an ev_store owns every case, event and string read into it
 * (ev_store_free). An eval_result owns its obligations (eval_result_free);
 * obligations point into the program (rule decls) and the store (events),
 * which must outlive it.
 */
#ifndef DOCKET_EVAL_H
#define DOCKET_EVAL_H

#include <stdbool.h>
#include <stdint.h>

#include "lang/program.h"
#include "interpreter/time/calendar.h"
#include "interpreter/time/moment.h"
#include "table.h"

/* ------------------------------------------------------------ values */

typedef enum { V_ABSENT, V_INT, V_BOOL, V_DATE, V_TEXT, V_ROLE, V_ENUM, V_DURATION } val_kind;

typedef struct value {
    val_kind k;
    int64_t i;          /* int, bool, date (day), role index, enum value index */
    const char *s;      /* text */
    duration dur;
} value;

/* ------------------------------------------------------------ events */

typedef struct ev_event {
    int kind;           /* index of the event decl in program->events */
    cal_day date;
    uint32_t line;      /* input line (or test line) */
    uint32_t seq;       /* input order */
    int32_t tod;        /* UK local seconds since midnight, or -1: a date only */
    int16_t utc_off;    /* minutes east of UTC at that time (when tod >= 0) */
    value *attrs;       /* one per declared attribute, in declaration order */
} ev_event;

typedef struct ev_case {
    const char *id;
    ev_event *events;   /* sorted by (date, seq) after ev_store_finish */
    size_t count, cap;
} ev_case;

typedef struct ev_store {
    const ast_program *prog;
    arena mem;
    ev_case *cases;     /* sorted by id after ev_store_finish */
    size_t ncases, capcases;
    strmap case_index;  /* id -> case number + 1 */
    uint32_t seq;
    /* Rows skipped because the policy does not declare their kind. */
    strmap skipped;     /* kind -> count (stored as uintptr_t) */
    size_t nskipped, rows, bad_rows;
    /* Filled cells in columns the row's event does not declare: ignored,
     * counted per "event.column" (uintptr_t counts). */
    strmap ignored;
    size_t nignored;
    const char *source_name;
    /* How case files are read: day-month order (--dates dmy) and the text
     * that stands for an empty cell (--null NULL; NULL: none). */
    cal_order order;
    const char *null_token;
} ev_store;

void ev_store_init(ev_store *s, const ast_program *prog);
void ev_store_free(ev_store *s);

/* Read every row of a case event file into S. Bad rows are reported to SINK
 * with file:line:col and counted in s->bad_rows. Returns false when the file
 * could not be read at all. */
bool ev_read_file(ev_store *s, const char *path, tbl_format format, diag_sink *sink);
/* Add the events of a test block (one case, id "test"). */
void ev_add_test_events(ev_store *s, const test_decl *t);
/* Sort each case's timeline by (date, input order) and the cases by id. */
void ev_store_finish(ev_store *s);

/* ------------------------------------------------------------ obligations */

typedef struct obligation {
    const ev_case *c;
    const decl *rule;
    const ev_event *trigger;  /* NULL only for rules without a trigger */
    bool has_due;
    cal_day due;
    bool has_window;          /* between / schedule: events dated before window_open do not count */
    cal_day window_open;
    cal_day base;             /* within/schedule: the date the duration is added to */
    ob_status status;
    const ev_event *met_by;   /* fulfilling event (met, late, breached for next) */
    int64_t days_late;        /* late: met - due; overdue: as_of - due */
    int milestone;            /* schedule: 1-based milestone number, else 0 */
    const decl *cancelled_by; /* an exception rule, or NULL */
    const decl *ended_state;  /* the while state that ended, or NULL */
    cal_day state_end;        /* the day a later state ended or began (0 at the trigger) */
    cal_day cancelled_on;     /* cancelled: the day it was cancelled */
    /* `within N hours` of a timed event: the due moment is exact (due_tod
     * >= 0, UK local time) and an event with a time is judged by elapsed
     * hours (hours_late); otherwise due_tod is -1 and days are compared. */
    int32_t due_tod;
    int16_t due_off;
    int64_t hours_late;
    /* The edition of the procedure in force on the trigger's date (the
     * rule's own for a rule with `edition NAME`), or NULL without editions. */
    const decl *edition;
    /* `when R overdue|breached as d`: the obligation of R whose failure
     * triggered this one, and d, the day it failed (the day after its due
     * date, or the day of the breach); escalates NULL otherwise. */
    const decl *escalates;
    cal_day esc_date;
} obligation;

typedef struct eval_error {
    char *message;
} eval_error;

typedef struct eval_result {
    obligation *items;
    size_t count, cap;
    size_t counts[ST_CANCELLED + 1];
    size_t errors;
} eval_result;

/* Coverage of one rule, accumulated over test runs. Condition slots hold
 * bit 1 when seen true and bit 2 when seen false. */
typedef struct rule_cov {
    bool triggered;          /* a trigger event was seen */
    unsigned statuses;       /* bit (1 << status) per status reached */
    uint8_t trigger_where, overrides_when, while_state;
    uint8_t conds[16];       /* if/unless clauses in order */
} rule_cov;

typedef struct eval_cov {
    rule_cov *rules;         /* one per program rule (p->rules order) */
    size_t nrules;
} eval_cov;

typedef struct eval_ctx {
    const ast_program *prog;
    const cal_calendar *cal;  /* NULL: weekends only */
    cal_day as_of;
    diag_sink *sink;          /* runtime errors (calendar range) */
    const char *events_name;  /* for messages */
    eval_cov *cov;            /* coverage recorder, or NULL */
} eval_ctx;

/* Evaluate every rule on case C, appending its obligations to R. Events
 * dated after the as-of date are not considered. Runtime errors (a date
 * outside the calendar's years) are reported to ctx->sink and counted in
 * r->errors. */
void eval_case(const eval_ctx *ctx, const ev_case *c, eval_result *r);
void eval_result_free(eval_result *r);

/* Day number of an AST date literal. */
cal_day eval_ast_date(ast_date d);

#endif
