/*
 * run.c — see run.h.
 *
 * Two passes over a named file. The first checks every row and keeps, per
 * case, only where its rows are: the runs of consecutive rows of the case
 * (file offset, line, row count). Input grouped by case has one run per
 * case, so what is kept grows with the cases, not the rows (about 60 bytes
 * a case); rows in any order cost one run of 24 bytes per row at worst.
 * The second pass reads each case's runs again, in case-id order, into a
 * store of its own, evaluates it and forgets it. Standard input cannot be
 * read twice: it is read whole into one store (memory grows with it).
 *
 * Parallel evaluation: cases are numbered in case-id order. A worker
 * takes the next batch of consecutive cases under a mutex (at most
 * RUN_BATCH_CASES of them, fewer when they hold many rows), reads them
 * again with readers of its own (consecutive cases of a grouped file are
 * read on without a seek), evaluates and formats them; the calling thread
 * waits for the batches in order and hands their cases to emit. At most
 * 2 x jobs + 2 batches are in flight, so the memory of results is bounded
 * whatever the caseload, and threads meet once a batch, not once a case.
 */
#include "run.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lang/input_limits.h"
#include "lang/util.h"

/* The second pass is done in batches of consecutive cases: at most
 * RUN_BATCH_CASES cases, and no more cases once RUN_BATCH_ROWS rows are
 * in; 2 x jobs + 2 batches are in flight at most. */
#define RUN_BATCH_CASES 32
#define RUN_BATCH_ROWS 2048
#define RUN_MAX_JOBS 64

int run_default_jobs(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : n > 64 ? 64 : (int)n;
}

/* The case called ID (LEN bytes, NUL-terminated), made on first sight. */
static uint32_t case_of(run *r, const char *id, size_t len)
{
    uintptr_t n = (uintptr_t)strmap_get(&r->case_ix, id);
    if (n)
        return (uint32_t)(n - 1);
    r->cases = xgrow(r->cases, &r->capcases, r->ncases, sizeof *r->cases, 256);
    run_case_ix *c = &r->cases[r->ncases];
    memset(c, 0, sizeof *c);
    c->id = arena_strndup(&r->ids, id, len);
    c->first = c->last = UINT32_MAX;
    strmap_put(&r->case_ix, c->id, (void *)(uintptr_t)(r->ncases + 1));
    return (uint32_t)r->ncases++;
}

/* A new run of rows for case CI starting at ROW. */
static void span_add(run *r, uint32_t ci, const ev_row *row)
{
    r->spans = xgrow(r->spans, &r->capspans, r->nspans, sizeof *r->spans, 1024);
    run_span *sp = &r->spans[r->nspans];
    sp->off = row->off;
    sp->line = (uint32_t)row->line;
    sp->rows = 1;
    sp->next = UINT32_MAX;
    run_case_ix *c = &r->cases[ci];
    if (c->last == UINT32_MAX)
        c->first = (uint32_t)r->nspans;
    else
        r->spans[c->last].next = (uint32_t)r->nspans;
    c->last = (uint32_t)r->nspans;
    c->nspans++;
    r->nspans++;
}

typedef struct id_ix {
    const char *id;
    uint32_t i;
} id_ix;

static int cmp_id_ix(const void *a, const void *b)
{
    return strcmp(((const id_ix *)a)->id, ((const id_ix *)b)->id);
}

/* Sort the case numbers with events into case-id order (input grouped
 * and in order is left as it is). */
static void order_cases(run *r)
{
    r->order = xcalloc(r->ncases ? r->ncases : 1, sizeof *r->order);
    id_ix *k = xcalloc(r->ncases ? r->ncases : 1, sizeof *k);
    size_t n = 0;
    bool sorted = true;
    for (uint32_t i = 0; i < r->ncases; i++)
        if (r->cases[i].has_events || r->cases[i].has_events2) {
            k[n] = (id_ix){r->cases[i].id, i};
            if (n && strcmp(k[n - 1].id, k[n].id) > 0)
                sorted = false;
            n++;
        }
    if (!sorted)
        qsort(k, n, sizeof *k, cmp_id_ix);
    for (size_t j = 0; j < n; j++)
        r->order[j] = k[j].i;
    r->norder = n;
    free(k);
}

