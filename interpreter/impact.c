/*
 * impact.c — see impact.h.
 *
 * Matching within a case: each new obligation's key is (rule number in
 * the new program, trigger line, milestone); an old obligation's key uses
 * the number of the rule it became (the semantic diff's renames), so both
 * sides are sorted once and matched by binary search.
 */
#include "impact.h"

#include <stdlib.h>
#include <string.h>

#include "lang/util.h"

typedef struct ob_key {
    int rule;               /* rule number in the new program, -1 none */
    uint32_t line;
    int milestone;
    size_t i;               /* index in the new result */
} ob_key;

static int cmp_key(const void *a, const void *b)
{
    const ob_key *x = a, *y = b;
    if (x->rule != y->rule)
        return x->rule < y->rule ? -1 : 1;
    if (x->line != y->line)
        return x->line < y->line ? -1 : 1;
    return (x->milestone > y->milestone) - (x->milestone < y->milestone);
}


const char *impact_role_of(const obligation *ob)
{
    return ob->rule->u.rule.has_duty ? ob->rule->u.rule.role_text : NULL;
}

static bool role_differs(const obligation *o, const obligation *n)
{
    const char *a = impact_role_of(o), *b = impact_role_of(n);
    return (a || b) && (!a || !b || strcmp(a, b) != 0);
}

void impact_init(impact *im, const semdiff *sd, const ast_program *po, const ast_program *pn,
                 const char *events_name, cal_day as_of, bool keep_same)
{
    memset(im, 0, sizeof *im);
    im->sd = sd;
    im->po = po;
    im->pn = pn;
    im->events_name = events_name;
    im->as_of = as_of;
    im->keep_same = keep_same;
    arena_init(&im->mem);
    pthread_mutex_init(&im->mu, NULL);
    int *rule_map = xcalloc(po->rules.count ? po->rules.count : 1, sizeof *rule_map);
    for (size_t i = 0; i < po->rules.count; i++) {
        const char *nr = semdiff_rule_in_new(sd, po->rules.items[i]->name.text);
        const decl *d = nr ? strmap_get(&pn->rule_map, nr) : NULL;
        rule_map[i] = d ? d->index : -1;
    }
    im->rule_map = rule_map;
}

/* A copy of OB that outlives its case: its events without attributes,
 * its case as C. */
static const obligation *keep_ob(impact *im, const obligation *ob, const ev_case *c)
{
    obligation *k = arena_alloc(&im->mem, sizeof *k);
    *k = *ob;
    k->c = c;
    if (ob->trigger) {
        ev_event *e = arena_alloc(&im->mem, sizeof *e);
        *e = *ob->trigger;
        e->attrs = NULL;
        k->trigger = e;
    }
    if (ob->met_by) {
        ev_event *e = arena_alloc(&im->mem, sizeof *e);
        *e = *ob->met_by;
        e->attrs = NULL;
        k->met_by = e;
    }
    return k;
}

static im_change change_of(im_kind k, const char *case_id, const obligation *o, const obligation *n,
                           const char *rule)
{
    const obligation *any = n ? n : o;
    return (im_change){k, case_id, o, n, rule, any->trigger ? any->trigger->line : 0, any->milestone};
}

/* Record a change (the lock is held). */
static void im_add(impact *im, im_change c)
{
    im->items = xgrow(im->items, &im->cap, im->count, sizeof *im->items, 64);
    im->items[im->count++] = c;
}

/* Count what changed between matched O and N; false when nothing did. */
static bool count_change(impact *im, const obligation *ob, const obligation *nb)
{
    bool due_diff = ob->has_due != nb->has_due || (ob->has_due && ob->due != nb->due);
    bool role_diff = role_differs(ob, nb);
    if (!due_diff && ob->status == nb->status && !role_diff)
        return false;
    if (role_diff)
        im->role_changed++;
    im->changed++;
    if (ob->has_due && nb->has_due && nb->due < ob->due)
        im->earlier++;
    else if (ob->has_due && nb->has_due && nb->due > ob->due)
        im->later++;
    else if (!ob->has_due && nb->has_due)
        im->gain_due++;
    else if (ob->has_due && !nb->has_due)
        im->lose_due++;
    if (ob->status != nb->status)
        im->become[nb->status]++;
    return true;
}

