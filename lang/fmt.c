/*
 * fmt.c — the canonical formatter.
 *
 * The file is first laid out as a list of output lines, each remembering the
 * source span of the element it prints (a declaration's head, a policy field,
 * a rule clause, a test line). Comments are then attached to those lines by
 * source offset:
 *   - a comment inside an element's span goes on its own line before it;
 *   - a comment on the source line where the previous element ends stays at
 *     the end of that element's output line;
 *   - any other comment goes on its own line before the next element in the
 *     source (wherever the canonical clause order puts it), at its indent;
 *   - comments after the last element go at the end of the file.
 * A blank source line before a comment is kept (at most one).
 *
 * Expressions get the fewest parentheses that make the grammar build the
 * same tree: each node has a level (or < and < not/exists/at < comparison <
 * sum < unary minus < primary) and an operand below the level its position
 * allows is parenthesised. Queries with a tail (`first E after X`) extend to
 * the right over `+`/`-`, so such a query that would be followed by `+` or
 * `-` is closed with parentheses too.
 */
#include "fmt.h"

#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------ atoms */

void fmt_put_string(sbuf *b, const char *s)
{
    sbuf_putc(b, '"');
    for (; *s; s++) {
        switch (*s) {
        case '"': sbuf_puts(b, "\\\""); break;
        case '\\': sbuf_puts(b, "\\\\"); break;
        case '\n': sbuf_puts(b, "\\n"); break;
        case '\t': sbuf_puts(b, "\\t"); break;
        default: sbuf_putc(b, *s);
        }
    }
    sbuf_putc(b, '"');
}

void fmt_put_duration(sbuf *b, duration d)
{
    char buf[64];
    sbuf_puts(b, dur_format(d, buf, sizeof buf));
}

static void put_expr_at(sbuf *b, const expr *e, int min, bool force_paren);

void fmt_put_dur_count(sbuf *b, duration d, const expr *count)
{
    if (!count) {
        fmt_put_duration(b, d);
        return;
    }
    if (d.n) {
        sbuf_putc(b, '(');
        fmt_put_expr(b, count);
        sbuf_printf(b, " %c %lld)", d.n > 0 ? '+' : '-', (long long)(d.n > 0 ? d.n : -d.n));
    } else if (count->kind == EX_ATTR) {
        fmt_put_expr(b, count);
    } else {
        sbuf_putc(b, '(');
        fmt_put_expr(b, count);
        sbuf_putc(b, ')');
    }
    sbuf_printf(b, " %s", dur_unit_name(d.unit, true));
}

static void put_date(sbuf *b, ast_date d)
{
    char buf[16];
    sbuf_puts(b, ast_date_format(d, buf));
}

/* ------------------------------------------------------------ expressions */

enum {
    L_OR, L_AND, L_NEG, L_CMP, L_SUM, L_UNARY, L_PRIMARY
};

/* The precedence level of a binary operator. */
static int binop_level(binop op)
{
    switch (op) {
    case OP_OR: return L_OR;
    case OP_AND: return L_AND;
    case OP_ADD:
    case OP_SUB: return L_SUM;
    case OP_EQ:
    case OP_NE:
    case OP_LT:
    case OP_LE:
    case OP_GT:
    case OP_GE: return L_CMP;
    }
    return L_CMP;
}

/* The precedence level of E: it needs parentheses where a higher one is
 * expected. */
static int level(const expr *e)
{
    switch (e->kind) {
    case EX_BINARY: return binop_level(e->u.bin.op);
    case EX_NOT:
    case EX_EXISTS:
    case EX_STATE_AT: return L_NEG;
    case EX_IN: return L_CMP;
    case EX_NEG: return L_UNARY;
    case EX_DATE:
    case EX_INT:
    case EX_DURATION:
    case EX_BOOL:
    case EX_TEXT:
    case EX_NAME:
    case EX_ATTR:
    case EX_FIRST:
    case EX_LAST:
    case EX_COUNT: return L_PRIMARY;
    }
    return L_PRIMARY;
}

/* Whether E, printed without outer parentheses, ends in a query tail that
 * would take a following `+ x` or `- x` into itself. */