/* The first pass: check every row, count, and note where each case is. */
static bool load_index(run *r, const run_input *in, diag_sink *sink)
{
    ev_store *st = &r->store;
    st->check_only = true;
    st->count_later = true;
    st->as_of = r->as_of;
    ev_reader *er = ev_open(st, in->path, in->format, sink);
    if (!er)
        return false;
    ev_row row;
    uint32_t prev = UINT32_MAX;
    while (ev_next(er, st, &row)) {
        if (!row.case_id)
            continue;
        if (prev != UINT32_MAX && strcmp(r->cases[prev].id, row.case_id) == 0) {
            r->spans[r->cases[prev].last].rows++;
        } else {
            prev = case_of(r, row.case_id, row.case_len);
            span_add(r, prev, &row);
        }
        if (row.event) {
            r->cases[prev].has_events = true;
            /* A limit of the first pass, so that the second never meets it. */
            if (++r->cases[prev].nevents == DOCKET_MAX_EVENTS_PER_CASE + 1) {
                st->bad_rows++;
                diag_at(sink, DC_EVENT_ROW, in->path, row.line, 1, "case %s has more than %d events, the limit",
                        r->cases[prev].id, DOCKET_MAX_EVENTS_PER_CASE);
                diag_hint(sink, "Split the export, or check that the case column holds case identifiers.");
            }
        }
    }
    bool ok = ev_close(er, st) && st->bad_rows == 0;
    order_cases(r);
    return ok;
}

bool run_load(run *r, const ast_program *prog, const cal_calendar *cal, cal_day as_of, const run_input *in,
              diag_sink *sink)
{
    memset(r, 0, sizeof *r);
    r->prog = prog;
    r->cal = cal;
    r->as_of = as_of;
    r->events_name = in->path;
    r->sink = sink;
    r->in = *in;
    ev_store_init(&r->store, prog);
    r->store.order = in->order;
    r->store.null_token = in->null_token;
    arena_init(&r->ids);
    strmap_init(&r->case_ix);
    r->loaded = true;
    r->streaming = !in->mem && strcmp(in->path, "-") != 0;
    if (r->streaming)
        return load_index(r, in, sink);
    bool read;
    if (in->mem) {
        tbl_reader *rd = tbl_open_mem(in->path, in->mem, in->mem_len, in->format, sink);
        read = rd && ev_read_reader(&r->store, ev_open_reader(&r->store, rd, in->path, in->format, sink));
    } else {
        read = ev_read_file(&r->store, in->path, in->format, sink);
    }
    if (!read || r->store.bad_rows)
        return false;
    ev_store_finish(&r->store);
    return true;
}

/* The second program's check of every row: which cases have its events. */
static bool load_second(run *r, const run_input *in, diag_sink *sink)
{
    ev_store *st = &r->store2;
    st->check_only = true;
    ev_reader *er = ev_open(st, in->path, in->format, sink);
    if (!er)
        return false;
    ev_row row;
    uint32_t prev = UINT32_MAX;
    while (ev_next(er, st, &row)) {
        if (!row.case_id || !row.event)
            continue;
        if (prev == UINT32_MAX || strcmp(r->cases[prev].id, row.case_id) != 0) {
            uintptr_t n = (uintptr_t)strmap_get(&r->case_ix, row.case_id);
            if (!n)
                continue; /* not seen by the first pass: cannot happen for one file */
            prev = (uint32_t)(n - 1);
        }
        r->cases[prev].has_events2 = true;
    }
    return ev_close(er, st) && st->bad_rows == 0;
}

bool run_load_pair(run *r, const ast_program *prog, const cal_calendar *cal, const ast_program *prog2,
                   const cal_calendar *cal2, cal_day as_of, const run_input *in, diag_sink *sink)
{
    bool ok = run_load(r, prog, cal, as_of, in, sink);
    r->pair = true;
    r->pair_stage = 1;
    r->prog2 = prog2;
    r->cal2 = cal2;
    ev_store_init(&r->store2, prog2);
    r->store2.order = in->order;
    r->store2.null_token = in->null_token;
    if (!r->streaming) {
        diag_at(sink, DC_FILE_UNREADABLE, NULL, 0, 0, "standard input cannot be read for both versions");
        diag_hint(sink, "Give the case events as a file: diff --events reads it once for each version.");
        return false;
    }
    if (!ok)
        return false;
    r->pair_stage = 2;
    ok = load_second(r, in, sink);
    free(r->order);
    order_cases(r);
    if (ok)
        r->pair_stage = 0;
    return ok;
}

bool run_has_case(const run *r, const char *id)
{
    if (!r->streaming)
        return strmap_get(&r->store.case_index, id) != NULL;
    uintptr_t n = (uintptr_t)strmap_get(&r->case_ix, id);
    return n && r->cases[n - 1].has_events;
}

