/*
 * cli_graph.c — `docket graph POLICY`: the policy as a Graphviz DOT graph of
 * triggers, duties, constraints, exceptions and states.
 *
 * What is drawn (also written as a comment and a legend in the output):
 *   - an event is a box (its name, and its description if it has one); only
 *     events that trigger or fulfil some rule, or open or close a drawn
 *     state, appear — a policy importing the whole vocabulary does not draw
 *     the events it never mentions;
 *   - a duty is a solid edge from its trigger to its action, labelled with
 *     the rule name, the role, the conditions on the two events, and the
 *     deadline in words ("within 15 working days", "at 3, 6 and 9 months");
 *     a `next` duty says "next ACTION where ...";
 *   - a constraint (`require`) is a solid edge from its trigger to a
 *     note-shaped node holding the condition;
 *   - an exception (`overrides R when C`) is a dashed red edge from the
 *     exception's action (or constraint note) to the overridden rule's
 *     action, labelled "overrides R when C": read it as "instead of". An
 *     exception that only cancels R (no duty of its own) starts at its
 *     trigger;
 *   - a state is a cluster "state NAME" around the events that open and
 *     close it. An event opening or closing several states sits in the first
 *     declared one; the others point to it with a dotted edge ("opens S",
 *     "closes S"). States declared in an imported file are drawn only when
 *     something uses them.
 * Everything is emitted in declaration order, so the output is stable.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "lang/fmt.h"
#include "lang/program.h"
#include "cli.h"

static const char graph_usage[] =
    "usage: docket graph POLICY\n\n"
    "Print the policy as a Graphviz DOT graph on standard output: events are\n"
    "boxes; each duty is an edge from its trigger to the event that fulfils it,\n"
    "labelled with the rule, the role and the deadline; constraints are notes;\n"
    "exceptions are dashed edges; states are clusters around the events that\n"
    "open and close them. Only events some rule or state mentions are drawn.\n"
    "Render it with, for example:\n\n"
    "    docket graph policy.docket | dot -Tsvg -o policy.svg\n\n"
    "Exit status: 0 success, 1 the policy has errors (printed), 2 usage.\n";

/* Label lines longer than this are wrapped at a space. */
enum { WRAP = 44 };

/* ------------------------------------------------------------ DOT strings */

/* S as a quoted DOT string. A newline in S becomes a centred line break;
 * quotes and backslashes are escaped; other control characters become
 * spaces. */
static void put_q(FILE *f, const char *s)
{
    fputc('"', f);
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '\n')
            fputs("\\n", f);
        else if (c == '"')
            fputs("\\\"", f);
        else if (c == '\\')
            fputs("\\\\", f);
        else if (c < 0x20 || c == 0x7f)
            fputc(' ', f);
        else
            fputc(c, f);
    }
    fputc('"', f);
}

/* Append LINE to B as a new label line, wrapped at spaces to WRAP columns
 * (a word longer than that stays whole; a number stays with the next word). */
static void add_line(sbuf *b, const char *line)
{
    if (b->len)
        sbuf_putc(b, '\n');
    size_t col = 0;
    bool after_number = false; /* never break "15 | working days" */
    const char *p = line;
    while (*p) {
        const char *sp = strchr(p, ' ');
        size_t w = sp ? (size_t)(sp - p) : strlen(p);
        if (col > 0 && col + 1 + w > WRAP && !after_number) {
            sbuf_putc(b, '\n');
            col = 0;
        } else if (col > 0) {
            sbuf_putc(b, ' ');
            col++;
        }
        sbuf_putn(b, p, w);
        after_number = strspn(p, "0123456789") == w;
        col += w;
        p += w;
        while (*p == ' ')
            p++;
    }
}