static bool ends_open(const expr *e)
{
    switch (e->kind) {
    case EX_FIRST:
    case EX_LAST:
    case EX_COUNT:
        return e->u.query.a != NULL;
    case EX_NEG:
        return level(e->u.un.e) >= L_UNARY && ends_open(e->u.un.e);
    case EX_BINARY:
        if (e->u.bin.op == OP_ADD || e->u.bin.op == OP_SUB)
            return level(e->u.bin.r) >= L_UNARY && ends_open(e->u.bin.r);
        return false;
    case EX_DATE:
    case EX_INT:
    case EX_DURATION:
    case EX_BOOL:
    case EX_TEXT:
    case EX_NAME:
    case EX_ATTR:
    case EX_STATE_AT:
    case EX_NOT:
    case EX_IN:
    case EX_EXISTS:
        break;
    }
    return false;
}

/* Whether E, printed without outer parentheses, ends in `exists E where C`:
 * an `and`/`or` after it needs parentheses around E to be read right (the
 * checker warns without them). */
static bool ends_in_exists_where(const expr *e)
{
    switch (e->kind) {
    case EX_EXISTS:
        return e->u.query.cond != NULL;
    case EX_NOT:
        return level(e->u.un.e) >= L_NEG && ends_in_exists_where(e->u.un.e);
    case EX_BINARY:
        if (e->u.bin.op == OP_AND)
            return level(e->u.bin.r) >= L_NEG && ends_in_exists_where(e->u.bin.r);
        if (e->u.bin.op == OP_OR)
            return level(e->u.bin.r) >= L_AND && ends_in_exists_where(e->u.bin.r);
        return false;
    case EX_DATE:
    case EX_INT:
    case EX_DURATION:
    case EX_BOOL:
    case EX_TEXT:
    case EX_NAME:
    case EX_ATTR:
    case EX_STATE_AT:
    case EX_NEG:
    case EX_IN:
    case EX_FIRST:
    case EX_LAST:
    case EX_COUNT:
        break;
    }
    return false;
}

/* Whether E, printed, may end in `last EVENT` without its `before`
 * tail: a `before` after it would be read as that tail (so the condition
 * of `must not A where C before D` is then parenthesised). */
static bool ends_in_last(const expr *e)
{
    switch (e->kind) {
    case EX_LAST: return !e->u.query.a || ends_in_last(e->u.query.a);
    case EX_FIRST: return e->u.query.a && ends_in_last(e->u.query.a);
    case EX_COUNT: return e->u.query.b && ends_in_last(e->u.query.b);
    case EX_NOT:
    case EX_NEG: return ends_in_last(e->u.un.e);
    case EX_BINARY: return ends_in_last(e->u.bin.r);
    case EX_STATE_AT: return ends_in_last(e->u.state_at.at);
    case EX_EXISTS: return e->u.query.cond && ends_in_last(e->u.query.cond);
    case EX_DATE:
    case EX_INT:
    case EX_DURATION:
    case EX_BOOL:
    case EX_TEXT:
    case EX_NAME:
    case EX_ATTR:
    case EX_IN:
        break;
    }
    return false;
}

static void put_expr_at(sbuf *b, const expr *e, int min, bool force_paren);

static void put_query_bound(sbuf *b, const expr *e)
{
    put_expr_at(b, e, L_SUM, false);
}

/* ` where NAME` or ` where (COND)` after first/last/count EVENT. */
static void put_query_where(sbuf *b, const expr *where)
{
    if (!where)
        return;
    sbuf_puts(b, " where ");
    put_expr_at(b, where, L_PRIMARY, where->kind != EX_NAME);
}

/* A binary expression E: each operand parenthesised where its level or a
 * trailing query would otherwise be read differently. */
static void put_binary(sbuf *b, const expr *e)
{
    const expr *l = e->u.bin.l, *r = e->u.bin.r;
    switch (e->u.bin.op) {
    case OP_OR:
        put_expr_at(b, l, L_OR, level(l) >= L_OR && ends_in_exists_where(l));
        sbuf_puts(b, " or ");
        put_expr_at(b, r, L_AND, false);
        break;
    case OP_AND:
        put_expr_at(b, l, L_AND, level(l) >= L_AND && ends_in_exists_where(l));
        sbuf_puts(b, " and ");
        put_expr_at(b, r, L_NEG, false);
        break;
    case OP_ADD:
    case OP_SUB:
        put_expr_at(b, l, L_SUM, level(l) >= L_SUM && ends_open(l));
        sbuf_puts(b, e->u.bin.op == OP_ADD ? " + " : " - ");
        put_expr_at(b, r, L_UNARY, false);
        break;
    case OP_EQ:
    case OP_NE:
    case OP_LT:
    case OP_LE:
    case OP_GT:
    case OP_GE:
        put_expr_at(b, l, L_SUM, false);
        sbuf_printf(b, " %s ", binop_text(e->u.bin.op));
        put_expr_at(b, r, L_SUM, false);
        break;
    }
}

