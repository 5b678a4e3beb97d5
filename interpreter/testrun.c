/*
 * testrun.c — running test blocks; see testrun.h.
 */
#include "testrun.h"

#include <pthread.h>

#include <stdlib.h>
#include <string.h>

static void describe(char *buf, size_t n, const obligation *ob)
{
    char b1[11], b2[11];
    int k = snprintf(buf, n, "%s", status_name(ob->status));
    if (ob->has_due)
        k += snprintf(buf + k, n - (size_t)k, ", due %s", cal_format(ob->due, b1));
    else
        k += snprintf(buf + k, n - (size_t)k, ", due none");
    if (ob->met_by && (ob->status == ST_MET || ob->status == ST_LATE))
        k += snprintf(buf + k, n - (size_t)k, ", met on %s", cal_format(ob->met_by->date, b2));
    if (ob->status == ST_LATE || ob->status == ST_OVERDUE)
        k += snprintf(buf + k, n - (size_t)k, ", %lld %s late", (long long)ob->days_late,
                      ob->days_late == 1 ? "day" : "days");
    if (ob->rule->u.rule.role_decl)
        snprintf(buf + k, n - (size_t)k, ", by %s", ob->rule->u.rule.role_text);
}

static bool matches(const expectation *x, const obligation *ob)
{
    if (ob->status != x->status)
        return false;
    if (x->has_due) {
        if (x->due_none ? ob->has_due : (!ob->has_due || ob->due != cal_from_packed(x->due)))
            return false;
    }
    if (x->has_met) {
        if (!ob->met_by || ob->met_by->date != cal_from_packed(x->met))
            return false;
    }
    if (x->has_days_late && ob->days_late != x->days_late)
        return false;
    if (x->has_role) {
        /* `by ROLE`: one of the roles responsible (`x or y must`). */
        bool found = false;
        for (const name_list *r = ob->rule->u.rule.roles; r && !found; r = r->next)
            found = r->decl && r->decl == x->role_decl;
        if (!found)
            return false;
    }
    return true;
}

/* A maximum matching of status expectations to distinct obligations that
 * satisfy them (Kuhn's augmenting paths; tests are small). */
typedef struct matching {
    const expectation **exps;
    long *of_exp;   /* expectation index -> obligation index, or -1 */
    long *of_ob;    /* obligation index -> expectation index, or -1 */
    bool *seen;
    const eval_result *res;
} matching;

static bool augment(matching *m, long x)
{
    const expectation *e = m->exps[x];
    for (size_t i = 0; i < m->res->count; i++) {
        const obligation *ob = &m->res->items[i];
        if (m->seen[i] || ob->rule != e->rule_decl || !matches(e, ob))
            continue;
        m->seen[i] = true;
        if (m->of_ob[i] < 0 || augment(m, m->of_ob[i])) {
            m->of_ob[i] = x;
            m->of_exp[x] = (long)i;
            return true;
        }
    }
    return false;
}

static void match_expectations(const test_decl *t, const eval_result *res, matching *m)
{
    size_t nx = 0;
    for (const expectation *x = t->expects; x; x = x->next)
        nx++;
    m->res = res;
    m->exps = xcalloc(nx + 1, sizeof *m->exps);
    m->of_exp = xmalloc((nx + 1) * sizeof *m->of_exp);
    m->of_ob = xmalloc((res->count + 1) * sizeof *m->of_ob);
    m->seen = xcalloc(res->count + 1, sizeof *m->seen);
    size_t k = 0;
    for (const expectation *x = t->expects; x; x = x->next)
        m->exps[k++] = x;
    for (size_t i = 0; i < nx; i++)
        m->of_exp[i] = -1;
    for (size_t i = 0; i < res->count; i++)
        m->of_ob[i] = -1;
    for (size_t i = 0; i < nx; i++) {
        if (m->exps[i]->kind != EXP_STATUS)
            continue;
        memset(m->seen, 0, (res->count + 1) * sizeof *m->seen);
        augment(m, (long)i);
    }
    free(m->exps);
    m->exps = NULL;
}

void test_outcome_free(test_outcome *oc)
{
    for (size_t i = 0; i < oc->count; i++) {
        free(oc->misses[i].expectation);
        for (size_t k = 0; k < oc->misses[i].ngot; k++)
            free(oc->misses[i].got[k]);
        free(oc->misses[i].got);
    }
    free(oc->misses);
    memset(oc, 0, sizeof *oc);
}

/* Record in OC (when not NULL) that expectation X was not met. */
static test_miss *miss(test_outcome *oc, const expectation *x, int line)
{
    if (!oc)
        return NULL;
    oc->misses = xgrow(oc->misses, &oc->cap, oc->count, sizeof *oc->misses, 4);
    test_miss *m = &oc->misses[oc->count++];
    memset(m, 0, sizeof *m);
    m->file = x->sp.file->name;
    m->line = line;
    m->expectation = xstrndup(x->sp.file->text + x->sp.off, x->sp.len);
    return m;
}

/* Add a line of what was produced to M (when not NULL). */
static void got_line(test_miss *m, const char *text)
{
    if (!m)
        return;
    m->got = xrealloc(m->got, (m->ngot + 1) * sizeof *m->got);
    m->got[m->ngot++] = xstrdup(text);
}

bool testrun_one(const ast_program *p, const cal_calendar *cal, const decl *td, FILE *out, diag_sink *sink,
                 eval_cov *cov)
{
    return testrun_one_ex(p, cal, td, out, sink, cov, NULL);
}

