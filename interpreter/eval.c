/*
 * eval.c — obligations of one case.
 *
 * A case is evaluated on its own. Its timeline (sorted by date, then input
 * order) is indexed once: for each event kind the positions of its events,
 * and for each state its intervals. Finding the event that fulfils a duty is
 * a binary search plus a skip over consumed events (a union-find "next free"
 * structure), so nothing is quadratic in the events of a case.
 */
#include <stdlib.h>
#include <string.h>

#include "eval.h"
#include "interpreter/time/duration.h"

/* ------------------------------------------------------------ case index */

/* A state holds from its opening event to its closing event: by date
 * [start, end) for `STATE at DATE`, and by timeline position [spos, epos)
 * at a trigger, so that events on the same day keep their input order. */
typedef struct interval {
    cal_day start, end; /* end INT32_MAX when still open */
    uint32_t spos, epos;
    /* Its end cannot be computed: the value its length, closing date or
     * extension needs and the case does not have (UNKNOWN_TOO_LONG: a
     * number too large). While open it may have ended already, so anything
     * read from it is uncertain (docs/semantics.md, "A state whose end
     * cannot be computed"). NULL for a state whose end is known. */
    const expr *unknown;
    bool unknown_too_long;
} interval;

typedef struct case_index {
    const ev_case *c;
    size_t limit;        /* events[0..limit) are on or before the as-of date */
    uint32_t *pos;       /* positions grouped by kind */
    uint32_t *kstart;    /* kind k: pos[kstart[k] .. kstart[k+1]) */
    interval *iv;
    uint32_t *sstart;    /* state s: iv[sstart[s] .. sstart[s+1]) */
    bool failed;         /* a state's length left the calendar's years */
} case_index;

typedef struct ectx {
    const eval_ctx *ctx;
    const case_index *ix;
    const ev_event *trigger;   /* the binding */
    const ev_event *scope;     /* bare attribute names */
    uint32_t ref_pos;          /* the trigger's timeline position, for bare state names */
    const decl *rule;
    bool failed;               /* a runtime error was reported */
    /* The first attribute found without a value (or a count from the case
     * too large) since it was last cleared: why a due date is missing. */
    const expr *missing;
    bool missing_too_long;
    /* What is known: queries see only events dated on or before VIEW, and
     * `STATE at D` with D after it does not hold yet (the as-of date by
     * default; earlier when a condition is judged as it stood on a day).
     * THRESHOLD is the earliest such D seen since it was last reset: the
     * day the answer may change without a new event. */
    cal_day view;
    cal_day threshold;
    /* The day the rule being applied came to apply (its if/unless first
     * held, on what was known that day): its trigger's date, or later. */
    cal_day arise;
    /* Escalation (`when R overdue as d`): the binding is the day R failed,
     * only events from that day count, and the obligation records R. */
    const decl *esc_rule;
    cal_day esc_date;
    /* Per event kind K: KIDX[K] is the first index in K's positions whose
     * event is dated after KDAY[K] (a query's "known" bound, kept from the
     * last view asked about so that views moving forward day by day search
     * only what is new). */
    cal_day *kday;
    uint32_t *kidx;
    unsigned range_errors;     /* range errors reported so far */
    /* The first state read where its end cannot be computed since it was
     * last cleared (per trigger), with the value it lacks; UNSURE_READS
     * counts every such read, so that a caller can tell whether a
     * judgement of its own read one. */
    const decl *unsure_state;
    const expr *unsure;
    bool unsure_too_long;
    unsigned unsure_reads;
    /* While a condition is judged day by day (TRACKING): the kinds whose
     * later events may change what its queries evaluated so far return,
     * LIVE[0..NLIVE), each flagged in LIVE_ON (both sized per kind). */
    bool tracking;
    int *live;
    uint8_t *live_on;
    int nlive;
} ectx;

static const ev_event *at(const case_index *ix, uint32_t p)
{
    return &ix->c->events[p];
}

static value eval(ectx *E, const expr *e);

/* Append interval IV to the case's state intervals (n and cap in IX). */
static void iv_push(case_index *ix, size_t *n, size_t *cap, interval iv)
{
    if (*n == *cap)
        ix->iv = xrealloc(ix->iv, (*cap *= 2) * sizeof *ix->iv);
    ix->iv[(*n)++] = iv;
}

/* The end of state ST's `for` length DUR from START (opened by event E),
 * or INT32_MAX (reported, and IX->failed) when working days leave the
 * calendar's years. */
static cal_day state_for_end(const eval_ctx *ctx, case_index *ix, const decl *st, const ev_event *e, cal_day start,
                             duration dur)
{
    int bad = 0;
    cal_day end;
    if (dur_add(ctx->cal, start, dur, 1, &end, &bad))
        return end;
    char b[11];
    int l, col;
    src_file_position(st->u.state.for_sp.file, st->u.state.for_sp.off, &l, &col);
    if (bad < 1 || bad > 9999 || !ctx->cal)
        diag_at(ctx->sink, DC_DATE_RANGE, ctx->events_name, (int)e->line, 0,
                "case %s, state %s: %s + %lld %s falls outside the dates Docket handles (0001-01-01 to 9999-12-31)",
                ix->c->id, st->name.text, cal_format(start, b), (long long)dur.n, dur_unit_name(dur.unit, dur.n != 1));
    else
        diag_at(ctx->sink, DC_OUTSIDE_CALENDAR, ctx->events_name, (int)e->line, 0,
                "case %s, state %s: %s + %lld working days needs %d, outside calendar %s (%d-%d)", ix->c->id,
                st->name.text, cal_format(start, b), (long long)dur.n, bad, cal_name(ctx->cal),
                cal_first_year(ctx->cal), cal_last_year(ctx->cal));
    diag_hint(ctx->sink, "The state's length is at %s:%d:%d. Add the year's holidays to the calendar file; Docket never guesses them.",
              st->u.state.for_sp.file->name, l, col);
    ix->failed = true;
    return INT32_MAX;
}

static bool count_of_data(ectx *E, const expr *count, duration *dur);

/* What a state's end needs and the case lacks, kept in IV (the first). */
static void iv_unknown(interval *iv, const expr *missing, bool too_long)
{
    if (missing && !iv->unknown) {
        iv->unknown = missing;
        iv->unknown_too_long = too_long;
    }
}

/* A state's date expression X (its computed closing date, or an
 * extension's new one) with event E bound to the declared name; INT32_MAX
 * when it has no value: then, when an attribute it needs is missing from
 * the case, that attribute goes to IV (iv_unknown). */
static cal_day state_date(const eval_ctx *ctx, case_index *ix, const expr *x, const ev_event *e, uint32_t pos,
                          interval *iv)
{
    ectx SE = {.ctx = ctx, .ix = ix, .trigger = e, .ref_pos = pos, .view = ctx->as_of, .threshold = INT32_MAX};
    value v = eval(&SE, x);
    if (SE.failed)
        ix->failed = true;
    if (v.k == V_DATE)
        return (cal_day)v.i;
    iv_unknown(iv, SE.missing, false);
    return INT32_MAX;
}

/* The end of state ST opened by event E (at position POS, on START): the
 * earliest of its `for` length and its computed closing date, INT32_MAX
 * when it has neither (or neither can be computed: what is missing goes to
 * IV). */
static cal_day state_end(const eval_ctx *ctx, case_index *ix, const decl *st, const ev_event *e, uint32_t pos,
                         cal_day start, interval *iv)
{
    cal_day end = INT32_MAX;
    if (st->u.state.has_for) {
        duration d = st->u.state.for_dur;
        bool known = true;
        if (st->u.state.for_count) {
            ectx SE = {.ctx = ctx, .ix = ix, .trigger = e, .ref_pos = pos, .view = ctx->as_of, .threshold = INT32_MAX};
            known = count_of_data(&SE, st->u.state.for_count, &d);
            if (SE.failed)
                ix->failed = true;
            if (!known)
                iv_unknown(iv, SE.missing, SE.missing_too_long);
        }
        if (known)
            end = state_for_end(ctx, ix, st, e, start, d);
    }
    if (st->u.state.close_at) {
        cal_day c = state_date(ctx, ix, st->u.state.close_at, e, pos, iv);
        if (c < end)
            end = c;
    }
    return end;
}

static bool is_kind(const name_list *l, int kind)
{
    for (; l; l = l->next)
        if (l->decl && l->decl->index == kind)
            return true;
    return false;
}

/* Does event group G (kind events.count + G) hold event kind K? */
static bool group_has(const ast_program *p, size_t g, int k)
{
    for (size_t i = 0; i < p->groups[g].count; i++)
        if (p->groups[g].items[i]->index == k)
            return true;
    return false;
}

/* The intervals of state ST on the case: it opens on a `from` event and
 * closes on the next `until` event, or on the earliest of its `for` end
 * and its computed closing date (moved by each extension while it is
 * open). An interval whose end cannot be computed (a value missing from
 * the case) is marked unknown. */
