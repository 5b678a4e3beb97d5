/*
 * mutate.c — small changes to a policy, one at a time, to learn which of
 * them the tests would notice (see mutate.h). Each mutant changes the tree
 * in place and can be reverted exactly.
 */
#include <stdlib.h>
#include <string.h>

#include "mutate.h"

#include "lang/check.h"
#include "lang/fmt.h"
#include "lang/words.h"

static mutant *add(mutant_list *l, mut_kind k, span sp, const decl *rule)
{
    l->items = xgrow(l->items, &l->cap, l->count, sizeof *l->items, 64);
    mutant *m = &l->items[l->count++];
    memset(m, 0, sizeof *m);
    m->kind = k;
    m->sp = sp;
    m->rule = rule;
    return m;
}

static char *dur_text(duration d)
{
    sbuf b;
    sbuf_init(&b);
    words_duration(&b, d);
    return sbuf_take(&b);
}

/* A duration whose number comes from the case, as written. */
static char *count_text(duration d, const expr *count)
{
    sbuf b;
    sbuf_init(&b);
    fmt_put_dur_count(&b, d, count);
    return sbuf_take(&b);
}

/* One more and one fewer of a duration whose number comes from the case
 * (`order.months months` -> `(order.months + 1) months`). */
static void add_count_durations(mutant_list *l, duration *d, const expr *count, span sp, const decl *rule,
                                const char *what)
{
    for (int delta = -1; delta <= 1; delta += 2) {
        mutant *m = add(l, MUT_DURATION, sp, rule);
        m->dur = d;
        m->dur_old = *d;
        m->dur_new = *d;
        m->dur_new.n += delta;
        char *a = count_text(m->dur_old, count), *b = count_text(m->dur_new, count);
        m->desc = xasprintf("%s %s -> %s", what, a, b);
        free(a);
        free(b);
    }
}

static void add_durations(mutant_list *l, duration *d, span sp, const decl *rule, const char *what)
{
    for (int delta = -1; delta <= 1; delta += 2) {
        if (d->n + delta <= 0)
            continue;
        mutant *m = add(l, MUT_DURATION, sp, rule);
        m->dur = d;
        m->dur_old = *d;
        m->dur_new = *d;
        m->dur_new.n += delta;
        char *a = dur_text(m->dur_old), *b = dur_text(m->dur_new);
        m->desc = xasprintf("%s %s -> %s", what, a, b);
        free(a);
        free(b);
    }
}

static binop boundary(binop op)
{
    switch (op) {
    case OP_LT: return OP_LE;
    case OP_LE: return OP_LT;
    case OP_GT: return OP_GE;
    case OP_GE: return OP_GT;
    case OP_EQ: return OP_NE;
    case OP_NE: return OP_EQ;
    case OP_ADD:
    case OP_SUB:
    case OP_AND:
    case OP_OR:
        break;
    }
    return op;
}

/* Comparisons and duration literals inside E. */
static void walk_expr(mutant_list *l, expr *e, const decl *rule)
{
    if (!e)
        return;
    switch (e->kind) {
    case EX_DURATION:
        if (e->dur_count) {
            add_count_durations(l, &e->u.dur, e->dur_count, e->sp, rule, "duration");
            walk_expr(l, e->dur_count, rule);
        } else {
            add_durations(l, &e->u.dur, e->sp, rule, "duration");
        }
        break;
    case EX_BINARY:
        if (e->u.bin.op >= OP_EQ && e->u.bin.op <= OP_GE) {
            mutant *m = add(l, MUT_COMPARE, e->sp, rule);
            m->cmp = e;
            m->op_old = e->u.bin.op;
            m->op_new = boundary(e->u.bin.op);
            m->desc = xasprintf("comparison '%s' -> '%s'", binop_text(m->op_old), binop_text(m->op_new));
        }
        walk_expr(l, e->u.bin.l, rule);
        walk_expr(l, e->u.bin.r, rule);
        break;
    case EX_NOT:
    case EX_NEG:
        walk_expr(l, e->u.un.e, rule);
        break;
    case EX_IN:
        walk_expr(l, e->u.in.lhs, rule);
        for (expr *i = e->u.in.items; i; i = i->next)
            walk_expr(l, i, rule);
        break;
    case EX_STATE_AT:
        walk_expr(l, e->u.state_at.at, rule);
        break;
    case EX_FIRST:
    case EX_LAST:
    case EX_COUNT:
    case EX_EXISTS:
        walk_expr(l, e->u.query.a, rule);
        walk_expr(l, e->u.query.b, rule);
        walk_expr(l, e->u.query.cond, rule);
        break;
    case EX_ATTR:
        walk_expr(l, e->u.attr.base, rule); /* (last E before D).attr: the query's */
        break;
    case EX_DATE:
    case EX_INT:
    case EX_BOOL:
    case EX_TEXT:
    case EX_NAME:
        break;
    }
}

