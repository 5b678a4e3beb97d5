/*
 * report.h — obligations out: text (grouped by case), JSON (the contract's
 * object) and CSV (one row per obligation with the JSON's fields).
 *
 * A report is written case by case, straight to its destination: nothing
 * is held but the case being written. The caller guarantees what makes
 * that safe (see interpreter/run.h): the input has been checked whole
 * before rep_begin, and the JSON summary's counts are known then.
 *
 *   rep_prepare(&o);  rep_begin(&st, &o, out, counts);
 *   for each case:    rep_format_case(&o, body, items, n);   (any thread)
 *                     rep_emit_counted(&st, body, case_counts); (in order)
 *   rep_end(&st, unfiltered)  — or rep_stop(&st, case) when a case failed.
 */
#ifndef DOCKET_REPORT_H
#define DOCKET_REPORT_H

#include <stdio.h>

#include "eval.h"
#include "lang/json.h"

typedef enum { REP_TEXT, REP_JSON, REP_CSV } rep_format;

typedef struct rep_options {
    rep_format format;
    bool color;
    bool explain;
    const eval_ctx *ctx;
    const char *events_name;
    int wrule, wrole, wact;   /* text column widths (rep_prepare) */
} rep_options;

typedef struct rep_stream {
    const rep_options *o;
    wbuf *out;
    size_t counts[ST_CANCELLED + 1];
    size_t total, ncases;
} rep_stream;

/* Column widths from the policy, and the date table: call once before any
 * rep_format_case (it is then safe from several threads). */
void rep_prepare(rep_options *o);
/* Build the shared date table now (idempotent, thread-safe). */
void rep_init_tables(void);
/* The report's head to OUT: the JSON object's policy, as-of date and
 * SUMMARY (the final status counts; NULL for zeros) or the CSV header. */
void rep_begin(rep_stream *st, const rep_options *o, wbuf *out, const size_t *summary);
/* The N (filtered) obligations of one case into TO, without the separator
 * that joins it to the previous case. Reads only O and ITEMS. */
void rep_format_case(const rep_options *o, wbuf *to, const obligation *items, size_t n);
/* Append a case formatted by rep_format_case (BODY, emptied) whose
 * obligations have the status COUNTS; nothing when it has none. */
void rep_emit_counted(rep_stream *st, wbuf *body, const size_t counts[ST_CANCELLED + 1]);
/* The report's tail; UNFILTERED is how many obligations there were before
 * filtering (the text report says how many were left out). */
void rep_end(rep_stream *st, size_t unfiltered);
/* Instead of rep_end when case CASE_ID could not be evaluated: a last line
 * saying that the report stops there. */
void rep_stop(rep_stream *st, const char *case_id);

#endif