static void state_walk(const eval_ctx *ctx, case_index *ix, const decl *st, size_t *n, size_t *cap)
{
    const ev_case *c = ix->c;
    size_t lim = ix->limit;
    bool open = false;
    cal_day capd = INT32_MAX;
    interval cur = {0};
    for (size_t i = 0; i <= lim; i++) {
        const ev_event *e = i < lim ? &c->events[i] : NULL;
        if (open && (!e || e->date >= capd) && capd != INT32_MAX) {
            cur.end = capd;
            cur.epos = (uint32_t)i;
            iv_push(ix, n, cap, cur);
            open = false;
        }
        if (!e)
            break;
        if (open && is_kind(st->u.state.until, e->kind)) {
            cur.end = e->date;
            cur.epos = (uint32_t)i;
            iv_push(ix, n, cap, cur);
            open = false;
        } else if (open && st->u.state.ext_decl && st->u.state.ext_decl->index == e->kind) {
            interval probe = {0};
            cal_day to = state_date(ctx, ix, st->u.state.ext_to, e, (uint32_t)i, &probe);
            if (to != INT32_MAX) {
                capd = to;
            } else if (probe.unknown) {
                /* Extended to a date the case does not give. */
                capd = INT32_MAX;
                iv_unknown(&cur, probe.unknown, false);
            }
        } else if (!open && is_kind(st->u.state.from, e->kind)) {
            open = true;
            cur = (interval){.start = e->date, .spos = (uint32_t)i};
            capd = state_end(ctx, ix, st, e, (uint32_t)i, e->date, &cur);
        }
    }
    if (open) {
        cur.end = capd;
        cur.epos = (uint32_t)lim;
        iv_push(ix, n, cap, cur);
    }
}

static void build_index(const eval_ctx *ctx, const ev_case *c, case_index *ix)
{
    const ast_program *p = ctx->prog;
    /* Kinds: one per event, then one per event group (`when A or B`,
     * `must A or B`), whose positions merge its events' in timeline order. */
    size_t ne = p->events.count, nk = ne + p->ngroups, ns = p->states.count;
    ix->c = c;
    ix->failed = false;
    size_t lim = c->count;
    while (lim > 0 && c->events[lim - 1].date > ctx->as_of)
        lim--;
    ix->limit = lim;
    ix->kstart = xcalloc(nk + 1, sizeof *ix->kstart);
    size_t total = lim;
    for (size_t i = 0; i < lim; i++) {
        ix->kstart[c->events[i].kind + 1]++;
        for (size_t g = 0; g < p->ngroups; g++)
            if (group_has(p, g, c->events[i].kind)) {
                ix->kstart[ne + g + 1]++;
                total++;
            }
    }
    for (size_t k = 0; k < nk; k++)
        ix->kstart[k + 1] += ix->kstart[k];
    ix->pos = xmalloc((total + 1) * sizeof *ix->pos);
    uint32_t *fill = xmalloc((nk + 1) * sizeof *fill);
    memcpy(fill, ix->kstart, (nk + 1) * sizeof *fill);
    for (size_t i = 0; i < lim; i++) {
        ix->pos[fill[c->events[i].kind]++] = (uint32_t)i;
        for (size_t g = 0; g < p->ngroups; g++)
            if (group_has(p, g, c->events[i].kind))
                ix->pos[fill[ne + g]++] = (uint32_t)i;
    }
    free(fill);

    /* States: walk the timeline once per state. */
    ix->sstart = xcalloc(ns + 1, sizeof *ix->sstart);
    size_t cap = 8, n = 0;
    ix->iv = xmalloc(cap * sizeof *ix->iv);
    for (size_t s = 0; s < ns; s++) {
        ix->sstart[s] = (uint32_t)n;
        state_walk(ctx, ix, p->states.items[s], &n, &cap);
        /* Later states are not known yet to a closing date computed now. */
        ix->sstart[s + 1] = (uint32_t)n;
    }
    ix->sstart[ns] = (uint32_t)n;
}

static void free_index(case_index *ix)
{
    free(ix->pos);
    free(ix->kstart);
    free(ix->iv);
    free(ix->sstart);
}

/* The interval of state S holding at D, or NULL. */
static const interval *state_at(const case_index *ix, int s, cal_day d)
{
    for (uint32_t i = ix->sstart[s]; i < ix->sstart[s + 1]; i++)
        if (ix->iv[i].start <= d && d < ix->iv[i].end)
            return &ix->iv[i];
    return NULL;
}

/* The interval of state S holding at timeline position P, or NULL. */
static const interval *state_at_pos(const case_index *ix, int s, uint32_t p)
{
    for (uint32_t i = ix->sstart[s]; i < ix->sstart[s + 1]; i++)
        if (ix->iv[i].spos <= p && p < ix->iv[i].epos)
            return &ix->iv[i];
    return NULL;
}

/* IV (of state ST, or NULL) was read for the obligation being worked
 * out: when its end cannot be computed, what it says is uncertain, and the
 * obligation carries the problem (E->unsure). Returns IV. */
static const interval *read_state(ectx *E, const interval *iv, const decl *st)
{
    if (iv && iv->unknown) {
        E->unsure_reads++;
        if (!E->unsure) {
            E->unsure = iv->unknown;
            E->unsure_too_long = iv->unknown_too_long;
            E->unsure_state = st;
        }
    }
    return iv;
}