/* first/last/count EVENT [where C] [after|before|between ...]. */
static void put_query(sbuf *b, const expr *e)
{
    if (e->kind == EX_COUNT) {
        sbuf_puts(b, "count ");
        sbuf_puts(b, e->u.query.event.text);
        put_query_where(b, e->u.query.cond);
        if (e->u.query.a) {
            sbuf_puts(b, " between ");
            put_query_bound(b, e->u.query.a);
            sbuf_puts(b, " and ");
            if (e->u.query.b)
                put_query_bound(b, e->u.query.b);
        }
        return;
    }
    sbuf_puts(b, e->kind == EX_FIRST ? "first " : "last ");
    sbuf_puts(b, e->u.query.event.text);
    put_query_where(b, e->u.query.cond);
    if (e->u.query.a) {
        sbuf_puts(b, e->kind == EX_FIRST ? " after " : " before ");
        put_query_bound(b, e->u.query.a);
    }
}

static void put_expr_at(sbuf *b, const expr *e, int min, bool force_paren)
{
    bool paren = force_paren || level(e) < min;
    if (paren)
        sbuf_putc(b, '(');
    switch (e->kind) {
    case EX_DATE:
        put_date(b, e->u.date);
        break;
    case EX_INT:
        sbuf_printf(b, "%lld", (long long)e->u.i);
        break;
    case EX_DURATION:
        fmt_put_dur_count(b, e->u.dur, e->dur_count);
        break;
    case EX_BOOL:
        sbuf_puts(b, e->u.b ? "true" : "false");
        break;
    case EX_TEXT:
        fmt_put_string(b, e->u.text);
        break;
    case EX_NAME:
        sbuf_puts(b, e->u.name.name.text);
        break;
    case EX_ATTR:
        put_expr_at(b, e->u.attr.base, L_PRIMARY, e->u.attr.base->kind != EX_NAME); /* (last E).attr */
        sbuf_putc(b, '.');
        sbuf_puts(b, e->u.attr.attr.text);
        break;
    case EX_STATE_AT:
        sbuf_puts(b, e->u.state_at.state.text);
        sbuf_puts(b, " at ");
        put_expr_at(b, e->u.state_at.at, L_SUM, false);
        break;
    case EX_NOT:
        sbuf_puts(b, "not ");
        put_expr_at(b, e->u.un.e, L_NEG, false);
        break;
    case EX_NEG:
        sbuf_putc(b, '-');
        put_expr_at(b, e->u.un.e, L_UNARY, false);
        break;
    case EX_BINARY:
        put_binary(b, e);
        break;
    case EX_IN:
        put_expr_at(b, e->u.in.lhs, L_SUM, false);
        sbuf_puts(b, e->u.in.negated ? " not in (" : " in (");
        for (const expr *i = e->u.in.items; i; i = i->next) {
            put_expr_at(b, i, L_SUM, false);
            if (i->next)
                sbuf_puts(b, ", ");
        }
        sbuf_putc(b, ')');
        break;
    case EX_FIRST:
    case EX_LAST:
    case EX_COUNT:
        put_query(b, e);
        break;
    case EX_EXISTS:
        sbuf_puts(b, "exists ");
        sbuf_puts(b, e->u.query.event.text);
        if (e->u.query.cond) {
            sbuf_puts(b, " where ");
            put_expr_at(b, e->u.query.cond, L_CMP, false);
        }
        break;
    }
    if (paren)
        sbuf_putc(b, ')');
}

void fmt_put_expr(sbuf *b, const expr *e)
{
    put_expr_at(b, e, L_OR, false);
}

/* A date operand (`of X`, `by X`, `after X`): a sum. */
static void put_sum(sbuf *b, const expr *e)
{
    put_expr_at(b, e, L_SUM, false);
}

/* ------------------------------------------------------------ lines */

typedef struct line {
    int indent;
    char *text;
    bool has_sp;
    uint32_t off, end;     /* source span of the element printed */
    int decl;              /* index of the declaration it belongs to */
    bool decl_first;
    const comment *trail;  /* stays at the end of the line */
    int lead_head, lead_tail; /* comments printed before it (indexes, -1) */
} line;

