/*
 * dump.c — the S-expression dump of a syntax tree (see dump.h).
 *
 * Shapes:
 *   (policy NAME (title S) (authority S) (version S) (review DATE)
 *           (calendar NAME) (source S))          fields present only
 *   (import S)  (role NAME [S])  (enum NAME (V...))
 *   (event NAME [S] [(ATTR TYPE)...])
 *   (state NAME (from N...) [(until N...)] [(for DUR)])
 *   (rule NAME [(cite S)] [(says S)] [(note S)] [(when EVENT [BINDING] [(where E)])]
 *         [(overrides RULE E)] [(if E)|(unless E)...] [(while STATE)]
 *         [(duty ROLE [next] ACTION [E])] [(require E)] [(due ...)])
 *   (due within DUR E) (due by E) (due between E E) (due before EVENT)
 *   (due at (DUR...) E)
 *   (test S [(given (DATE EVENT (ATTR E)...)...)] [(as-of DATE)]
 *         (expect RULE STATUS [(due DATE|none)] [(met DATE)] [(late N)])
 *         (expect-nothing RULE) (expect-count N RULE)...)
 *   (uncited S S)
 * Expressions: DATE, N, (DUR), true, false, S, (name X), (attr E X),
 *   (at STATE E), (not E), (neg E), (OP E E), (in E (E...)), (not-in E (E...)),
 *   (first EVENT [E]), (last EVENT [E]), (count EVENT [E E]), (exists EVENT [E]).
 * DUR is `15 working days`, S a quoted string as Docket writes it.
 */
#include "dump.h"

#include "fmt.h"

static void put_date(sbuf *b, ast_date d)
{
    char buf[16];
    sbuf_puts(b, ast_date_format(d, buf));
}

static void put_dur(sbuf *b, duration d)
{
    sbuf_putc(b, '(');
    fmt_put_duration(b, d);
    sbuf_putc(b, ')');
}

/* A duration that may take its number from the case: (count EXPR UNIT N). */
static void put_dur_count(sbuf *b, duration d, const expr *count)
{
    if (!count) {
        put_dur(b, d);
        return;
    }
    sbuf_puts(b, "(count ");
    fmt_put_expr(b, count);
    sbuf_printf(b, " %s %lld)", dur_unit_name(d.unit, true), (long long)d.n);
}

static void put_query(sbuf *b, const char *word, const expr *e)
{
    sbuf_printf(b, "(%s %s", word, e->u.query.event.text);
    if (e->u.query.a) {
        sbuf_putc(b, ' ');
        ast_dump_expr(b, e->u.query.a);
    }
    if (e->u.query.b) {
        sbuf_putc(b, ' ');
        ast_dump_expr(b, e->u.query.b);
    }
    if (e->u.query.cond) {
        sbuf_putc(b, ' ');
        ast_dump_expr(b, e->u.query.cond);
    }
    sbuf_putc(b, ')');
}

void ast_dump_expr(sbuf *b, const expr *e)
{
    if (!e) {
        sbuf_puts(b, "nil");
        return;
    }
    switch (e->kind) {
    case EX_DATE: put_date(b, e->u.date); break;
    case EX_INT: sbuf_printf(b, "%lld", (long long)e->u.i); break;
    case EX_DURATION: put_dur_count(b, e->u.dur, e->dur_count); break;
    case EX_BOOL: sbuf_puts(b, e->u.b ? "true" : "false"); break;
    case EX_TEXT: fmt_put_string(b, e->u.text); break;
    case EX_NAME: sbuf_printf(b, "(name %s)", e->u.name.name.text); break;
    case EX_ATTR:
        sbuf_puts(b, "(attr ");
        ast_dump_expr(b, e->u.attr.base);
        sbuf_printf(b, " %s)", e->u.attr.attr.text);
        break;
    case EX_STATE_AT:
        sbuf_printf(b, "(at %s ", e->u.state_at.state.text);
        ast_dump_expr(b, e->u.state_at.at);
        sbuf_putc(b, ')');
        break;
    case EX_NOT:
    case EX_NEG:
        sbuf_puts(b, e->kind == EX_NOT ? "(not " : "(neg ");
        ast_dump_expr(b, e->u.un.e);
        sbuf_putc(b, ')');
        break;
    case EX_BINARY:
        sbuf_printf(b, "(%s ", binop_text(e->u.bin.op));
        ast_dump_expr(b, e->u.bin.l);
        sbuf_putc(b, ' ');
        ast_dump_expr(b, e->u.bin.r);
        sbuf_putc(b, ')');
        break;
    case EX_IN:
        sbuf_puts(b, e->u.in.negated ? "(not-in " : "(in ");
        ast_dump_expr(b, e->u.in.lhs);
        sbuf_puts(b, " (");
        for (const expr *i = e->u.in.items; i; i = i->next) {
            ast_dump_expr(b, i);
            if (i->next)
                sbuf_putc(b, ' ');
        }
        sbuf_puts(b, "))");
        break;
    case EX_FIRST: put_query(b, "first", e); break;
    case EX_LAST: put_query(b, "last", e); break;
    case EX_COUNT: put_query(b, "count", e); break;
    case EX_EXISTS: put_query(b, "exists", e); break;
    }
}

