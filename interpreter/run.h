/*
 * run.h — the one caseload runner: policy + calendar + case events → each
 * case evaluated → a sink per case, in case order.
 *
 *   run_load   reads and checks the whole events file (every input error is
 *              reported here, before anything is written); a large named
 *              file is checked in parts on up to IN->jobs threads, with
 *              the diagnostics, counts and case runs those of one pass;
 *   run_cases  evaluates every case on JOBS threads and hands each case's
 *              result to the sink's emit function in case-id order, on the
 *              calling thread, so output is the same whatever JOBS is.
 *
 * The sink has two halves: `work` runs on a worker thread with the case's
 * obligations (it filters, counts and formats into the case's own buffer;
 * it may read only what is shared read-only: the program, the calendar, the
 * options); `emit` runs on the caller's thread, in order (it writes the
 * buffer out). A case whose evaluation failed (a date outside the
 * calendar's years) is evaluated again on the calling thread so that its
 * diagnostics are printed, and handed to emit with `failed` set; run_cases
 * stops there.
 *
 * Ownership: a run owns the event store (run_free); results handed to the
 * sink are valid only during the call, except the case identifier
 * (run_case.c->id), which lives until run_free.
 */
#ifndef DOCKET_RUN_H
#define DOCKET_RUN_H

#include <stdbool.h>

#include "eval.h"
#include "lang/json.h"

typedef struct run_case {
    const ev_case *c;
    wbuf body;                          /* the sink's formatted output */
    size_t counts[ST_CANCELLED + 1];    /* the sink's counts */
    size_t not_recorded[ST_CANCELLED + 1]; /* of those, obligations waiting for what the extract cannot hold */
    size_t problems;                    /* the sink's count of obligations with a problem */
    size_t unfiltered;                  /* obligations before filtering */
    bool failed;                        /* evaluation reported an error */
    void *user;                         /* the sink's per-case data */
} run_case;

typedef struct run_sink {
    void *arg;
    /* On a worker: R holds C's obligations; fill OUT. */
    void (*work)(void *arg, const eval_result *r, run_case *out);
    /* Instead of work, for a run of two programs (run_load_pair): OLD_R
     * and NEW_R hold the case's obligations under each (either may be
     * empty: the case has no event that program declares). */
    void (*work_pair)(void *arg, const eval_result *old_r, const eval_result *new_r, run_case *out);
    /* On the caller's thread, in case order. False stops the run. */
    bool (*emit)(void *arg, run_case *out);
} run_sink;

/* Where the case events come from and how they are read. */
typedef struct run_input {
    const char *path;         /* "-": standard input */
    tbl_format format;
    cal_order order;          /* --dates */
    const char *null_token;   /* --null, or NULL */
    const char *mem;          /* when not NULL: the CSV text to read instead of PATH (eval */
    size_t mem_len;           /*   --mapping), PATH naming it in messages; read in one go */
    int jobs;                 /* threads checking a named regular file in parts (0, 1: one) */
    size_t part_min;          /* the fewest bytes a part may have (0: 1 MiB; tests make it small) */
} run_input;

/* Where a case's rows are in the file: runs of consecutive rows. */
/* Where a case's rows are in the file: runs of consecutive rows, 16 bytes
 * each (a file not grouped by case costs one a row). The run's first
 * record's offset (for ev_seek) and its rows share one word: run_span_off
 * and run_span_rows read them; a run holds RUN_SPAN_MAX_ROWS rows at most
 * (a longer one is two), and offsets stop at RUN_MAX_OFFSET. */
typedef struct run_span {
    uint64_t at;              /* offset << 16 | rows */
    uint32_t line;
    uint32_t next;            /* the case's next run, or UINT32_MAX */
} run_span;

#define RUN_SPAN_MAX_ROWS 0xFFFFu
#define RUN_MAX_OFFSET (((uint64_t)1 << 48) - 1)

static inline uint64_t run_span_off(const run_span *s)
{
    return s->at >> 16;
}

static inline uint32_t run_span_rows(const run_span *s)
{
    return (uint32_t)(s->at & RUN_SPAN_MAX_ROWS);
}

typedef struct run_case_ix {
    const char *id;
    uint32_t first, last;     /* its runs */
    uint32_t nspans;
    bool has_events;          /* at least one row of a declared kind */
    bool has_events2;         /* the same for the second program (run_load_pair) */
    uint32_t nevents;         /* its events (DOCKET_MAX_EVENTS_PER_CASE at most) */
} run_case_ix;

typedef struct run {
    const ast_program *prog;
    const cal_calendar *cal;
    cal_day as_of;
    const char *events_name;
    diag_sink *sink;
    run_input in;
    ev_store store;           /* counts of the first pass; standard input: every event */
    bool loaded, streaming;
    arena ids;
    strmap case_ix;           /* id -> case number + 1 */
    run_case_ix *cases;
    size_t ncases, capcases;
    run_span *spans;
    size_t nspans, capspans;
    uint32_t *order;          /* case numbers with events, in id order */
    size_t norder;
    const bool *not_recorded; /* per event kind (eval --mapping), or NULL */
    unsigned check_parts;     /* the parts the last check pass was read in (1: one pass) */
    /* run_load_pair: the second program, evaluated on the same cases */
    bool pair;
    int pair_stage;           /* the program being checked: 1 or 2; 0 done */
    const ast_program *prog2;
    const cal_calendar *cal2;
    ev_store store2;
} run;


/* Online CPUs (at least 1): the default number of jobs. */
int run_default_jobs(void);
/* Read the events of IN for PROG into R. False when the file has errors
 * (reported to SINK) or cannot be read. */
bool run_load(run *r, const ast_program *prog, const cal_calendar *cal, cal_day as_of, const run_input *in,
              diag_sink *sink);
/* The notes eval prints on standard error about what the file held that
 * was not evaluated: skipped kinds, ignored cells, rows after the as-of
 * date. POLICY names the policy in them. */
/* run_load for two programs over one file (diff --events): each checks
 * every row; the cases are those with an event under either; run_cases
 * then gives each case's results under both to the sink's work_pair. The
 * file must be a named one (it is read more than once). */
bool run_load_pair(run *r, const ast_program *prog, const cal_calendar *cal, const ast_program *prog2,
                   const cal_calendar *cal2, cal_day as_of, const run_input *in, diag_sink *sink);

/* Whether the file has a case ID with at least one event; the number of
 * such cases. */
bool run_has_case(const run *r, const char *id);
size_t run_ncases(const run *r);
void run_print_notes(const run *r, FILE *out, const char *policy);
/* Evaluate every case (or only ONLY_CASE, when not NULL) on JOBS threads
 * and hand each to SINK in case order. False when a case failed or emit
 * stopped the run. */
bool run_cases(run *r, int jobs, const char *only_case, const run_sink *sink);
void run_free(run *r);

#endif