typedef struct layout {
    const ast_file *f;
    line *lines;
    size_t n, cap;
    int decl;
    bool first_of_decl;
} layout;

/* Append a line built in B, with source span [OFF, END) (END <= OFF: none). */
static void add_line(layout *lo, int indent, sbuf *b, uint32_t off, uint32_t end)
{
    lo->lines = xgrow(lo->lines, &lo->cap, lo->n, sizeof *lo->lines, 64);
    line *l = &lo->lines[lo->n++];
    memset(l, 0, sizeof *l);
    l->indent = indent;
    l->text = sbuf_take(b);
    l->has_sp = end > off;
    l->off = off;
    l->end = end;
    l->decl = lo->decl;
    l->decl_first = lo->first_of_decl;
    l->lead_head = l->lead_tail = -1;
    lo->first_of_decl = false;
}

static void add_line_sp(layout *lo, int indent, sbuf *b, span sp)
{
    add_line(lo, indent, b, sp.off, sp.off + sp.len);
}

static uint32_t span_end(span sp)
{
    return sp.off + sp.len;
}

/* `WORD "string"` lines, indented, for the strings that are present. */
typedef struct keyed_string {
    const char *word;
    const ast_string *s;
} keyed_string;

static void lay_strings(layout *lo, sbuf *b, const keyed_string *strs, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (!strs[i].s->present)
            continue;
        sbuf_printf(b, "%s ", strs[i].word);
        fmt_put_string(b, strs[i].s->text);
        add_line_sp(lo, 2, b, strs[i].s->sp);
    }
}

static void lay_policy(layout *lo, const decl *d)
{
    const policy_decl *p = &d->u.policy;
    sbuf b;
    sbuf_init(&b);
    sbuf_printf(&b, "policy %s", p->qualified.text);
    add_line(lo, 0, &b, d->sp.off, span_end(p->qualified.sp));
    const keyed_string strs[] = {
        {"title", &p->title}, {"authority", &p->authority}, {"version", &p->version},
    };
    lay_strings(lo, &b, strs, sizeof strs / sizeof strs[0]);
    if (p->has_review) {
        sbuf_puts(&b, "review ");
        put_date(&b, p->review);
        add_line_sp(lo, 2, &b, p->review_sp);
    }
    if (p->has_calendar) {
        sbuf_printf(&b, "calendar %s", p->calendar.text);
        add_line_sp(lo, 2, &b, p->calendar.sp);
    }
    if (p->calendar_none) {
        sbuf_puts(&b, "calendar none");
        add_line_sp(lo, 2, &b, p->calendar_sp);
    }
    if (p->source.present) {
        sbuf_puts(&b, "source ");
        fmt_put_string(&b, p->source.text);
        add_line_sp(lo, 2, &b, p->source.sp);
    }
}

static void put_names(sbuf *b, const name_list *n)
{
    for (; n; n = n->next) {
        sbuf_puts(b, n->name.text);
        if (n->next)
            sbuf_puts(b, " or ");
    }
}

void fmt_put_state_length(sbuf *b, const decl *d)
{
    if (!d->u.state.has_for)
        return;
    sbuf_puts(b, " for ");
    fmt_put_dur_count(b, d->u.state.for_dur, d->u.state.for_count);
}

void fmt_put_state_ends(sbuf *b, const decl *d, bool length)
{
    if (d->u.state.binding.text)
        sbuf_printf(b, " as %s", d->u.state.binding.text);
    if (d->u.state.until || d->u.state.close_at)
        sbuf_puts(b, " until ");
    if (d->u.state.until)
        put_names(b, d->u.state.until);
    if (d->u.state.close_at) {
        if (d->u.state.until)
            sbuf_puts(b, " or ");
        put_sum(b, d->u.state.close_at);
    }
    if (length)
        fmt_put_state_length(b, d);
    if (d->u.state.ext_event.text) {
        sbuf_printf(b, " extended by %s as %s to ", d->u.state.ext_event.text, d->u.state.ext_binding.text);
        put_sum(b, d->u.state.ext_to);
    }
}

