/*
 * semdiff.c — comparing two checked programs by meaning (see semdiff.h).
 *
 * Everything is compared through canonical keys: an expression's key is its
 * tree (as in dump.c) with the rule's trigger binding written as `$t`, so
 * renaming `as order` to `as o` throughout a rule is not a change, and with
 * durations normalised (2 weeks = 14 days, 1 year = 12 months). Lists whose
 * order means nothing (conditions, enum values, attributes, state events)
 * are compared as sets.
 */
#include "semdiff.h"

#include <stdlib.h>
#include <string.h>

#include "dump.h"
#include "fmt.h"
#include "words.h"

/* ------------------------------------------------------------ small helpers */

static char *expr_text(const expr *e)
{
    sbuf b;
    sbuf_init(&b);
    fmt_put_expr(&b, e);
    return sbuf_take(&b);
}

static char *quoted(const char *s)
{
    sbuf b;
    sbuf_init(&b);
    fmt_put_string(&b, s);
    return sbuf_take(&b);
}

static char *dur_text(duration d)
{
    sbuf b;
    sbuf_init(&b);
    fmt_put_duration(&b, d);
    return sbuf_take(&b);
}

static bool streq(const char *a, const char *b)
{
    if (!a || !b)
        return a == b;
    return strcmp(a, b) == 0;
}

static void key_dur(sbuf *b, duration d)
{
    d = dur_in_base(d);
    sbuf_printf(b, "(%lld %s)", (long long)d.n, dur_unit_name(d.unit, true));
}

/* ------------------------------------------------------------ expression keys */

static void key_expr(sbuf *b, const expr *e);

static void key_query(sbuf *b, const char *word, const expr *e)
{
    sbuf_printf(b, "(%s %s", word, e->u.query.event.text);
    const expr *parts[3] = {e->u.query.a, e->u.query.b, e->u.query.cond};
    for (int i = 0; i < 3; i++) {
        if (parts[i]) {
            sbuf_putc(b, ' ');
            key_expr(b, parts[i]);
        }
    }
    sbuf_putc(b, ')');
}

static void key_expr(sbuf *b, const expr *e)
{
    if (!e) {
        sbuf_puts(b, "nil");
        return;
    }
    switch (e->kind) {
    case EX_NAME:
        if (e->u.name.res == RES_BINDING)
            sbuf_puts(b, "$t");
        else
            sbuf_printf(b, "(name %s)", e->u.name.name.text);
        break;
    case EX_DURATION:
        key_dur(b, e->u.dur);
        if (e->dur_count) {
            sbuf_puts(b, " (count ");
            key_expr(b, e->dur_count);
            sbuf_putc(b, ')');
        }
        break;
    case EX_ATTR:
        sbuf_puts(b, "(attr ");
        key_expr(b, e->u.attr.base);
        sbuf_printf(b, " %s)", e->u.attr.attr.text);
        break;
    case EX_STATE_AT:
        sbuf_printf(b, "(at %s ", e->u.state_at.state.text);
        key_expr(b, e->u.state_at.at);
        sbuf_putc(b, ')');
        break;
    case EX_NOT:
    case EX_NEG:
        sbuf_puts(b, e->kind == EX_NOT ? "(not " : "(neg ");
        key_expr(b, e->u.un.e);
        sbuf_putc(b, ')');
        break;
    case EX_BINARY:
        sbuf_printf(b, "(%s ", binop_text(e->u.bin.op));
        key_expr(b, e->u.bin.l);
        sbuf_putc(b, ' ');
        key_expr(b, e->u.bin.r);
        sbuf_putc(b, ')');
        break;
    case EX_IN:
        sbuf_puts(b, e->u.in.negated ? "(not-in " : "(in ");
        key_expr(b, e->u.in.lhs);
        for (const expr *i = e->u.in.items; i; i = i->next) {
            sbuf_putc(b, ' ');
            key_expr(b, i);
        }
        sbuf_putc(b, ')');
        break;
    case EX_FIRST: key_query(b, "first", e); break;
    case EX_LAST: key_query(b, "last", e); break;
    case EX_COUNT: key_query(b, "count", e); break;
    case EX_EXISTS: key_query(b, "exists", e); break;
    case EX_DATE:
    case EX_INT:
    case EX_BOOL:
    case EX_TEXT:
        /* Literals: the dump's form has no names or spans. */
        ast_dump_expr(b, e);
        break;
    }
}

static char *expr_key(const expr *e)
{
    sbuf b;
    sbuf_init(&b);
    key_expr(&b, e);
    return sbuf_take(&b);
}

static bool expr_same(const expr *a, const expr *b)
{
    if (!a || !b)
        return a == b;
    char *ka = expr_key(a), *kb = expr_key(b);
    bool same = strcmp(ka, kb) == 0;
    free(ka);
    free(kb);
    return same;
}

/* ------------------------------------------------------------ plain words */

/* The diff says expressions in canonical syntax, bindings included. */
static const words_style diff_words = {.say_binding = true};

static void put_deadline_words(sbuf *b, const deadline *dl)
{
    if (dl->kind == DL_NONE)
        sbuf_puts(b, "no deadline");
    else
        words_deadline(b, &diff_words, dl, NULL);
}

char *sd_deadline_text(const deadline *dl)
{
    sbuf b;
    sbuf_init(&b);
    put_deadline_words(&b, dl);
    return sbuf_take(&b);
}

static void put_or_names(sbuf *b, const name_list *n)
{
    for (; n; n = n->next)
        sbuf_printf(b, "%s%s", n->name.text, n->next ? " or " : "");
}

/* One of the words_* sayings of R as a string, NULL when it says nothing. */
static char *said(void (*say)(sbuf *, const words_style *, const rule_decl *), const rule_decl *r)
{
    sbuf b;
    sbuf_init(&b);
    say(&b, &diff_words, r);
    if (!b.len)
        return NULL;
    return sbuf_take(&b);
}

static char *cond_text(const cond *c)
{
    sbuf b;
    sbuf_init(&b);
    words_condition(&b, &diff_words, c);
    return sbuf_take(&b);
}

/* The events that breach prohibition R: "any ACTION", or "ACTION where C". */
static char *breaching_text(const rule_decl *r)
{
    if (!r->duty_where)
        return xasprintf("any %s", r->action_text);
    char *c = expr_text(r->duty_where);
    char *t = xasprintf("%s where %s", r->action_text, c);
    free(c);
    return t;
}

/* "cp_coordinator must so_meeting where chair = cp_coordinator" or
 * "require COND". */
static char *obligation_text(const rule_decl *r)
{
    sbuf b;
    sbuf_init(&b);
    if (r->has_duty) {
        sbuf_printf(&b, "%s must ", r->role_text);
        words_duty(&b, &diff_words, r);
    } else {
        words_require(&b, &diff_words, r);
    }
    return sbuf_take(&b);
}

