/*
 * words.c — a construct of a policy said in words (see words.h).
 */
#include "words.h"

#include <string.h>

#include "fmt.h"

void words_expr(sbuf *b, const words_style *st, const expr *e)
{
    if (!st->as_written) {
        fmt_put_expr(b, e);
        return;
    }
    const char *s = e->sp.file->text + e->sp.off;
    for (uint32_t i = 0; i < e->sp.len; i++)
        sbuf_putc(b, s[i] == '\n' || s[i] == '\t' ? ' ' : s[i]);
}

void words_duration(sbuf *b, duration d)
{
    fmt_put_duration(b, d);
}

/* Whether E is the rule's own trigger binding (`of order` where the rule
 * says `when supervision_order_made as order`). */
static bool is_binding(const char *binding, const expr *e)
{
    return e && e->kind == EX_NAME && binding && e->u.name.res == RES_BINDING &&
           strcmp(e->u.name.name.text, binding) == 0;
}

/* " WORD E", or nothing when the style leaves out E as the binding. */
static void words_from(sbuf *b, const words_style *st, const char *binding, const char *word, const expr *e)
{
    if (st->omit_binding && is_binding(binding, e))
        return;
    sbuf_printf(b, " %s ", word);
    words_expr(b, st, e);
}

/* "at 3 months, 6 months and 9 months", or "at 3, 6 and 9 months" when the
 * style groups units and every milestone has the same unit. */
static void words_milestones(sbuf *b, const words_style *st, const milestone *ms)
{
    bool same = st->group_units;
    const milestone *last = ms;
    for (const milestone *m = ms; m; m = m->next) {
        if (m->dur.unit != ms->dur.unit || m->count)
            same = false;
        last = m;
    }
    sbuf_puts(b, "at ");
    for (const milestone *m = ms; m; m = m->next) {
        if (same)
            sbuf_printf(b, "%lld", (long long)m->dur.n);
        else
            fmt_put_dur_count(b, m->dur, m->count);
        if (m->next)
            sbuf_puts(b, m->next->next ? ", " : " and ");
    }
    if (same && last)
        sbuf_printf(b, " %s", dur_unit_name(last->dur.unit, last->dur.n != 1 || last != ms));
}

void words_deadline(sbuf *b, const words_style *st, const deadline *dl, const char *binding)
{
    switch (dl->kind) {
    case DL_NONE:
        break;
    case DL_WITHIN:
        sbuf_puts(b, "within ");
        fmt_put_dur_count(b, dl->within, dl->within_count);
        words_from(b, st, binding, "of", dl->of);
        if (dl->inclusive)
            sbuf_puts(b, st->reader ? " (that day counts as day 1)" : " inclusive");
        break;
    case DL_BY:
        sbuf_puts(b, "by ");
        words_expr(b, st, dl->by);
        break;
    case DL_BETWEEN:
        sbuf_puts(b, "between ");
        words_expr(b, st, dl->by);
        sbuf_puts(b, " and ");
        words_expr(b, st, dl->to);
        break;
    case DL_BEFORE:
        if (!st->as_written) {
            fmt_put_deadline(b, dl); /* the condition parenthesised as in the source */
            break;
        }
        sbuf_printf(b, "before %s", dl->before.text);
        if (dl->before_where) {
            sbuf_puts(b, " where ");
            words_expr(b, st, dl->before_where);
        }
        break;
    case DL_SCHEDULE:
        words_milestones(b, st, dl->milestones);
        words_from(b, st, binding, "after", dl->of);
        if (dl->has_window) {
            sbuf_puts(b, st->reader ? ", each counted from " : " from ");
            fmt_put_dur_count(b, dl->window, dl->window_count);
            sbuf_puts(b, st->reader ? " before its date" : " before");
        }
        break;
    }
}

const char *words_no_deadline(const rule_decl *r)
{
    if (r->forbids)
        return "waiting period";
    if (r->require)
        return "at the trigger";
    return r->has_duty ? "no timescale given" : NULL;
}

void words_trigger(sbuf *b, const words_style *st, const rule_decl *r)
{
    if (!r->has_trigger)
        return;
    sbuf_puts(b, "when ");
    for (const name_list *n = r->triggers; n; n = n->next)
        sbuf_printf(b, "%s%s", n->name.text, n->next ? " or " : "");
    if (r->trig != TRIG_EVENT)
        sbuf_puts(b, r->trig == TRIG_OVERDUE ? (st->reader ? " is overdue" : " overdue")
                                             : (st->reader ? " is breached" : " breached"));
    if (st->say_binding && r->binding.text)
        sbuf_printf(b, " as %s", r->binding.text);
    if (r->trigger_where) {
        sbuf_puts(b, " where ");
        words_expr(b, st, r->trigger_where);
    }
}

void words_condition(sbuf *b, const words_style *st, const cond *k)
{
    sbuf_puts(b, k->kind == COND_IF ? "if " : "unless ");
    words_expr(b, st, k->e);
}

void words_while(sbuf *b, const rule_decl *r)
{
    if (r->has_while)
        sbuf_printf(b, "while %s", r->while_state.text);
}

void words_exception(sbuf *b, const words_style *st, const rule_decl *r)
{
    if (!r->has_overrides)
        return;
    sbuf_printf(b, "%s %s when ", st->reader ? "instead of" : "overrides", r->overrides.text);
    words_expr(b, st, r->overrides_when);
}

void words_duty(sbuf *b, const words_style *st, const rule_decl *r)
{
    if (!r->has_duty)
        return;
    if (r->is_next)
        sbuf_puts(b, st->reader ? "the next " : "next ");
    if (r->forbids)
        sbuf_puts(b, st->reader ? "no " : "not ");
    sbuf_puts(b, r->action_text);
    if (r->duty_where) {
        sbuf_puts(b, " where ");
        words_expr(b, st, r->duty_where);
    }
    if (r->forbids) {
        sbuf_puts(b, " before ");
        words_expr(b, st, r->not_before);
    }
}

void words_require(sbuf *b, const words_style *st, const rule_decl *r)
{
    if (!r->require)
        return;
    sbuf_puts(b, "require ");
    words_expr(b, st, r->require);
}

void words_state_limit(sbuf *b, const decl *state)
{
    if (!state->u.state.has_for)
        return;
    sbuf_puts(b, "for at most ");
    fmt_put_dur_count(b, state->u.state.for_dur, state->u.state.for_count);
}
