/*
 * testrun.h — running the `test` blocks of a checked program: the engine
 * behind `docket test` and its coverage report (mutants: mutate.h).
 *
 * Ownership: nothing returned here needs freeing.
 */
#ifndef DOCKET_TESTRUN_H
#define DOCKET_TESTRUN_H

#include <stdio.h>

#include "eval.h"

/* Run test TD of P. Failures (file:line, expectation, what was produced) are
 * printed to OUT unless it is NULL. Runtime errors go to SINK. COV, when not
 * NULL, accumulates coverage. Returns true when the test passed. */
bool testrun_one(const ast_program *p, const cal_calendar *cal, const decl *td, FILE *out, diag_sink *sink,
                 eval_cov *cov);

/* Run every test of P (whose name contains FILTER, if given) silently;
 * returns the number that failed. */
size_t testrun_all_quiet(const ast_program *p, const cal_calendar *cal, const char *filter);

#endif