/* First index in kind K's positions whose event date is > D (strict) or >= D. */
static uint32_t kind_lower(const case_index *ix, int k, cal_day d, bool strict)
{
    uint32_t lo = ix->kstart[k], hi = ix->kstart[k + 1];
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        cal_day md = at(ix, ix->pos[mid])->date;
        if (strict ? md <= d : md < d)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* First index in kind K's positions whose timeline position is > P. */
static uint32_t kind_after_pos(const case_index *ix, int k, uint32_t p)
{
    uint32_t lo = ix->kstart[k], hi = ix->kstart[k + 1];
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (ix->pos[mid] <= p)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* First index in kind K's positions whose event is dated after E->view:
 * the end of what is known of K. The as-of date knows every indexed event;
 * otherwise the search starts from the bound last found for an earlier
 * view (E->kday, E->kidx), as views mostly move forward. */
static uint32_t known_end(ectx *E, int k)
{
    const case_index *ix = E->ix;
    uint32_t hi = ix->kstart[k + 1];
    if (E->view >= E->ctx->as_of || !E->kday)
        return E->view >= E->ctx->as_of ? hi : kind_lower(ix, k, E->view, true);
    if (E->kday[k] == E->view)
        return E->kidx[k];
    uint32_t lo = E->kday[k] < E->view ? E->kidx[k] : ix->kstart[k];
    if (E->kday[k] > E->view)
        hi = E->kidx[k];
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (at(ix, ix->pos[mid])->date <= E->view)
            lo = mid + 1;
        else
            hi = mid;
    }
    E->kday[k] = E->view;
    E->kidx[k] = lo;
    return lo;
}

static value absent(void)
{
    value v = {0};
    return v;
}

static value vint(val_kind k, int64_t i)
{
    value v = {0};
    v.k = k;
    v.i = i;
    return v;
}

static void range_error(ectx *E, cal_day d, duration dur, int bad_year, const expr *where)
{
    char b[11];
    const eval_ctx *ctx = E->ctx;
    int line = E->trigger ? (int)E->trigger->line : 0;
    if (bad_year < 1 || bad_year > 9999 || !ctx->cal)
        diag_at(ctx->sink, DC_DATE_RANGE, ctx->events_name, line, 0,
                "case %s, rule %s: %s + %lld %s falls outside the dates Docket handles (0001-01-01 to 9999-12-31)",
                E->ix->c->id, E->rule ? E->rule->name.text : "?", cal_format(d, b), (long long)dur.n,
                dur_unit_name(dur.unit, dur.n != 1));
    else
        diag_at(ctx->sink, DC_OUTSIDE_CALENDAR, ctx->events_name, line, 0,
                "case %s, rule %s: %s + %lld working days needs %d, outside calendar %s (%d-%d)", E->ix->c->id,
                E->rule ? E->rule->name.text : "?", cal_format(d, b), (long long)dur.n, bad_year,
                cal_name(ctx->cal), cal_first_year(ctx->cal), cal_last_year(ctx->cal));
    if (where) {
        int l, c;
        src_file_position(where->sp.file, where->sp.off, &l, &c);
        diag_hint(ctx->sink, "The arithmetic is at %s:%d:%d. Add the year's holidays to the calendar file; Docket never guesses them.",
                  where->sp.file->name, l, c);
    }
    E->failed = true;
    E->range_errors++;
}

static value eval(ectx *E, const expr *e);

/* Attribute INDEX of event kind DECLARED, read on EV: EV may be of another
 * kind of the same `or` list, which declares the attribute (same name and
 * type, checked) at its own position. */
static value attr_value(const ectx *E, const ev_event *ev, const decl *declared, int index, const char *name)
{
    if (!declared || ev->kind == declared->index)
        return ev->attrs[index];
    const decl *d = E->ctx->prog->events.items[ev->kind];
    int i = 0;
    for (const attr_decl *a = d->u.event.attrs; a; a = a->next, i++)
        if (strcmp(a->name.text, name) == 0)
            return ev->attrs[i];
    return absent();
}

static bool truthy(ectx *E, const expr *e)
{
    value v = eval(E, e);
    return v.k == V_BOOL && v.i;
}

static bool values_equal(value a, value b)
{
    if (a.k == V_ABSENT || b.k == V_ABSENT)
        return false;
    if (a.k == V_TEXT || b.k == V_TEXT)
        return a.k == b.k && strcmp(a.s, b.s) == 0;
    if (a.k == V_DURATION)
        return b.k == V_DURATION && a.dur.unit == b.dur.unit && a.dur.n == b.dur.n;
    return a.i == b.i;
}

static value eval_binary(ectx *E, const expr *e)
{
    binop op = e->u.bin.op;
    if (op == OP_AND) {
        if (!truthy(E, e->u.bin.l))
            return vint(V_BOOL, 0);
        return vint(V_BOOL, truthy(E, e->u.bin.r));
    }
    if (op == OP_OR) {
        if (truthy(E, e->u.bin.l))
            return vint(V_BOOL, 1);
        return vint(V_BOOL, truthy(E, e->u.bin.r));
    }
    value l = eval(E, e->u.bin.l), r = eval(E, e->u.bin.r);
    if (op == OP_ADD || op == OP_SUB) {
        if (l.k == V_ABSENT || r.k == V_ABSENT)
            return absent();
        int sign = op == OP_ADD ? 1 : -1;
        if (l.k == V_DATE && r.k == V_DURATION) {
            cal_day out;
            int bad = 0;
            if (!dur_add(E->ctx->cal, (cal_day)l.i, r.dur, sign, &out, &bad)) {
                range_error(E, (cal_day)l.i, r.dur, bad, e);
                return absent();
            }
            return vint(V_DATE, out);
        }
        if (l.k == V_DURATION && r.k == V_DATE) {
            cal_day out;
            int bad = 0;
            if (!dur_add(E->ctx->cal, (cal_day)r.i, l.dur, 1, &out, &bad)) {
                range_error(E, (cal_day)r.i, l.dur, bad, e);
                return absent();
            }
            return vint(V_DATE, out);
        }
        if (l.k == V_DATE && r.k == V_DATE)
            return vint(V_INT, l.i - r.i);
        if (l.k == V_DURATION && r.k == V_DURATION) {
            value v = l;
            v.dur.n = l.dur.n + sign * r.dur.n;
            return v;
        }
        return vint(V_INT, op == OP_ADD ? l.i + r.i : l.i - r.i);
    }
    if (l.k == V_ABSENT || r.k == V_ABSENT)
        return vint(V_BOOL, 0);
    if (op == OP_EQ)
        return vint(V_BOOL, values_equal(l, r));
    if (op == OP_NE)
        return vint(V_BOOL, !values_equal(l, r));
    int64_t a = l.k == V_DURATION ? l.dur.n : l.i, b = r.k == V_DURATION ? r.dur.n : r.i;
    switch (op) {
    case OP_LT: return vint(V_BOOL, a < b);
    case OP_LE: return vint(V_BOOL, a <= b);
    case OP_GT: return vint(V_BOOL, a > b);
    case OP_GE: return vint(V_BOOL, a >= b);
    case OP_ADD:
    case OP_SUB:
    case OP_EQ:
    case OP_NE:
    case OP_AND:
    case OP_OR:
        break;
    }
    return absent();
}

/* DUR's number from the case: COUNT's value plus DUR's offset, into
 * DUR->n. False (with E->missing set to what is missing or too large) when
 * COUNT has no value or the duration would pass a hundred years. */
static bool count_of_data(ectx *E, const expr *count, duration *dur)
{
    value c = eval(E, count);
    if (c.k != V_INT) {
        if (!E->missing)
            E->missing = count;
        return false;
    }
    duration d = {c.i + dur->n, dur->unit};
    if (!dur_within_limit(d)) {
        if (!E->missing) {
            E->missing = count;
            E->missing_too_long = true;
        }
        return false;
    }
    *dur = d;
    return true;
}

/* A query over the case's events known on the day judged: `first E [after
 * D]`, `last E [before D]`, `count E [between A and B]`, `exists E`, each
 * with an optional `where` on the event. */
static value eval_query(ectx *E, const expr *e, const ev_event **found)
{
    const case_index *ix = E->ix;
    int k = e->u.query.decl->index;
    uint32_t lo = ix->kstart[k], hi = ix->kstart[k + 1];
    const expr *where = e->u.query.cond;
    if (e->kind != EX_EXISTS && e->u.query.a) {
        /* Narrow [lo, hi) to the dates the query's bounds allow. */
        value a = eval(E, e->u.query.a);
        if (a.k != V_DATE)
            return e->kind == EX_COUNT ? vint(V_INT, 0) : absent();
        if (e->kind == EX_FIRST) {
            lo = kind_lower(ix, k, (cal_day)a.i, true);
        } else if (e->kind == EX_LAST) {
            hi = kind_lower(ix, k, (cal_day)a.i, false);
        } else {
            value b = eval(E, e->u.query.b);
            if (b.k != V_DATE)
                return vint(V_INT, 0);
            lo = kind_lower(ix, k, (cal_day)a.i, false);
            hi = kind_lower(ix, k, (cal_day)b.i, true);
        }
    }
    /* Only what was known on the day judged. */
    uint32_t known = known_end(E, k);
    if (hi > known)
        hi = known;
    if (!where) {
        switch (e->kind) {
        case EX_EXISTS: return vint(V_BOOL, hi > lo);
        case EX_COUNT: return vint(V_INT, hi > lo ? hi - lo : 0);
        case EX_FIRST:
            if (lo >= hi)
                return absent();
            *found = at(ix, ix->pos[lo]);
            return vint(V_DATE, (*found)->date);
        case EX_DATE:
        case EX_INT:
        case EX_DURATION:
        case EX_BOOL:
        case EX_TEXT:
        case EX_NAME:
        case EX_ATTR:
        case EX_STATE_AT:
        case EX_NOT:
        case EX_NEG:
        case EX_BINARY:
        case EX_IN:
        case EX_LAST:
            if (hi <= lo)
                return absent();
            *found = at(ix, ix->pos[hi - 1]);
            return vint(V_DATE, (*found)->date);
        }
    }
    /* With `where`: look at each event of the kind in range, in order
     * (from the end for `last`). */
    const ev_event *saved = E->scope;
    value result = e->kind == EX_EXISTS ? vint(V_BOOL, 0) : e->kind == EX_COUNT ? vint(V_INT, 0) : absent();
    for (uint32_t n = 0; lo + n < hi; n++) {
        uint32_t i = e->kind == EX_LAST ? hi - 1 - n : lo + n;
        const ev_event *ev = at(ix, ix->pos[i]);
        E->scope = ev;
        if (!truthy(E, where))
            continue;
        if (e->kind == EX_COUNT) {
            result.i++;
            continue;
        }
        result = e->kind == EX_EXISTS ? vint(V_BOOL, 1) : vint(V_DATE, ev->date);
        *found = ev;
        break;
    }
    E->scope = saved;
    return result;
}

/* While a condition is judged day by day (E->live set), record the kind
 * query E read unless its value V can no longer change as later events of
 * that kind become known: `exists` once true and `first` once found stay
 * so (a later event is dated after every event already known), as long as
 * what they are bounded by stays the same, which the kinds that bound reads
 * record. */
static void note_live(ectx *E, const expr *e, value v)
{
    if ((e->kind == EX_EXISTS && v.k == V_BOOL && v.i) || (e->kind == EX_FIRST && v.k == V_DATE))
        return;
    int k = e->u.query.decl->index;
    if (!E->live_on[k]) {
        E->live_on[k] = 1;
        E->live[E->nlive++] = k;
    }
}

static value eval(ectx *E, const expr *e)
{
    const case_index *ix = E->ix;
    switch (e->kind) {
    case EX_DATE: return vint(V_DATE, cal_from_packed(e->u.date));
    case EX_INT: return vint(V_INT, e->u.i);
    case EX_BOOL: return vint(V_BOOL, e->u.b);
    case EX_TEXT: {
        value v = {0};
        v.k = V_TEXT;
        v.s = e->u.text;
        return v;
    }
    case EX_DURATION: {
        value v = {0};
        v.k = V_DURATION;
        v.dur = e->u.dur;
        if (e->dur_count && !count_of_data(E, e->dur_count, &v.dur))
            return absent();
        return v;
    }
    case EX_NAME:
        switch (e->u.name.res) {
        case RES_ATTR:
            return E->scope ? attr_value(E, E->scope, e->u.name.attr_event, e->u.name.index, e->u.name.name.text)
                            : absent();
        case RES_BINDING:
            if (E->esc_rule)
                return vint(V_DATE, E->esc_date);
            return E->trigger ? vint(V_DATE, E->trigger->date) : absent();
        case RES_ROLE:
            return vint(V_ROLE, e->u.name.decl->index);
        case RES_ENUM_VALUE:
            return vint(V_ENUM, e->u.name.index);
        case RES_STATE:
            return vint(V_BOOL, read_state(E, state_at_pos(ix, e->u.name.decl->index, E->ref_pos),
                                           e->u.name.decl) != NULL);
        case RES_DATE:
            return E->scope ? vint(V_DATE, E->scope->date) : absent();
        case RES_NONE:
            break;
        }
        return absent();
    case EX_ATTR: {
        /* The trigger's attribute, or (QUERY).ATTRIBUTE: the found event's. */
        const ev_event *ev = E->trigger;
        if (e->u.attr.base->kind != EX_NAME) {
            ev = NULL;
            value q = eval_query(E, e->u.attr.base, &ev);
            if (E->tracking)
                note_live(E, e->u.attr.base, q);
        }
        value v = absent();
        if (ev && e->u.attr.index < 0)
            return vint(V_DATE, ev->date);
        if (ev)
            v = attr_value(E, ev, e->u.attr.ev, e->u.attr.index, e->u.attr.attr.text);
        if (v.k == V_ABSENT && !E->missing && (ev || e->u.attr.base->kind != EX_NAME))
            E->missing = e;
        return v;
    }
    case EX_STATE_AT: {
        value d = eval(E, e->u.state_at.at);
        if (d.k != V_DATE)
            return vint(V_BOOL, 0);
        /* After the date judged on (the as-of date, or the day a condition
         * is judged as it stood) the state is not known yet: it does not
         * hold (a state open today is not assumed to stay open). */
        if ((cal_day)d.i > E->view) {
            if ((cal_day)d.i < E->threshold)
                E->threshold = (cal_day)d.i;
            return vint(V_BOOL, 0);
        }
        return vint(V_BOOL, read_state(E, state_at(ix, e->u.state_at.decl->index, (cal_day)d.i),
                                       e->u.state_at.decl) != NULL);
    }
    case EX_NOT: return vint(V_BOOL, !truthy(E, e->u.un.e));
    case EX_NEG: {
        value v = eval(E, e->u.un.e);
        if (v.k == V_DURATION)
            v.dur.n = -v.dur.n;
        else if (v.k == V_INT)
            v.i = -v.i;
        return v;
    }
    case EX_BINARY: return eval_binary(E, e);
    case EX_IN: {
        value l = eval(E, e->u.in.lhs);
        bool found = false;
        for (const expr *i = e->u.in.items; i && !found; i = i->next)
            found = values_equal(l, eval(E, i));
        if (l.k == V_ABSENT)
            return vint(V_BOOL, 0);
        return vint(V_BOOL, found != e->u.in.negated);
    }
    case EX_FIRST:
    case EX_LAST:
    case EX_COUNT:
    case EX_EXISTS: {
        const ev_event *found = NULL;
        value v = eval_query(E, e, &found);
        if (E->tracking)
            note_live(E, e, v);
        return v;
    }
    }
    return absent();
}

/* Does E depend on the trigger (so a candidate's match cannot be cached)? */
static bool depends_on_trigger(const expr *e)
{
    if (!e)
        return false;
    switch (e->kind) {
    case EX_NAME: return e->u.name.res == RES_BINDING || e->u.name.res == RES_STATE;
    case EX_ATTR: case EX_STATE_AT: return true;
    case EX_NOT: case EX_NEG: return depends_on_trigger(e->u.un.e);
    case EX_BINARY: return depends_on_trigger(e->u.bin.l) || depends_on_trigger(e->u.bin.r);
    case EX_IN:
        if (depends_on_trigger(e->u.in.lhs))
            return true;
        for (const expr *i = e->u.in.items; i; i = i->next)
            if (depends_on_trigger(i))
                return true;
        return false;
    case EX_FIRST: case EX_LAST: case EX_COUNT: case EX_EXISTS:
        return depends_on_trigger(e->u.query.a) || depends_on_trigger(e->u.query.b) ||
               depends_on_trigger(e->u.query.cond);
    case EX_DATE:
    case EX_INT:
    case EX_DURATION:
    case EX_BOOL:
    case EX_TEXT:
        break;
    }
    return false;
}

/* ------------------------------------------------------------ rules */

/* Union-find over one kind's positions: next[i] leads to the first index >= i
 * still free (not consumed, not known not to match). */
typedef struct freelist {
    uint32_t base, n;
    uint32_t *next; /* size n + 1; next[n] = n is the end */
} freelist;

static void fl_init(freelist *f, uint32_t base, uint32_t n)
{
    f->base = base;
    f->n = n;
    f->next = xmalloc((n + 1) * sizeof *f->next);
    for (uint32_t i = 0; i <= n; i++)
        f->next[i] = i;
}

static uint32_t fl_find(freelist *f, uint32_t i)
{
    uint32_t r = i;
    while (f->next[r] != r)
        r = f->next[r];
    while (f->next[i] != r) {
        uint32_t nx = f->next[i];
        f->next[i] = r;
        i = nx;
    }
    return r;
}

static void fl_remove(freelist *f, uint32_t i)
{
    f->next[i] = i + 1;
}

typedef struct rule_state {
    const decl *rule;
    freelist fl;
    bool has_fl;
    bool cacheable;
} rule_state;

static obligation *push_ob(eval_result *r)
{
    r->items = xgrow(r->items, &r->cap, r->count, sizeof *r->items, 256);
    obligation *o = &r->items[r->count++];
    memset(o, 0, sizeof *o);
    o->due_tod = -1;
    return o;
}

/* The event a deadline's `of` expression names when it is the trigger
 * (`of order`, `of order.date`), else NULL. */
static const ev_event *of_trigger(const ectx *E, const expr *of)
{
    if ((of->kind == EX_NAME && of->u.name.res == RES_BINDING) ||
        (of->kind == EX_ATTR && of->u.attr.index < 0 && of->u.attr.base->kind == EX_NAME))
        return E->trigger;
    return NULL;
}

/* `within N hours of T` where T has a time: the due moment is T plus N
 * elapsed hours, in UK local time. False (nothing set) otherwise. */
static bool timed_due(const ectx *E, const deadline *dl, obligation *o)
{
    const ev_event *t = of_trigger(E, dl->of);
    if (dl->within.unit != DUR_HOURS || !t || t->tod < 0)
        return false;
    cal_moment m = {t->date, t->tod, t->utc_off}, due;
    if (!cal_moment_from_utc(cal_moment_utc(&m) + dl->within.n * 3600, &due))
        return false;
    o->has_due = true;
    o->due = due.day;
    o->due_tod = due.tod;
    o->due_off = due.utc_off;
    return true;
}

/* Which events may fulfil one duty: after the trigger (timeline position
 * TP), dated on or after OPEN when HAS_OPEN, dated before CLOSE when
 * HAS_CLOSE (a schedule's next window), and before timeline position STOP
 * (where a `while` state's end or an exception cancels the duty: an event
 * after it must stay free for later duties). */
typedef struct cand_window {
    uint32_t tp;
    bool has_open, has_close;
    cal_day open, close;
    uint32_t stop;
} cand_window;

/* Find and consume the first unused event of RS's action inside W whose
 * `where` holds, or NULL. */
static const ev_event *fulfil(ectx *E, rule_state *rs, const cand_window *w)
{
    const case_index *ix = E->ix;
    const rule_decl *r = &rs->rule->u.rule;
    if (E->unsure)
        return NULL; /* unsure (make_unsure): no event is used for it */
    int k = r->action_kind_index;
    uint32_t i = kind_after_pos(ix, k, w->tp);
    if (w->has_open) {
        uint32_t j = kind_lower(ix, k, w->open, false);
        if (j > i)
            i = j;
    }
    uint32_t end = ix->kstart[k + 1];
    if (w->has_close) {
        uint32_t j = kind_lower(ix, k, w->close, false);
        if (j < end)
            end = j;
    }
    freelist *fl = &rs->fl;
    for (uint32_t li = fl_find(fl, i - fl->base); li + fl->base < end; li = fl_find(fl, li)) {
        const ev_event *cand = at(ix, ix->pos[li + fl->base]);
        if (ix->pos[li + fl->base] >= w->stop)
            break;
        bool ok = true;
        if (r->duty_where) {
            const ev_event *saved = E->scope;
            E->scope = cand;
            ok = truthy(E, r->duty_where);
            E->scope = saved;
        }
        if (ok) {
            fl_remove(fl, li);
            return cand;
        }
        if (rs->cacheable)
            fl_remove(fl, li);
        else
            li++;
    }
    return NULL;
}

/* What ends a duty before it is met: its `while` state closing, or an
 * exception whose state begins after the trigger. */
typedef struct ending {
    bool set;
    cal_day date;        /* the day it happened */
    uint32_t pos;        /* its timeline position */
    const decl *state;   /* the `while` state that ended, or NULL */
    const decl *by;      /* the exception that began to apply, or NULL */
} ending;

/* Does A end a duty before B does (by date, then timeline position)? */
static bool ends_first(const ending *a, const ending *b)
{
    if (!a->set)
        return false;
    if (!b->set)
        return true;
    return a->date != b->date ? a->date < b->date : a->pos < b->pos;
}

/* The timeline position from which EN cancels obligation O (it happened on
 * or before the as-of date and on or before the due date), else UINT32_MAX.
 * Positions keep same-day input order. */
static uint32_t cancel_from(const eval_ctx *ctx, const obligation *o, const ending *en)
{
    if (en->set && en->date <= ctx->as_of && (!o->has_due || en->date <= o->due))
        return en->pos;
    return UINT32_MAX;
}

/* Set O's status from its fulfilling event, its due date and the as-of
 * date, or `cancelled` when EN ended it first. */
static void judge(const eval_ctx *ctx, obligation *o, const ending *en)
{
    cal_day met = o->met_by ? o->met_by->date : 0;
    uint32_t met_pos = o->met_by ? (uint32_t)(o->met_by - o->c->events) : 0;
    if (cancel_from(ctx, o, en) != UINT32_MAX && (!o->met_by || met_pos >= en->pos)) {
        o->status = ST_CANCELLED;
        o->state_end = en->date;
        o->cancelled_on = en->date;
        o->ended_state = en->state;
        o->cancelled_by = en->by;
        o->met_by = NULL;
        return;
    }
    if (o->met_by && o->due_tod >= 0 && o->met_by->tod >= 0) {
        /* Both have a time: elapsed hours decide. */
        cal_moment due = {o->due, o->due_tod, o->due_off};
        cal_moment mm = {o->met_by->date, o->met_by->tod, o->met_by->utc_off};
        int64_t late = cal_moment_utc(&mm) - cal_moment_utc(&due);
        o->status = late > 0 ? ST_LATE : ST_MET;
        if (late > 0) {
            o->days_late = met - o->due;
            o->hours_late = (late + 3599) / 3600;
        }
    } else if (o->met_by) {
        if (o->has_due && met > o->due) {
            o->status = ST_LATE;
            o->days_late = met - o->due;
        } else {
            o->status = ST_MET;
        }
    } else if (o->has_due && ctx->as_of > o->due) {
        o->status = ST_OVERDUE;
        o->days_late = ctx->as_of - o->due;
    } else {
        o->status = ST_PENDING;
    }
}

static bool eval_date(ectx *E, const expr *e, cal_day *out)
{
    value v = eval(E, e);
    if (v.k != V_DATE)
        return false;
    *out = (cal_day)v.i;
    return true;
}

/* Coverage recorder for rule D, or NULL when coverage is off. */
static rule_cov *cov_of(const eval_ctx *ctx, const decl *d)
{
    return ctx->cov && (size_t)d->index < ctx->cov->nrules ? &ctx->cov->rules[d->index] : NULL;
}

static void cov_mark(uint8_t *slot, bool v)
{
    *slot |= v ? 1 : 2;
}

/* The edition in force on day D: RULE's own (`edition NAME`), else the
 * policy's edition whose period holds D, else NULL. */
static const decl *edition_at(const ast_program *p, const decl *rule, cal_day d)
{
    if (rule->u.rule.edition_decl)
        return rule->u.rule.edition_decl;
    for (size_t i = 0; i < p->editions.count; i++) {
        const decl *e = p->editions.items[i];
        if (cal_from_packed(e->u.edition.from) <= d &&
            (!e->u.edition.until || d < cal_from_packed(e->u.edition.until)))
            return e;
    }
    return NULL;
}

/* Does RULE apply to a trigger dated D: no `edition` clause, or D within
 * its edition's period [from, until)? */
static bool in_edition(const decl *rule, cal_day d)
{
    const decl *e = rule->u.rule.edition_decl;
    if (!e)
        return true;
    return cal_from_packed(e->u.edition.from) <= d &&
           (!e->u.edition.until || d < cal_from_packed(e->u.edition.until));
}

/* A new obligation of rule RS for trigger T. */
static obligation *new_ob(ectx *E, const rule_state *rs, const ev_event *t, eval_result *res)
{
    obligation *o = push_ob(res);
    o->c = E->ix->c;
    o->rule = rs->rule;
    o->trigger = t;
    o->escalates = E->esc_rule;
    o->esc_date = E->esc_date;
    o->edition = edition_at(E->ctx->prog, rs->rule, E->esc_rule ? E->esc_date : t->date);
    return o;
}

/* Mark O cancelled at its trigger by the exception BY. */
static void cancel_at_trigger(obligation *o, const decl *by)
{
    o->status = ST_CANCELLED;
    o->cancelled_by = by;
    o->cancelled_on = o->trigger->date;
}

/* BASE + DUR into *OUT, reporting a calendar range error at WHERE. */
static bool add_or_report(ectx *E, cal_day base, duration dur, int sign, const expr *where, cal_day *out)
{
    int bad = 0;
    if (dur_add(E->ctx->cal, base, dur, sign, out, &bad))
        return true;
    range_error(E, base, dur, bad, where);
    return false;
}

/* Does E look at the case's events or at a state on a date, so that its
 * value can change as later events become known? */
static bool judged_over_time(const expr *e)
{
    if (!e)
        return false;
    switch (e->kind) {
    case EX_FIRST: case EX_LAST: case EX_COUNT: case EX_EXISTS: case EX_STATE_AT:
        return true;
    case EX_NOT: case EX_NEG: return judged_over_time(e->u.un.e);
    case EX_BINARY: return judged_over_time(e->u.bin.l) || judged_over_time(e->u.bin.r);
    case EX_IN:
        if (judged_over_time(e->u.in.lhs))
            return true;
        for (const expr *i = e->u.in.items; i; i = i->next)
            if (judged_over_time(i))
                return true;
        return false;
    case EX_DURATION: return judged_over_time(e->dur_count);
    case EX_ATTR: return e->u.attr.base->kind != EX_NAME; /* (QUERY).ATTRIBUTE */
    case EX_DATE: case EX_INT: case EX_BOOL: case EX_TEXT: case EX_NAME:
        return false;
    }
    return false;
}

/* The first day after V on which what is known may change: the date of the
 * next event after V on the timeline, or THRESHOLD (a day a `STATE at D`
 * waits for) if earlier; INT32_MAX when neither comes by the as-of date. */
static cal_day next_known_change(const ectx *E, cal_day v, cal_day threshold)
{
    const ev_case *c = E->ix->c;
    size_t lo = 0, hi = E->ix->limit;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (c->events[mid].date <= v)
            lo = mid + 1;
        else
            hi = mid;
    }
    cal_day next = lo < E->ix->limit ? c->events[lo].date : INT32_MAX;
    if (threshold > v && threshold < next)
        next = threshold;
    return next > E->ctx->as_of ? INT32_MAX : next;
}

