/*
 * report.h — obligations out: text (grouped by case), JSON (the contract's
 * object) and CSV (one row per obligation with the JSON's fields).
 */
#ifndef DOCKET_REPORT_H
#define DOCKET_REPORT_H

#include <stdio.h>

#include "eval.h"

typedef enum { REP_TEXT, REP_JSON, REP_CSV } rep_format;

typedef struct rep_options {
    rep_format format;
    bool color;
    bool explain;
    const eval_ctx *ctx;
    const char *events_name;
} rep_options;

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
    size_t problems;          /* obligations with no due date for want of a value from the case */
    int wrule, wrole, wact;   /* text column widths */
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

#endif