size_t run_ncases(const run *r)
{
    return r->streaming ? r->norder : r->store.ncases;
}

/* qsort comparator over C strings. */
static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* "PREFIX N NOUN(s) WHAT key (n), key (n)" with the keys in order. */
static void print_counts(FILE *out, const char *prefix, size_t n, const char *noun, const char *what,
                         const strmap *m)
{
    fprintf(out, "%s %zu %s%s %s", prefix, n, noun, n == 1 ? "" : "s", what);
    const char **keys = xcalloc(m->count + 1, sizeof *keys);
    size_t nk = 0;
    for (size_t i = 0; i < m->cap; i++)
        if (m->keys[i])
            keys[nk++] = m->keys[i];
    qsort(keys, nk, sizeof *keys, cmp_str);
    for (size_t i = 0; i < nk; i++)
        fprintf(out, "%s%s (%zu)", i ? ", " : " ", keys[i], (size_t)(uintptr_t)strmap_get(m, keys[i]));
    free(keys);
    fputc('\n', out);
}

void run_print_notes(const run *r, FILE *out, const char *policy)
{
    const ev_store *st = &r->store;
    if (st->nskipped) {
        char *what = xasprintf("of event kinds %s does not declare:", policy);
        print_counts(out, "docket: skipped", st->nskipped, "row", what, &st->skipped);
        free(what);
    }
    if (st->nignored)
        print_counts(out, "docket: ignored", st->nignored, "filled cell",
                     "in columns the row's event does not declare:", &st->ignored);
    size_t later = st->nlater;
    for (size_t i = 0; !r->streaming && i < st->ncases; i++)
        for (size_t j = st->cases[i].count; j > 0 && st->cases[i].events[j - 1].date > r->as_of; j--)
            later++;
    if (later) {
        char b[11];
        fprintf(out, "docket: %zu row%s dated after the as-of date %s %s not considered\n", later,
                later == 1 ? "" : "s", cal_format(r->as_of, b), later == 1 ? "was" : "were");
    }
}

/* ------------------------------------------------------------ evaluation */

typedef struct slot {
    run_case rc;
    ev_store st;            /* streaming: this case's events */
    const ev_case *c;       /* the case to evaluate (NULL: no events) */
    ev_store st2;           /* pair: under the second program */
    const ev_case *c2;
    bool unread;            /* the file no longer read as it did (reported on the calling thread) */
} slot;

/* Consecutive cases, read, evaluated and formatted by one worker. */
typedef struct batch {
    size_t first, n;        /* cases first .. first + n - 1 (in order) */
    slot slots[RUN_BATCH_CASES];
    bool done;
} batch;

/* Where one thread reads the file again: its own readers, and the span
 * each is at (so that a case following the last one read needs no seek). */
typedef struct reading {
    ev_reader *er, *er2;
    uint32_t next_span, next_span2;
} reading;

typedef struct pool {
    run *r;
    const run_sink *sink;
    size_t ntodo;
    const uint32_t *todo;   /* streaming: case numbers, in order */
    const ev_case **mem;    /* in memory: the cases, in order */
    size_t nbatches;        /* batches in flight at most */
    batch *batches;         /* [nbatches], batch number k in batches[k % nbatches] */
    size_t next_case;       /* the first case not yet in a batch */
    size_t next_batch;      /* the number of the next batch to make */
    size_t next_emit;       /* the number of the next batch to hand to emit */
    bool stop;
    pthread_mutex_t mu;
    pthread_cond_t room, finished;
} pool;

/* Evaluate C (none when NULL) under program P and calendar CAL into RES. */
static void eval_into(const run *r, const ast_program *p, const cal_calendar *cal, const ev_case *c,
                      diag_sink *sink, eval_result *res)
{
    res->count = 0;
    res->errors = 0;
    memset(res->counts, 0, sizeof res->counts);
    if (!c)
        return;
    eval_ctx ctx = {p, cal, r->as_of, sink, r->events_name, NULL};
    eval_case(&ctx, c, res);
}