/* After the judgement on day V (E->view) while tracking: the first day
 * after V on which an event of a live kind becomes known, or THRESHOLD if
 * earlier; INT32_MAX when neither comes by the as-of date. On the days
 * skipped every query evaluated on V returns what it did (its kind gains
 * nothing, or its value can no longer change) and every `STATE at D` is
 * judged as on V, so the judgement is the same. Clears the live kinds. */
static cal_day live_next(ectx *E, cal_day v, cal_day threshold)
{
    const case_index *ix = E->ix;
    cal_day next = threshold > v ? threshold : INT32_MAX;
    for (int i = 0; i < E->nlive; i++) {
        int k = E->live[i];
        uint32_t j = known_end(E, k);
        if (j < ix->kstart[k + 1] && at(ix, ix->pos[j])->date < next)
            next = at(ix, ix->pos[j])->date;
        E->live_on[k] = 0;
    }
    E->nlive = 0;
    return next > E->ctx->as_of ? INT32_MAX : next;
}

/* The next day to judge after V: live_next, or every day on which any
 * event becomes known when the judgement on V reported a range error (so
 * that the same errors are reported as when judged on each such day). */
static cal_day judge_next(ectx *E, cal_day v, cal_day threshold, unsigned errors)
{
    if (E->range_errors == errors)
        return live_next(E, v, threshold);
    for (int i = 0; i < E->nlive; i++)
        E->live_on[E->live[i]] = 0;
    E->nlive = 0;
    return next_known_change(E, v, threshold);
}