char *sd_rule_summary(const decl *d)
{
    const rule_decl *r = &d->u.rule;
    sbuf b;
    sbuf_init(&b);
    const char *sep = "";
    if (r->edition.text) {
        sbuf_printf(&b, "edition %s", r->edition.text);
        sep = "; ";
    }
    char *t = said(words_trigger, r);
    if (t) {
        sbuf_printf(&b, "%s%s", sep, t);
        sep = "; ";
        free(t);
    }
    t = said(words_exception, r);
    if (t) {
        sbuf_printf(&b, "%s%s", sep, t);
        sep = "; ";
        free(t);
    }
    for (const cond *c = r->conds; c; c = c->next) {
        t = cond_text(c);
        sbuf_printf(&b, "%s%s", sep, t);
        sep = "; ";
        free(t);
    }
    if (r->has_while) {
        sbuf_printf(&b, "%swhile %s", sep, r->while_state.text);
        sep = "; ";
    }
    t = obligation_text(r);
    if (*t) {
        sbuf_printf(&b, "%s%s", sep, t);
        sep = "; ";
    }
    free(t);
    if (r->due.kind != DL_NONE) {
        sbuf_printf(&b, "%sdue ", sep);
        put_deadline_words(&b, &r->due);
    }
    return sbuf_take(&b);
}

/* ------------------------------------------------------------ the result */

static sd_item *add_item(semdiff *d, sd_section sec, const char *kind, sd_change ch, const char *name)
{
    d->items = xgrow(d->items, &d->cap, d->count, sizeof *d->items, 16);
    sd_item *it = &d->items[d->count++];
    memset(it, 0, sizeof *it);
    it->section = sec;
    it->kind = kind;
    it->change = ch;
    it->name = xstrdup(name ? name : "");
    return it;
}

/* A field; OLD_T and NEW_T are taken (may be NULL). */
static sd_field *add_field(sd_item *it, const char *field, sd_change ch, char *old_t, char *new_t)
{
    it->fields = xrealloc(it->fields, (it->nfields + 1) * sizeof *it->fields);
    sd_field *f = &it->fields[it->nfields++];
    memset(f, 0, sizeof *f);
    f->field = field;
    f->change = ch;
    f->old_text = old_t;
    f->new_text = new_t;
    return f;
}

/* Compare two optional texts (already rendered); adds a field when they
 * differ by KEY (or by text when keys are NULL). Takes OLD_T and NEW_T. */
static void cmp_texts(sd_item *it, const char *field, char *old_t, char *new_t, bool differ)
{
    if (!differ) {
        free(old_t);
        free(new_t);
        return;
    }
    if (!old_t)
        add_field(it, field, SD_ADDED, NULL, new_t);
    else if (!new_t)
        add_field(it, field, SD_REMOVED, old_t, NULL);
    else
        add_field(it, field, SD_CHANGED, old_t, new_t);
}

static void cmp_string(sd_item *it, const char *field, const ast_string *a, const ast_string *b)
{
    const char *ta = a->present ? a->text : NULL, *tb = b->present ? b->text : NULL;
    if (streq(ta, tb))
        return;
    cmp_texts(it, field, ta ? quoted(ta) : NULL, tb ? quoted(tb) : NULL, true);
}

/* Lazily create the CHANGED item for a pair. */
typedef struct pending_item {
    semdiff *d;
    sd_section sec;
    const char *kind;
    const char *name;
    sd_item scratch;
} pending_item;

static void pending_init(pending_item *p, semdiff *d, sd_section sec, const char *kind, const char *name)
{
    memset(p, 0, sizeof *p);
    p->d = d;
    p->sec = sec;
    p->kind = kind;
    p->name = name;
}

/* Keep the scratch item if it has fields. */
static sd_item *pending_commit(pending_item *p)
{
    if (p->scratch.nfields == 0)
        return NULL;
    sd_item *it = add_item(p->d, p->sec, p->kind, SD_CHANGED, p->name);
    it->fields = p->scratch.fields;
    it->nfields = p->scratch.nfields;
    return it;
}

/* ------------------------------------------------------------ deadlines */

/* Compare A (old) and B (new): SD_STRICTER when B is shorter. *BY is the
 * difference in words (the common unit, or the base unit of the class). */
static sd_cmp cmp_durations(duration a, duration b, char **by, bool *incomparable)
{
    *by = NULL;
    if (unit_info_of(a.unit)->kind != unit_info_of(b.unit)->kind) {
        *incomparable = true;
        *by = xasprintf("%s and %s", dur_unit_name(a.unit, true), dur_unit_name(b.unit, true));
        return SD_CMP_NONE;
    }
    duration na = a, nb = b;
    if (a.unit != b.unit) {
        na = dur_in_base(a);
        nb = dur_in_base(b);
    }
    if (na.n == nb.n)
        return SD_SAME;
    int64_t diff = na.n > nb.n ? na.n - nb.n : nb.n - na.n;
    *by = dur_text((duration){diff, na.unit});
    return nb.n < na.n ? SD_STRICTER : SD_LOOSER;
}

/* BASE + DURATION: the base and the duration, or false. */
static bool base_plus(const expr *e, const expr **base, duration *d)
{
    if (!e || e->kind != EX_BINARY || e->u.bin.op != OP_ADD || e->u.bin.r->kind != EX_DURATION ||
        e->u.bin.r->dur_count)
        return false;
    *base = e->u.bin.l;
    *d = e->u.bin.r->u.dur;
    return true;
}

static bool deadline_same(const deadline *a, const deadline *b)
{
    if (a->kind != b->kind)
        return false;
    switch (a->kind) {
    case DL_NONE:
        return true;
    case DL_WITHIN: {
        duration x = dur_in_base(a->within), y = dur_in_base(b->within);
        return x.n == y.n && x.unit == y.unit && expr_same(a->within_count, b->within_count) &&
               expr_same(a->of, b->of) && a->inclusive == b->inclusive;
    }
    case DL_BY:
        return expr_same(a->by, b->by);
    case DL_BETWEEN:
        return expr_same(a->by, b->by) && expr_same(a->to, b->to);
    case DL_BEFORE:
        return streq(a->before.text, b->before.text) && expr_same(a->before_where, b->before_where);
    case DL_SCHEDULE: {
        const milestone *m = a->milestones, *n = b->milestones;
        for (; m && n; m = m->next, n = n->next) {
            duration x = dur_in_base(m->dur), y = dur_in_base(n->dur);
            if (x.n != y.n || x.unit != y.unit || !expr_same(m->count, n->count))
                return false;
        }
        if (a->has_window != b->has_window)
            return false;
        if (a->has_window) {
            duration x = dur_in_base(a->window), y = dur_in_base(b->window);
            if (x.n != y.n || x.unit != y.unit || !expr_same(a->window_count, b->window_count))
                return false;
        }
        return !m && !n && expr_same(a->of, b->of);
    }
    }
    return false;
}