static void put_str_field(sbuf *b, const char *word, const ast_string *s)
{
    if (!s->present)
        return;
    sbuf_printf(b, " (%s ", word);
    fmt_put_string(b, s->text);
    sbuf_putc(b, ')');
}

static void put_names(sbuf *b, const char *word, const name_list *n)
{
    sbuf_printf(b, " (%s", word);
    for (; n; n = n->next)
        sbuf_printf(b, " %s", n->name.text);
    sbuf_putc(b, ')');
}

static void put_expr_field(sbuf *b, const expr *e)
{
    sbuf_putc(b, ' ');
    ast_dump_expr(b, e);
}

static void dump_deadline(sbuf *b, const deadline *dl)
{
    switch (dl->kind) {
    case DL_NONE:
        return;
    case DL_WITHIN:
        sbuf_puts(b, " (due within ");
        put_dur_count(b, dl->within, dl->within_count);
        put_expr_field(b, dl->of);
        if (dl->inclusive)
            sbuf_puts(b, " inclusive");
        break;
    case DL_BY:
        sbuf_puts(b, " (due by");
        put_expr_field(b, dl->by);
        break;
    case DL_BETWEEN:
        sbuf_puts(b, " (due between");
        put_expr_field(b, dl->by);
        put_expr_field(b, dl->to);
        break;
    case DL_BEFORE:
        sbuf_printf(b, " (due before %s", dl->before.text);
        if (dl->before_where)
            put_expr_field(b, dl->before_where);
        break;
    case DL_SCHEDULE:
        sbuf_puts(b, " (due at (");
        for (const milestone *m = dl->milestones; m; m = m->next) {
            put_dur_count(b, m->dur, m->count);
            if (m->next)
                sbuf_putc(b, ' ');
        }
        sbuf_putc(b, ')');
        put_expr_field(b, dl->of);
        if (dl->has_window) {
            sbuf_puts(b, " (from ");
            put_dur_count(b, dl->window, dl->window_count);
            sbuf_putc(b, ')');
        }
        break;
    }
    sbuf_putc(b, ')');
}