/* The timeline position just after the last event dated on or before D. */
static uint32_t pos_after_day(const case_index *ix, cal_day d)
{
    size_t lo = 0, hi = ix->limit;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (ix->c->events[mid].date <= d)
            lo = mid + 1;
        else
            hi = mid;
    }
    return (uint32_t)lo;
}

/* Do the rule's if/unless conditions all hold (on what E->view lets be
 * known)? Records coverage in CV. */
static bool conds_hold(ectx *E, const rule_decl *r, rule_cov *cv)
{
    int ci = 0;
    for (const cond *k = r->conds; k; k = k->next, ci++) {
        bool v = truthy(E, k->e);
        if (cv && ci < 16)
            cov_mark(&cv->conds[ci], v);
        if (v != (k->kind == COND_IF))
            return false;
    }
    return true;
}

/* Is the rule's `while` state open at trigger position TP (its interval to
 * *IV)? True for a rule without one. Records coverage in CV. */
static bool while_holds(ectx *E, const rule_decl *r, uint32_t tp, rule_cov *cv, const interval **iv)
{
    *iv = NULL;
    if (!r->has_while)
        return true;
    *iv = read_state(E, state_at_pos(E->ix, r->while_decl->index, tp), r->while_decl);
    if (cv)
        cov_mark(&cv->while_state, *iv != NULL);
    return *iv != NULL;
}