static void cmp_deadline(sd_item *it, const deadline *a, const deadline *b)
{
    if (deadline_same(a, b))
        return;
    if (a->kind == DL_NONE) {
        add_field(it, "deadline", SD_ADDED, NULL, sd_deadline_text(b));
        return;
    }
    if (b->kind == DL_NONE) {
        add_field(it, "deadline", SD_REMOVED, sd_deadline_text(a), NULL);
        return;
    }
    sd_field *f = add_field(it, "deadline", SD_CHANGED, sd_deadline_text(a), sd_deadline_text(b));
    duration da, db;
    bool comparable = false;
    if (a->kind == DL_WITHIN && b->kind == DL_WITHIN && expr_same(a->of, b->of) && a->inclusive != b->inclusive &&
        !a->within_count && !b->within_count && dur_in_base(a->within).n == dur_in_base(b->within).n &&
        dur_in_base(a->within).unit == dur_in_base(b->within).unit) {
        /* Only the counting convention changed. */
        f->words = xstrdup(b->inclusive ? "deadline now counts the start day as day 1 (inclusive)"
                                        : "deadline no longer counts the start day (it is day 0 again)");
    } else if (a->kind == DL_WITHIN && b->kind == DL_WITHIN && expr_same(a->of, b->of) && !a->within_count &&
               !b->within_count && a->inclusive == b->inclusive) {
        da = a->within;
        db = b->within;
        comparable = true;
    } else if (a->kind == DL_BY && b->kind == DL_BY) {
        const expr *ba, *bb;
        if (base_plus(a->by, &ba, &da) && base_plus(b->by, &bb, &db) && expr_same(ba, bb))
            comparable = true;
    }
    if (comparable) {
        f->cmp = cmp_durations(da, db, &f->by, &f->incomparable);
    }
}

/* ------------------------------------------------------------ rules */

typedef struct rule_pair_ctx {
    const strmap *old_to_new; /* renames: old name -> NEW's rule decl */
} rule_pair_ctx;

/* The override target of OLD rule R, in NEW's names. */
static const char *target_in_new(const rule_pair_ctx *rc, const rule_decl *r)
{
    if (!r->has_overrides)
        return NULL;
    const decl *t = strmap_get(rc->old_to_new, r->overrides.text);
    return t ? t->name.text : r->overrides.text;
}

static bool cond_in(const cond *c, const cond *list)
{
    char *k = expr_key(c->e);
    bool found = false;
    for (const cond *x = list; x && !found; x = x->next) {
        if (x->kind != c->kind)
            continue;
        char *kx = expr_key(x->e);
        found = strcmp(k, kx) == 0;
        free(kx);
    }
    free(k);
    return found;
}

static bool names_same_set(const name_list *a, const name_list *b);

/* A name of one list missing from the other. */
static bool name_in(const char *n, const name_list *l)
{
    for (; l; l = l->next)
        if (streq(n, l->name.text))
            return true;
    return false;
}

/* One field per name added to or removed from an `or` list, in domain words:
 * "now also triggered by iso_made". */
static void name_set_changes(sd_item *it, const char *field, const name_list *a, const name_list *b,
                             const char *added_words, const char *removed_words)
{
    for (const name_list *n = b; n; n = n->next)
        if (!name_in(n->name.text, a)) {
            sd_field *f = add_field(it, field, SD_ADDED, NULL, xstrdup(n->name.text));
            f->words = xasprintf("%s %s", added_words, n->name.text);
        }
    for (const name_list *n = a; n; n = n->next)
        if (!name_in(n->name.text, b)) {
            sd_field *f = add_field(it, field, SD_REMOVED, xstrdup(n->name.text), NULL);
            f->words = xasprintf("%s %s", removed_words, n->name.text);
        }
}

static bool says_in(const ast_string *s, const says_item *l)
{
    for (; l; l = l->next)
        if (streq(s->text, l->s.text))
            return true;
    return false;
}

/* The quotations of two rules, as sets: one field per quotation that
 * appears or goes (a single changed quotation stays one change). */
static void cmp_says(sd_item *it, const rule_decl *a, const rule_decl *b)
{
    bool single = (!a->says_all || !a->says_all->next) && (!b->says_all || !b->says_all->next);
    if (single) {
        cmp_string(it, "quoted text", &a->says, &b->says);
        return;
    }
    for (const says_item *x = b->says_all; x; x = x->next)
        if (!says_in(&x->s, a->says_all))
            add_field(it, "quoted text", SD_ADDED, NULL, quoted(x->s.text));
    for (const says_item *x = a->says_all; x; x = x->next)
        if (!says_in(&x->s, b->says_all))
            add_field(it, "quoted text", SD_REMOVED, quoted(x->s.text), NULL);
}