void impact_case(impact *im, const char *case_id, const eval_result *old_r, const eval_result *new_r)
{
    size_t nn = new_r->count;
    ob_key *keys = xcalloc(nn ? nn : 1, sizeof *keys);
    bool *seen = xcalloc(nn ? nn : 1, sizeof *seen);
    for (size_t i = 0; i < nn; i++) {
        const obligation *ob = &new_r->items[i];
        keys[i] = (ob_key){ob->rule->index, ob->trigger ? ob->trigger->line : 0, ob->milestone, i};
    }
    qsort(keys, nn, sizeof *keys, cmp_key);
    pthread_mutex_lock(&im->mu);
    ev_case *c = arena_alloc(&im->mem, sizeof *c);
    memset(c, 0, sizeof *c);
    c->id = case_id = arena_strdup(&im->mem, case_id);
    for (size_t i = 0; i < old_r->count; i++)
        im->before[old_r->items[i].status]++;
    for (size_t i = 0; i < nn; i++)
        im->after[new_r->items[i].status]++;
    im->nbefore += old_r->count;
    im->nafter += nn;
    for (size_t i = 0; i < old_r->count; i++) {
        const obligation *ob = &old_r->items[i];
        ob_key k = {im->rule_map[ob->rule->index], ob->trigger ? ob->trigger->line : 0, ob->milestone, 0};
        const ob_key *hit = k.rule < 0 ? NULL : bsearch(&k, keys, nn, sizeof *keys, cmp_key);
        if (!hit) {
            im_add(im, change_of(IM_DISAPPEARS, case_id, keep_ob(im, ob, c), NULL, ob->rule->name.text));
            im->disappear++;
            continue;
        }
        const obligation *nb = &new_r->items[hit->i];
        seen[hit->i] = true;
        if (!count_change(im, ob, nb)) {
            if (im->keep_same) {
                im->same = xgrow(im->same, &im->capsame, im->nsame, sizeof *im->same, 64);
                im->same[im->nsame] = change_of(IM_CHANGES, case_id, keep_ob(im, ob, c), keep_ob(im, nb, c),
                                                nb->rule->name.text);
            }
            im->nsame++;
            continue;
        }
        im_add(im, change_of(IM_CHANGES, case_id, keep_ob(im, ob, c), keep_ob(im, nb, c), nb->rule->name.text));
    }
    for (size_t i = 0; i < nn; i++) {
        if (seen[i])
            continue;
        const obligation *nb = &new_r->items[i];
        im_add(im, change_of(IM_APPEARS, case_id, NULL, keep_ob(im, nb, c), nb->rule->name.text));
        im->appear++;
    }
    pthread_mutex_unlock(&im->mu);
    free(keys);
    free(seen);
}

static int cmp_change(const void *a, const void *b)
{
    const im_change *x = a, *y = b;
    int c = strcmp(x->case_id, y->case_id);
    if (c)
        return c;
    if (x->line != y->line)
        return x->line < y->line ? -1 : 1;
    c = strcmp(x->rule, y->rule);
    if (c)
        return c;
    if (x->milestone != y->milestone)
        return x->milestone - y->milestone;
    return (int)x->kind - (int)y->kind;
}

static bool exception_is_new(const semdiff *sd, const char *rule, bool *is_new)
{
    const sd_item *it = semdiff_rule_item(sd, rule);
    if (!it)
        return false;
    if (it->change == SD_ADDED) {
        *is_new = true;
        return true;
    }
    for (size_t k = 0; k < it->nfields; k++)
        if (strcmp(it->fields[k].field, "exception") == 0 && it->fields[k].change != SD_REMOVED) {
            *is_new = it->fields[k].change == SD_ADDED;
            return true;
        }
    return false;
}

