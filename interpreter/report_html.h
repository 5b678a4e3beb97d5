/*
 * report_html.h — the HTML report (report_html.c), called by rep_begin,
 * rep_case, rep_end and rep_abort of report.c for REP_HTML: the per-case
 * sections go to st->body as they come; what needs attention is kept (a few
 * fields per obligation) for the top of the page.
 *
 * Ownership: the state hangs off st->html; rep_html_end and rep_html_free
 * release it.
 */
#ifndef DOCKET_REPORT_HTML_H
#define DOCKET_REPORT_HTML_H

#include <stdbool.h>
#include <stdio.h>

#include "report.h"

void rep_html_begin(rep_stream *st);
void rep_html_case(rep_stream *st, const obligation *items, size_t n);
/* Write the whole page to OUT (the body included; rep_end closes it) and
 * free the state; false on a write error. */
bool rep_html_end(rep_stream *st, FILE *out, size_t unfiltered);
void rep_html_free(rep_stream *st);

#endif