/* Every difference of rule A (old) and B (new) as fields of IT. */
static void cmp_rules(const rule_pair_ctx *rc, sd_item *it, const decl *da, const decl *db)
{
    const rule_decl *a = &da->u.rule, *b = &db->u.rule;
    cmp_string(it, "citation", &a->cite, &b->cite);
    cmp_says(it, a, b);
    cmp_string(it, "note", &a->note, &b->note);
    cmp_texts(it, "edition", a->edition.text ? xasprintf("edition %s", a->edition.text) : NULL,
              b->edition.text ? xasprintf("edition %s", b->edition.text) : NULL, !streq(a->edition.text, b->edition.text));

    bool trig_differ = a->has_trigger != b->has_trigger;
    bool only_set = false;
    if (!trig_differ && a->has_trigger) {
        /* The binding's name is not a difference (expressions compare it as $t). */
        bool same_rest = a->trig == b->trig && expr_same(a->trigger_where, b->trigger_where);
        bool same_set = names_same_set(a->triggers, b->triggers);
        trig_differ = !same_set || !same_rest;
        only_set = !same_set && same_rest && a->trig == TRIG_EVENT;
    }
    if (only_set)
        name_set_changes(it, "trigger", a->triggers, b->triggers, "now also triggered by", "no longer triggered by");
    else
        cmp_texts(it, "trigger", said(words_trigger, a), said(words_trigger, b), trig_differ);

    bool ov_differ = a->has_overrides != b->has_overrides;
    if (!ov_differ && a->has_overrides)
        ov_differ = !streq(target_in_new(rc, a), b->overrides.text) ||
                    !expr_same(a->overrides_when, b->overrides_when);
    cmp_texts(it, "exception", said(words_exception, a), said(words_exception, b), ov_differ);

    for (const cond *c = a->conds; c; c = c->next)
        if (!cond_in(c, b->conds))
            add_field(it, "condition", SD_REMOVED, cond_text(c), NULL);
    for (const cond *c = b->conds; c; c = c->next)
        if (!cond_in(c, a->conds))
            add_field(it, "condition", SD_ADDED, NULL, cond_text(c));

    bool wh_differ = a->has_while != b->has_while ||
                     (a->has_while && !streq(a->while_state.text, b->while_state.text));
    cmp_texts(it, "while", a->has_while ? xasprintf("while %s", a->while_state.text) : NULL,
              b->has_while ? xasprintf("while %s", b->while_state.text) : NULL, wh_differ);

    if (a->has_duty && b->has_duty && a->forbids != b->forbids) {
        add_field(it, "obligation", SD_CHANGED, obligation_text(a), obligation_text(b));
    } else if (a->has_duty && b->has_duty) {
        if (!names_same_set(a->roles, b->roles)) {
            if (!a->roles->next && !b->roles->next)
                add_field(it, "responsible", SD_CHANGED, xstrdup(a->role.text), xstrdup(b->role.text));
            else
                name_set_changes(it, "responsible", a->roles, b->roles, "now also the responsibility of",
                                 "no longer the responsibility of");
        }
        if (a->is_next != b->is_next || (!a->actions->next && !b->actions->next && !streq(a->action.text, b->action.text)))
            add_field(it, "action", SD_CHANGED, xasprintf("%s%s", a->is_next ? "next " : "", a->action_text),
                      xasprintf("%s%s", b->is_next ? "next " : "", b->action_text));
        else if (!names_same_set(a->actions, b->actions))
            name_set_changes(it, "action", a->actions, b->actions, "now also met by", "no longer met by");
        cmp_texts(it, "waiting period", a->not_before ? expr_text(a->not_before) : NULL,
                  b->not_before ? expr_text(b->not_before) : NULL, !expr_same(a->not_before, b->not_before));
        if (a->forbids)
            /* Which events breach a prohibition: "any order_ended" ->
             * "order_ended where chair != cp_coordinator". */
            cmp_texts(it, "breached by", breaching_text(a), breaching_text(b), !expr_same(a->duty_where, b->duty_where));
        else
            cmp_texts(it, "action condition", a->duty_where ? expr_text(a->duty_where) : NULL,
                      b->duty_where ? expr_text(b->duty_where) : NULL, !expr_same(a->duty_where, b->duty_where));
    } else if (!a->has_duty && !b->has_duty) {
        cmp_texts(it, "constraint", a->require ? expr_text(a->require) : NULL,
                  b->require ? expr_text(b->require) : NULL, !expr_same(a->require, b->require));
    } else {
        add_field(it, "obligation", SD_CHANGED, obligation_text(a), obligation_text(b));
    }
    cmp_deadline(it, &a->due, &b->due);
}

/* Everything of rule D but its name, as one key; TARGET replaces the name
 * of the rule it overrides. */
static char *rule_key(const decl *d, const char *target)
{
    const rule_decl *r = &d->u.rule;
    sbuf b;
    sbuf_init(&b);
    if (r->cite.present)
        fmt_put_string(&b, r->cite.text);
    sbuf_putc(&b, '|');
    for (const says_item *si = r->says_all; si; si = si->next)
        fmt_put_string(&b, si->s.text);
    sbuf_putc(&b, '|');
    if (r->note.present)
        fmt_put_string(&b, r->note.text);
    sbuf_putc(&b, '|');
    if (r->edition.text)
        sbuf_printf(&b, "edition %s", r->edition.text);
    sbuf_putc(&b, '|');
    if (r->has_trigger) {
        sbuf_puts(&b, "when ");
        put_or_names(&b, r->triggers);
        sbuf_printf(&b, " %d ", (int)r->trig);
        key_expr(&b, r->trigger_where);
    }
    sbuf_putc(&b, '|');
    if (r->has_overrides) {
        sbuf_printf(&b, "overrides %s ", target);
        key_expr(&b, r->overrides_when);
    }
    sbuf_putc(&b, '|');
    /* Conditions as a set: sorted keys. */
    size_t n = 0;
    for (const cond *c = r->conds; c; c = c->next)
        n++;
    char **ks = xcalloc(n ? n : 1, sizeof *ks);
    n = 0;
    for (const cond *c = r->conds; c; c = c->next) {
        char *k = expr_key(c->e);
        ks[n++] = xasprintf("%s %s", c->kind == COND_IF ? "if" : "unless", k);
        free(k);
    }
    for (size_t i = 1; i < n; i++)
        for (size_t j = i; j > 0 && strcmp(ks[j - 1], ks[j]) > 0; j--) {
            char *t = ks[j];
            ks[j] = ks[j - 1];
            ks[j - 1] = t;
        }
    for (size_t i = 0; i < n; i++) {
        sbuf_printf(&b, "%s;", ks[i]);
        free(ks[i]);
    }
    free(ks);
    sbuf_putc(&b, '|');
    if (r->has_while)
        sbuf_puts(&b, r->while_state.text);
    sbuf_putc(&b, '|');
    if (r->has_duty) {
        put_or_names(&b, r->roles);
        sbuf_puts(&b, r->forbids ? " must not " : r->is_next ? " must next " : " must ");
        put_or_names(&b, r->actions);
        key_expr(&b, r->duty_where);
        key_expr(&b, r->not_before);
    }
    sbuf_putc(&b, '|');
    if (r->require)
        key_expr(&b, r->require);
    sbuf_putc(&b, '|');
    sbuf_printf(&b, "%d ", (int)r->due.kind);
    switch (r->due.kind) {
    case DL_NONE: break;
    case DL_WITHIN:
        key_dur(&b, r->due.within);
        key_expr(&b, r->due.within_count);
        key_expr(&b, r->due.of);
        if (r->due.inclusive)
            sbuf_puts(&b, " inclusive");
        break;
    case DL_BY: key_expr(&b, r->due.by); break;
    case DL_BETWEEN:
        key_expr(&b, r->due.by);
        key_expr(&b, r->due.to);
        break;
    case DL_BEFORE:
        sbuf_puts(&b, r->due.before.text);
        key_expr(&b, r->due.before_where);
        break;
    case DL_SCHEDULE:
        for (const milestone *m = r->due.milestones; m; m = m->next) {
            key_dur(&b, m->dur);
            key_expr(&b, m->count);
        }
        key_expr(&b, r->due.of);
        if (r->due.has_window) {
            sbuf_puts(&b, " from ");
            key_dur(&b, r->due.window);
            key_expr(&b, r->due.window_count);
        }
        break;
    }
    return sbuf_take(&b);
}