/* The cases (in sorted ITEMS) whose changes rule D brought about. */
static size_t exception_cases(const impact *im, const decl *d)
{
    size_t n = 0;
    const char *last = NULL;
    for (size_t i = 0; i < im->count; i++) {
        const im_change *c = &im->items[i];
        const obligation *nb = c->new_ob, *ob = c->old_ob;
        if (!nb)
            continue;
        bool by_it = nb->rule == d || (nb->cancelled_by == d &&
                                       !(ob && ob->cancelled_by &&
                                         strcmp(ob->cancelled_by->name.text, d->name.text) == 0));
        if (by_it && (!last || strcmp(last, c->case_id) != 0)) {
            n++;
            last = c->case_id;
        }
    }
    return n;
}

static void exceptions(impact *im)
{
    /* (Between two different policies every exception is "new": say
     * nothing about them.) */
    const decl *pa = im->po->policy, *pb = im->pn->policy;
    bool same_policy = !pa || !pb || strcmp(pa->u.policy.qualified.text, pb->u.policy.qualified.text) == 0;
    for (size_t r = 0; same_policy && r < im->pn->rules.count; r++) {
        const decl *d = im->pn->rules.items[r];
        bool is_new;
        if (!d->u.rule.has_overrides || !exception_is_new(im->sd, d->name.text, &is_new))
            continue;
        im->exc = xrealloc(im->exc, (im->nexc + 1) * sizeof *im->exc);
        im->exc[im->nexc].rule = d->name.text;
        im->exc[im->nexc].is_new = is_new;
        im->exc[im->nexc].cases = exception_cases(im, d);
        im->nexc++;
    }
}

static void summary(impact *im)
{
    sbuf b;
    sbuf_init(&b);
    size_t total = im->appear + im->disappear + im->changed;
    if (total == 0) {
        sbuf_printf(&b, "No obligation changes: the %zu obligation%s in %zu case%s are the same under both versions.",
                    im->nafter, im->nafter == 1 ? "" : "s", im->ncases, im->ncases == 1 ? "" : "s");
        im->summary = sbuf_take(&b);
        return;
    }
    sbuf_printf(&b, "%zu obligation%s change in %zu case%s: ", total, total == 1 ? "" : "s", im->cases_affected,
                im->cases_affected == 1 ? "" : "s");
    const char *sep = "";
#define PART(n, sing, plur)                                                \
    if (n) {                                                               \
        sbuf_printf(&b, "%s%zu %s", sep, (size_t)(n), (n) == 1 ? sing : plur); \
        sep = ", ";                                                        \
    }
    PART(im->appear, "appears", "appear")
    PART(im->disappear, "disappears", "disappear")
    PART(im->earlier, "due earlier", "due earlier")
    PART(im->later, "due later", "due later")
    PART(im->gain_due, "gains a due date", "gain a due date")
    PART(im->lose_due, "loses its due date", "lose their due date")
    PART(im->role_changed, "changes responsible role", "change responsible role")
#undef PART
    for (int s = 0; s <= ST_CANCELLED; s++) {
        if (!im->become[s])
            continue;
        sbuf_printf(&b, "%s%zu become%s %s", sep, im->become[s], im->become[s] == 1 ? "s" : "",
                    status_name((ob_status)s));
        sep = ", ";
    }
    for (size_t e = 0; e < im->nexc; e++)
        if (im->exc[e].cases)
            sbuf_printf(&b, "; %zu case%s affected by the %s exception %s", im->exc[e].cases,
                        im->exc[e].cases == 1 ? "" : "s", im->exc[e].is_new ? "new" : "changed", im->exc[e].rule);
    sbuf_putc(&b, '.');
    im->summary = sbuf_take(&b);
}

void impact_finish(impact *im)
{
    if (im->count)
        qsort(im->items, im->count, sizeof *im->items, cmp_change);
    if (im->nsame && im->same)
        qsort(im->same, im->nsame, sizeof *im->same, cmp_change);
    im->cases_affected = 0;
    for (size_t i = 0; i < im->count; i++)
        if (i == 0 || strcmp(im->items[i - 1].case_id, im->items[i].case_id) != 0)
            im->cases_affected++;
    exceptions(im);
    summary(im);
}

void impact_free(impact *im)
{
    free(im->items);
    free(im->same);
    free(im->exc);
    free(im->summary);
    arena_free(&im->mem);
    pthread_mutex_destroy(&im->mu);
    free(im->rule_map);
    im->rule_map = NULL;
}