void fmt_put_deadline(sbuf *b, const deadline *dl)
{
    switch (dl->kind) {
    case DL_NONE:
        break;
    case DL_WITHIN:
        sbuf_puts(b, "within ");
        fmt_put_dur_count(b, dl->within, dl->within_count);
        sbuf_puts(b, " of ");
        put_sum(b, dl->of);
        if (dl->inclusive)
            sbuf_puts(b, " inclusive");
        break;
    case DL_BY:
        sbuf_puts(b, "by ");
        put_sum(b, dl->by);
        break;
    case DL_BETWEEN:
        sbuf_puts(b, "between ");
        put_sum(b, dl->by);
        sbuf_puts(b, " and ");
        put_sum(b, dl->to);
        break;
    case DL_BEFORE:
        sbuf_printf(b, "before %s", dl->before.text);
        if (dl->before_where) {
            sbuf_puts(b, " where ");
            put_expr_at(b, dl->before_where, L_CMP, false);
        }
        break;
    case DL_SCHEDULE:
        sbuf_puts(b, "at ");
        for (const milestone *m = dl->milestones; m; m = m->next) {
            fmt_put_dur_count(b, m->dur, m->count);
            if (m->next)
                sbuf_puts(b, m->next->next ? ", " : " and ");
        }
        sbuf_puts(b, " after ");
        put_sum(b, dl->of);
        if (dl->has_window) {
            sbuf_puts(b, " from ");
            fmt_put_dur_count(b, dl->window, dl->window_count);
            sbuf_puts(b, " before");
        }
        break;
    }
}

static void lay_rule(layout *lo, const decl *d)
{
    const rule_decl *r = &d->u.rule;
    sbuf b;
    sbuf_init(&b);
    sbuf_printf(&b, "rule %s", d->name.text);
    add_line(lo, 0, &b, d->sp.off, span_end(d->name.sp));
    if (r->edition.text) {
        sbuf_printf(&b, "edition %s", r->edition.text);
        add_line_sp(lo, 2, &b, r->edition.sp);
    }
    const keyed_string cite[] = {{"cite", &r->cite}};
    lay_strings(lo, &b, cite, 1);
    for (const says_item *si = r->says_all; si; si = si->next) {
        const keyed_string says[] = {{"says", &si->s}};
        lay_strings(lo, &b, says, 1);
    }
    const keyed_string note[] = {{"note", &r->note}};
    lay_strings(lo, &b, note, 1);
    if (r->has_trigger) {
        sbuf_puts(&b, "when ");
        put_names(&b, r->triggers);
        if (r->trig != TRIG_EVENT)
            sbuf_puts(&b, r->trig == TRIG_OVERDUE ? " overdue" : " breached");
        if (r->binding.text)
            sbuf_printf(&b, " as %s", r->binding.text);
        if (r->trigger_where) {
            sbuf_puts(&b, " where ");
            fmt_put_expr(&b, r->trigger_where);
        }
        add_line_sp(lo, 2, &b, r->trigger_sp);
    }
    if (r->has_overrides) {
        sbuf_printf(&b, "overrides %s when ", r->overrides.text);
        fmt_put_expr(&b, r->overrides_when);
        add_line_sp(lo, 2, &b, r->overrides_sp);
    }
    for (const cond *c = r->conds; c; c = c->next) {
        sbuf_puts(&b, c->kind == COND_IF ? "if " : "unless ");
        fmt_put_expr(&b, c->e);
        add_line_sp(lo, 2, &b, c->sp);
    }
    if (r->has_while) {
        sbuf_printf(&b, "while %s", r->while_state.text);
        add_line_sp(lo, 2, &b, r->while_sp);
    }
    if (r->has_duty) {
        put_names(&b, r->roles);
        sbuf_puts(&b, r->forbids ? " must not " : r->is_next ? " must next " : " must ");
        put_names(&b, r->actions);
        if (r->duty_where) {
            sbuf_puts(&b, " where ");
            put_expr_at(&b, r->duty_where, L_OR, r->forbids && ends_in_last(r->duty_where));
        }
        if (r->not_before) {
            sbuf_puts(&b, " before ");
            put_sum(&b, r->not_before);
        }
        add_line_sp(lo, 2, &b, r->duty_sp);
    }
    if (r->require) {
        sbuf_puts(&b, "require ");
        fmt_put_expr(&b, r->require);
        add_line_sp(lo, 2, &b, r->require_sp);
    }
    if (r->due.kind != DL_NONE) {
        sbuf_puts(&b, "due ");
        fmt_put_deadline(&b, &r->due);
        add_line_sp(lo, 2, &b, r->due.sp);
    }
}