static void set_cite(sd_item *it, const decl *d)
{
    if (d->u.rule.cite.present && !it->cite)
        it->cite = xstrdup(d->u.rule.cite.text);
}

/* The pairing of the old version's rules with the new version's. */
typedef struct rule_match {
    const ast_program *po, *pn;
    size_t no, nn;
    long *match_o, *match_n;  /* index in the other version, or -1 */
    bool *renamed_n;          /* new rule j was paired under another name */
    strmap old_to_new, new_to_old;  /* renamed rules, by name */
} rule_match;

/* Pair old rule I with new rule J; RENAMED when their names differ. */
static void pair_rules(rule_match *m, size_t i, size_t j, bool renamed)
{
    m->match_o[i] = (long)j;
    m->match_n[j] = (long)i;
    if (!renamed)
        return;
    m->renamed_n[j] = true;
    strmap_put(&m->old_to_new, m->po->rules.items[i]->name.text, m->pn->rules.items[j]);
    strmap_put(&m->new_to_old, m->pn->rules.items[j]->name.text, m->po->rules.items[i]);
}

/* Rules of the same name are the same rule. */
static void match_by_name(rule_match *m)
{
    for (size_t i = 0; i < m->no; i++)
        m->match_o[i] = -1;
    for (size_t j = 0; j < m->nn; j++) {
        m->match_n[j] = -1;
        const decl *o = strmap_get(&m->po->rule_map, m->pn->rules.items[j]->name.text);
        for (size_t i = 0; o && i < m->no; i++)
            if (m->po->rules.items[i] == o)
                pair_rules(m, i, j, false);
    }
}

/* Exact renames: identical bodies, override targets followed through the
 * renames found so far; repeat until nothing new is found. */
static void match_exact_renames(rule_match *m)
{
    for (bool found = true; found;) {
        found = false;
        for (size_t i = 0; i < m->no; i++) {
            if (m->match_o[i] >= 0)
                continue;
            const decl *o = m->po->rules.items[i];
            char *ko = rule_key(o, o->u.rule.has_overrides ? o->u.rule.overrides.text : "");
            for (size_t j = 0; j < m->nn; j++) {
                if (m->match_n[j] >= 0)
                    continue;
                const decl *n = m->pn->rules.items[j];
                const char *nt = n->u.rule.has_overrides ? n->u.rule.overrides.text : "";
                const decl *back = strmap_get(&m->new_to_old, nt);
                char *kn = rule_key(n, back ? back->name.text : nt);
                bool same = strcmp(ko, kn) == 0;
                free(kn);
                if (same) {
                    pair_rules(m, i, j, true);
                    found = true;
                    break;
                }
            }
            free(ko);
        }
    }
}

/* How many unmatched rules of RULES (MATCH: their pairing) quote SAYS; *LAST
 * is the index of the last one. */
static int count_quoting(const decl_array *rules, const long *match, const char *says, long *last)
{
    int n = 0;
    for (size_t k = 0; k < rules->count; k++) {
        const rule_decl *x = &rules->items[k]->u.rule;
        if (match[k] < 0 && x->says.present && strcmp(x->says.text, says) == 0) {
            *last = (long)k;
            n++;
        }
    }
    return n;
}

/* Renames with changes: the same `says` quotation, unique on both sides
 * among the unmatched rules. */
static void match_by_quotation(rule_match *m)
{
    for (size_t i = 0; i < m->no; i++) {
        const decl *o = m->po->rules.items[i];
        if (m->match_o[i] >= 0 || !o->u.rule.says.present)
            continue;
        long cand = -1, self = -1;
        if (count_quoting(&m->pn->rules, m->match_n, o->u.rule.says.text, &cand) == 1 &&
            count_quoting(&m->po->rules, m->match_o, o->u.rule.says.text, &self) == 1)
            pair_rules(m, i, (size_t)cand, true);
    }
}

/* The item of new rule N paired with old rule O: changed (or nothing when
 * they mean the same), or renamed with its changes. */
static void report_pair(semdiff *sd, const rule_match *m, const decl *o, const decl *n, bool renamed)
{
    rule_pair_ctx rc = {&m->old_to_new};
    sd->rules_matched++;
    sd->pairs = xrealloc(sd->pairs, (sd->npairs + 1) * sizeof *sd->pairs);
    sd->pairs[sd->npairs].old_name = xstrdup(o->name.text);
    sd->pairs[sd->npairs].new_name = xstrdup(n->name.text);
    sd->npairs++;
    pending_item pi;
    pending_init(&pi, sd, SD_RULES, "rule", n->name.text);
    cmp_rules(&rc, &pi.scratch, o, n);
    sd_item *it;
    if (renamed) {
        it = add_item(sd, SD_RULES, "rule", SD_RENAMED, n->name.text);
        it->old_name = xstrdup(o->name.text);
        it->fields = pi.scratch.fields;
        it->nfields = pi.scratch.nfields;
    } else {
        it = pending_commit(&pi);
    }
    if (it) {
        set_cite(it, n);
        set_cite(it, o);
    }
}

/* Rules: paired by name, then exact renames, then renames that keep their
 * quotation; new rules in order (added or paired), then removed ones. */
static void compare_rules(semdiff *sd, const ast_program *po, const ast_program *pn)
{
    rule_match m = {.po = po, .pn = pn, .no = po->rules.count, .nn = pn->rules.count};
    sd->nrules_old = m.no;
    sd->nrules_new = m.nn;
    m.match_o = xcalloc(m.no ? m.no : 1, sizeof *m.match_o);
    m.match_n = xcalloc(m.nn ? m.nn : 1, sizeof *m.match_n);
    m.renamed_n = xcalloc(m.nn ? m.nn : 1, sizeof *m.renamed_n);
    strmap_init(&m.old_to_new);
    strmap_init(&m.new_to_old);
    match_by_name(&m);
    match_exact_renames(&m);
    match_by_quotation(&m);
    for (size_t j = 0; j < m.nn; j++) {
        const decl *n = pn->rules.items[j];
        if (m.match_n[j] >= 0) {
            report_pair(sd, &m, po->rules.items[m.match_n[j]], n, m.renamed_n[j]);
            continue;
        }
        sd_item *it = add_item(sd, SD_RULES, "rule", SD_ADDED, n->name.text);
        set_cite(it, n);
        it->summary = sd_rule_summary(n);
    }
    for (size_t i = 0; i < m.no; i++) {
        if (m.match_o[i] >= 0)
            continue;
        const decl *o = po->rules.items[i];
        sd_item *it = add_item(sd, SD_RULES, "rule", SD_REMOVED, o->name.text);
        set_cite(it, o);
        it->summary = sd_rule_summary(o);
    }
    strmap_free(&m.old_to_new);
    strmap_free(&m.new_to_old);
    free(m.match_o);
    free(m.match_n);
    free(m.renamed_n);
}