/* The pair's two evaluations of slot S into RC. */
static void eval_pair(run *r, const run_sink *sink, const slot *s, eval_result *res, eval_result *res2,
                      run_case *rc)
{
    diag_sink quiet;
    diag_init_buffer(&quiet);
    eval_into(r, r->prog, r->cal, s->c, &quiet, res);
    eval_into(r, r->prog2, r->cal2, s->c2, &quiet, res2);
    rc->c = s->c ? s->c : s->c2;
    rc->body.len = 0;
    memset(rc->counts, 0, sizeof rc->counts);
    rc->problems = 0;
    memset(rc->not_recorded, 0, sizeof rc->not_recorded);
    rc->unfiltered = res->count + res2->count;
    rc->failed = res->errors + res2->errors > 0;
    if (!rc->failed)
        sink->work_pair(sink->arg, res, res2, rc);
    diag_free(&quiet);
}

/* Evaluate C into RC with a silent sink; RC->failed on a runtime error. */
static void eval_one(run *r, const run_sink *sink, const ev_case *c, eval_result *res, run_case *rc)
{
    diag_sink quiet;
    diag_init_buffer(&quiet);
    eval_into(r, r->prog, r->cal, c, &quiet, res);
    rc->c = c;
    rc->body.len = 0;
    memset(rc->counts, 0, sizeof rc->counts);
    memset(rc->not_recorded, 0, sizeof rc->not_recorded);
    rc->problems = 0;
    rc->unfiltered = res->count;
    rc->failed = res->errors > 0;
    if (!rc->failed)
        sink->work(sink->arg, res, rc);
    diag_free(&quiet);
}

/* A failed case once more, its diagnostics to the run's sink. */
static void report_failure(run *r, const slot *s)
{
    eval_result res = {0};
    eval_into(r, r->prog, r->cal, s->c, r->sink, &res);
    if (r->pair)
        eval_into(r, r->prog2, r->cal2, s->c2, r->sink, &res);
    eval_result_free(&res);
}

/* Evaluate slot S (one program or the pair) into its result. */
static void eval_slot(pool *p, slot *s, eval_result *res, eval_result *res2)
{
    if (p->r->pair)
        eval_pair(p->r, p->sink, s, res, res2, &s->rc);
    else
        eval_one(p->r, p->sink, s->c, res, &s->rc);
}

/* The runs of case CI read again with ER (at *NEXT) into ST, a store of
 * the slot's own; false when the file no longer reads as it did. */
static bool read_case(run *r, ev_reader *er, uint32_t *next, const run_case_ix *ci, ev_store *st,
                      const ast_program *prog)
{
    ev_store_free(st);
    ev_store_init(st, prog);
    st->order = r->in.order;
    st->null_token = r->in.null_token;
    st->no_counts = true;
    bool ok = true;
    for (uint32_t k = ci->first; k != UINT32_MAX && ok; k = r->spans[k].next) {
        const run_span *sp = &r->spans[k];
        if (k != *next && !ev_seek(er, sp->off, (int)sp->line))
            ok = false;
        ev_row row;
        for (uint32_t n = 0; ok && n < sp->rows; n++)
            ok = ev_next(er, st, &row) && !row.bad && row.case_id && strcmp(row.case_id, ci->id) == 0;
        *next = k + 1;
    }
    ev_store_finish(st);
    return ok;
}

/* Case number I (in order) into slot S: from memory, or read again from
 * the file (its runs, in file order) with RD into the slot's own
 * store(s). False, with S->unread set, when the file no longer reads as
 * it did (reported by emit_one, on the calling thread). */
static bool load_case(pool *p, reading *rd, size_t i, slot *s)
{
    s->unread = false;
    if (p->mem) {
        s->c = p->mem[i];
        return true;
    }
    run *r = p->r;
    const run_case_ix *ci = &r->cases[p->todo[i]];
    bool ok = read_case(r, rd->er, &rd->next_span, ci, &s->st, r->prog) &&
              s->st.ncases == (ci->has_events ? 1u : 0u);
    if (ok && r->pair)
        ok = read_case(r, rd->er2, &rd->next_span2, ci, &s->st2, r->prog2) &&
             s->st2.ncases == (ci->has_events2 ? 1u : 0u);
    s->c = s->c2 = NULL;
    if (!ok) {
        s->unread = true;
        s->rc.c = NULL;
        return false;
    }
    /* The identifier the run keeps: sinks may hold on to it. */
    if (s->st.ncases) {
        s->st.cases[0].id = ci->id;
        s->c = &s->st.cases[0];
    }
    if (r->pair && s->st2.ncases) {
        s->st2.cases[0].id = ci->id;
        s->c2 = &s->st2.cases[0];
    }
    return true;
}

/* Open RD's readers on the events file (QUIET takes what opening says:
 * the check pass has reported it already). False when it cannot be read. */