/* The comment covering byte POS, if any (comments are in source order). */
static const comment *comment_at(const ast_file *f, uint32_t pos)
{
    for (const comment *c = f->comments; c && c->sp.off <= pos; c = c->next)
        if (pos < c->sp.off + c->sp.len)
            return c;
    return NULL;
}

static bool is_ident_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

/* The offset of the `given` keyword before the test's first event, found by
 * walking back over layout and comments; false if it is not there. */
static bool find_given(const ast_file *f, uint32_t ev_off, uint32_t *out)
{
    const char *t = f->src->text;
    uint32_t p = ev_off;
    while (p > 0) {
        char c = t[p - 1];
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
            p--;
            continue;
        }
        const comment *cm = comment_at(f, p - 1);
        if (cm) {
            p = cm->sp.off;
            continue;
        }
        break;
    }
    if (p < 5 || memcmp(t + p - 5, "given", 5) != 0 || (p > 5 && is_ident_char(t[p - 6])))
        return false;
    *out = p - 5;
    return true;
}

static void put_status_props(sbuf *b, const expectation *x)
{
    if (x->has_due) {
        sbuf_puts(b, ", due ");
        if (x->due_none)
            sbuf_puts(b, "none");
        else
            put_date(b, x->due);
    }
    if (x->has_met) {
        sbuf_puts(b, ", met on ");
        put_date(b, x->met);
    }
    if (x->has_days_late)
        sbuf_printf(b, ", %lld %s late", (long long)x->days_late, x->days_late == 1 ? "day" : "days");
    if (x->has_role)
        sbuf_printf(b, ", by %s", x->role.text);
}

static void lay_test(layout *lo, const decl *d)
{
    const test_decl *t = &d->u.test;
    sbuf b;
    sbuf_init(&b);
    sbuf_puts(&b, "test ");
    fmt_put_string(&b, t->name.text);
    add_line(lo, 0, &b, d->sp.off, span_end(t->name.sp));
    if (t->events) {
        uint32_t g;
        sbuf_puts(&b, "given");
        if (find_given(lo->f, t->events->sp.off, &g))
            add_line(lo, 2, &b, g, g + 5);
        else
            add_line(lo, 2, &b, 0, 0);
    }
    for (const test_event *ev = t->events; ev; ev = ev->next) {
        put_date(&b, ev->date);
        sbuf_printf(&b, " %s", ev->kind.text);
        for (const test_attr *a = ev->attrs; a; a = a->next) {
            sbuf_puts(&b, a == ev->attrs ? " with " : ", ");
            sbuf_printf(&b, "%s = ", a->name.text);
            /* Test values are literals, names or negative numbers; printed
             * as they are written. */
            fmt_put_expr(&b, a->value);
        }
        add_line_sp(lo, 4, &b, ev->sp);
    }
    if (t->has_as_of) {
        sbuf_puts(&b, "as of ");
        put_date(&b, t->as_of);
        add_line_sp(lo, 2, &b, t->as_of_sp);
    }
    for (const expectation *x = t->expects; x; x = x->next) {
        switch (x->kind) {
        case EXP_STATUS:
            sbuf_printf(&b, "expect %s %s", x->rule.text, status_name(x->status));
            put_status_props(&b, x);
            break;
        case EXP_NOTHING:
            sbuf_printf(&b, "expect nothing from %s", x->rule.text);
            break;
        case EXP_COUNT:
            sbuf_printf(&b, "expect %lld %s from %s", (long long)x->count,
                        x->count == 1 ? "obligation" : "obligations", x->rule.text);
            break;
        }
        add_line_sp(lo, 2, &b, x->sp);
    }
}