bool testrun_one_ex(const ast_program *p, const cal_calendar *cal, const decl *td, FILE *out, diag_sink *sink,
                    eval_cov *cov, test_outcome *oc)
{
    if (oc)
        memset(oc, 0, sizeof *oc);
    const test_decl *t = &td->u.test;
    ev_store st;
    ev_store_init(&st, p);
    ev_add_test_events(&st, t);
    ev_store_finish(&st);
    eval_result res = {0};
    eval_ctx ctx = {p, cal, cal_from_packed(t->as_of), sink, td->sp.file->name, cov};
    if (st.ncases)
        eval_case(&ctx, &st.cases[0], &res);
    bool pass = true, header = false;
    char got[160], want[160];
    int line, col;
    if (res.errors && oc)
        oc->error = true;
    if (res.errors && !out) {
        pass = false;
    } else if (res.errors) {
        /* A runtime error (calendar range) fails the test, with its name. */
        fprintf(out, "FAIL %s (%s:%d)\n", t->name.text, td->sp.file->name,
               (src_file_position(td->sp.file, td->sp.off, &line, &col), line));
        fprintf(out, "  evaluation error (reported below)\n");
        pass = false;
        header = true;
    }
    /* Each status expectation needs an obligation of its own: two
     * `expect R met` lines need two met obligations of R. */
    matching mt;
    match_expectations(t, &res, &mt);
    size_t xi = 0;
    for (const expectation *x = t->expects; x && (pass || out || oc); x = x->next, xi++) {
        size_t n = 0;
        const obligation *only = NULL;
        bool found = mt.of_exp[xi] >= 0;
        for (size_t i = 0; i < res.count; i++)
            if (res.items[i].rule == x->rule_decl) {
                n++;
                only = &res.items[i];
            }
        bool ok = x->kind == EXP_NOTHING ? n == 0 : x->kind == EXP_COUNT ? (int64_t)n == x->count : found;
        if (ok)
            continue;
        pass = false;
        if (!out && !oc)
            break;
        if (!header && out)
            fprintf(out, "FAIL %s (%s:%d)\n", t->name.text, td->sp.file->name,
                   (src_file_position(td->sp.file, td->sp.off, &line, &col), line));
        header = true;
        src_file_position(x->sp.file, x->sp.off, &line, &col);
        test_miss *m = miss(oc, x, line);
        if (out)
            fprintf(out, "  %s:%d: %.*s\n", x->sp.file->name, line, (int)x->sp.len, x->sp.file->text + x->sp.off);
        if (x->kind == EXP_STATUS) {
            if (n == 0) {
                snprintf(want, sizeof want, "no obligation from %s", x->rule.text);
                got_line(m, want);
                if (out)
                    fprintf(out, "    got: %s\n", want);
            }
            for (size_t i = 0; i < res.count; i++)
                if (res.items[i].rule == x->rule_decl) {
                    describe(got, sizeof got, &res.items[i]);
                    got_line(m, got);
                    if (out)
                        fprintf(out, "    got: %s\n", got);
                }
        } else {
            snprintf(want, sizeof want, "%zu obligation%s from %s", n, n == 1 ? "" : "s", x->rule.text);
            got_line(m, want);
            if (out)
                fprintf(out, "    got: %s\n", want);
            if (only && n == 1) {
                describe(got, sizeof got, only);
                got_line(m, got);
                if (out)
                    fprintf(out, "         %s\n", got);
            }
        }
    }
    free(mt.of_exp);
    free(mt.of_ob);
    free(mt.seen);
    eval_result_free(&res);
    ev_store_free(&st);
    if (oc)
        oc->passed = pass;
    return pass;
}

typedef struct quiet_pool {
    const ast_program *p;
    const cal_calendar *cal;
    const char *filter;
    size_t next, failed;
    pthread_mutex_t mu;
} quiet_pool;

/* A worker of testrun_all_quiet_jobs: takes tests by number until none is
 * left, each with a sink of its own. */
static void *quiet_worker(void *arg)
{
    quiet_pool *q = arg;
    diag_sink sink;
    diag_init_buffer(&sink);
    size_t failed = 0;
    for (;;) {
        pthread_mutex_lock(&q->mu);
        size_t k = q->next++;
        pthread_mutex_unlock(&q->mu);
        if (k >= q->p->tests.count)
            break;
        const decl *td = q->p->tests.items[k];
        if (q->filter && !strstr(td->u.test.name.text, q->filter))
            continue;
        if (!testrun_one(q->p, q->cal, td, NULL, &sink, NULL))
            failed++;
    }
    diag_free(&sink);
    pthread_mutex_lock(&q->mu);
    q->failed += failed;
    pthread_mutex_unlock(&q->mu);
    return NULL;
}

size_t testrun_all_quiet_jobs(const ast_program *p, const cal_calendar *cal, const char *filter, int jobs)
{
    if (jobs <= 1 || p->tests.count < 2)
        return testrun_all_quiet(p, cal, filter);
    quiet_pool q = {p, cal, filter, 0, 0, PTHREAD_MUTEX_INITIALIZER};
    pthread_t th[64];
    int started = 0;
    for (int j = 0; j < jobs && j < 64 && (size_t)j < p->tests.count; j++)
        if (pthread_create(&th[started], NULL, quiet_worker, &q) == 0)
            started++;
    if (started == 0)
        quiet_worker(&q);
    for (int j = 0; j < started; j++)
        pthread_join(th[j], NULL);
    pthread_mutex_destroy(&q.mu);
    return q.failed;
}

size_t testrun_all_quiet(const ast_program *p, const cal_calendar *cal, const char *filter)
{
    diag_sink sink;
    diag_init_buffer(&sink);
    size_t failed = 0;
    for (size_t k = 0; k < p->tests.count; k++) {
        const decl *td = p->tests.items[k];
        if (filter && !strstr(td->u.test.name.text, filter))
            continue;
        if (!testrun_one(p, cal, td, NULL, &sink, NULL))
            failed++;
    }
    diag_free(&sink);
    return failed;
}