static bool reading_open(const run *r, reading *rd, diag_sink *sink)
{
    memset(rd, 0, sizeof *rd);
    for (int k = 0; k < (r->pair ? 2 : 1); k++) {
        ev_store scratch;
        ev_store_init(&scratch, k ? r->prog2 : r->prog);
        scratch.order = r->in.order;
        scratch.null_token = r->in.null_token;
        ev_reader *er = ev_open(&scratch, r->in.path, r->in.format, sink);
        ev_store_free(&scratch);
        if (!er)
            return false;
        *(k ? &rd->er2 : &rd->er) = er;
    }
    return true;
}

static void reading_close(const run *r, reading *rd)
{
    for (int k = 0; k < 2; k++) {
        ev_reader *er = k ? rd->er2 : rd->er;
        if (!er)
            continue;
        ev_store scratch;
        ev_store_init(&scratch, k ? r->prog2 : r->prog);
        ev_close(er, &scratch);
        ev_store_free(&scratch);
    }
    memset(rd, 0, sizeof *rd);
}

/* The rows case I holds (what a batch is measured in). */
static size_t case_rows(const pool *p, size_t i)
{
    return p->mem ? p->mem[i]->count : p->r->cases[p->todo[i]].nevents;
}

/* Read, evaluate and format every case of batch B. */
static void run_batch(pool *p, reading *rd, batch *b, eval_result *res, eval_result *res2)
{
    for (size_t j = 0; j < b->n; j++) {
        slot *s = &b->slots[j];
        if (load_case(p, rd, b->first + j, s))
            eval_slot(p, s, res, res2);
        else
            break; /* emit stops at this case */
    }
}

static void *worker(void *arg)
{
    pool *p = arg;
    eval_result res = {0}, res2 = {0};
    reading rd;
    diag_sink quiet;
    diag_init_buffer(&quiet);
    bool readable = p->mem || reading_open(p->r, &rd, &quiet);
    pthread_mutex_lock(&p->mu);
    for (;;) {
        while (!p->stop && p->next_case < p->ntodo && p->next_batch - p->next_emit >= p->nbatches)
            pthread_cond_wait(&p->room, &p->mu);
        if (p->stop || p->next_case >= p->ntodo)
            break;
        /* the next batch: up to RUN_BATCH_CASES cases and about RUN_BATCH_ROWS rows */
        batch *b = &p->batches[p->next_batch++ % p->nbatches];
        b->first = p->next_case;
        size_t rows = 0;
        b->n = 0;
        while (b->n < RUN_BATCH_CASES && p->next_case < p->ntodo && (b->n == 0 || rows < RUN_BATCH_ROWS)) {
            rows += case_rows(p, p->next_case++);
            b->n++;
        }
        pthread_mutex_unlock(&p->mu);
        if (readable) {
            run_batch(p, &rd, b, &res, &res2);
        } else {
            b->slots[0].unread = true;
            b->slots[0].rc.c = NULL;
        }
        pthread_mutex_lock(&p->mu);
        b->done = true;
        pthread_cond_broadcast(&p->finished);
    }
    pthread_mutex_unlock(&p->mu);
    if (!p->mem)
        reading_close(p->r, &rd);
    diag_free(&quiet);
    eval_result_free(&res);
    eval_result_free(&res2);
    return NULL;
}

/* Hand slot S's result to emit (after reporting its failure); false to
 * stop. */
static bool emit_one(run *r, const run_sink *sink, slot *s, size_t i, const pool *p)
{
    if (s->unread) {
        diag_at(r->sink, DC_READ_ERROR, r->events_name, 0, 0, "the file changed while it was read (case %s)",
                r->cases[p->todo[i]].id);
        return false;
    }
    run_case *rc = &s->rc;
    if (rc->failed)
        report_failure(r, s);
    bool go = sink->emit(sink->arg, rc);
    return go && !rc->failed;
}

/* One thread: load, evaluate and emit each case in turn. */
static bool run_serial(pool *p)
{
    eval_result res = {0}, res2 = {0};
    reading rd;
    bool ok = p->mem || reading_open(p->r, &rd, p->r->sink);
    slot *s = &p->batches[0].slots[0];
    for (size_t i = 0; i < p->ntodo && ok; i++) {
        if (load_case(p, &rd, i, s))
            eval_slot(p, s, &res, &res2);
        ok = emit_one(p->r, p->sink, s, i, p);
    }
    if (!p->mem)
        reading_close(p->r, &rd);
    eval_result_free(&res);
    eval_result_free(&res2);
    return ok;
}