static void lay_decl(layout *lo, const decl *d)
{
    sbuf b;
    sbuf_init(&b);
    switch (d->kind) {
    case D_POLICY:
        lay_policy(lo, d);
        return;
    case D_RULE:
        lay_rule(lo, d);
        return;
    case D_TEST:
        lay_test(lo, d);
        return;
    case D_IMPORT:
        sbuf_puts(&b, "import ");
        fmt_put_string(&b, d->u.import.path.text);
        break;
    case D_ROLE:
        sbuf_printf(&b, "role %s", d->name.text);
        if (d->u.role.description.present) {
            sbuf_putc(&b, ' ');
            fmt_put_string(&b, d->u.role.description.text);
        }
        break;
    case D_ENUM:
        sbuf_printf(&b, "enum %s (", d->name.text);
        for (const enum_value *v = d->u.enm.values; v; v = v->next)
            sbuf_printf(&b, "%s%s", v->name.text, v->next ? ", " : "");
        sbuf_putc(&b, ')');
        break;
    case D_EVENT:
        sbuf_printf(&b, "event %s", d->name.text);
        if (d->u.event.description.present) {
            sbuf_putc(&b, ' ');
            fmt_put_string(&b, d->u.event.description.text);
        }
        if (d->u.event.attrs) {
            sbuf_puts(&b, " (");
            for (const attr_decl *a = d->u.event.attrs; a; a = a->next)
                sbuf_printf(&b, "%s: %s%s", a->name.text, a->type_name.text, a->next ? ", " : "");
            sbuf_putc(&b, ')');
        }
        break;
    case D_STATE:
        sbuf_printf(&b, "state %s from ", d->name.text);
        put_names(&b, d->u.state.from);
        fmt_put_state_ends(&b, d, true);
        break;
    case D_MUTANT:
        sbuf_puts(&b, "mutant ");
        fmt_put_string(&b, d->u.uncited.sentence.text);
        sbuf_puts(&b, " because ");
        fmt_put_string(&b, d->u.uncited.reason.text);
        break;
    case D_EXTEND:
        sbuf_printf(&b, "extend event %s (", d->u.extend.event.text);
        for (const attr_decl *a = d->u.extend.attrs; a; a = a->next)
            sbuf_printf(&b, "%s: %s%s", a->name.text, a->type_name.text, a->next ? ", " : "");
        sbuf_putc(&b, ')');
        break;
    case D_EDITION:
        sbuf_printf(&b, "edition %s ", d->name.text);
        fmt_put_string(&b, d->u.edition.title.text);
        sbuf_puts(&b, " from ");
        put_date(&b, d->u.edition.from);
        if (d->u.edition.until) {
            sbuf_puts(&b, " until ");
            put_date(&b, d->u.edition.until);
        }
        sbuf_puts(&b, " source ");
        fmt_put_string(&b, d->u.edition.source.text);
        break;
    case D_UNCITED:
        sbuf_puts(&b, "uncited ");
        fmt_put_string(&b, d->u.uncited.sentence.text);
        sbuf_puts(&b, " because ");
        fmt_put_string(&b, d->u.uncited.reason.text);
        break;
    }
    add_line_sp(lo, 0, &b, d->sp);
}

/* Kinds whose consecutive declarations are not separated by a blank line. */
static bool groups(decl_kind k)
{
    return k == D_IMPORT || k == D_ROLE || k == D_ENUM || k == D_EVENT || k == D_STATE ||
           k == D_UNCITED || k == D_MUTANT || k == D_EXTEND || k == D_EDITION;
}

/* ------------------------------------------------------------ comments */

typedef struct placed {
    const comment *c;
    bool blank_before;   /* a blank source line between it and what precedes */
    int next;            /* next leading comment of the same line, or -1 */
} placed;

static bool blank_before(const ast_file *f, uint32_t off)
{
    const char *t = f->src->text;
    int newlines = 0;
    while (off > 0) {
        char c = t[off - 1];
        if (c == '\n')
            newlines++;
        else if (c != ' ' && c != '\t' && c != '\r')
            return newlines >= 2;
        off--;
    }
    return false; /* start of file */
}

static bool same_line(const ast_file *f, uint32_t a, uint32_t b)
{
    for (uint32_t i = a; i < b; i++)
        if (f->src->text[i] == '\n')
            return false;
    return true;
}

typedef struct keyed {
    uint32_t off;
    size_t line;
} keyed;

static int cmp_keyed(const void *a, const void *b)
{
    const keyed *x = a, *y = b;
    return x->off < y->off ? -1 : x->off > y->off;
}

/* Attach the comments to lines. Returns one placement per comment (*COUNT
 * of them): next >= -1 for a leading comment (a list through next), -3 for a
 * trailing one, -2 for one left for the end of the file. */
