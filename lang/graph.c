/*
 * graph.c — a checked policy as a Graphviz DOT graph of triggers, duties,
 * constraints, exceptions and states (`docket graph`).
 *
 * What is drawn (also written as a comment and a legend in the output):
 *   - an event is a box (its name, and its description if it has one); only
 *     events that trigger or fulfil some rule, or open or close a drawn
 *     state, appear — a policy importing the whole vocabulary does not draw
 *     the events it never mentions;
 *   - a duty is a node of its own (the rule name, the role, the conditions
 *     on the two events, and the deadline in words: "within 15 working
 *     days", "at 3, 6 and 9 months"; a `next` duty says "next ACTION where
 *     ..."), with an edge from its trigger to it and on to its action. The
 *     words are nodes, not edge labels, so the layout never overlaps them;
 *   - a constraint (`require`) is a note-shaped node holding the condition,
 *     with an edge from its trigger;
 *   - the rules sit in one cluster per section of the guidance they cite;
 *   - an exception (`overrides R when C`) is a dashed red edge from the
 *     exception's node to R's, labelled "instead, when C". An exception
 *     that only cancels R (no duty of its own) has a node saying so;
 *   - a state is a cluster "state NAME" around the events that open and
 *     close it. An event opening or closing several states sits in the first
 *     declared one; the others point to it with a dotted edge ("opens S",
 *     "closes S"). States declared in an imported file are drawn only when
 *     something uses them.
 * Everything is emitted in declaration order, so the output is stable.
 */
#include "graph.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "words.h"

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

/* ------------------------------------------------------------ rule labels */

/* Labels say expressions in Docket syntax and leave the rule's own trigger
 * binding unsaid ("within 15 working days" for "... of order"). */
static const words_style graph_words = {.omit_binding = true, .group_units = true};

/* The words in T as one label line of B (nothing when T is empty); T is
 * emptied. */
static void add_words(sbuf *b, sbuf *t)
{
    if (t->len) {
        char *s = sbuf_take(t);
        add_line(b, s);
        free(s);
    }
    sbuf_free(t);
}

/* The deadline in words; for a duty without one (other than `next`), "no
 * timescale given". */
static void add_deadline(sbuf *b, const rule_decl *r)
{
    sbuf t;
    sbuf_init(&t);
    if (r->due.kind != DL_NONE)
        words_deadline(&t, &graph_words, &r->due, r->eff_binding);
    else if (r->has_duty && !r->is_next && !r->forbids) /* a prohibition's date is in its duty line */
        sbuf_puts(&t, words_no_deadline(r));
    add_words(b, &t);
}

/* The trigger's condition, when it has one. */
static void add_trigger_where(sbuf *b, const rule_decl *r)
{
    if (r->trigger_where) {
        sbuf t;
        sbuf_init(&t);
        words_trigger(&t, &graph_words, r);
        add_words(b, &t);
    }
}

/* The rule's if/unless/while, one line each. */
static void add_conditions(sbuf *b, const rule_decl *r)
{
    sbuf t;
    sbuf_init(&t);
    for (const cond *k = r->conds; k; k = k->next) {
        words_condition(&t, &graph_words, k);
        add_words(b, &t);
    }
    words_while(&t, r);
    add_words(b, &t);
    if (r->edition_decl) {
        sbuf_printf(&t, "edition %s only", r->edition_decl->name.text);
        add_words(b, &t);
    }
}

/* Label of a duty edge: rule, role, conditions on the events, deadline,
 * applicability. */