static void add_linef(sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void add_linef(sbuf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *s = xvasprintf(fmt, ap);
    va_end(ap);
    add_line(b, s);
    free(s);
}

/* PREFIX followed by expression E in Docket syntax, as one label line. */
static void add_expr_line(sbuf *b, const char *prefix, const expr *e)
{
    sbuf t;
    sbuf_init(&t);
    sbuf_puts(&t, prefix);
    fmt_put_expr(&t, e);
    char *s = sbuf_take(&t);
    add_line(b, s);
    free(s);
}

/* ------------------------------------------------------------ rule labels */

/* Whether E is the rule's own trigger binding (`of order` where the rule
 * says `when supervision_order_made as order`): left unsaid in labels. */
static bool is_binding(const rule_decl *r, const expr *e)
{
    return e && e->kind == EX_NAME && r->eff_binding && e->u.name.res == RES_BINDING &&
           strcmp(e->u.name.name.text, r->eff_binding) == 0;
}

static void put_dur(sbuf *b, duration d)
{
    fmt_put_duration(b, d);
}

/* The deadline in words, or nothing for none. */
static void add_deadline(sbuf *b, const rule_decl *r)
{
    const deadline *dl = &r->due;
    sbuf t;
    sbuf_init(&t);
    switch (dl->kind) {
    case DL_NONE:
        if (r->forbids) {
            sbuf_puts(&t, "not before ");
            fmt_put_expr(&t, r->not_before);
        } else if (r->has_duty && !r->is_next) {
            sbuf_puts(&t, "no timescale given");
        }
        break;
    case DL_WITHIN:
        sbuf_puts(&t, "within ");
        put_dur(&t, dl->within);
        if (!is_binding(r, dl->of)) {
            sbuf_puts(&t, " of ");
            fmt_put_expr(&t, dl->of);
        }
        if (dl->inclusive)
            sbuf_puts(&t, " inclusive");
        break;
    case DL_BY:
        sbuf_puts(&t, "by ");
        fmt_put_expr(&t, dl->by);
        break;
    case DL_BETWEEN:
        sbuf_puts(&t, "between ");
        fmt_put_expr(&t, dl->by);
        sbuf_puts(&t, " and ");
        fmt_put_expr(&t, dl->to);
        break;
    case DL_BEFORE:
        fmt_put_deadline(&t, dl);
        break;
    case DL_SCHEDULE: {
        /* "at 3, 6 and 9 months" when the units agree, else each in full. */
        bool same = true;
        const milestone *last = dl->milestones;
        for (const milestone *m = dl->milestones; m; m = m->next) {
            if (m->dur.unit != dl->milestones->dur.unit)
                same = false;
            last = m;
        }
        sbuf_puts(&t, "at ");
        for (const milestone *m = dl->milestones; m; m = m->next) {
            if (same)
                sbuf_printf(&t, "%lld", (long long)m->dur.n);
            else
                put_dur(&t, m->dur);
            if (m->next)
                sbuf_puts(&t, m->next->next ? ", " : " and ");
        }
        if (same && last)
            sbuf_printf(&t, " %s", dur_unit_name(last->dur.unit, last->dur.n != 1 || last != dl->milestones));
        if (!is_binding(r, dl->of)) {
            sbuf_puts(&t, " after ");
            fmt_put_expr(&t, dl->of);
        }
        break;
    }
    }
    if (t.len) {
        char *s = sbuf_take(&t);
        add_line(b, s);
        free(s);
    }
    sbuf_free(&t);
}

/* The trigger's condition, and the rule's if/unless/while. */
static void add_trigger_where(sbuf *b, const rule_decl *r)
{
    if (r->trigger_where) {
        sbuf names;
        sbuf_init(&names);
        for (const name_list *n = r->triggers; n; n = n->next)
            sbuf_printf(&names, "%s%s", n->name.text, n->next ? " or " : "");
        char *pre = xasprintf("when %s where ", names.data);
        sbuf_free(&names);
        add_expr_line(b, pre, r->trigger_where);
        free(pre);
    }
}

static void add_conditions(sbuf *b, const rule_decl *r)
{
    for (const cond *k = r->conds; k; k = k->next)
        add_expr_line(b, k->kind == COND_IF ? "if " : "unless ", k->e);
    if (r->has_while)
        add_linef(b, "while %s", r->while_state.text);
    if (r->edition_decl)
        add_linef(b, "edition %s only", r->edition_decl->name.text);
}

/* Label of a duty edge: rule, role, conditions on the events, deadline,
 * applicability. */
static char *duty_label(const decl *d)
{
    const rule_decl *r = &d->u.rule;
    sbuf b;
    sbuf_init(&b);
    add_line(&b, d->name.text);
    add_line(&b, r->role_text);
    if (r->esc_rule)
        add_linef(&b, "when %s %s", r->esc_rule->name.text, r->trig == TRIG_OVERDUE ? "overdue" : "breached");
    add_trigger_where(&b, r);
    if (r->forbids) {
        char *pre = xasprintf("must not %s%s", r->action_text, r->duty_where ? " where " : "");
        if (r->duty_where)
            add_expr_line(&b, pre, r->duty_where);
        else
            add_line(&b, pre);
        free(pre);
    } else if (r->is_next) {
        char *pre = xasprintf("next %s%s", r->action.text, r->duty_where ? " where " : "");
        if (r->duty_where)
            add_expr_line(&b, pre, r->duty_where);
        else
            add_line(&b, pre);
        free(pre);
    } else if (r->duty_where) {
        add_expr_line(&b, "where ", r->duty_where);
    }
    add_deadline(&b, r);
    add_conditions(&b, r);
    return sbuf_take(&b);
}

/* Label of a constraint edge (the condition itself is in the note). */
static char *constraint_label(const decl *d)
{
    const rule_decl *r = &d->u.rule;
    sbuf b;
    sbuf_init(&b);
    add_line(&b, d->name.text);
    add_trigger_where(&b, r);
    add_conditions(&b, r);
    return sbuf_take(&b);
}

/* ------------------------------------------------------------ the graph */

typedef struct graph {
    FILE *f;
    const ast_program *p;
    bool *drawn;        /* per event index: has a node */
    int *cluster;       /* per event index: state index it sits in, or -1 */
    bool *state_drawn;  /* per state index */
} graph;

static void put_event_id(FILE *f, const decl *ev)
{
    put_q(f, ev->name.text);
}

/* Constraint notes are named "require RULE" (a space cannot occur in an
 * event name, so the two never collide). */
static void put_note_id(FILE *f, const decl *rule)
{
    char *id = xasprintf("require %s", rule->name.text);
    put_q(f, id);
    free(id);
}

/* The node a rule leads to: its action, its constraint note, or (for an
 * exception that only cancels) its trigger. */
static void put_endpoint(FILE *f, const decl *rule)
{
    const rule_decl *r = &rule->u.rule;
    if (r->has_duty && r->action_decl)
        put_event_id(f, r->action_decl);
    else if (r->require)
        put_note_id(f, rule);
    else if (r->eff_trigger)
        put_event_id(f, r->eff_trigger);
}

/* An escalation (`when R overdue`) starts where R's duty ends. */
static const decl *escalated(const decl *rule)
{
    const decl *e = rule->u.rule.esc_rule;
    return e && e->u.rule.eff_trigger && (!e->u.rule.has_duty || e->u.rule.action_decl) ? e : NULL;
}

static bool rule_drawable(const decl *rule)
{
    const rule_decl *r = &rule->u.rule;
    return (r->eff_trigger || escalated(rule)) && (!r->has_duty || r->action_decl);
}

static void event_node(graph *g, const decl *ev, const char *indent)
{
    FILE *f = g->f;
    fputs(indent, f);
    put_event_id(f, ev);
    sbuf b;
    sbuf_init(&b);
    add_line(&b, ev->name.text);
    if (ev->u.event.description.present && ev->u.event.description.text[0])
        add_line(&b, ev->u.event.description.text);
    char *label = sbuf_take(&b);
    fputs(" [label=", f);
    put_q(f, label);
    fputs("];\n", f);
    free(label);
}

static bool in_names(const name_list *l, const decl *ev)
{
    for (; l; l = l->next)
        if (l->decl == ev)
            return true;
    return false;
}

static void draw(graph *g, const char *path)
{
    FILE *f = g->f;
    const ast_program *p = g->p;
    const decl *pol = p->policy;
    const char *gname = pol && pol->u.policy.qualified.text ? pol->u.policy.qualified.text : path;

    /* Which events and states are drawn. */
    for (size_t i = 0; i < p->rules.count; i++) {
        const decl *d = p->rules.items[i];
        const rule_decl *r = &d->u.rule;
        if (!rule_drawable(d))
            continue;
        for (const name_list *n = r->eff_trigger ? r->triggers : NULL; n; n = n->next)
            if (n->decl)
                g->drawn[n->decl->index] = true;
        if (r->eff_trigger && !r->triggers)
            g->drawn[r->eff_trigger->index] = true; /* inherited from the overridden rule */
        if (r->has_duty)
            for (const name_list *n = r->actions; n; n = n->next)
                g->drawn[n->decl->index] = true;
    }
    for (size_t s = 0; s < p->states.count; s++) {
        const decl *st = p->states.items[s];
        g->state_drawn[s] = st->sp.file == p->main->src || st->used;
        if (!g->state_drawn[s])
            continue;
        for (const name_list *l = st->u.state.from; l; l = l->next)
            if (l->decl)
                g->drawn[l->decl->index] = true;
        for (const name_list *l = st->u.state.until; l; l = l->next)
            if (l->decl)
                g->drawn[l->decl->index] = true;
    }
    /* Each event sits in the first drawn state that it opens or closes. */
    for (size_t e = 0; e < p->events.count; e++)
        g->cluster[e] = -1;
    for (size_t s = 0; s < p->states.count; s++) {
        if (!g->state_drawn[s])
            continue;
        const decl *st = p->states.items[s];
        for (int pass = 0; pass < 2; pass++)
            for (const name_list *l = pass ? st->u.state.until : st->u.state.from; l; l = l->next)
                if (l->decl && g->cluster[l->decl->index] < 0)
                    g->cluster[l->decl->index] = (int)s;
    }

    fputs("// Generated by `docket graph ", f);
    fputs(path, f);
    fputs("`. Render with: dot -Tsvg\n"
          "//\n"
          "// Boxes are events (only those some rule or state mentions).\n"
          "// Solid edge: a duty, from the trigger to the event that fulfils it,\n"
          "//   labelled rule, role, conditions and deadline; `next` duties say so.\n"
          "// Note: a constraint (require), checked when its trigger happens.\n"
          "// Dashed red edge: an exception, from the exception's action to the\n"
          "//   action of the rule it overrides (read: \"instead of\").\n"
          "// Cluster: a state, around the events that open and close it; a dotted\n"
          "//   edge points to an opening or closing event drawn in another state.\n",
          f);
    fputs("digraph ", f);
    put_q(f, gname);
    fputs(" {\n", f);
    fputs("  rankdir=LR;\n"
          "  compound=true;\n"
          "  newrank=true;\n"
          "  nodesep=0.35;\n"
          "  ranksep=0.6;\n"
          "  fontname=\"Helvetica\";\n"
          "  fontsize=11;\n",
          f);
    {
        sbuf b;
        sbuf_init(&b);
        if (pol && pol->u.policy.title.present)
            add_line(&b, pol->u.policy.title.text);
        else
            add_line(&b, gname);
        if (pol && pol->u.policy.authority.present)
            add_line(&b, pol->u.policy.authority.text);
        sbuf_puts(&b, "\n\nsolid: duty (trigger to action: rule, role, deadline)   "
                      "note: constraint   dashed: exception (instead of)   "
                      "dotted: also opens or closes that state");
        char *label = sbuf_take(&b);
        fputs("  label=", f);
        put_q(f, label);
        fputs(";\n  labelloc=b;\n", f);
        free(label);
    }
    fputs("  node [shape=box, style=\"rounded,filled\", fillcolor=\"#eef3fb\", color=\"#4a6fa5\", "
          "fontname=\"Helvetica\", fontsize=11];\n"
          "  edge [fontname=\"Helvetica\", fontsize=9, color=\"#333333\"];\n",
          f);

    /* States, with their events. */
    for (size_t s = 0; s < p->states.count; s++) {
        if (!g->state_drawn[s])
            continue;
        const decl *st = p->states.items[s];
        fputs("\n  subgraph ", f);
        char *cid = xasprintf("cluster_%s", st->name.text);
        put_q(f, cid);
        free(cid);
        fputs(" {\n", f);
        sbuf b;
        sbuf_init(&b);
        add_linef(&b, "state %s", st->name.text);
        if (st->u.state.has_for) {
            sbuf t;
            sbuf_init(&t);
            sbuf_puts(&t, "for at most ");
            fmt_put_duration(&t, st->u.state.for_dur);
            char *s2 = sbuf_take(&t);
            add_line(&b, s2);
            free(s2);
        }
        char *label = sbuf_take(&b);
        fputs("    label=", f);
        put_q(f, label);
        free(label);
        fputs(";\n    labeljust=l;\n    style=\"rounded,dashed\";\n    color=\"#888888\";\n"
              "    fontcolor=\"#555555\";\n",
              f);
        bool any = false;
        for (size_t e = 0; e < p->events.count; e++) {
            if (g->cluster[e] != (int)s)
                continue;
            /* Opening events first, then closing ones, each in declaration order. */
            if (!in_names(st->u.state.from, p->events.items[e]))
                continue;
            event_node(g, p->events.items[e], "    ");
            any = true;
        }
        for (size_t e = 0; e < p->events.count; e++) {
            if (g->cluster[e] != (int)s || in_names(st->u.state.from, p->events.items[e]))
                continue;
            event_node(g, p->events.items[e], "    ");
            any = true;
        }
        if (!any) {
            /* Every event of this state sits in another one: a note in
             * the cluster says so and anchors the dotted edges. */
            fputs("    ", f);
            char *aid = xasprintf("state %s", st->name.text);
            put_q(f, aid);
            free(aid);
            fputs(" [shape=plaintext, style=\"\", fontsize=9, fontcolor=\"#555555\", "
                  "label=\"opened and closed by\\nevents drawn elsewhere\"];\n",
                  f);
        }
        fputs("  }\n", f);
    }

    /* Events outside any state. */
    bool header = false;
    for (size_t e = 0; e < p->events.count; e++) {
        if (!g->drawn[e] || g->cluster[e] >= 0)
            continue;
        if (!header) {
            fputc('\n', f);
            header = true;
        }
        event_node(g, p->events.items[e], "  ");
    }

    /* Constraint notes. */
    header = false;
    for (size_t i = 0; i < p->rules.count; i++) {
        const decl *d = p->rules.items[i];
        const rule_decl *r = &d->u.rule;
        if (!r->require || !rule_drawable(d))
            continue;
        if (!header) {
            fputc('\n', f);
            header = true;
        }
        sbuf b;
        sbuf_init(&b);
        add_expr_line(&b, "require ", r->require);
        char *label = sbuf_take(&b);
        fputs("  ", f);
        put_note_id(f, d);
        fputs(" [shape=note, style=filled, fillcolor=\"#fff8dc\", color=\"#b8860b\", fontsize=10, label=", f);
        put_q(f, label);
        fputs("];\n", f);
        free(label);
    }

    /* Duties and constraints. */
    fputc('\n', f);
    for (size_t i = 0; i < p->rules.count; i++) {
        const decl *d = p->rules.items[i];
        const rule_decl *r = &d->u.rule;
        if (!rule_drawable(d) || (!r->has_duty && !r->require))
            continue;
        char *label = r->has_duty ? duty_label(d) : constraint_label(d);
        /* One edge from each trigger to each action (`when A or B`, `must
         * C or D`); an escalation starts at the escalated rule's action. */
        const name_list *trigs = r->has_trigger && r->trig == TRIG_EVENT ? r->triggers : NULL;
        const name_list *one_t = NULL;
        const name_list *acts = r->has_duty ? r->actions : NULL;
        for (const name_list *t = trigs ? trigs : one_t; ; t = t ? t->next : NULL) {
            for (const name_list *a = acts; ; a = a ? a->next : NULL) {
                fputs("  ", f);
                if (r->esc_rule)
                    put_endpoint(f, r->esc_rule);
                else if (t)
                    put_event_id(f, t->decl);
                else
                    put_event_id(f, r->eff_trigger);
                fputs(" -> ", f);
                if (a)
                    put_event_id(f, a->decl);
                else
                    put_endpoint(f, d);
                fputs(" [label=", f);
                put_q(f, label);
                if (!r->has_duty)
                    fputs(", color=\"#b8860b\", arrowhead=none", f);
                else if (r->forbids)
                    fputs(", color=\"#b22222\", arrowhead=tee", f);
                else if (r->esc_rule)
                    fputs(", color=\"#d2691e\", style=bold", f);
                else if (r->is_next)
                    fputs(", arrowhead=vee", f);
                fputs("];\n", f);
                if (!a || !a->next)
                    break;
            }
            if (!t || !t->next)
                break;
        }
        free(label);
    }

    /* Exceptions. */
    header = false;
    for (size_t i = 0; i < p->rules.count; i++) {
        const decl *d = p->rules.items[i];
        const rule_decl *r = &d->u.rule;
        if (!r->has_overrides || !r->overrides_decl || !rule_drawable(d) ||
            !rule_drawable(r->overrides_decl))
            continue;
        if (!header) {
            fputc('\n', f);
            header = true;
        }
        sbuf b;
        sbuf_init(&b);
        if (!r->has_duty && !r->require)
            add_line(&b, d->name.text); /* it has no edge of its own to name it */
        char *pre = xasprintf("overrides %s when ", r->overrides.text);
        add_expr_line(&b, pre, r->overrides_when);
        free(pre);
        char *label = sbuf_take(&b);
        fputs("  ", f);
        put_endpoint(f, d);
        fputs(" -> ", f);
        put_endpoint(f, r->overrides_decl);
        fputs(" [label=", f);
        put_q(f, label);
        fputs(", style=dashed, color=\"#b22222\", fontcolor=\"#b22222\", constraint=false];\n", f);
        free(label);
    }

    /* Events that open or close a state but sit in another state's cluster. */
    header = false;
    for (size_t s = 0; s < p->states.count; s++) {
        if (!g->state_drawn[s])
            continue;
        const decl *st = p->states.items[s];
        /* The anchor: the cluster's first own event, or its note. */
        const decl *anchor = NULL;
        for (size_t e = 0; e < p->events.count && !anchor; e++)
            if (g->cluster[e] == (int)s && in_names(st->u.state.from, p->events.items[e]))
                anchor = p->events.items[e];
        for (size_t e = 0; e < p->events.count && !anchor; e++)
            if (g->cluster[e] == (int)s)
                anchor = p->events.items[e];
        for (size_t e = 0; e < p->events.count; e++) {
            const decl *ev = p->events.items[e];
            if (g->cluster[e] < 0 || g->cluster[e] == (int)s)
                continue;
            bool opens = in_names(st->u.state.from, ev), closes = in_names(st->u.state.until, ev);
            if (!opens && !closes)
                continue;
            if (!header) {
                fputc('\n', f);
                header = true;
            }
            fputs("  ", f);
            if (anchor) {
                put_event_id(f, anchor);
            } else {
                char *aid = xasprintf("state %s", st->name.text);
                put_q(f, aid);
                free(aid);
            }
            fputs(" -> ", f);
            put_event_id(f, ev);
            char *label = xasprintf("%s %s", opens && closes ? "opens and closes" : opens ? "opens" : "closes",
                                    st->name.text);
            char *cid = xasprintf("cluster_%s", st->name.text);
            fputs(" [label=", f);
            put_q(f, label);
            fputs(", ltail=", f);
            put_q(f, cid);
            fputs(", style=dotted, arrowhead=none, color=\"#888888\", fontcolor=\"#555555\", "
                  "constraint=false];\n",
                  f);
            free(label);
            free(cid);
        }
    }
    fputs("}\n", f);
}

int cmd_graph(int argc, char **argv)
{
    const char *path = NULL;
    bool options = true;
    for (int i = 1; i < argc; i++) {
        if (options && cli_is_help(argv[i])) {
            fputs(graph_usage, stdout);
            return 0;
        } else if (options && strcmp(argv[i], "--") == 0) {
            options = false;
        } else if (options && argv[i][0] == '-' && argv[i][1] != '\0') {
            return cli_usage_error("graph", "unknown option '%s'", argv[i]);
        } else if (!path) {
            path = argv[i];
        } else {
            return cli_usage_error("graph", "one policy at a time");
        }
    }
    if (!path)
        return cli_usage_error("graph", "expected a policy file");
    diag_sink sink;
    diag_init(&sink, stderr, DIAG_TEXT);
    sink.color = cli_color(stderr);
    ast_program *p = program_load(path, &sink);
    int rc = 1;
    if (p && !p->errors && sink.errors == 0) {
        graph g = {
            .f = stdout,
            .p = p,
            .drawn = xcalloc(p->events.count + 1, sizeof(bool)),
            .cluster = xcalloc(p->events.count + 1, sizeof(int)),
            .state_drawn = xcalloc(p->states.count + 1, sizeof(bool)),
        };
        draw(&g, path);
        free(g.drawn);
        free(g.cluster);
        free(g.state_drawn);
        rc = 0;
    }
    diag_flush(&sink);
    diag_free(&sink);
    program_free(p);
    if (rc == 0 && (fflush(stdout) != 0 || ferror(stdout))) {
        fprintf(stderr, "docket graph: cannot write the graph\n");
        rc = 1;
    }
    return rc;
}