static placed *place_comments(layout *lo, size_t *count)
{
    size_t nc = 0;
    for (const comment *c = lo->f->comments; c; c = c->next)
        nc++;
    *count = nc;
    if (nc == 0)
        return NULL;
    placed *pl = xcalloc(nc, sizeof *pl);
    /* Lines with a span, by source offset (spans do not overlap). */
    keyed *ord = xmalloc((lo->n + 1) * sizeof *ord);
    size_t no = 0;
    for (size_t i = 0; i < lo->n; i++)
        if (lo->lines[i].has_sp)
            ord[no++] = (keyed){lo->lines[i].off, i};
    qsort(ord, no, sizeof *ord, cmp_keyed);
    size_t k = 0;
    for (const comment *c = lo->f->comments; c; c = c->next, k++) {
        placed *p = &pl[k];
        p->c = c;
        p->blank_before = blank_before(lo->f, c->sp.off);
        p->next = -2;
        /* The last element starting before the comment. */
        size_t lo_i = 0, hi = no;
        while (lo_i < hi) {
            size_t mid = (lo_i + hi) / 2;
            if (ord[mid].off < c->sp.off)
                lo_i = mid + 1;
            else
                hi = mid;
        }
        line *target = NULL;
        if (lo_i > 0) {
            line *prev = &lo->lines[ord[lo_i - 1].line];
            if (prev->end > c->sp.off) {
                target = prev; /* inside it */
            } else if (!prev->trail && same_line(lo->f, prev->end, c->sp.off)) {
                prev->trail = c;
                p->next = -3;
                continue;
            }
        }
        if (!target && lo_i < no)
            target = &lo->lines[ord[lo_i].line];
        if (!target)
            continue; /* end of file */
        p->next = -1;
        if (target->lead_tail < 0)
            target->lead_head = (int)k;
        else
            pl[target->lead_tail].next = (int)k;
        target->lead_tail = (int)k;
    }
    free(ord);
    return pl;
}

static void put_comment(sbuf *out, const ast_file *f, const comment *c)
{
    size_t n = c->sp.len;
    const char *t = f->src->text + c->sp.off;
    while (n > 0 && (t[n - 1] == ' ' || t[n - 1] == '\t' || t[n - 1] == '\r'))
        n--;
    sbuf_putn(out, t, n);
}

static void put_indent(sbuf *out, int n)
{
    for (int i = 0; i < n; i++)
        sbuf_putc(out, ' ');
}

/* ------------------------------------------------------------ file */

char *fmt_file(const ast_file *f)
{
    layout lo = {0};
    lo.f = f;
    size_t ndecls = 0;
    for (const decl *d = f->decls; d; d = d->next)
        ndecls++;
    const decl **decls = xmalloc((ndecls + 1) * sizeof *decls);
    ndecls = 0;
    for (const decl *d = f->decls; d; d = d->next) {
        decls[ndecls] = d;
        lo.decl = (int)ndecls++;
        lo.first_of_decl = true;
        lay_decl(&lo, d);
    }
    size_t nc;
    placed *pl = place_comments(&lo, &nc);

    sbuf out;
    sbuf_init(&out);
    for (size_t i = 0; i < lo.n; i++) {
        line *l = &lo.lines[i];
        bool need_blank = false;
        if (l->decl_first && l->decl > 0) {
            const decl *prev = decls[l->decl - 1], *cur = decls[l->decl];
            need_blank = !(prev->kind == cur->kind && groups(cur->kind));
        }
        for (int k = l->lead_head; k >= 0; k = pl[k].next) {
            if ((need_blank || pl[k].blank_before) && out.len > 0)
                sbuf_putc(&out, '\n');
            need_blank = false;
            put_indent(&out, l->indent);
            put_comment(&out, f, pl[k].c);
            sbuf_putc(&out, '\n');
        }
        if (need_blank)
            sbuf_putc(&out, '\n');
        put_indent(&out, l->indent);
        sbuf_puts(&out, l->text);
        if (l->trail) {
            sbuf_putc(&out, ' ');
            put_comment(&out, f, l->trail);
        }
        sbuf_putc(&out, '\n');
    }
    for (size_t k = 0; k < nc; k++) {
        if (pl[k].next != -2)
            continue;
        if (pl[k].blank_before && out.len > 0)
            sbuf_putc(&out, '\n');
        put_comment(&out, f, pl[k].c);
        sbuf_putc(&out, '\n');
    }

    for (size_t i = 0; i < lo.n; i++)
        free(lo.lines[i].text);
    free(lo.lines);
    free(pl);
    free(decls);
    char *s = sbuf_take(&out);
    return s ? s : xstrdup("");
}
