/*
 * run.c — see run.h.
 *
 * Two passes over a named file. The first checks every row and keeps, per
 * case, only where its rows are: the runs of consecutive rows of the case
 * (file offset, line, row count). Input grouped by case has one run per
 * case, so what is kept grows with the cases, not the rows (about 60 bytes
 * a case); rows in any order cost one run of 16 bytes per row at worst.
 * The second pass reads each case's runs again, in case-id order, into a
 * store of its own, evaluates it and forgets it. Standard input cannot be
 * read twice: it is read whole into one store (memory grows with it).
 *
 * The check pass in parts: a named regular file of at least two parts'
 * bytes (run_input.part_min, 1 MiB) is cut into up to min(jobs, 8) parts,
 * each starting just after a line break, and each part is checked on a
 * thread of its own (its own reader, store, case table and buffered
 * diagnostics). The parts are then merged on the calling thread, in file
 * order: lines shifted by those of the parts before, diagnostics reported
 * as one pass would (the first 50 bad rows of the whole file, then one
 * count of the rest), counts added, each case's runs appended in file
 * order (a run across a cut is joined again). A cut never follows a
 * blank line (a reader reads past those to the next record). When a
 * part's reader did not stop exactly where the next part starts (a quoted
 * line break across the cut; a bad record just before it, which the
 * reader skips to read the next), a part met a reader limit, or a case
 * has too many events, the parts are dropped, nothing reported, and the
 * file is checked again in one pass: the output never depends on the cut.
 *
 * Parallel evaluation: cases are numbered in case-id order. A worker
 * takes the next batch of consecutive cases under a mutex (at most
 * RUN_BATCH_CASES of them, fewer when they hold many rows), reads them
 * again with readers of its own (consecutive cases of a grouped file are
 * read on without a seek), evaluates and formats them; the calling thread
 * waits for the batches in order and hands their cases to emit. At most
 * jobs + 2 batches are in flight, so the memory of results is bounded
 * whatever the caseload, and threads meet once a batch, not once a case.
 */
#include "run.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lang/input_limits.h"
#include "lang/util.h"

/* The second pass is done in batches of consecutive cases: at most
 * RUN_BATCH_CASES cases, and no more cases once RUN_BATCH_ROWS rows are
 * in; jobs + 2 batches are in flight at most. */
#define RUN_BATCH_CASES 32
#define RUN_BATCH_ROWS 2048
#define RUN_MAX_JOBS 64
#define RUN_MAX_PARTS 8                   /* the check pass: at most this many parts */
#define RUN_PART_MIN ((size_t)1 << 20)    /* and at least this many bytes in each */
#define RUN_PART_MAX_DIAGS 4096           /* a part with more diagnostics is read again in one pass */

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