/* ------------------------------------------------------------ vocabulary */

static const decl *find_in(const decl_array *a, const char *name)
{
    for (size_t i = 0; i < a->count; i++)
        if (streq(a->items[i]->name.text, name))
            return a->items[i];
    return NULL;
}

typedef void (*cmp_decl_fn)(sd_item *it, const decl *a, const decl *b);

static void compare_decls(semdiff *sd, sd_section sec, const char *kind, const decl_array *ao,
                          const decl_array *an, cmp_decl_fn cmp, char *(*summary)(const decl *))
{
    for (size_t j = 0; j < an->count; j++) {
        const decl *n = an->items[j];
        const decl *o = find_in(ao, n->name.text);
        if (!o) {
            sd_item *it = add_item(sd, sec, kind, SD_ADDED, n->name.text);
            if (summary)
                it->summary = summary(n);
            continue;
        }
        pending_item pi;
        pending_init(&pi, sd, sec, kind, n->name.text);
        cmp(&pi.scratch, o, n);
        pending_commit(&pi);
    }
    for (size_t i = 0; i < ao->count; i++) {
        const decl *o = ao->items[i];
        if (!find_in(an, o->name.text)) {
            sd_item *it = add_item(sd, sec, kind, SD_REMOVED, o->name.text);
            if (summary)
                it->summary = summary(o);
        }
    }
}

static void cmp_role(sd_item *it, const decl *a, const decl *b)
{
    cmp_string(it, "description", &a->u.role.description, &b->u.role.description);
}

static bool value_in(const char *name, const enum_value *v)
{
    for (; v; v = v->next)
        if (streq(v->name.text, name))
            return true;
    return false;
}

static void cmp_enum(sd_item *it, const decl *a, const decl *b)
{
    for (const enum_value *v = a->u.enm.values; v; v = v->next)
        if (!value_in(v->name.text, b->u.enm.values))
            add_field(it, "value", SD_REMOVED, xstrdup(v->name.text), NULL);
    for (const enum_value *v = b->u.enm.values; v; v = v->next)
        if (!value_in(v->name.text, a->u.enm.values))
            add_field(it, "value", SD_ADDED, NULL, xstrdup(v->name.text));
}

static const attr_decl *attr_in(const char *name, const attr_decl *a)
{
    for (; a; a = a->next)
        if (streq(a->name.text, name))
            return a;
    return NULL;
}

static char *attr_text(const attr_decl *a)
{
    return xasprintf("%s: %s", a->name.text, a->type_name.text);
}

static void cmp_event(sd_item *it, const decl *a, const decl *b)
{
    cmp_string(it, "description", &a->u.event.description, &b->u.event.description);
    for (const attr_decl *x = a->u.event.attrs; x; x = x->next) {
        const attr_decl *y = attr_in(x->name.text, b->u.event.attrs);
        if (!y)
            add_field(it, "attribute", SD_REMOVED, attr_text(x), NULL);
        else if (!streq(x->type_name.text, y->type_name.text))
            add_field(it, "attribute", SD_CHANGED, attr_text(x), attr_text(y));
    }
    for (const attr_decl *y = b->u.event.attrs; y; y = y->next)
        if (!attr_in(y->name.text, a->u.event.attrs))
            add_field(it, "attribute", SD_ADDED, NULL, attr_text(y));
}

static char *event_summary(const decl *d)
{
    sbuf b;
    sbuf_init(&b);
    sbuf_printf(&b, "event %s", d->name.text);
    if (d->u.event.attrs) {
        sbuf_puts(&b, "(");
        for (const attr_decl *a = d->u.event.attrs; a; a = a->next)
            sbuf_printf(&b, "%s: %s%s", a->name.text, a->type_name.text, a->next ? ", " : "");
        sbuf_puts(&b, ")");
    }
    return sbuf_take(&b);
}

static bool names_same_set(const name_list *a, const name_list *b)
{
    for (const name_list *x = a; x; x = x->next) {
        bool f = false;
        for (const name_list *y = b; y && !f; y = y->next)
            f = streq(x->name.text, y->name.text);
        if (!f)
            return false;
    }
    for (const name_list *y = b; y; y = y->next) {
        bool f = false;
        for (const name_list *x = a; x && !f; x = x->next)
            f = streq(x->name.text, y->name.text);
        if (!f)
            return false;
    }
    return true;
}

static char *names_text(const name_list *n)
{
    if (!n)
        return NULL;
    sbuf b;
    sbuf_init(&b);
    for (; n; n = n->next)
        sbuf_printf(&b, "%s%s", n->name.text, n->next ? " or " : "");
    return sbuf_take(&b);
}

/* The closing date and extension of state D as written, or NULL. */
static char *state_ends_text(const decl *d)
{
    if (!d->u.state.close_at && !d->u.state.ext_event.text)
        return NULL;
    sbuf b;
    sbuf_init(&b);
    fmt_put_state_ends(&b, d, false);
    return sbuf_take(&b);
}

/* State D's `for` length as written ("12 months", "order.months months"),
 * or NULL. */
static char *state_length_text(const decl *d)
{
    if (!d->u.state.has_for)
        return NULL;
    sbuf b;
    sbuf_init(&b);
    fmt_put_dur_count(&b, d->u.state.for_dur, d->u.state.for_count);
    return sbuf_take(&b);
}

static void cmp_state(sd_item *it, const decl *a, const decl *b)
{
    cmp_texts(it, "opened by", names_text(a->u.state.from), names_text(b->u.state.from),
              !names_same_set(a->u.state.from, b->u.state.from));
    cmp_texts(it, "closed by", names_text(a->u.state.until), names_text(b->u.state.until),
              !names_same_set(a->u.state.until, b->u.state.until));
    bool differ = a->u.state.has_for != b->u.state.has_for;
    if (!differ && a->u.state.has_for) {
        duration x = dur_in_base(a->u.state.for_dur), y = dur_in_base(b->u.state.for_dur);
        differ = x.n != y.n || x.unit != y.unit || !expr_same(a->u.state.for_count, b->u.state.for_count);
    }
    cmp_texts(it, "lasts at most", state_length_text(a), state_length_text(b), differ);
    char *ea = state_ends_text(a), *eb = state_ends_text(b);
    cmp_texts(it, "ends", ea, eb, !streq(ea, eb));
}

static char *state_summary(const decl *d)
{
    char *from = names_text(d->u.state.from);
    sbuf b;
    sbuf_init(&b);
    sbuf_printf(&b, "state %s from %s", d->name.text, from ? from : "");
    fmt_put_state_ends(&b, d, true);
    free(from);
    return sbuf_take(&b);
}