static char *duty_label(const decl *d)
{
    const rule_decl *r = &d->u.rule;
    sbuf b, t;
    sbuf_init(&b);
    sbuf_init(&t);
    add_line(&b, d->name.text);
    add_line(&b, r->role_text);
    if (r->esc_rule) {
        words_trigger(&t, &graph_words, r);
        add_words(&b, &t);
    }
    add_trigger_where(&b, r);
    if (r->is_next || r->forbids) {
        words_duty(&t, &graph_words, r);
    } else if (r->duty_where) {
        sbuf_puts(&t, "where ");
        words_expr(&t, &graph_words, r->duty_where);
    }
    add_words(&b, &t);
    add_deadline(&b, r);
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

/* A rule's own node: its constraint note ("require RULE"), or a box
 * "rule RULE" (a space cannot occur in a name, so ids never collide). */
static void put_endpoint(FILE *f, const decl *rule)
{
    if (rule->u.rule.require) {
        put_note_id(f, rule);
    } else {
        char *id = xasprintf("rule %s", rule->name.text);
        put_q(f, id);
        free(id);
    }
}

static bool rule_drawable(const decl *rule)
{
    const rule_decl *r = &rule->u.rule;
    const decl *e = r->esc_rule;
    bool escalation_drawable = e && e->u.rule.eff_trigger && (!e->u.rule.has_duty || e->u.rule.action_decl);
    return (r->eff_trigger || escalation_drawable) && (!r->has_duty || r->action_decl);
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

/* Mark which events and states are drawn, and the state cluster each drawn
 * event sits in (the first drawn state that it opens or closes). */
static void place(graph *g)
{
    const ast_program *p = g->p;
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
}

/* The legend comment, the graph's opening line, its attributes and label. */
static void draw_preamble(graph *g, const char *path, const char *gname)
{
    FILE *f = g->f;
    const decl *pol = g->p->policy;
    fputs("// Generated by `docket graph ", f);
    fputs(path, f);
    fputs("`. Render with: dot -Tsvg\n"
          "//\n"
          "// Blue boxes are events (only those some rule or state mentions).\n"
          "// White boxes are duties (rule, role, conditions, deadline; `next`\n"
          "//   duties say so), on the way from the trigger to the event that\n"
          "//   fulfils them; notes are constraints (require), checked when their\n"
          "//   trigger happens. Rules sit in a grey cluster per section of the\n"
          "//   guidance they cite.\n"
          "// Dashed red edge: an exception, from the exception rule to the rule\n"
          "//   it overrides (read: \"instead, when ...\").\n"
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
    sbuf b;
    sbuf_init(&b);
    if (pol && pol->u.policy.title.present)
        add_line(&b, pol->u.policy.title.text);
    else
        add_line(&b, gname);
    if (pol && pol->u.policy.authority.present)
        add_line(&b, pol->u.policy.authority.text);
    sbuf_puts(&b, "\n\nblue: event   white: duty (trigger, rule, action)   note: constraint   "
                  "grey: section of the guidance   dashed: exception (instead of)   "
                  "dotted: also opens or closes that state");
    char *label = sbuf_take(&b);
    fputs("  label=", f);
    put_q(f, label);
    fputs(";\n  labelloc=b;\n", f);
    free(label);
    fputs("  node [shape=box, style=\"rounded,filled\", fillcolor=\"#eef3fb\", color=\"#4a6fa5\", "
          "fontname=\"Helvetica\", fontsize=11];\n"
          "  edge [fontname=\"Helvetica\", fontsize=9, color=\"#333333\"];\n",
          f);
}

/* The cluster of drawn state number S, with the events that sit in it:
 * opening events first, then closing ones, each in declaration order. */
static void draw_state(graph *g, size_t s)
{
    FILE *f = g->f;
    const ast_program *p = g->p;
    const decl *st = p->states.items[s];
    fputs("\n  subgraph ", f);
    char *cid = xasprintf("cluster_%s", st->name.text);
    put_q(f, cid);
    free(cid);
    fputs(" {\n", f);
    sbuf b;
    sbuf_init(&b);
    add_linef(&b, "state %s", st->name.text);
    sbuf t;
    sbuf_init(&t);
    words_state_limit(&t, st);
    add_words(&b, &t);
    char *label = sbuf_take(&b);
    fputs("    label=", f);
    put_q(f, label);
    free(label);
    fputs(";\n    labeljust=l;\n    style=\"rounded,dashed\";\n    color=\"#888888\";\n"
          "    fontcolor=\"#555555\";\n",
          f);
    bool any = false;
    for (int pass = 0; pass < 2; pass++)
        for (size_t e = 0; e < p->events.count; e++) {
            if (g->cluster[e] != (int)s || in_names(st->u.state.from, p->events.items[e]) != (pass == 0))
                continue;
            event_node(g, p->events.items[e], "    ");
            any = true;
        }
    if (!any) {
        /* Every event of this state sits in another one: a note in the
         * cluster says so and anchors the dotted edges. */
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

/* Events outside any state, then the notes of drawn constraints; each group
 * after a blank line when it is not empty. */
static void draw_loose_nodes(graph *g)
{
    FILE *f = g->f;
    const ast_program *p = g->p;
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
}

/* One edge per drawn duty or constraint, from its trigger to its endpoint. */
/* The section a rule is drawn in: its citation, or "(no section cited)". */
static const char *section_of(const decl *rule)
{
    const rule_decl *r = &rule->u.rule;
    return r->cite.present ? r->cite.text : "(no section cited)";
}

static bool rule_has_node(const decl *d)
{
    const rule_decl *r = &d->u.rule;
    return rule_drawable(d) && (r->has_duty || r->require || r->has_overrides);
}

/* Each rule is a node, in a cluster per section of the guidance (in order
 * of first appearance): a box with the rule, role, conditions and deadline
 * for a duty, a note with the condition for a constraint. Edges go from
 * the trigger to the rule's node and on to the event that fulfils it, so
 * that dot lays the words out as nodes, which never overlap. */
static void draw_duties(graph *g)
{
    FILE *f = g->f;
    const ast_program *p = g->p;
    const char **sections = xcalloc(p->rules.count + 1, sizeof *sections);
    size_t ns = 0;
    for (size_t i = 0; i < p->rules.count; i++) {
        if (!rule_has_node(p->rules.items[i]))
            continue;
        const char *sec = section_of(p->rules.items[i]);
        size_t k = 0;
        while (k < ns && strcmp(sections[k], sec) != 0)
            k++;
        if (k == ns)
            sections[ns++] = sec;
    }
    for (size_t k = 0; k < ns; k++) {
        fprintf(f, "\n  subgraph \"cluster_section_%zu\" {\n    label=", k + 1);
        put_q(f, sections[k]);
        fputs(";\n    labeljust=l;\n    style=\"rounded,filled\";\n    fillcolor=\"#f6f8fa\";\n"
              "    color=\"#c8ccd0\";\n    fontcolor=\"#3b434b\";\n", f);
        for (size_t i = 0; i < p->rules.count; i++) {
            const decl *d = p->rules.items[i];
            const rule_decl *r = &d->u.rule;
            if (!rule_has_node(d) || strcmp(section_of(d), sections[k]) != 0)
                continue;
            char *label;
            if (r->require) {
                sbuf t, b;
                sbuf_init(&t);
                sbuf_init(&b);
                add_line(&b, d->name.text);
                words_require(&t, &graph_words, r);
                add_words(&b, &t);
                add_conditions(&b, r);
                label = sbuf_take(&b);
            } else if (r->has_duty) {
                label = duty_label(d);
            } else {
                sbuf b;
                sbuf_init(&b);
                add_line(&b, d->name.text);
                add_line(&b, "no duty of its own");
                label = sbuf_take(&b);
            }
            fputs("    ", f);
            put_endpoint(f, d);
            fputs(r->require ? " [shape=note, style=filled, fillcolor=\"#fff8dc\", color=\"#b8860b\", fontsize=10, "
                             : " [shape=box, style=\"rounded,filled\", fillcolor=\"#ffffff\", color=\"#8c959f\", "
                               "fontsize=10, ",
                  f);
            fputs("label=", f);
            put_q(f, label);
            fputs("];\n", f);
            free(label);
        }
        fputs("  }\n", f);
    }
    free(sections);
    fputc('\n', f);
    for (size_t i = 0; i < p->rules.count; i++) {
        const decl *d = p->rules.items[i];
        const rule_decl *r = &d->u.rule;
        if (!rule_has_node(d))
            continue;
        /* An edge from each trigger (`when A or B`), or from the rule whose
         * failure it escalates; one to each action (`must C or D`). */
        if (r->esc_rule) {
            fputs("  ", f);
            put_endpoint(f, r->esc_rule);
            fputs(" -> ", f);
            put_endpoint(f, d);
            fputs(" [color=\"#d2691e\", style=bold];\n", f);
        }
        for (const name_list *t = r->esc_rule ? NULL : r->triggers; !r->esc_rule; t = t ? t->next : NULL) {
            fputs("  ", f);
            put_event_id(f, t && t->decl ? t->decl : r->eff_trigger);
            fputs(" -> ", f);
            put_endpoint(f, d);
            fputs(r->require ? " [color=\"#b8860b\", arrowhead=none];\n" : " [arrowhead=none];\n", f);
            if (!t || !t->next)
                break;
        }
        for (const name_list *a = r->has_duty ? r->actions : NULL; a; a = a->next) {
            fputs("  ", f);
            put_endpoint(f, d);
            fputs(" -> ", f);
            put_event_id(f, a->decl);
            fputs(r->forbids ? " [color=\"#b22222\", arrowhead=tee];\n" : r->is_next ? " [arrowhead=vee];\n" : ";\n", f);
        }
    }
}

static void draw_exceptions(graph *g)
{
    FILE *f = g->f;
    const ast_program *p = g->p;
    bool header = false;
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
        sbuf t;
        sbuf_init(&t);
        sbuf_puts(&t, "instead, when ");
        words_expr(&t, &graph_words, r->overrides_when);
        add_words(&b, &t);
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
}

/* The anchor of drawn state number S for dotted edges: the cluster's first
 * own opening event, else its first own event, else NULL (its note). */
static const decl *state_anchor(const graph *g, size_t s)
{
    const ast_program *p = g->p;
    const decl *st = p->states.items[s];
    for (size_t e = 0; e < p->events.count; e++)
        if (g->cluster[e] == (int)s && in_names(st->u.state.from, p->events.items[e]))
            return p->events.items[e];
    for (size_t e = 0; e < p->events.count; e++)
        if (g->cluster[e] == (int)s)
            return p->events.items[e];
    return NULL;
}

/* Dotted edges to the events that open or close a state but sit in another
 * state's cluster. *HEADER says whether the group's blank line is out. */
static void draw_state_links(graph *g, size_t s, bool *header)
{
    FILE *f = g->f;
    const ast_program *p = g->p;
    const decl *st = p->states.items[s];
    const decl *anchor = state_anchor(g, s);
    for (size_t e = 0; e < p->events.count; e++) {
        const decl *ev = p->events.items[e];
        if (g->cluster[e] < 0 || g->cluster[e] == (int)s)
            continue;
        bool opens = in_names(st->u.state.from, ev), closes = in_names(st->u.state.until, ev);
        if (!opens && !closes)
            continue;
        if (!*header) {
            fputc('\n', f);
            *header = true;
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

void graph_dot(FILE *f, const ast_program *p, const char *path)
{
    graph g = {
        .f = f,
        .p = p,
        .drawn = xcalloc(p->events.count + 1, sizeof(bool)),
        .cluster = xcalloc(p->events.count + 1, sizeof(int)),
        .state_drawn = xcalloc(p->states.count + 1, sizeof(bool)),
    };
    const decl *pol = p->policy;
    const char *gname = pol && pol->u.policy.qualified.text ? pol->u.policy.qualified.text : path;
    place(&g);
    draw_preamble(&g, path, gname);
    for (size_t s = 0; s < p->states.count; s++)
        if (g.state_drawn[s])
            draw_state(&g, s);
    draw_loose_nodes(&g);
    draw_duties(&g);
    draw_exceptions(&g);
    bool header = false;
    for (size_t s = 0; s < p->states.count; s++)
        if (g.state_drawn[s])
            draw_state_links(&g, s, &header);
    fputs("}\n", f);
    free(g.drawn);
    free(g.cluster);
    free(g.state_drawn);
}