static void add_negation(mutant_list *l, arena *a, expr **slot, const decl *rule, const char *what)
{
    if (!*slot)
        return;
    mutant *m = add(l, MUT_NEGATE, (*slot)->sp, rule);
    m->slot = slot;
    m->orig = *slot;
    m->neg = arena_alloc(a, sizeof *m->neg);
    m->neg->kind = EX_NOT;
    m->neg->sp = (*slot)->sp;
    m->neg->ty = (*slot)->ty;
    m->neg->u.un.e = *slot;
    m->desc = xasprintf("%s negated", what);
}

/* One mutant per name of an `or` list (two names at least) of rule D,
 * dropping it: the list is relinked without it and, for events, KIND gets
 * the kind number of the remaining events. */
static void add_drops(mutant_list *l, ast_program *p, const decl *d, name_list **head, int *kind, mut_kind mk,
                      const char *what)
{
    for (name_list **link = head; *link; link = &(*link)->next) {
        name_list *node = *link;
        mutant *m = add(l, mk, node->name.sp, d);
        m->link = link;
        m->node = node;
        if (kind) {
            decl *evs[64];
            size_t n = 0;
            for (name_list *x = *head; x && n < 64; x = x->next)
                if (x != node)
                    evs[n++] = x->decl;
            m->kind_slot = kind;
            m->kind_old = *kind;
            m->kind_new = program_event_group(p, evs, n);
        }
        m->desc = xasprintf("%s %s dropped", what, node->name.text);
    }
}

static void collect_file(ast_program *p, ast_file *file, mutant_list *out)
{
    arena *a = &file->arena;
    for (decl *d = file->decls; d; d = d->next) {
        if (d->kind == D_EDITION) {
            /* The boundary moves: the edition that ends where this one
             * begins ends a day earlier or later with it. */
            ast_date *prev_until = NULL;
            for (size_t i = 0; i < p->editions.count; i++)
                if (p->editions.items[i]->u.edition.until == d->u.edition.from)
                    prev_until = &p->editions.items[i]->u.edition.until;
            for (int delta = -1; delta <= 1; delta += 2) {
                mutant *m = add(out, MUT_EDITION, d->u.edition.from_sp, NULL);
                m->date = &d->u.edition.from;
                m->date2 = prev_until;
                m->date_old = d->u.edition.from;
                m->date_new = ast_date_add_days(d->u.edition.from, delta);
                char b1[11], b2[11];
                m->desc = xasprintf("edition %s starts %s -> %s", d->name.text, ast_date_format(m->date_old, b1),
                                    ast_date_format(m->date_new, b2));
            }
        }
        if (d->kind == D_STATE && d->u.state.has_for && d->u.state.for_count) {
            add_count_durations(out, &d->u.state.for_dur, d->u.state.for_count, d->u.state.for_sp, NULL,
                                "state length");
            walk_expr(out, d->u.state.for_count, NULL);
        } else if (d->kind == D_STATE && d->u.state.has_for) {
            add_durations(out, &d->u.state.for_dur, d->u.state.for_sp, NULL, "state length");
        }
        if (d->kind == D_STATE) {
            walk_expr(out, d->u.state.close_at, NULL);
            walk_expr(out, d->u.state.ext_to, NULL);
        }
        if (d->kind != D_RULE)
            continue;
        rule_decl *r = &d->u.rule;
        add_negation(out, a, &r->trigger_where, d, "trigger condition (when ... where)");
        walk_expr(out, r->trigger_where, d);
        for (cond *k = r->conds; k; k = k->next) {
            add_negation(out, a, &k->e, d, k->kind == COND_IF ? "'if' condition" : "'unless' condition");
            walk_expr(out, k->e, d);
        }
        add_negation(out, a, &r->duty_where, d,
                     r->forbids ? "prohibition condition (must not ... where)" : "duty condition (must ... where)");
        walk_expr(out, r->duty_where, d);
        add_negation(out, a, &r->require, d, "constraint (require)");
        walk_expr(out, r->require, d);
        if (r->has_overrides && r->overrides_decl) {
            add_negation(out, a, &r->overrides_when, d, "exception condition (overrides ... when)");
            walk_expr(out, r->overrides_when, d);
            mutant *m = add(out, MUT_OVERRIDE, r->overrides_sp, d);
            m->r = r;
            m->saved_decl = r->overrides_decl;
            m->new_decl = NULL;
            m->desc = xasprintf("exception removed (overrides %s)", r->overrides.text);
        }
        if (r->has_duty && r->role_decl && p->roles.count > 1 && !r->roles->next) {
            /* The next role in declaration order. */
            decl *other = p->roles.items[(size_t)(r->role_decl->index + 1) % p->roles.count];
            mutant *m = add(out, MUT_ROLE, r->role.sp, d);
            m->r = r;
            m->saved_decl = r->role_decl;
            m->new_decl = other;
            m->desc = xasprintf("responsible role %s -> %s", r->role_decl->name.text, other->name.text);
        }
        if (r->has_duty && r->role_decl && r->roles->next)
            add_drops(out, p, d, &r->roles, NULL, MUT_DROP_ROLE, "responsible role");
        if (r->has_trigger && r->trig == TRIG_EVENT && r->trigger_decl && r->triggers->next)
            add_drops(out, p, d, &r->triggers, &r->trigger_kind_index, MUT_DROP_TRIGGER, "trigger");
        if (r->has_duty && r->action_decl && r->actions->next)
            add_drops(out, p, d, &r->actions, &r->action_kind_index, MUT_DROP_ACTION, "action");
        deadline *dl = &r->due;
        if (dl->kind == DL_WITHIN && dl->within_count) {
            add_count_durations(out, &dl->within, dl->within_count, dl->within_sp, d, "deadline within");
            walk_expr(out, dl->within_count, d); /* (last plan before v + 1 day).days */
        }
        else if (dl->kind == DL_WITHIN)
            add_durations(out, &dl->within, dl->within_sp, d, "deadline within");
        if (dl->kind == DL_WITHIN && (dl->within.unit == DUR_DAYS || dl->within.unit == DUR_WORKING_DAYS)) {
            mutant *m = add(out, MUT_INCLUSIVE, dl->within_sp, d);
            m->flag = &dl->inclusive;
            m->desc = xstrdup(dl->inclusive ? "deadline no longer inclusive (start day is day 0)"
                                            : "deadline made inclusive (start day is day 1)");
        }
        for (milestone *ms = dl->milestones; ms; ms = ms->next) {
            if (ms->count) {
                add_count_durations(out, &ms->dur, ms->count, ms->sp, d, "milestone");
                walk_expr(out, ms->count, d);
            }
            else
                add_durations(out, &ms->dur, ms->sp, d, "milestone");
        }
        if (dl->has_window && dl->window_count)
            add_count_durations(out, &dl->window, dl->window_count, dl->window_sp, d, "schedule window");
        else if (dl->has_window)
            add_durations(out, &dl->window, dl->window_sp, d, "schedule window");
        walk_expr(out, dl->window_count, d);
        walk_expr(out, dl->of, d);
        walk_expr(out, dl->by, d);
        walk_expr(out, dl->to, d);
        walk_expr(out, dl->before_where, d);
        walk_expr(out, r->not_before, d);
    }
}

