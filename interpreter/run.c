/*
 * run.c — see run.h.
 *
 * Parallel evaluation: cases are numbered in case-id order. Workers take
 * the next number under a mutex and evaluate that case into slot
 * (number % RUN_WINDOW); the calling thread waits for the slots in order
 * and hands them to emit. At most RUN_WINDOW cases are in flight, so the
 * memory of results is bounded whatever the caseload.
 */
#include "run.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lang/util.h"

#define RUN_WINDOW 64

int run_default_jobs(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : n > 64 ? 64 : (int)n;
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
    ev_store_init(&r->store, prog);
    r->store.order = in->order;
    r->store.null_token = in->null_token;
    r->loaded = true;
    if (!ev_read_file(&r->store, in->path, in->format, sink) || r->store.bad_rows)
        return false;
    ev_store_finish(&r->store);
    return true;
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
    size_t later = 0;
    for (size_t i = 0; i < st->ncases; i++)
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
    bool done;
} slot;

typedef struct pool {
    run *r;
    const run_sink *sink;
    const ev_case **todo;   /* the cases, in order */
    size_t ntodo;
    slot slots[RUN_WINDOW];
    size_t next_take, next_emit;
    bool stop;
    pthread_mutex_t mu;
    pthread_cond_t taken, finished;
} pool;

/* Evaluate C into RC with a silent sink; RC->failed on a runtime error. */
static void eval_one(run *r, const run_sink *sink, const ev_case *c, eval_result *res, run_case *rc)
{
    diag_sink quiet;
    diag_init_buffer(&quiet);
    eval_ctx ctx = {r->prog, r->cal, r->as_of, &quiet, r->events_name, NULL};
    res->count = 0;
    res->errors = 0;
    memset(res->counts, 0, sizeof res->counts);
    eval_case(&ctx, c, res);
    rc->c = c;
    rc->body.len = 0;
    memset(rc->counts, 0, sizeof rc->counts);
    rc->problems = 0;
    rc->unfiltered = res->count;
    rc->failed = res->errors > 0;
    if (!rc->failed)
        sink->work(sink->arg, res, rc);
    diag_free(&quiet);
}

/* A failed case once more, its diagnostics to the run's sink. */
static void report_failure(run *r, const ev_case *c)
{
    eval_result res = {0};
    eval_ctx ctx = {r->prog, r->cal, r->as_of, r->sink, r->events_name, NULL};
    eval_case(&ctx, c, &res);
    eval_result_free(&res);
}

static void *worker(void *arg)
{
    pool *p = arg;
    eval_result res = {0};
    pthread_mutex_lock(&p->mu);
    for (;;) {
        while (!p->stop && p->next_take < p->ntodo && p->next_take - p->next_emit >= RUN_WINDOW)
            pthread_cond_wait(&p->taken, &p->mu);
        if (p->stop || p->next_take >= p->ntodo)
            break;
        size_t i = p->next_take++;
        slot *s = &p->slots[i % RUN_WINDOW];
        pthread_mutex_unlock(&p->mu);
        eval_one(p->r, p->sink, p->todo[i], &res, &s->rc);
        pthread_mutex_lock(&p->mu);
        s->done = true;
        pthread_cond_broadcast(&p->finished);
    }
    pthread_mutex_unlock(&p->mu);
    eval_result_free(&res);
    return NULL;
}

/* Hand RC to emit (after reporting its failure); false to stop. */
static bool emit_one(run *r, const run_sink *sink, run_case *rc)
{
    if (rc->failed)
        report_failure(r, rc->c);
    bool go = sink->emit(sink->arg, rc);
    return go && !rc->failed;
}

bool run_cases(run *r, int jobs, const char *only_case, const run_sink *sink)
{
    const ev_store *st = &r->store;
    pool *p = xcalloc(1, sizeof *p);
    p->r = r;
    p->sink = sink;
    p->todo = xcalloc(st->ncases ? st->ncases : 1, sizeof *p->todo);
    for (size_t i = 0; i < st->ncases; i++)
        if (!only_case || strcmp(st->cases[i].id, only_case) == 0)
            p->todo[p->ntodo++] = &st->cases[i];
    for (size_t i = 0; i < RUN_WINDOW; i++)
        wb_init(&p->slots[i].rc.body, NULL);
    bool ok = true;
    if (jobs <= 1 || p->ntodo < 2) {
        eval_result res = {0};
        for (size_t i = 0; i < p->ntodo && ok; i++) {
            run_case *rc = &p->slots[0].rc;
            eval_one(r, sink, p->todo[i], &res, rc);
            ok = emit_one(r, sink, rc);
        }
        eval_result_free(&res);
    } else {
        pthread_mutex_init(&p->mu, NULL);
        pthread_cond_init(&p->taken, NULL);
        pthread_cond_init(&p->finished, NULL);
        if (jobs > RUN_WINDOW)
            jobs = RUN_WINDOW;
        pthread_t th[RUN_WINDOW];
        int started = 0;
        for (int j = 0; j < jobs; j++)
            if (pthread_create(&th[started], NULL, worker, p) == 0)
                started++;
        if (started == 0) { /* no thread could be made: do it here */
            p->stop = true;
            eval_result res = {0};
            for (size_t i = 0; i < p->ntodo && ok; i++) {
                run_case *rc = &p->slots[0].rc;
                eval_one(r, sink, p->todo[i], &res, rc);
                ok = emit_one(r, sink, rc);
            }
            eval_result_free(&res);
        }
        for (size_t i = 0; started && i < p->ntodo && ok; i++) {
            slot *s = &p->slots[i % RUN_WINDOW];
            pthread_mutex_lock(&p->mu);
            while (!s->done)
                pthread_cond_wait(&p->finished, &p->mu);
            pthread_mutex_unlock(&p->mu);
            ok = emit_one(r, sink, &s->rc);
            pthread_mutex_lock(&p->mu);
            s->done = false;
            p->next_emit++;
            if (!ok)
                p->stop = true;
            pthread_cond_broadcast(&p->taken);
            pthread_mutex_unlock(&p->mu);
        }
        pthread_mutex_lock(&p->mu);
        p->stop = true;
        pthread_cond_broadcast(&p->taken);
        pthread_mutex_unlock(&p->mu);
        for (int j = 0; j < started; j++)
            pthread_join(th[j], NULL);
        pthread_mutex_destroy(&p->mu);
        pthread_cond_destroy(&p->taken);
        pthread_cond_destroy(&p->finished);
    }
    for (size_t i = 0; i < RUN_WINDOW; i++)
        wb_free(&p->slots[i].rc.body);
    free(p->todo);
    free(p);
    return ok;
}

void run_free(run *r)
{
    if (r->loaded)
        ev_store_free(&r->store);
    r->loaded = false;
}