/* The rule's if/unless judged over time (docs/semantics.md, "When
 * conditions are judged"): each day from the trigger's date to the as-of
 * date on which what is known changes, the conditions are judged on the
 * events known that day. False when they never hold; else E->arise is the
 * first such day they hold, and *STOP (when STOPS) the first day after it
 * on which they no longer do. Conditions that look at no events are judged
 * once. */
static bool conds_over_time(ectx *E, const rule_decl *r, const ev_event *t, rule_cov *cv, bool *stops,
                            cal_day *stop)
{
    E->arise = t->date;
    *stops = false;
    bool over_time = false;
    for (const cond *k = r->conds; k; k = k->next)
        over_time |= judged_over_time(k->e);
    if (!over_time)
        return conds_hold(E, r, cv);
    bool arisen = false;
    E->tracking = true;
    for (cal_day v = t->date; v != INT32_MAX;) {
        E->view = v;
        E->threshold = INT32_MAX;
        unsigned errors = E->range_errors;
        bool ok = conds_hold(E, r, cv);
        cal_day th = E->threshold;
        if (!arisen && ok) {
            arisen = true;
            E->arise = v;
        } else if (arisen && !ok) {
            *stops = true;
            *stop = v;
            break;
        }
        v = judge_next(E, v, th, errors);
    }
    for (int i = 0; i < E->nlive; i++)
        E->live_on[E->live[i]] = 0;
    E->nlive = 0;
    E->tracking = false;
    E->view = E->ctx->as_of;
    return arisen;
}

/* The first day after the trigger T on which exception condition W comes
 * to hold, on what is known each day, into *ON; false when it never does
 * by the as-of date (or looks at no events, so cannot change). */
static bool exception_later(ectx *E, const expr *w, const ev_event *t, cal_day *on)
{
    if (!judged_over_time(w))
        return false;
    bool found = false;
    E->tracking = true;
    E->view = t->date;
    E->threshold = INT32_MAX;
    unsigned errors = E->range_errors;
    truthy(E, w);
    for (cal_day v = judge_next(E, t->date, E->threshold, errors); v != INT32_MAX;) {
        E->view = v;
        E->threshold = INT32_MAX;
        errors = E->range_errors;
        if (truthy(E, w)) {
            *on = v;
            found = true;
            break;
        }
        v = judge_next(E, v, E->threshold, errors);
    }
    for (int i = 0; i < E->nlive; i++)
        E->live_on[E->live[i]] = 0;
    E->nlive = 0;
    E->tracking = false;
    E->view = E->ctx->as_of;
    return found;
}

/* The due date (and the window's opening, for `between`) of a one-duty
 * deadline, for the trigger at position TP. */
static void single_due(ectx *E, const deadline *dl, uint32_t tp, obligation *o)
{
    const case_index *ix = E->ix;
    cal_day base;
    duration d = dl->within;
    E->missing = NULL;
    E->missing_too_long = false;
    switch (dl->kind) {
    case DL_NONE:
    case DL_SCHEDULE:
        break;
    case DL_WITHIN:
        if (eval_date(E, dl->of, &base) && (!dl->within_count || count_of_data(E, dl->within_count, &d))) {
            o->base = base;
            /* inclusive: the start day is day 1, so count from the day before. */
            if (!timed_due(E, dl, o))
                o->has_due = add_or_report(E, dl->inclusive ? base - 1 : base, d, 1, dl->of, &o->due);
        }
        break;
    case DL_BY:
        o->has_due = eval_date(E, dl->by, &o->due);
        break;
    case DL_BETWEEN:
        o->has_window = eval_date(E, dl->by, &o->window_open);
        o->has_due = eval_date(E, dl->to, &o->due);
        break;
    case DL_BEFORE: {
        /* The first such event after the trigger (that meets the
         * deadline's `where`, if any). */
        int k = dl->before_decl->index;
        for (uint32_t i = kind_after_pos(ix, k, tp); i < ix->kstart[k + 1]; i++) {
            const ev_event *ev = at(ix, ix->pos[i]);
            if (dl->before_where) {
                E->scope = ev;
                bool ok = truthy(E, dl->before_where);
                E->scope = NULL;
                if (!ok)
                    continue;
            }
            o->has_due = true;
            o->due = ev->date;
            break;
        }
        break;
    }
    }
    if (!o->has_due && E->missing && dl->kind != DL_BEFORE) {
        o->problem = E->missing;
        o->problem_too_long = E->missing_too_long;
    }
}

/* An obligation whose rule came to apply only after its due date never
 * arose: the duty was over before anyone owed it. */
static bool arises_too_late(const ectx *E, const obligation *o)
{
    return E->arise > o->trigger->date && o->has_due && E->arise > o->due;
}

/* A duty that arose after its trigger counts only events from that day. */
static void from_arise(const ectx *E, cand_window *w)
{
    if (E->arise > w->open || !w->has_open) {
        if (!w->has_open || E->arise > w->open)
            w->open = E->arise;
        w->has_open = true;
    }
}

/* `ROLE must next ACTION where C`: the next ACTION after the trigger
 * decides (met or breached). */
static void apply_next(ectx *E, rule_state *rs, const ev_event *t, uint32_t tp, const decl *cancelled_by,
                       const ending *en, eval_result *res)
{
    const case_index *ix = E->ix;
    const rule_decl *r = &rs->rule->u.rule;
    const deadline *dl = &r->due;
    obligation *o = new_ob(E, rs, t, res);
    if (dl->kind == DL_WITHIN || dl->kind == DL_BY)
        single_due(E, dl, tp, o);
    if (arises_too_late(E, o)) {
        res->count--;
        return;
    }
    if (cancelled_by) {
        cancel_at_trigger(o, cancelled_by);
        return;
    }
    int k = r->action_kind_index;
    uint32_t i = kind_after_pos(ix, k, tp);
    if (i < ix->kstart[k + 1] && ix->pos[i] < cancel_from(E->ctx, o, en)) {
        const ev_event *nx = at(ix, ix->pos[i]);
        o->met_by = nx;
        bool ok = true;
        if (r->duty_where) {
            E->scope = nx;
            ok = truthy(E, r->duty_where);
            E->scope = NULL;
        }
        if (!ok) {
            o->status = ST_BREACHED;
            return;
        }
    }
    judge(E->ctx, o, en);
}

/* A schedule: one duty per milestone, each due on BASE + milestone and
 * counting only events inside its window (see docs/semantics.md,
 * Schedules): from its opening (the policy's `from N UNIT before`, else
 * halfway between the previous due date, or the trigger's date, and its
 * own) up to the next milestone's opening, or the day after its own due
 * date if that is later. */
static void apply_schedule(ectx *E, rule_state *rs, const ev_event *t, uint32_t tp, const decl *cancelled_by,
                           const ending *en, eval_result *res)
{
    const deadline *dl = &rs->rule->u.rule.due;
    size_t n = 0;
    for (const milestone *m = dl->milestones; m; m = m->next)
        n++;
    /* The milestones' obligations are res->items[first .. first + n):
     * indices, since pushing may move the array. */
    size_t first = res->count;
    cal_day base = 0;
    bool have_base = eval_date(E, dl->of, &base);
    /* The window's length, from the case (`from plan.days days before`):
     * without it no milestone's window, and so no due date, is known. */
    duration win = dl->window;
    bool win_known = true;
    const expr *win_missing = NULL;
    bool win_too_long = false;
    if (dl->has_window && dl->window_count) {
        E->missing = NULL;
        E->missing_too_long = false;
        win_known = count_of_data(E, dl->window_count, &win);
        win_missing = E->missing;
        win_too_long = E->missing_too_long;
    }
    size_t i = 0;
    for (const milestone *m = dl->milestones; m; m = m->next, i++) {
        obligation *o = new_ob(E, rs, t, res);
        o->milestone = (int)i + 1;
        o->base = base;
        duration d = m->dur;
        E->missing = NULL;
        E->missing_too_long = false;
        if (have_base && (!m->count || count_of_data(E, m->count, &d)))
            o->has_due = add_or_report(E, base, d, 1, dl->of, &o->due);
        if (o->has_due && !win_known) {
            o->has_due = false;
            o->due = 0;
            E->missing = win_missing;
            E->missing_too_long = win_too_long;
        }
        if (!o->has_due) {
            o->problem = E->missing;
            o->problem_too_long = E->missing_too_long;
            continue;
        }
        const obligation *prev = i ? &res->items[first + i - 1] : NULL;
        if (dl->has_window) {
            o->has_window = add_or_report(E, o->due, win, -1, dl->of, &o->window_open);
        } else if (!prev || prev->has_due) {
            cal_day from = prev ? prev->due : t->date;
            o->has_window = true;
            o->window_open = from + (o->due - from) / 2;
        }
    }
    for (i = 0; i < n; i++) {
        obligation *o = &res->items[first + i];
        if (cancelled_by) {
            cancel_at_trigger(o, cancelled_by);
            continue;
        }
        cand_window w = {tp, o->has_window, false, o->window_open, 0, cancel_from(E->ctx, o, en)};
        const obligation *next = i + 1 < n ? &res->items[first + i + 1] : NULL;
        if (next && next->has_window && o->has_due) {
            w.has_close = true;
            w.close = next->window_open > o->due ? next->window_open : o->due + 1;
        }
        from_arise(E, &w);
        o->met_by = fulfil(E, rs, &w);
        judge(E->ctx, o, en);
    }
    /* Milestones due before the rule came to apply never arose. */
    size_t kept = first;
    for (i = first; i < first + n; i++)
        if (!arises_too_late(E, &res->items[i]))
            res->items[kept++] = res->items[i];
    res->count = kept;
}

