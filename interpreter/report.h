/*
 * report.h — obligations out: text (grouped by case), JSON (the contract's
 * object), CSV (one row per obligation with the JSON's fields) and HTML (a
 * self-contained page for people, report_html.c).
 *
 * A report is written case by case, straight to its destination: nothing
 * is held but the case being written, and each case is evaluated once.
 * The caller guarantees what makes that safe (see interpreter/run.h): the
 * input has been checked whole before rep_begin. The text report's summary
 * and the JSON object's "summary" come at the end, from the counts of the
 * cases as they were emitted.
 *
 *   rep_prepare(&o);  rep_begin(&st, &o, out);
 *   for each case:    rep_format_case(&o, body, items, n);   (any thread)
 *                     rep_emit_counted(&st, body, case_counts); (in order)
 *                     (and its st.problems, rep_add_not_recorded)
 *   rep_end(&st, unfiltered)  — or rep_stop(&st, case) when a case failed.
 *
 * HTML is the exception: what needs attention comes at the top of the
 * page, so its per-case sections go to a temporary file (st->body) through
 * rep_case, on the calling thread, and rep_end writes the page.
 */
#ifndef DOCKET_REPORT_H
#define DOCKET_REPORT_H

#include <pthread.h>
#include <stdio.h>

#include "eval.h"
#include "lang/json.h"

typedef enum { REP_TEXT, REP_JSON, REP_CSV, REP_HTML } rep_format;
typedef enum { REP_GROUP_NONE, REP_GROUP_ROLE, REP_GROUP_RULE, REP_GROUP_STATUS } rep_group_by;

typedef struct rep_cache rep_cache;

typedef struct rep_options {
    rep_format format;
    bool color;
    bool explain;
    const eval_ctx *ctx;
    const char *events_name;
    int horizon;              /* days ahead that "needs attention" looks */
    bool ids;                 /* text: identifiers, not descriptions */
    rep_group_by group_by;    /* text: the summary table after the cases */
    rep_cache *cache;         /* text escaped once per rule (rep_prepare) */
    /* eval --mapping: the JSON summary has a "not_recorded" member (the
     * obligations waiting for events the extract cannot hold, counted
     * apart from their status: rep_add_not_recorded). */
    bool mapped;
} rep_options;

typedef struct rep_html rep_html;
typedef struct rep_group rep_group;
typedef struct rep_tally rep_tally;

typedef struct rep_stream {
    const rep_options *o;
    wbuf *out;
    size_t counts[ST_CANCELLED + 1];
    size_t total, ncases;
    size_t problems;          /* obligations with no due date for want of a value from the case */
    size_t not_recorded[ST_CANCELLED + 1]; /* of COUNTS, counted apart in the summaries (rep_add_not_recorded) */
    FILE *body;               /* HTML: the per-case sections so far */
    rep_html *html;           /* HTML state (report_html.c), or NULL */
    /* Text: what needs attention and the --group-by rows, summed from the
     * cases' tallies (rep_tally_case, rep_tally_add). */
    size_t soon;
    rep_group *groups;
    rep_tally *tallies;       /* every tally made, in use or free */
    pthread_mutex_t tally_mu;
    bool tally_init;
} rep_stream;

/* The date table and each rule's and event
 * kind's text escaped once: call once before any rep_format_case (it is
 * then safe from several threads); rep_release frees what it made. */
void rep_prepare(rep_options *o);
void rep_release(rep_options *o);
/* Build the shared date table now (idempotent, thread-safe). */
void rep_init_tables(void);
/* The report's head to OUT: the JSON object's policy and as-of date up to
 * the opening of "obligations", or the CSV header. False when HTML's
 * temporary file cannot be made. */
bool rep_begin(rep_stream *st, const rep_options *o, wbuf *out);
/* HTML: the (filtered) obligations of one case, in case order. */
void rep_case(rep_stream *st, const obligation *items, size_t n);
/* The N (filtered) obligations of one case into TO, without the separator
 * that joins it to the previous case. Reads only O and ITEMS. */
void rep_format_case(const rep_options *o, wbuf *to, const obligation *items, size_t n);
/* Append a case formatted by rep_format_case (BODY, emptied) whose
 * obligations have the status COUNTS; nothing when it has none. */
void rep_emit_counted(rep_stream *st, wbuf *body, const size_t counts[ST_CANCELLED + 1]);
/* The report's tail: the summary of the cases emitted (the JSON object's
 * "summary" after "obligations"); UNFILTERED is how many obligations there
 * were before filtering (the text report says how many were left out).
 * False on a write error (HTML). */
bool rep_end(rep_stream *st, size_t unfiltered);
/* One case's counts, by status, of obligations waiting for events the
 * extract cannot hold (eval --mapping): the summary counts them apart. */
void rep_add_not_recorded(rep_stream *st, const size_t counts[ST_CANCELLED + 1]);
/* Instead of rep_end when case CASE_ID could not be evaluated: a last line
 * saying that the report stops there (in JSON, where the summary would
 * have been: the object is left unclosed, so no parser takes it whole). */
void rep_stop(rep_stream *st, const char *case_id);
/* Release what a report holds (after rep_end or rep_stop, or instead). */
void rep_abort(rep_stream *st);

/* Text: what one case adds to the summary (due soon, the --group-by
 * rows). rep_tally_case runs on any thread (a tally comes from ST's pool,
 * under a lock) with the case's filtered obligations; rep_tally_add, on
 * the calling thread, adds it to ST and gives it back to the pool (NULL is
 * ignored). rep_abort frees the pool. */
rep_tally *rep_tally_case(rep_stream *st, const obligation *items, size_t n);
void rep_tally_add(rep_stream *st, rep_tally *t);

/* The order a person reads a case in: by due date (obligations without one
 * last, by trigger date), then by status (met, late, overdue, pending,
 * breached, cancelled), then as evaluated. Fills ORDER with the N indexes
 * of ITEMS. */
void rep_case_order(const obligation *items, size_t n, size_t *order);

/* The body written so far, copied to OUT (for the formats' rep_end). */
bool rep_copy_body(rep_stream *st, FILE *out);

#endif