static char *enum_summary(const decl *d)
{
    sbuf b;
    sbuf_init(&b);
    sbuf_printf(&b, "enum %s (", d->name.text);
    for (const enum_value *v = d->u.enm.values; v; v = v->next)
        sbuf_printf(&b, "%s%s", v->name.text, v->next ? ", " : "");
    sbuf_putc(&b, ')');
    return sbuf_take(&b);
}

/* ------------------------------------------------------------ policy header */

static void compare_policy(semdiff *sd, const ast_program *po, const ast_program *pn)
{
    const decl *a = po->policy, *b = pn->policy;
    if (!a && !b)
        return;
    if (!a || !b) {
        sd_item *it = add_item(sd, SD_POLICY, "policy", a ? SD_REMOVED : SD_ADDED,
                               (a ? a : b)->u.policy.qualified.text);
        (void)it;
        return;
    }
    const policy_decl *x = &a->u.policy, *y = &b->u.policy;
    pending_item pi;
    pending_init(&pi, sd, SD_POLICY, "policy", y->qualified.text);
    sd_item *it = &pi.scratch;
    if (!streq(x->qualified.text, y->qualified.text))
        add_field(it, "name", SD_CHANGED, xstrdup(x->qualified.text), xstrdup(y->qualified.text));
    cmp_string(it, "title", &x->title, &y->title);
    cmp_string(it, "authority", &x->authority, &y->authority);
    cmp_string(it, "version", &x->version, &y->version);
    char d1[16], d2[16];
    cmp_texts(it, "review date", x->has_review ? xstrdup(ast_date_format(x->review, d1)) : NULL,
              y->has_review ? xstrdup(ast_date_format(y->review, d2)) : NULL,
              x->has_review != y->has_review || (x->has_review && x->review != y->review));
    cmp_texts(it, "calendar", x->has_calendar ? xstrdup(x->calendar.text) : x->calendar_none ? xstrdup("none") : NULL,
              y->has_calendar ? xstrdup(y->calendar.text) : y->calendar_none ? xstrdup("none") : NULL,
              x->has_calendar != y->has_calendar || x->calendar_none != y->calendar_none ||
                  (x->has_calendar && !streq(x->calendar.text, y->calendar.text)));
    cmp_string(it, "source document", &x->source, &y->source);
    pending_commit(&pi);
}

/* ------------------------------------------------------------ editions */

/* "from 2021-10-01 until 2023-04-01" (until: the first day it is no longer
 * in force), "from 2021-10-01". */
static char *period_text(const decl *e)
{
    char a[16], b[16];
    if (e->u.edition.until)
        return xasprintf("from %s until %s", ast_date_format(e->u.edition.from, a),
                         ast_date_format(e->u.edition.until, b));
    return xasprintf("from %s", ast_date_format(e->u.edition.from, a));
}

/* Editions added, removed and changed, in the policy section. An edition
 * that begins where another now ends is said in domain words: "edition
 * 2021 replaces 2015 for triggers from 2021-10-01". */
static void compare_editions(semdiff *sd, const ast_program *po, const ast_program *pn)
{
    char d1[16];
    for (size_t j = 0; j < pn->editions.count; j++) {
        const decl *n = pn->editions.items[j];
        const decl *o = find_in(&po->editions, n->name.text);
        if (!o) {
            sd_item *it = add_item(sd, SD_POLICY, "edition", SD_ADDED, n->name.text);
            const decl *prev = NULL;
            for (size_t k = 0; k < pn->editions.count; k++)
                if (pn->editions.items[k]->u.edition.until == n->u.edition.from)
                    prev = pn->editions.items[k];
            sd_field *f = add_field(it, "period", SD_ADDED, NULL, period_text(n));
            if (prev)
                f->words = xasprintf("edition %s replaces %s for triggers from %s", n->name.text, prev->name.text,
                                     ast_date_format(n->u.edition.from, d1));
            else
                f->words = xasprintf("edition %s \"%s\" in force %s, source %s", n->name.text,
                                     n->u.edition.title.text, f->new_text, n->u.edition.source.text);
            continue;
        }
        pending_item pi;
        pending_init(&pi, sd, SD_POLICY, "edition", n->name.text);
        sd_item *it = &pi.scratch;
        if (o->u.edition.from != n->u.edition.from || o->u.edition.until != n->u.edition.until)
            add_field(it, "period", SD_CHANGED, period_text(o), period_text(n));
        cmp_string(it, "title", &o->u.edition.title, &n->u.edition.title);
        cmp_string(it, "source document", &o->u.edition.source, &n->u.edition.source);
        pending_commit(&pi);
    }
    for (size_t i = 0; i < po->editions.count; i++) {
        const decl *o = po->editions.items[i];
        if (find_in(&pn->editions, o->name.text))
            continue;
        sd_item *it = add_item(sd, SD_POLICY, "edition", SD_REMOVED, o->name.text);
        sd_field *f = add_field(it, "period", SD_REMOVED, period_text(o), NULL);
        f->words = xasprintf("edition %s (%s) is no longer part of the procedure", o->name.text, f->old_text);
    }
}

/* ------------------------------------------------------------ tests, uncited */

static char *test_key(const decl *d)
{
    const test_decl *t = &d->u.test;
    sbuf b;
    sbuf_init(&b);
    char buf[16];
    for (const test_event *ev = t->events; ev; ev = ev->next) {
        sbuf_printf(&b, "(%s %s", ast_date_format(ev->date, buf), ev->kind.text);
        for (const test_attr *a = ev->attrs; a; a = a->next) {
            sbuf_printf(&b, " (%s ", a->name.text);
            key_expr(&b, a->value);
            sbuf_putc(&b, ')');
        }
        sbuf_putc(&b, ')');
    }
    if (t->has_as_of)
        sbuf_printf(&b, " as-of %s", ast_date_format(t->as_of, buf));
    for (const expectation *x = t->expects; x; x = x->next) {
        sbuf_printf(&b, " (%d %s %d", (int)x->kind, x->rule.text, (int)x->status);
        if (x->has_due)
            sbuf_printf(&b, " due %s", x->due_none ? "none" : ast_date_format(x->due, buf));
        if (x->has_met)
            sbuf_printf(&b, " met %s", ast_date_format(x->met, buf));
        if (x->has_days_late)
            sbuf_printf(&b, " late %lld", (long long)x->days_late);
        if (x->kind == EXP_COUNT)
            sbuf_printf(&b, " count %lld", (long long)x->count);
        sbuf_putc(&b, ')');
    }
    return sbuf_take(&b);
}

static const decl *find_test(const decl_array *a, const char *name)
{
    for (size_t i = 0; i < a->count; i++)
        if (streq(a->items[i]->u.test.name.text, name))
            return a->items[i];
    return NULL;
}