/* `ROLE must not ACTION before DATE`: breached by the first such event
 * after the trigger and before DATE (met_by), met once DATE is reached
 * without one, pending until then; cancelled like a duty when the rule
 * stops applying first. DATE is the obligation's due date. */
static void apply_forbid(ectx *E, rule_state *rs, const ev_event *t, uint32_t tp, const decl *cancelled_by,
                         const ending *en, eval_result *res)
{
    const case_index *ix = E->ix;
    const rule_decl *r = &rs->rule->u.rule;
    obligation *o = new_ob(E, rs, t, res);
    o->has_due = eval_date(E, r->not_before, &o->due);
    if (cancelled_by) {
        cancel_at_trigger(o, cancelled_by);
        return;
    }
    uint32_t stop = cancel_from(E->ctx, o, en);
    int k = r->action_kind_index;
    for (uint32_t i = kind_after_pos(ix, k, tp); i < ix->kstart[k + 1]; i++) {
        const ev_event *ev = at(ix, ix->pos[i]);
        if (ix->pos[i] >= stop || (o->has_due && ev->date >= o->due) || (E->esc_rule && ev->date < E->esc_date))
            continue;
        bool ok = true;
        if (r->duty_where) {
            E->scope = ev;
            ok = truthy(E, r->duty_where);
            E->scope = NULL;
        }
        if (ok) {
            o->met_by = ev;
            o->status = ST_BREACHED;
            return;
        }
    }
    if (stop != UINT32_MAX) {
        o->status = ST_CANCELLED;
        o->state_end = en->date;
        o->ended_state = en->state;
        o->cancelled_by = en->by;
        o->cancelled_on = en->date;
        return;
    }
    o->status = o->has_due && E->ctx->as_of >= o->due ? ST_MET : ST_PENDING;
}

/* Obligation O, worked out from a state whose end cannot be computed
 * (E->unsure): whether it applies, and so its status, is not known. It is
 * pending, with no due date, and carries the problem; nothing is guessed. */
static void make_unsure(const ectx *E, obligation *o)
{
    o->status = ST_PENDING;
    o->has_due = false;
    o->due = 0;
    o->due_tod = -1;
    o->has_window = false;
    o->met_by = NULL;
    o->days_late = 0;
    o->hours_late = 0;
    o->cancelled_by = NULL;
    o->ended_state = NULL;
    o->state_end = 0;
    o->cancelled_on = 0;
    o->problem = E->unsure;
    o->problem_too_long = E->unsure_too_long;
    o->problem_state = E->unsure_state;
}

/* The obligations of rule RS for trigger T at position TP once the rule
 * applies: ST_IV is its `while` state's interval at the trigger (or NULL),
 * STOPS/STOP the day its conditions stopped holding; CANCELLED_BY and
 * LATER as for apply_rule. */
static void apply_duty(ectx *E, rule_state *rs, const ev_event *t, uint32_t tp, const decl *cancelled_by,
                       const ending *later, const interval *st_iv, bool stops, cal_day stop, eval_result *res)
{
    const rule_decl *r = &rs->rule->u.rule;
    /* The earliest of the state's end, a later exception and the day the
     * conditions stopped holding (a duty met that day stays met). */
    ending en = {false, 0, 0, NULL, NULL};
    if (st_iv && st_iv->end != INT32_MAX)
        en = (ending){true, st_iv->end, st_iv->epos, r->while_decl, NULL};
    if (later && ends_first(later, &en))
        en = *later;
    if (stops) {
        ending c = {true, stop, pos_after_day(E->ix, stop), NULL, rs->rule};
        if (ends_first(&c, &en))
            en = c;
    }
    if (r->require) {
        /* Checked on what was known when the rule came to apply. */
        obligation *o = new_ob(E, rs, t, res);
        E->view = E->arise;
        o->status = truthy(E, r->require) ? ST_MET : ST_BREACHED;
        E->view = E->ctx->as_of;
        if (cancelled_by)
            cancel_at_trigger(o, cancelled_by);
        return;
    }
    if (!r->has_duty || !r->action_decl)
        return;
    if (r->is_next) {
        apply_next(E, rs, t, tp, cancelled_by, &en, res);
        return;
    }
    if (r->forbids) {
        apply_forbid(E, rs, t, tp, cancelled_by, &en, res);
        return;
    }
    if (r->due.kind == DL_SCHEDULE) {
        apply_schedule(E, rs, t, tp, cancelled_by, &en, res);
        return;
    }
    obligation *o = new_ob(E, rs, t, res);
    single_due(E, &r->due, tp, o);
    if (arises_too_late(E, o)) {
        res->count--;
        return;
    }
    if (cancelled_by) {
        cancel_at_trigger(o, cancelled_by);
        return;
    }
    cand_window w = {tp, o->has_window, false, o->window_open, 0, cancel_from(E->ctx, o, &en)};
    from_arise(E, &w);
    if (E->esc_rule && (!w.has_open || w.open < E->esc_date)) {
        /* An escalation is met by what is done from the day of the failure. */
        w.has_open = true;
        w.open = E->esc_date;
    }
    o->met_by = fulfil(E, rs, &w);
    judge(E->ctx, o, &en);
}

/* Obligations of rule RS for trigger T at position TP: CANCELLED_BY is an
 * exception that applied at the trigger; LATER, an exception whose state
 * began after it. When what decides them read a state whose end cannot be
 * computed (E->unsure, cleared per trigger by the caller), they arise
 * whatever their conditions gave, and are made unsure. */
static void apply_rule(ectx *E, rule_state *rs, const ev_event *t, uint32_t tp, const decl *cancelled_by,
                       const ending *later, eval_result *res)
{
    const rule_decl *r = &rs->rule->u.rule;
    E->rule = rs->rule;
    E->trigger = t;
    E->scope = NULL;
    E->ref_pos = tp;
    if (!in_edition(rs->rule, E->esc_rule ? E->esc_date : t->date))
        return;
    rule_cov *cv = cov_of(E->ctx, rs->rule);
    if (cv)
        cv->triggered = true;
    const interval *st_iv;
    bool stops;
    cal_day stop = 0;
    if (!while_holds(E, r, tp, cv, &st_iv))
        return;
    unsigned reads = E->unsure_reads;
    if (!conds_over_time(E, r, t, cv, &stops, &stop)) {
        if (E->unsure_reads == reads)
            return;
        stops = false; /* they read an uncertain state: the obligation is shown, unsure */
    }
    size_t first = res->count;
    apply_duty(E, rs, t, tp, cancelled_by, later, st_iv, stops, stop, res);
    if (E->unsure)
        for (size_t i = first; i < res->count; i++)
            make_unsure(E, &res->items[i]);
}

/* The day obligation O of a rule escalated with `when R overdue|breached`
 * failed (*D), or false when it did not: overdue on the day after its due
 * date (so a duty met late was overdue too), breached on the day of the
 * breach. Only days up to the as-of date count. */
static bool failed_on(const eval_ctx *ctx, const obligation *o, trig_kind how, cal_day *d)
{
    if (how == TRIG_OVERDUE) {
        if (!o->has_due || (o->status != ST_OVERDUE && o->status != ST_LATE))
            return false;
        *d = o->due + 1;
    } else {
        if (o->status != ST_BREACHED)
            return false;
        *d = o->met_by ? o->met_by->date : o->trigger->date;
    }
    return *d <= ctx->as_of;
}

/* The rules triggered by another rule's failure, once per failed
 * obligation, in an order where the escalated rule comes first (the checker
 * refuses cycles). Obligations are appended to RES after FIRST. */
static void apply_escalations(ectx *E, rule_state *rs, size_t nr, size_t first, eval_result *res)
{
    const ast_program *p = E->ctx->prog;
    bool *done = xcalloc(nr ? nr : 1, sizeof *done);
    for (size_t i = 0; i < nr; i++)
        done[i] = !p->rules.items[i]->u.rule.esc_rule;
    for (bool progress = true; progress;) {
        progress = false;
        for (size_t x = 0; x < nr; x++) {
            const decl *d = p->rules.items[x];
            const decl *src = d->u.rule.esc_rule;
            if (done[x] || !done[src->index])
                continue;
            done[x] = progress = true;
            size_t end = res->count;
            for (size_t k = first; k < end; k++) {
                cal_day when;
                if (res->items[k].rule != src || !failed_on(E->ctx, &res->items[k], d->u.rule.trig, &when))
                    continue;
                const ev_event *t = res->items[k].trigger;
                /* The escalation reads states as they stood at the start of
                 * the day of the failure, and counts events from that day:
                 * its reference position is the last event dated before it. */
                uint32_t rp = (uint32_t)(t - E->ix->c->events);
                while (rp + 1 < E->ix->limit && E->ix->c->events[rp + 1].date < when)
                    rp++;
                E->esc_rule = src;
                E->esc_date = when;
                E->unsure = NULL;
                E->unsure_state = NULL;
                apply_rule(E, &rs[x], t, rp, NULL, NULL, res);
                E->esc_rule = NULL;
                E->esc_date = 0;
            }
        }
    }
    free(done);
}