static void dump_rule(sbuf *b, const decl *d)
{
    const rule_decl *r = &d->u.rule;
    sbuf_printf(b, "(rule %s", d->name.text);
    put_str_field(b, "cite", &r->cite);
    for (const says_item *si = r->says_all; si; si = si->next)
        put_str_field(b, "says", &si->s);
    put_str_field(b, "note", &r->note);
    if (r->edition.text)
        sbuf_printf(b, " (edition %s)", r->edition.text);
    if (r->has_trigger) {
        sbuf_puts(b, " (when");
        for (const name_list *n = r->triggers; n; n = n->next)
            sbuf_printf(b, " %s", n->name.text);
        if (r->trig != TRIG_EVENT)
            sbuf_puts(b, r->trig == TRIG_OVERDUE ? " overdue" : " breached");
        if (r->binding.text)
            sbuf_printf(b, " %s", r->binding.text);
        if (r->trigger_where) {
            sbuf_puts(b, " (where");
            put_expr_field(b, r->trigger_where);
            sbuf_putc(b, ')');
        }
        sbuf_putc(b, ')');
    }
    if (r->has_overrides) {
        sbuf_printf(b, " (overrides %s", r->overrides.text);
        put_expr_field(b, r->overrides_when);
        sbuf_putc(b, ')');
    }
    for (const cond *c = r->conds; c; c = c->next) {
        sbuf_puts(b, c->kind == COND_IF ? " (if" : " (unless");
        put_expr_field(b, c->e);
        sbuf_putc(b, ')');
    }
    if (r->has_while)
        sbuf_printf(b, " (while %s)", r->while_state.text);
    if (r->has_duty) {
        sbuf_puts(b, " (duty");
        for (const name_list *n = r->roles; n; n = n->next)
            sbuf_printf(b, " %s", n->name.text);
        sbuf_puts(b, r->forbids ? " must-not" : r->is_next ? " next" : " must");
        for (const name_list *n = r->actions; n; n = n->next)
            sbuf_printf(b, " %s", n->name.text);
        if (r->duty_where)
            put_expr_field(b, r->duty_where);
        if (r->not_before) {
            sbuf_puts(b, " (before");
            put_expr_field(b, r->not_before);
            sbuf_putc(b, ')');
        }
        sbuf_putc(b, ')');
    }
    if (r->require) {
        sbuf_puts(b, " (require");
        put_expr_field(b, r->require);
        sbuf_putc(b, ')');
    }
    dump_deadline(b, &r->due);
    sbuf_putc(b, ')');
}

static void dump_test(sbuf *b, const decl *d)
{
    const test_decl *t = &d->u.test;
    sbuf_puts(b, "(test ");
    fmt_put_string(b, t->name.text);
    if (t->events) {
        sbuf_puts(b, " (given");
        for (const test_event *ev = t->events; ev; ev = ev->next) {
            sbuf_puts(b, " (");
            put_date(b, ev->date);
            sbuf_printf(b, " %s", ev->kind.text);
            for (const test_attr *a = ev->attrs; a; a = a->next) {
                sbuf_printf(b, " (%s", a->name.text);
                put_expr_field(b, a->value);
                sbuf_putc(b, ')');
            }
            sbuf_putc(b, ')');
        }
        sbuf_putc(b, ')');
    }
    if (t->has_as_of) {
        sbuf_puts(b, " (as-of ");
        put_date(b, t->as_of);
        sbuf_putc(b, ')');
    }
    for (const expectation *x = t->expects; x; x = x->next) {
        switch (x->kind) {
        case EXP_STATUS:
            sbuf_printf(b, " (expect %s %s", x->rule.text, status_name(x->status));
            if (x->has_due) {
                sbuf_puts(b, " (due ");
                if (x->due_none)
                    sbuf_puts(b, "none");
                else
                    put_date(b, x->due);
                sbuf_putc(b, ')');
            }
            if (x->has_met) {
                sbuf_puts(b, " (met ");
                put_date(b, x->met);
                sbuf_putc(b, ')');
            }
            if (x->has_days_late)
                sbuf_printf(b, " (late %lld)", (long long)x->days_late);
            if (x->has_role)
                sbuf_printf(b, " (by %s)", x->role.text);
            sbuf_putc(b, ')');
            break;
        case EXP_NOTHING:
            sbuf_printf(b, " (expect-nothing %s)", x->rule.text);
            break;
        case EXP_COUNT:
            sbuf_printf(b, " (expect-count %lld %s)", (long long)x->count, x->rule.text);
            break;
        }
    }
    sbuf_putc(b, ')');
}

/* (policy NAME (title ...) ... ) */
static void dump_policy(sbuf *b, const decl *d)
{
    const policy_decl *p = &d->u.policy;
    sbuf_printf(b, "(policy %s", p->qualified.text);
    put_str_field(b, "title", &p->title);
    put_str_field(b, "authority", &p->authority);
    put_str_field(b, "version", &p->version);
    if (p->has_review) {
        sbuf_puts(b, " (review ");
        put_date(b, p->review);
        sbuf_putc(b, ')');
    }
    if (p->has_calendar)
        sbuf_printf(b, " (calendar %s)", p->calendar.text);
    if (p->calendar_none)
        sbuf_puts(b, " (calendar none)");
    put_str_field(b, "source", &p->source);
    sbuf_putc(b, ')');
}

