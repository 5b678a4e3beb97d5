/*
 * report.h — obligations out: text (grouped by case), JSON (the contract's
 * object), CSV (one row per obligation with the JSON's fields) and HTML (a
 * self-contained page for people, report_html.c).
 */
#ifndef DOCKET_REPORT_H
#define DOCKET_REPORT_H

#include <stdio.h>

#include "eval.h"

typedef enum { REP_TEXT, REP_JSON, REP_CSV, REP_HTML } rep_format;
typedef enum { REP_GROUP_NONE, REP_GROUP_ROLE, REP_GROUP_RULE, REP_GROUP_STATUS } rep_group_by;

typedef struct rep_options {
    rep_format format;
    bool color;
    bool explain;
    const eval_ctx *ctx;
    const char *events_name;
    int horizon;              /* days ahead that "needs attention" looks */
    bool ids;                 /* text: identifiers, not descriptions */
    rep_group_by group_by;    /* text: the summary table after the cases */
} rep_options;

/* One row of the text report's --group-by table. */
typedef struct rep_group {
    size_t counts[ST_CANCELLED + 1];
    size_t total, cases, soon;
    bool has_due;             /* some obligation of the group has a due date */
    cal_day first_due, last_due;
} rep_group;

typedef struct rep_html rep_html;

/* A report written case by case. The body goes to a temporary file so that
 * memory stays that of one case, the JSON summary can come first, and an
 * error found in a later case leaves no partial report on standard output.
 *
 *   rep_begin; for each case: rep_case; then rep_end (or rep_abort). */
typedef struct rep_stream {
    const rep_options *o;
    FILE *body;
    size_t counts[ST_CANCELLED + 1];
    size_t total, ncases;
    int wdue, wstatus, wmet;  /* text column widths */
    int cwdue, cwmet;         /* the current case's (wider for times) */
    size_t soon;              /* text: pending, due within the horizon */
    rep_group *groups;        /* text --group-by rows, or NULL */
    size_t ngroups;
    rep_html *html;           /* HTML state (report_html.c), or NULL */
} rep_stream;

/* False when no temporary file can be made. */
bool rep_begin(rep_stream *st, const rep_options *o);
/* The (already filtered) obligations of one case. */
void rep_case(rep_stream *st, const obligation *items, size_t n);
/* Write the whole report to OUT; UNFILTERED is how many obligations there
 * were before filtering (text reports say how many were left out). False on
 * a write error. */
bool rep_end(rep_stream *st, FILE *out, size_t unfiltered);
void rep_abort(rep_stream *st);

/* The order a person reads a case in: by due date (obligations without one
 * last, by trigger date), then by status (met, late, overdue, pending,
 * breached, cancelled), then as evaluated. Fills ORDER with the N indexes
 * of ITEMS. */
void rep_case_order(const obligation *items, size_t n, size_t *order);

/* report_html.c, called by rep_begin, rep_case, rep_end and rep_abort for
 * REP_HTML: the per-case sections go to st->body as they come; what needs
 * attention is kept (a few fields per obligation) for the top of the page.
 * rep_html_end writes the whole page to OUT (the body included; rep_end
 * closes it) and frees the state; false on a write error. */
void rep_html_begin(rep_stream *st);
void rep_html_case(rep_stream *st, const obligation *items, size_t n);
bool rep_html_end(rep_stream *st, FILE *out, size_t unfiltered);
/* The body written so far, copied to OUT (for the formats' rep_end). */
bool rep_copy_body(rep_stream *st, FILE *out);
void rep_html_free(rep_stream *st);

#endif