static int cmp_ob(const void *a, const void *b)
{
    const obligation *x = a, *y = b;
    uint32_t px = x->trigger ? x->trigger->seq : 0, py = y->trigger ? y->trigger->seq : 0;
    cal_day dx = x->trigger ? x->trigger->date : 0, dy = y->trigger ? y->trigger->date : 0;
    if (dx != dy)
        return dx < dy ? -1 : 1;
    if (px != py)
        return px < py ? -1 : 1;
    if (x->rule->index != y->rule->index)
        return x->rule->index < y->rule->index ? -1 : 1;
    return x->milestone - y->milestone;
}

/* The exceptions of each rule, in declaration order: first[i] is the first
 * rule overriding rule i, next[x] the next after x (SIZE_MAX: none). */
typedef struct exc_index {
    size_t *first, *next;
} exc_index;

static void exc_index_build(const ast_program *p, exc_index *xi)
{
    size_t nr = p->rules.count;
    xi->first = xmalloc((nr ? nr : 1) * sizeof *xi->first);
    xi->next = xmalloc((nr ? nr : 1) * sizeof *xi->next);
    for (size_t i = 0; i < nr; i++)
        xi->first[i] = SIZE_MAX;
    for (size_t x = nr; x-- > 0;) {
        const decl *base = p->rules.items[x]->u.rule.overrides_decl;
        xi->next[x] = SIZE_MAX;
        if (base) {
            xi->next[x] = xi->first[base->index];
            xi->first[base->index] = x;
        }
    }
}

/* The exceptions of rule I at trigger T (position TP): the first whose
 * condition holds at the trigger, on what was known that day (its own
 * duty, if it has one, arises: exceptions without a trigger of their own
 * are applied here), into *CANCELLED_BY; else, into *LATER, the earliest
 * exception that comes to apply after the trigger — a bare state that
 * begins later (by timeline position), or a condition on the case's events
 * that comes to hold on a later day. */
static void apply_exceptions(ectx *E, rule_state *rs, const exc_index *xi, size_t i, const ev_event *t, uint32_t tp,
                             const decl **cancelled_by, ending *later, eval_result *res)
{
    const ast_program *p = E->ctx->prog;
    const case_index *ix = E->ix;
    *cancelled_by = NULL;
    *later = (ending){false, 0, 0, NULL, NULL};
    for (size_t x = xi->first[i]; x != SIZE_MAX; x = xi->next[x]) {
        const decl *xd = p->rules.items[x];
        if (!in_edition(xd, t->date))
            continue; /* an exception of another edition cancels nothing */
        E->rule = xd;
        E->trigger = t;
        E->scope = NULL;
        E->ref_pos = tp;
        E->view = t->date;
        unsigned reads = E->unsure_reads;
        bool applies = truthy(E, xd->u.rule.overrides_when);
        E->view = E->ctx->as_of;
        rule_cov *xc = cov_of(E->ctx, xd);
        if (xc)
            cov_mark(&xc->overrides_when, applies);
        if (!applies && E->unsure_reads == reads)
            continue;
        /* Unsure whether it applies: its own duty is shown (unsure) and the
         * base rule's obligation is unsure too (apply_rule). */
        if (applies && !*cancelled_by)
            *cancelled_by = xd;
        if (!xd->u.rule.has_trigger) {
            /* What the exception's own duty read (its `while`, its `if`)
             * is its own: the base rule depends only on its `when`. */
            const expr *u = E->unsure;
            const decl *us = E->unsure_state;
            bool ul = E->unsure_too_long;
            apply_rule(E, &rs[x], t, tp, NULL, NULL, res);
            E->unsure = u;
            E->unsure_state = us;
            E->unsure_too_long = ul;
        }
    }
    for (size_t x = xi->first[i]; x != SIZE_MAX && !*cancelled_by; x = xi->next[x]) {
        const decl *xd = p->rules.items[x];
        const expr *w = xd->u.rule.overrides_when;
        cal_day on;
        if (w->kind == EX_NAME && w->u.name.res == RES_STATE) {
            int s = w->u.name.decl->index;
            for (uint32_t v = ix->sstart[s]; v < ix->sstart[s + 1]; v++)
                if (ix->iv[v].spos > tp) {
                    ending b = {true, ix->iv[v].start, ix->iv[v].spos, NULL, xd};
                    if (ends_first(&b, later))
                        *later = b;
                    break;
                }
        } else if (exception_later(E, w, t, &on)) {
            rule_cov *xc = cov_of(E->ctx, xd);
            if (xc) {
                xc->triggered = true;
                cov_mark(&xc->overrides_when, true);
            }
            ending b = {true, on, pos_after_day(ix, on), NULL, xd};
            if (ends_first(&b, later))
                *later = b;
        }
    }
}

/* Every trigger of rule I on the case, with its exceptions. */
static void apply_triggers(ectx *E, rule_state *rs, const exc_index *xi, size_t i, eval_result *res)
{
    const case_index *ix = E->ix;
    const decl *d = E->ctx->prog->rules.items[i];
    const rule_decl *r = &d->u.rule;
    /* Exceptions that inherit this rule's trigger are applied with it. */
    if (!r->has_trigger || !r->trigger_decl)
        return;
    int k = r->trigger_kind_index; /* an event group for `when A or B` */
    for (uint32_t j = ix->kstart[k]; j < ix->kstart[k + 1]; j++) {
        uint32_t tp = ix->pos[j];
        const ev_event *t = &ix->c->events[tp];
        if (!in_edition(d, t->date))
            continue;
        E->rule = d;
        E->trigger = t;
        E->scope = t;
        E->ref_pos = tp;
        E->unsure = NULL;
        E->unsure_state = NULL;
        rule_cov *cv = cov_of(E->ctx, d);
        if (r->trigger_where) {
            /* Judged at the trigger, on what was known that day. */
            E->view = t->date;
            unsigned reads = E->unsure_reads;
            bool v = truthy(E, r->trigger_where);
            E->view = E->ctx->as_of;
            if (cv)
                cov_mark(&cv->trigger_where, v);
            if (!v && E->unsure_reads == reads)
                continue;
        }
        E->scope = NULL;
        const decl *cancelled_by;
        ending later;
        apply_exceptions(E, rs, xi, i, t, tp, &cancelled_by, &later, res);
        apply_rule(E, &rs[i], t, tp, cancelled_by, &later, res);
    }
}

void eval_case(const eval_ctx *ctx, const ev_case *c, eval_result *res)
{
    const ast_program *p = ctx->prog;
    case_index ix;
    build_index(ctx, c, &ix);
    size_t nk = p->events.count + p->ngroups;
    cal_day *kday = xmalloc((nk + 1) * sizeof *kday);
    uint32_t *kidx = xmalloc((nk + 1) * sizeof *kidx);
    for (size_t k = 0; k < nk; k++) {
        kday[k] = INT32_MIN;
        kidx[k] = ix.kstart[k];
    }
    int *live = xmalloc((nk + 1) * sizeof *live);
    uint8_t *live_on = xcalloc(nk + 1, 1);
    ectx E = {.ctx = ctx, .ix = &ix, .view = ctx->as_of, .threshold = INT32_MAX, .kday = kday, .kidx = kidx,
              .live = live, .live_on = live_on};
    size_t first = res->count;
    size_t nr = p->rules.count;
    rule_state *rs = xcalloc(nr ? nr : 1, sizeof *rs);
    for (size_t i = 0; i < nr; i++) {
        const decl *d = p->rules.items[i];
        rs[i].rule = d;
        if (d->u.rule.has_duty && d->u.rule.action_decl && !d->u.rule.is_next) {
            int k = d->u.rule.action_kind_index;
            fl_init(&rs[i].fl, ix.kstart[k], ix.kstart[k + 1] - ix.kstart[k]);
            rs[i].has_fl = true;
            rs[i].cacheable = !depends_on_trigger(d->u.rule.duty_where);
        }
    }
    exc_index xi;
    exc_index_build(p, &xi);
    for (size_t i = 0; i < nr; i++)
        apply_triggers(&E, rs, &xi, i, res);
    apply_escalations(&E, rs, nr, first, res);
    for (size_t i = 0; i < nr; i++)
        if (rs[i].has_fl)
            free(rs[i].fl.next);
    free(rs);
    free(xi.first);
    free(xi.next);
    if (res->count > first) /* items is NULL while nothing was pushed */
        qsort(res->items + first, res->count - first, sizeof *res->items, cmp_ob);
    for (size_t i = first; i < res->count; i++) {
        res->counts[res->items[i].status]++;
        rule_cov *cv = cov_of(ctx, res->items[i].rule);
        if (cv)
            cv->statuses |= 1u << res->items[i].status;
    }
    if (E.failed || ix.failed)
        res->errors++;
    free(kday);
    free(kidx);
    free(live);
    free(live_on);
    free_index(&ix);
}

void eval_result_free(eval_result *r)
{
    free(r->items);
    memset(r, 0, sizeof *r);
}