/* (edition NAME "TITLE" (from DATE) [(until DATE)] [(source ...)]) */
static void dump_edition(sbuf *b, const decl *d)
{
    sbuf_printf(b, "(edition %s ", d->name.text);
    fmt_put_string(b, d->u.edition.title.text);
    sbuf_puts(b, " (from ");
    put_date(b, d->u.edition.from);
    sbuf_putc(b, ')');
    if (d->u.edition.until) {
        sbuf_puts(b, " (until ");
        put_date(b, d->u.edition.until);
        sbuf_putc(b, ')');
    }
    put_str_field(b, "source", &d->u.edition.source);
    sbuf_putc(b, ')');
}

/* (WORD "SENTENCE" "REASON"): an uncited sentence or an accepted mutant. */
static void dump_sentence_reason(sbuf *b, const char *word, const decl *d)
{
    sbuf_printf(b, "(%s ", word);
    fmt_put_string(b, d->u.uncited.sentence.text);
    sbuf_putc(b, ' ');
    fmt_put_string(b, d->u.uncited.reason.text);
    sbuf_putc(b, ')');
}

static void dump_decl(sbuf *b, const decl *d)
{
    switch (d->kind) {
    case D_POLICY:
        dump_policy(b, d);
        break;
    case D_IMPORT:
        sbuf_puts(b, "(import ");
        fmt_put_string(b, d->u.import.path.text);
        sbuf_putc(b, ')');
        break;
    case D_ROLE:
        sbuf_printf(b, "(role %s", d->name.text);
        if (d->u.role.description.present) {
            sbuf_putc(b, ' ');
            fmt_put_string(b, d->u.role.description.text);
        }
        sbuf_putc(b, ')');
        break;
    case D_ENUM:
        sbuf_printf(b, "(enum %s (", d->name.text);
        for (const enum_value *v = d->u.enm.values; v; v = v->next)
            sbuf_printf(b, "%s%s", v->name.text, v->next ? " " : "");
        sbuf_puts(b, "))");
        break;
    case D_EVENT:
        sbuf_printf(b, "(event %s", d->name.text);
        if (d->u.event.description.present) {
            sbuf_putc(b, ' ');
            fmt_put_string(b, d->u.event.description.text);
        }
        for (const attr_decl *a = d->u.event.attrs; a; a = a->next)
            sbuf_printf(b, " (%s %s)", a->name.text, a->type_name.text);
        sbuf_putc(b, ')');
        break;
    case D_STATE:
        sbuf_printf(b, "(state %s", d->name.text);
        put_names(b, "from", d->u.state.from);
        if (d->u.state.until)
            put_names(b, "until", d->u.state.until);
        if (d->u.state.binding.text)
            sbuf_printf(b, " (as %s)", d->u.state.binding.text);
        if (d->u.state.close_at) {
            sbuf_puts(b, " (until-date");
            put_expr_field(b, d->u.state.close_at);
            sbuf_putc(b, ')');
        }
        if (d->u.state.ext_event.text) {
            sbuf_printf(b, " (extended %s %s", d->u.state.ext_event.text, d->u.state.ext_binding.text);
            put_expr_field(b, d->u.state.ext_to);
            sbuf_putc(b, ')');
        }
        if (d->u.state.has_for) {
            sbuf_puts(b, " (for ");
            put_dur_count(b, d->u.state.for_dur, d->u.state.for_count);
            sbuf_putc(b, ')');
        }
        sbuf_putc(b, ')');
        break;
    case D_RULE:
        dump_rule(b, d);
        break;
    case D_TEST:
        dump_test(b, d);
        break;
    case D_MUTANT:
        dump_sentence_reason(b, "mutant", d);
        break;
    case D_EXTEND:
        sbuf_printf(b, "(extend %s", d->u.extend.event.text);
        for (const attr_decl *a = d->u.extend.attrs; a; a = a->next)
            sbuf_printf(b, " (%s %s)", a->name.text, a->type_name.text);
        sbuf_putc(b, ')');
        break;
    case D_EDITION:
        dump_edition(b, d);
        break;
    case D_UNCITED:
        dump_sentence_reason(b, "uncited", d);
        break;
    }
}

char *ast_dump(const ast_file *f)
{
    sbuf b;
    sbuf_init(&b);
    for (const decl *d = f->decls; d; d = d->next) {
        dump_decl(&b, d);
        sbuf_putc(&b, '\n');
    }
    return sbuf_take(&b);
}
