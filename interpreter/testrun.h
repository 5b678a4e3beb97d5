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

/* What a test produced, for the machine-readable reports (test --format
 * json|junit). Owned by the caller: free with test_outcome_free. */
typedef struct test_miss {
    const char *file;     /* the expectation's file (the program's string) */
    int line;
    char *expectation;    /* its text: "expect first_meeting met on 2025-01-20" */
    char **got;           /* what was produced, one line each */
    size_t ngot;
} test_miss;

typedef struct test_outcome {
    bool passed;
    bool error;           /* evaluation failed (a date outside the calendar) */
    test_miss *misses;    /* the expectations not met */
    size_t count, cap;
} test_outcome;

/* testrun_one that also records the outcome in OC (when not NULL; OC is
 * initialised here). */
bool testrun_one_ex(const ast_program *p, const cal_calendar *cal, const decl *td, FILE *out, diag_sink *sink,
                    eval_cov *cov, test_outcome *oc);
void test_outcome_free(test_outcome *oc);

/* Run every test of P (whose name contains FILTER, if given) silently;
 * returns the number that failed. */
size_t testrun_all_quiet(const ast_program *p, const cal_calendar *cal, const char *filter);
/* The same with the tests spread over JOBS threads (P is only read; the
 * count does not depend on JOBS). */
size_t testrun_all_quiet_jobs(const ast_program *p, const cal_calendar *cal, const char *filter, int jobs);

#endif
