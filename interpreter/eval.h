/*
 * eval.h — one case evaluated: its timeline (events.h) and the program's
 * rules into obligations, with coverage for `docket test`.
 *
 * Ownership: an eval_result owns its obligations (eval_result_free);
 * obligations point into the program (rule decls) and the store (events),
 * which must outlive it.
 */
#ifndef DOCKET_EVAL_H
#define DOCKET_EVAL_H

#include <stdbool.h>
#include <stdint.h>

#include "lang/program.h"
#include "interpreter/time/calendar.h"
#include "events.h"

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
    /* No due date because a value from the case is missing (an empty
     * attribute), or too large (problem_too_long): that expression. With
     * problem_state, the value is what that state's end needs: the
     * obligation depends on the state, whose end cannot be computed, and
     * is pending (docs/semantics.md). */
    const expr *problem;
    bool problem_too_long;
    const decl *problem_state;
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
    /* eval --mapping: the action (or the event a `before` deadline waits
     * for) that the extract cannot hold, when the obligation is not met;
     * the report gives it as a problem and counts it apart. Else NULL. */
    const decl *not_recorded;
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

#endif