void mut_collect(ast_program *p, mutant_list *out)
{
    memset(out, 0, sizeof *out);
    collect_file(p, p->main, out);
    /* A test file that imports its policy: the policy's rules too. */
    for (ast_file *f = p->files; f; f = f->next)
        if (p->policy && f != p->main && f->src == p->policy->sp.file)
            collect_file(p, f, out);
}

void mut_apply(mutant *m)
{
    switch (m->kind) {
    case MUT_DURATION: *m->dur = m->dur_new; break;
    case MUT_COMPARE: m->cmp->u.bin.op = m->op_new; break;
    case MUT_NEGATE: *m->slot = m->neg; break;
    case MUT_OVERRIDE: m->r->overrides_decl = m->new_decl; break;
    case MUT_ROLE: m->r->role_decl = m->new_decl; m->r->roles->decl = m->new_decl; break;
    case MUT_DROP_TRIGGER:
    case MUT_DROP_ROLE:
    case MUT_DROP_ACTION:
        *m->link = m->node->next;
        if (m->kind_slot)
            *m->kind_slot = m->kind_new;
        break;
    case MUT_EDITION:
        *m->date = m->date_new;
        if (m->date2)
            *m->date2 = m->date_new;
        break;
    case MUT_INCLUSIVE: *m->flag = !*m->flag; break;
    }
}

void mut_revert(mutant *m)
{
    switch (m->kind) {
    case MUT_DURATION: *m->dur = m->dur_old; break;
    case MUT_COMPARE: m->cmp->u.bin.op = m->op_old; break;
    case MUT_NEGATE: *m->slot = m->orig; break;
    case MUT_OVERRIDE: m->r->overrides_decl = m->saved_decl; break;
    case MUT_ROLE: m->r->role_decl = m->saved_decl; m->r->roles->decl = m->saved_decl; break;
    case MUT_DROP_TRIGGER:
    case MUT_DROP_ROLE:
    case MUT_DROP_ACTION:
        *m->link = m->node;
        if (m->kind_slot)
            *m->kind_slot = m->kind_old;
        break;
    case MUT_EDITION:
        *m->date = m->date_old;
        if (m->date2)
            *m->date2 = m->date_old;
        break;
    case MUT_INCLUSIVE: *m->flag = !*m->flag; break;
    }
}

void mut_free(mutant_list *l)
{
    for (size_t i = 0; i < l->count; i++)
        free(l->items[i].desc);
    free(l->items);
    memset(l, 0, sizeof *l);
}