static void compare_tests(semdiff *sd, const ast_program *po, const ast_program *pn)
{
    for (size_t j = 0; j < pn->tests.count; j++) {
        const decl *n = pn->tests.items[j];
        const decl *o = find_test(&po->tests, n->u.test.name.text);
        if (!o) {
            add_item(sd, SD_TESTS, "test", SD_ADDED, n->u.test.name.text);
            continue;
        }
        char *ko = test_key(o), *kn = test_key(n);
        if (strcmp(ko, kn) != 0) {
            sd_item *it = add_item(sd, SD_TESTS, "test", SD_CHANGED, n->u.test.name.text);
            add_field(it, "scenario", SD_CHANGED, NULL, NULL);
        }
        free(ko);
        free(kn);
    }
    for (size_t i = 0; i < po->tests.count; i++) {
        const decl *o = po->tests.items[i];
        if (!find_test(&pn->tests, o->u.test.name.text))
            add_item(sd, SD_TESTS, "test", SD_REMOVED, o->u.test.name.text);
    }
}

static const decl *find_uncited(const decl_array *a, const char *sentence)
{
    for (size_t i = 0; i < a->count; i++)
        if (streq(a->items[i]->u.uncited.sentence.text, sentence))
            return a->items[i];
    return NULL;
}

static void compare_uncited(semdiff *sd, const ast_program *po, const ast_program *pn)
{
    for (size_t j = 0; j < pn->uncited.count; j++) {
        const decl *n = pn->uncited.items[j];
        const decl *o = find_uncited(&po->uncited, n->u.uncited.sentence.text);
        if (!o) {
            sd_item *it = add_item(sd, SD_UNCITED, "uncited", SD_ADDED, n->u.uncited.sentence.text);
            it->summary = xasprintf("because %s", n->u.uncited.reason.text);
        } else if (!streq(o->u.uncited.reason.text, n->u.uncited.reason.text)) {
            sd_item *it = add_item(sd, SD_UNCITED, "uncited", SD_CHANGED, n->u.uncited.sentence.text);
            add_field(it, "reason", SD_CHANGED, quoted(o->u.uncited.reason.text), quoted(n->u.uncited.reason.text));
        }
    }
    for (size_t i = 0; i < po->uncited.count; i++) {
        const decl *o = po->uncited.items[i];
        if (!find_uncited(&pn->uncited, o->u.uncited.sentence.text))
            add_item(sd, SD_UNCITED, "uncited", SD_REMOVED, o->u.uncited.sentence.text);
    }
}

/* ------------------------------------------------------------ entry points */

semdiff *semdiff_compare(const ast_program *po, const ast_program *pn)
{
    semdiff *sd = xcalloc(1, sizeof *sd);
    compare_policy(sd, po, pn);
    compare_editions(sd, po, pn);
    compare_decls(sd, SD_VOCABULARY, "role", &po->roles, &pn->roles, cmp_role, NULL);
    compare_decls(sd, SD_VOCABULARY, "enum", &po->enums, &pn->enums, cmp_enum, enum_summary);
    compare_decls(sd, SD_VOCABULARY, "event", &po->events, &pn->events, cmp_event, event_summary);
    compare_decls(sd, SD_VOCABULARY, "state", &po->states, &pn->states, cmp_state, state_summary);
    compare_rules(sd, po, pn);
    compare_tests(sd, po, pn);
    compare_uncited(sd, po, pn);
    return sd;
}

void semdiff_free(semdiff *d)
{
    if (!d)
        return;
    for (size_t i = 0; i < d->count; i++) {
        sd_item *it = &d->items[i];
        free(it->name);
        free(it->old_name);
        free(it->cite);
        free(it->summary);
        for (size_t k = 0; k < it->nfields; k++) {
            free(it->fields[k].old_text);
            free(it->fields[k].new_text);
            free(it->fields[k].by);
            free(it->fields[k].words);
        }
        free(it->fields);
    }
    free(d->items);
    for (size_t i = 0; i < d->npairs; i++) {
        free(d->pairs[i].old_name);
        free(d->pairs[i].new_name);
    }
    free(d->pairs);
    free(d);
}

bool semdiff_equal(const semdiff *d)
{
    return d->count == 0;
}

size_t semdiff_count(const semdiff *d, sd_section section, int change)
{
    size_t n = 0;
    for (size_t i = 0; i < d->count; i++)
        if (d->items[i].section == section && (change < 0 || (int)d->items[i].change == change))
            n++;
    return n;
}

const char *semdiff_rule_in_new(const semdiff *d, const char *old_name)
{
    for (size_t i = 0; i < d->npairs; i++)
        if (strcmp(d->pairs[i].old_name, old_name) == 0)
            return d->pairs[i].new_name;
    return NULL;
}

const sd_item *semdiff_rule_item(const semdiff *d, const char *new_name)
{
    for (size_t i = 0; i < d->count; i++) {
        const sd_item *it = &d->items[i];
        if (it->section == SD_RULES && it->change != SD_REMOVED && strcmp(it->name, new_name) == 0)
            return it;
    }
    return NULL;
}

const char *sd_change_name(sd_change c)
{
    switch (c) {
    case SD_ADDED: return "added";
    case SD_REMOVED: return "removed";
    case SD_RENAMED: return "renamed";
    case SD_CHANGED: return "changed";
    }
    return "?";
}

const char *sd_section_name(sd_section s)
{
    switch (s) {
    case SD_POLICY: return "policy";
    case SD_VOCABULARY: return "vocabulary";
    case SD_RULES: return "rules";
    case SD_TESTS: return "tests";
    case SD_UNCITED: return "uncited";
    }
    return "?";
}

char *sd_field_text(const sd_field *f)
{
    if (f->words)
        return xstrdup(f->words);
    switch (f->change) {
    case SD_ADDED:
        return xasprintf("%s added: %s", f->field, f->new_text ? f->new_text : "");
    case SD_REMOVED:
        return xasprintf("%s removed: %s", f->field, f->old_text ? f->old_text : "");
    case SD_RENAMED:
    case SD_CHANGED:
        break;
    }
    if (!f->old_text && !f->new_text)
        return xasprintf("%s changed", f->field);
    sbuf b;
    sbuf_init(&b);
    sbuf_printf(&b, "%s: %s \xe2\x86\x92 %s", f->field, f->old_text, f->new_text);
    if (f->cmp == SD_STRICTER || f->cmp == SD_LOOSER)
        sbuf_printf(&b, " (%s by %s)", f->cmp == SD_STRICTER ? "stricter" : "looser", f->by);
    else if (f->cmp == SD_SAME)
        sbuf_puts(&b, " (the same length)");
    else if (f->incomparable)
        sbuf_printf(&b, " (changed: %s cannot be compared)", f->by);
    return sbuf_take(&b);
}