/* A new run of ROWS rows for case CI starting at offset OFF, line LINE. */
static void span_add(run *r, uint32_t ci, uint64_t off, uint32_t line, uint32_t rows)
{
    r->spans = xgrow(r->spans, &r->capspans, r->nspans, sizeof *r->spans, 1024);
    run_span *sp = &r->spans[r->nspans];
    sp->at = off << 16 | rows;
    sp->line = line;
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

/* The case tables of R (or of a part): empty. */
static void tables_init(run *r)
{
    arena_init(&r->ids);
    strmap_init(&r->case_ix);
    r->cases = NULL;
    r->spans = NULL;
    r->ncases = r->capcases = r->nspans = r->capspans = 0;
}

static void tables_free(run *r)
{
    arena_free(&r->ids);
    strmap_free(&r->case_ix);
    free(r->cases);
    free(r->spans);
}

/* Check every record of ER into ST and note in T where each case's rows
 * are and how many events it has. One pass (PART false): a case past
 * DOCKET_MAX_EVENTS_PER_CASE is reported to SINK. A part: the count stops
 * one past the limit (the merge decides), and reading stops, false, when
 * SINK (the part's buffer) holds more than RUN_PART_MAX_DIAGS. */
static bool index_rows(run *t, ev_reader *er, ev_store *st, const char *path, diag_sink *sink, bool part)
{
    ev_row row;
    uint32_t prev = UINT32_MAX;
    while (ev_next(er, st, &row)) {
        if (part && sink->count > RUN_PART_MAX_DIAGS)
            return false;
        if (!row.case_id)
            continue;
        if (row.off > RUN_MAX_OFFSET) {
            diag_at(sink, DC_INPUT_LIMIT, path, row.line, 1,
                    "the file is larger than 256 TiB, the limit; the rest of it is not read");
            st->bad_rows++;
            return false;
        }
        if (prev != UINT32_MAX && strcmp(t->cases[prev].id, row.case_id) == 0 &&
            run_span_rows(&t->spans[t->cases[prev].last]) < RUN_SPAN_MAX_ROWS) {
            t->spans[t->cases[prev].last].at++;
        } else {
            prev = case_of(t, row.case_id, row.case_len);
            span_add(t, prev, row.off, (uint32_t)row.line, 1);
        }
        if (!row.event)
            continue;
        run_case_ix *c = &t->cases[prev];
        c->has_events = true;
        if (part) {
            if (c->nevents <= DOCKET_MAX_EVENTS_PER_CASE)
                c->nevents++;
        } else if (++c->nevents == DOCKET_MAX_EVENTS_PER_CASE + 1) {
            /* A limit of the first pass, so that the second never meets it. */
            st->bad_rows++;
            diag_at(sink, DC_EVENT_ROW, path, row.line, 1, "case %s has more than %d events, the limit", c->id,
                    DOCKET_MAX_EVENTS_PER_CASE);
            diag_hint(sink, "Split the export, or check that the case column holds case identifiers.");
        }
    }
    return true;
}

/* ------------------------------------------------------------ the check pass in parts */

typedef struct part {
    const run_input *in;
    uint64_t start, end;      /* records starting in [start, end); end UINT64_MAX: to the end */
    ev_reader *er;            /* part 0: opened by the caller */
    ev_store st;
    diag_sink diags;          /* buffered: reported at the merge */
    run t;                    /* its cases and runs (ids, case_ix, cases, spans) */
    uint64_t end_off;         /* where its reader stopped, and on which (relative) line */
    int end_line;
    bool read;                /* read to its end, within RUN_PART_MAX_DIAGS */
} part;

/* Check part P (a thread's function). Lines are counted from 1 at its start. */
static void *part_read(void *arg)
{
    part *p = arg;
    if (!p->er) {
        p->er = ev_open(&p->st, p->in->path, p->in->format, &p->diags);
        if (!p->er)
            return NULL;
        if (!ev_seek(p->er, p->start, 1)) {
            ev_close(p->er, &p->st);
            p->er = NULL;
            return NULL;
        }
    }
    if (p->end != UINT64_MAX)
        ev_set_end(p->er, p->end);
    p->read = index_rows(&p->t, p->er, &p->st, p->in->path, &p->diags, true);
    p->end_off = ev_position(p->er, &p->end_line);
    ev_close(p->er, &p->st);
    p->er = NULL;
    return NULL;
}

/* The offset just after the first line break at or after FROM and before
 * TO in F (of SIZE bytes) that ends a line whose last character (before a
 * CR) is not a space, a tab or a CR: not a blank line, which a reader
 * reads past to the next record; 0 when there is none. */
static uint64_t line_start_after(FILE *f, uint64_t from, uint64_t to, uint64_t size)
{
    char buf[4096];
    if (to > size)
        to = size;
    /* buf[0] and buf[1] are the two bytes before the one at buf[2] */
    if (from < 2 || from >= to || fseeko(f, (off_t)(from - 2), SEEK_SET) != 0)
        return 0;
    uint64_t base = from - 2; /* the offset of buf[0] */
    size_t len = 0;
    while (base + len < to) {
        size_t want = sizeof buf - len;
        if (want > to - (base + len))
            want = (size_t)(to - (base + len));
        size_t got = fread(buf + len, 1, want, f);
        if (got == 0)
            return 0;
        size_t i = len < 2 ? 2 : len;
        len += got;
        for (const char *nl; i < len && (nl = memchr(buf + i, '\n', len - i)) != NULL; i++) {
            i = (size_t)(nl - buf);
            char last = buf[i - 1] == '\r' ? buf[i - 2] : buf[i - 1];
            if (last != '\n' && last != '\r' && last != ' ' && last != '\t')
                return base + i + 1;
        }
        memmove(buf, buf + len - 2, 2); /* the two bytes before the next */
        base += len - 2;
        len = 2;
    }
    return 0;
}

/* Whether part P's diagnostics say its reader met a limit or could not
 * read (then one pass must decide what is read and reported). */
static bool part_limited(const part *p)
{
    for (size_t i = 0; i < p->diags.count; i++)
        if (p->diags.items[i].code == DC_INPUT_LIMIT || p->diags.items[i].code == DC_READ_ERROR)
            return true;
    return false;
}

/* Every count of FROM added to TO (new keys copied into DST's arena). */
static void add_counts_map(ev_store *dst, strmap *to, const strmap *from)
{
    for (size_t i = 0; i < from->cap; i++)
        if (from->keys[i]) {
            uintptr_t had = (uintptr_t)strmap_get(to, from->keys[i]);
            strmap_put(to, had ? from->keys[i] : arena_strdup(&dst->mem, from->keys[i]),
                       (void *)(had + (uintptr_t)from->vals[i]));
        }
}

static void add_counts(ev_store *dst, const ev_store *src)
{
    dst->rows += src->rows;
    dst->bad_rows += src->bad_rows;
    dst->nskipped += src->nskipped;
    dst->nignored += src->nignored;
    dst->nlater += src->nlater;
    add_counts_map(dst, &dst->skipped, &src->skipped);
    add_counts_map(dst, &dst->ignored, &src->ignored);
}

/* The parts' cases and runs into R, in file order (LINE0[k]: the lines
 * before part k), each part's tables freed once merged (so that a file
 * not grouped by case, a run a row, holds the runs about one and a half
 * times at most, not twice); false when a case has more events than the
 * limit. */
static bool merge_cases(run *r, part *ps, size_t n, const int64_t *line0)
{
    uint32_t prev = UINT32_MAX; /* the case of the last run: a run across a cut goes on */
    for (size_t k = 0; k < n; k++) {
        const run *t = &ps[k].t;
        uint32_t *owner = xcalloc(t->nspans ? t->nspans : 1, sizeof *owner);
        for (uint32_t c = 0; c < t->ncases; c++)
            for (uint32_t j = t->cases[c].first; j != UINT32_MAX; j = t->spans[j].next)
                owner[j] = c;
        for (uint32_t j = 0; j < t->nspans; j++) {
            const run_case_ix *lc = &t->cases[owner[j]];
            const run_span *sp = &t->spans[j];
            uint32_t ci = case_of(r, lc->id, strlen(lc->id));
            run_case_ix *c = &r->cases[ci];
            if (j == lc->first) { /* the case's first run in this part */
                if ((uint64_t)c->nevents + lc->nevents > DOCKET_MAX_EVENTS_PER_CASE) {
                    free(owner);
                    return false;
                }
                c->nevents += lc->nevents;
                c->has_events = c->has_events || lc->has_events;
            }
            if (ci == prev && run_span_rows(&r->spans[c->last]) + run_span_rows(sp) <= RUN_SPAN_MAX_ROWS) {
                r->spans[c->last].at += run_span_rows(sp);
            } else {
                span_add(r, ci, run_span_off(sp), (uint32_t)(sp->line + line0[k]), run_span_rows(sp));
                prev = ci;
            }
        }
        free(owner);
        tables_free(&ps[k].t);
        tables_init(&ps[k].t);
    }
    return true;
}

/* The second program's parts: which cases have its events. */
static void merge_second(run *r, const part *ps, size_t n)
{
    for (size_t k = 0; k < n; k++)
        for (size_t c = 0; c < ps[k].t.ncases; c++)
            if (ps[k].t.cases[c].has_events) {
                uintptr_t i = (uintptr_t)strmap_get(&r->case_ix, ps[k].t.cases[c].id);
                if (i) /* not seen by the first pass: cannot happen for one file */
                    r->cases[i - 1].has_events2 = true;
            }
}

/* The parts' diagnostics to SINK as one pass reports them: in file order,
 * lines shifted, bad rows (DC_EVENT_ROW, counted one by one) only up to
 * EV_MAX_REPORTED in all, then one DC_MORE_BAD_ROWS for the rest of DST's
 * bad rows; the counts into DST. (A part keeps its first EV_MAX_REPORTED
 * bad rows: enough, whatever the parts before it reported.) True as
 * ev_close and the one pass say it: nothing reported and no bad row. */
static bool merge_report(const part *ps, size_t n, const int64_t *line0, ev_store *dst, const char *path,
                         diag_sink *sink)
{
    size_t errors0 = sink->errors, reported = 0;
    for (size_t k = 0; k < n; k++) {
        for (size_t i = 0; i < ps[k].diags.count; i++) {
            const diag *d = &ps[k].diags.items[i];
            if (d->code == DC_MORE_BAD_ROWS)
                continue; /* the part's own count: the file's is below */
            if (d->code == DC_EVENT_ROW && ++reported > EV_MAX_REPORTED)
                continue;
            diag_copy(sink, d, (int)line0[k]);
        }
        add_counts(dst, &ps[k].st);
    }
    dst->source_name = path;
    if (dst->bad_rows > EV_MAX_REPORTED)
        diag_at(sink, DC_MORE_BAD_ROWS, path, 0, 0, "%zu more bad rows not shown", dst->bad_rows - EV_MAX_REPORTED);
    return sink->errors == errors0 && dst->bad_rows == 0;
}

/* Check IN for PROG in parts, on threads, into DST (a store set up for the
 * check: check_only, as_of, order, null token) and R's case tables (the
 * second program, SECOND: only which cases have its events). 1 when it is
 * done and the file has no error, 0 done with errors (reported to SINK);
 * -1 not done, nothing reported and R and DST as they were: the caller
 * reads the file in one pass. */
static int check_in_parts(run *r, const run_input *in, const ast_program *prog, ev_store *dst, bool second,
                          diag_sink *sink)
{
    r->check_parts = 1;
    int jobs = in->jobs > RUN_MAX_PARTS ? RUN_MAX_PARTS : in->jobs;
    if (jobs < 2 || in->mem || strcmp(in->path, "-") == 0)
        return -1;
    uint64_t part_min = in->part_min ? in->part_min : RUN_PART_MIN;
    FILE *f = fopen(in->path, "rb");
    struct stat sb;
    if (!f)
        return -1;
    if (fstat(fileno(f), &sb) != 0 || !S_ISREG(sb.st_mode) || (uint64_t)sb.st_size / part_min < 2) {
        fclose(f);
        return -1;
    }
    uint64_t size = (uint64_t)sb.st_size;
    size_t n = size / part_min < (uint64_t)jobs ? (size_t)(size / part_min) : (size_t)jobs;
    part *ps = xcalloc(n, sizeof *ps);
    for (size_t k = 0; k < n; k++) {
        part *p = &ps[k];
        p->in = in;
        ev_store_init(&p->st, prog);
        p->st.check_only = true;
        p->st.count_later = dst->count_later;
        p->st.as_of = dst->as_of;
        p->st.order = dst->order;
        p->st.null_token = dst->null_token;
        diag_init_buffer(&p->diags);
        tables_init(&p->t);
        p->end = UINT64_MAX;
    }
    /* Part 0 is opened here: its header (reported by the one pass when
     * it is bad) says where the records start. */
    size_t m = 0;
    ps[0].er = ev_open(&ps[0].st, in->path, in->format, &ps[0].diags);
    uint64_t h = ps[0].er ? ev_position(ps[0].er, NULL) : size;
    if (h < size) {
        ps[0].start = h;
        m = 1;
        for (size_t k = 1; k < n; k++) {
            uint64_t at = line_start_after(f, h + (size - h) / n * k, h + (size - h) / n * (k + 1), size);
            if (at > ps[m - 1].start && at < size)
                ps[m++].start = at;
        }
    }
    fclose(f);
    int result = -1;
    if (m >= 2) {
        for (size_t k = 0; k + 1 < m; k++)
            ps[k].end = ps[k + 1].start;
        pthread_t th[RUN_MAX_PARTS];
        bool started[RUN_MAX_PARTS] = {false};
        for (size_t k = 1; k < m; k++)
            started[k] = pthread_create(&th[k], NULL, part_read, &ps[k]) == 0;
        part_read(&ps[0]);
        for (size_t k = 1; k < m; k++) {
            if (started[k])
                pthread_join(th[k], NULL);
            else
                part_read(&ps[k]); /* no thread could be made: here */
        }
        /* Whether the parts are the one pass cut in pieces. */
        int64_t line0[RUN_MAX_PARTS];
        bool whole = true;
        line0[0] = 0;
        for (size_t k = 0; k < m && whole; k++) {
            const part *p = &ps[k];
            whole = p->read && !part_limited(p) && (k == 0 || p->st.rows > 0) &&
                    (k + 1 == m || p->end_off == ps[k + 1].start);
            int64_t next = line0[k] + p->end_line - 1;
            if (next >= DOCKET_MAX_LINES)
                whole = false;
            else if (k + 1 < m)
                line0[k + 1] = next;
        }
        if (whole && second) {
            merge_second(r, ps, m);
        } else if (whole && !merge_cases(r, ps, m, line0)) {
            tables_free(r); /* a case past the limit: the one pass reports it where it is */
            tables_init(r);
            whole = false;
        }
        if (whole) {
            result = merge_report(ps, m, line0, dst, in->path, sink) ? 1 : 0;
            r->check_parts = (unsigned)m;
        }
    }
    for (size_t k = 0; k < n; k++) {
        if (ps[k].er)
            ev_close(ps[k].er, &ps[k].st);
        ev_store_free(&ps[k].st);
        diag_free(&ps[k].diags);
        tables_free(&ps[k].t);
    }
    free(ps);
    return result;
}

/* The first pass: check every row, count, and note where each case is. */
static bool load_index(run *r, const run_input *in, diag_sink *sink)
{
    ev_store *st = &r->store;
    st->check_only = true;
    st->count_later = true;
    st->as_of = r->as_of;
    int done = check_in_parts(r, in, r->prog, st, false, sink);
    if (done >= 0) {
        order_cases(r);
        return done == 1;
    }
    ev_reader *er = ev_open(st, in->path, in->format, sink);
    if (!er)
        return false;
    index_rows(r, er, st, in->path, sink, false);
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
    tables_init(r);
    r->check_parts = 1;
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
    int done = check_in_parts(r, in, r->prog2, st, true, sink);
    if (done >= 0)
        return done == 1;
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
        if (k != *next && !ev_seek(er, run_span_off(sp), (int)sp->line))
            ok = false;
        ev_row row;
        for (uint32_t n = 0, rows = run_span_rows(sp); ok && n < rows; n++)
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
    p->nbatches = parallel ? (size_t)jobs + 2 : 1;
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
        tables_free(r);
        free(r->order);
    }
    r->loaded = false;
}
