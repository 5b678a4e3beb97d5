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
    size_t unfiltered;      /* obligations before --status/--role filters */
} rep_options;

/* Print R (obligations already filtered) to OUT. */
void rep_print(FILE *out, const rep_options *o, const eval_result *r);

#endif