/* Workers make batches of consecutive cases and read, evaluate and
 * format them; the calling thread waits for the batches in order and
 * hands their cases to emit. */
static bool run_parallel(pool *p, int jobs)
{
    pthread_mutex_init(&p->mu, NULL);
    pthread_cond_init(&p->room, NULL);
    pthread_cond_init(&p->finished, NULL);
    pthread_t th[RUN_MAX_JOBS];
    int started = 0;
    for (int j = 0; j < jobs && j < RUN_MAX_JOBS; j++)
        if (pthread_create(&th[started], NULL, worker, p) == 0)
            started++;
    bool ok = true;
    if (started == 0) /* no thread could be made: do it here */
        ok = run_serial(p);
    size_t emitted = 0;
    while (started && ok && emitted < p->ntodo) {
        batch *b = &p->batches[p->next_emit % p->nbatches];
        pthread_mutex_lock(&p->mu);
        while (!b->done)
            pthread_cond_wait(&p->finished, &p->mu);
        pthread_mutex_unlock(&p->mu);
        for (size_t j = 0; j < b->n && ok; j++)
            ok = emit_one(p->r, p->sink, &b->slots[j], b->first + j, p);
        emitted += b->n;
        pthread_mutex_lock(&p->mu);
        b->done = false;
        p->next_emit++;
        pthread_cond_broadcast(&p->room);
        pthread_mutex_unlock(&p->mu);
    }
    pthread_mutex_lock(&p->mu);
    p->stop = true;
    pthread_cond_broadcast(&p->room);
    pthread_mutex_unlock(&p->mu);
    for (int j = 0; j < started; j++)
        pthread_join(th[j], NULL);
    pthread_mutex_destroy(&p->mu);
    pthread_cond_destroy(&p->room);
    pthread_cond_destroy(&p->finished);
    return ok;
}

bool run_cases(run *r, int jobs, const char *only_case, const run_sink *sink)
{
    pool *p = xcalloc(1, sizeof *p);
    p->r = r;
    p->sink = sink;
    uint32_t *picked = NULL;
    if (r->streaming) {
        p->todo = r->order;
        p->ntodo = r->norder;
        if (only_case) {
            uintptr_t n = (uintptr_t)strmap_get(&r->case_ix, only_case);
            picked = xcalloc(1, sizeof *picked);
            if (n && r->cases[n - 1].has_events) {
                picked[0] = (uint32_t)(n - 1);
                p->ntodo = 1;
            } else {
                p->ntodo = 0;
            }
            p->todo = picked;
        }
    } else {
        const ev_store *st = &r->store;
        p->mem = xcalloc(st->ncases ? st->ncases : 1, sizeof *p->mem);
        for (size_t i = 0; i < st->ncases; i++)
            if (!only_case || strcmp(st->cases[i].id, only_case) == 0)
                p->mem[p->ntodo++] = &st->cases[i];
    }
    bool parallel = jobs > 1 && p->ntodo > 1;
    if (jobs > RUN_MAX_JOBS)
        jobs = RUN_MAX_JOBS;
    p->nbatches = parallel ? 2 * (size_t)jobs + 2 : 1;
    p->batches = xcalloc(p->nbatches, sizeof *p->batches);
    size_t nslots = parallel ? RUN_BATCH_CASES : 1;
    for (size_t k = 0; k < p->nbatches; k++)
        for (size_t i = 0; i < nslots; i++) {
            slot *s = &p->batches[k].slots[i];
            wb_init(&s->rc.body, NULL);
            ev_store_init(&s->st, r->prog);
            ev_store_init(&s->st2, r->pair ? r->prog2 : r->prog);
        }
    bool ok = parallel ? run_parallel(p, jobs) : run_serial(p);
    for (size_t k = 0; k < p->nbatches; k++)
        for (size_t i = 0; i < nslots; i++) {
            slot *s = &p->batches[k].slots[i];
            wb_free(&s->rc.body);
            ev_store_free(&s->st);
            ev_store_free(&s->st2);
        }
    free(p->batches);
    free(picked);
    free(p->mem);
    free(p);
    return ok;
}

void run_free(run *r)
{
    if (r->loaded) {
        ev_store_free(&r->store);
        if (r->pair)
            ev_store_free(&r->store2);
        arena_free(&r->ids);
        strmap_free(&r->case_ix);
        free(r->cases);
        free(r->spans);
        free(r->order);
    }
    r->loaded = false;
}
