/*
 * report.c — see report.h.
 */
#include "report.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "lang/util.h"
#include "lang/words.h"


static void csv_field(wbuf *out, const char *s)
{
    if (strpbrk(s, ",\"\r\n")) {
        wb_putc(out, '"');
        for (; *s; s++) {
            if (*s == '"')
                wb_putc(out, '"');
            wb_putc(out, *s);
        }
        wb_putc(out, '"');
    } else {
        wb_puts(out, s);
    }
}

static const char *role_of(const obligation *ob)
{
    const rule_decl *r = &ob->rule->u.rule;
    return r->has_duty ? r->role_text : NULL;
}

static const char *action_of(const obligation *ob)
{
    const rule_decl *r = &ob->rule->u.rule;
    return r->has_duty ? r->action_text : NULL;
}

static const char *cite_of(const obligation *ob)
{
    const rule_decl *r = &ob->rule->u.rule;
    return r->cite.present ? r->cite.text : NULL;
}

static const char *trigger_kind(const rep_options *o, const obligation *ob)
{
    return o->ctx->prog->events.items[ob->trigger->kind]->name.text;
}

/* Dates 1970-01-01 .. 2099-12-31 as "YYYY-MM-DD", built on first use. */
#define DATE_FIRST 0
#define DATE_COUNT 47482
static char (*date_table)[10];
static pthread_once_t date_once = PTHREAD_ONCE_INIT;

static void date_table_build(void)
{
    date_table = xmalloc((size_t)DATE_COUNT * sizeof *date_table);
    char b[11];
    for (cal_day d = 0; d < DATE_COUNT; d++)
        memcpy(date_table[d], cal_format(DATE_FIRST + d, b), 10);
}

void rep_init_tables(void)
{
    pthread_once(&date_once, date_table_build);
}

/* D as YYYY-MM-DD, from the table when it is in range. */
static void put_date(wbuf *out, cal_day d)
{
    if (d >= DATE_FIRST && d < DATE_FIRST + DATE_COUNT) {
        rep_init_tables();
        wb_write(out, date_table[d - DATE_FIRST], 10);
    } else {
        char b[11];
        wb_puts(out, cal_format(d, b));
    }
}

/* D as "YYYY-MM-DD" with its quotes. */
static void put_qdate(wbuf *out, cal_day d)
{
    wb_putc(out, '"');
    put_date(out, d);
    wb_putc(out, '"');
}

/* An event's date, with its UK local time when it has one (SEP 'T' in
 * JSON and CSV, ' ' in text). */
static void put_when(wbuf *out, const ev_event *e, char sep)
{
    if (e->tod < 0) {
        put_date(out, e->date);
        return;
    }
    char b[24];
    cal_moment m = {e->date, e->tod, e->utc_off};
    wb_puts(out, cal_format_moment(&m, sep, b));
}

/* The due date, with the time when the deadline is in elapsed hours. */
static void put_due(wbuf *out, const obligation *ob, char sep)
{
    if (ob->due_tod < 0) {
        put_date(out, ob->due);
        return;
    }
    char b[24];
    cal_moment m = {ob->due, ob->due_tod, ob->due_off};
    wb_puts(out, cal_format_moment(&m, sep, b));
}

/* The same as text into BUF (at least 24 bytes), for explanations. */
static const char *when_of(const ev_event *e, char sep, char *buf)
{
    cal_moment m = {e->date, e->tod, e->utc_off};
    return cal_format_moment(&m, sep, buf);
}

static const char *due_of(const obligation *ob, char sep, char *buf)
{
    cal_moment m = {ob->due, ob->due_tod, ob->due_off};
    return cal_format_moment(&m, sep, buf);
}

static bool shows_met_on(const obligation *ob)
{
    return ob->met_by && (ob->status == ST_MET || ob->status == ST_LATE);
}

static bool shows_days_late(const obligation *ob)
{
    return ob->status == ST_LATE || ob->status == ST_OVERDUE;
}

/* One obligation as a JSON object (the contract's fields). */
static void json_ob(wbuf *out, const rep_options *o, const obligation *ob)
{
    wb_write(out, "{\"case\": ", 9);
    json_str(out, ob->c->id);
    wb_write(out, ", \"rule\": ", 10);
    json_str(out, ob->rule->name.text);
    wb_write(out, ", \"role\": ", 10);
    json_str_or_null(out, role_of(ob));
    /* Every responsible role (`x or y must`); [] for a constraint. */
    wb_puts(out, ", \"roles\": [");
    for (const name_list *n = ob->rule->u.rule.has_duty ? ob->rule->u.rule.roles : NULL; n; n = n->next) {
        json_str(out, n->name.text);
        if (n->next)
            wb_puts(out, ", ");
    }
    wb_putc(out, ']');
    wb_write(out, ", \"action\": ", 12);
    json_str_or_null(out, action_of(ob));
    wb_puts(out, ", \"trigger\": {\"event\": ");
    json_str(out, trigger_kind(o, ob));
    wb_puts(out, ", \"date\": ");
    wb_putc(out, '"');
    put_when(out, ob->trigger, 'T');
    wb_putc(out, '"');
    wb_puts(out, ", \"line\": ");
    wb_int(out, ob->trigger->line);
    wb_puts(out, "}, \"due\": ");
    if (ob->has_due) {
        wb_putc(out, '"');
        put_due(out, ob, 'T');
        wb_putc(out, '"');
    } else {
        wb_write(out, "null", 4);
    }
    wb_puts(out, ", \"status\": \"");
    wb_puts(out, status_name(ob->status));
    wb_puts(out, "\", \"met_on\": ");
    if (shows_met_on(ob)) {
        wb_putc(out, '"');
        put_when(out, ob->met_by, 'T');
        wb_putc(out, '"');
    } else {
        wb_write(out, "null", 4);
    }
    wb_puts(out, ", \"days_late\": ");
    if (shows_days_late(ob))
        wb_int(out, ob->days_late);
    else
        wb_write(out, "null", 4);
    wb_puts(out, ", \"milestone\": ");
    if (ob->milestone)
        wb_int(out, ob->milestone);
    else
        wb_write(out, "null", 4);
    const char *by = ob->status != ST_CANCELLED ? NULL
                   : ob->ended_state ? ob->ended_state->name.text
                   : ob->cancelled_by ? ob->cancelled_by->name.text : NULL;
    wb_puts(out, ", \"cancelled_by\": ");
    json_str_or_null(out, by);
    wb_puts(out, ", \"cancelled_on\": ");
    if (ob->status == ST_CANCELLED && ob->cancelled_on)
        put_qdate(out, ob->cancelled_on);
    else
        wb_write(out, "null", 4);
    /* The edition of the procedure applied, and for an escalation the rule
     * whose failure triggered it and the day it failed. */
    wb_puts(out, ", \"edition\": ");
    json_str_or_null(out, ob->edition ? ob->edition->name.text : NULL);
    wb_puts(out, ", \"escalates\": ");
    if (ob->escalates) {
        wb_puts(out, "{\"rule\": ");
        json_str(out, ob->escalates->name.text);
        wb_puts(out, ", \"date\": ");
        put_qdate(out, ob->esc_date);
        wb_putc(out, '}');
    } else {
        wb_write(out, "null", 4);
    }
    if (ob->due_tod >= 0 && ob->hours_late > 0) {
        wb_puts(out, ", \"hours_late\": ");
        wb_int(out, ob->hours_late);
    }
    wb_puts(out, ", \"cite\": ");
    json_str_or_null(out, cite_of(ob));
    wb_putc(out, '}');
}

/* One obligation as a CSV row with the JSON's fields. */
static void csv_ob(wbuf *out, const rep_options *o, const obligation *ob)
{
    csv_field(out, ob->c->id);
    wb_putc(out, ',');
    csv_field(out, ob->rule->name.text);
    wb_putc(out, ',');
    csv_field(out, role_of(ob) ? role_of(ob) : "");
    wb_putc(out, ',');
    csv_field(out, action_of(ob) ? action_of(ob) : "");
    wb_putc(out, ',');
    csv_field(out, trigger_kind(o, ob));
    wb_putc(out, ',');
    put_when(out, ob->trigger, 'T');
    wb_putc(out, ',');
    wb_int(out, ob->trigger->line);
    wb_putc(out, ',');
    if (ob->has_due)
        put_due(out, ob, 'T');
    wb_putc(out, ',');
    wb_puts(out, status_name(ob->status));
    wb_putc(out, ',');
    if (shows_met_on(ob))
        put_when(out, ob->met_by, 'T');
    wb_putc(out, ',');
    if (shows_days_late(ob))
        wb_int(out, ob->days_late);
    wb_putc(out, ',');
    csv_field(out, cite_of(ob) ? cite_of(ob) : "");
    wb_write(out, "\r\n", 2);
}

static const char *status_color(ob_status s)
{
    switch (s) {
    case ST_MET: return "\033[32m";
    case ST_LATE: return "\033[33m";
    case ST_OVERDUE: return "\033[1;31m";
    case ST_PENDING: return "\033[36m";
    case ST_BREACHED: return "\033[1;31m";
    case ST_CANCELLED: return "\033[2m";
    }
    return "";
}

/* One value as a reader would write it in a policy. */
static void put_value(wbuf *out, const ast_program *p, const attr_decl *a, value v)
{
    char b[11];
    switch (v.k) {
    case V_ABSENT: wb_puts(out, "(absent)"); break;
    case V_INT: wb_printf(out, "%lld", (long long)v.i); break;
    case V_BOOL: wb_puts(out, v.i ? "true" : "false"); break;
    case V_DATE: wb_puts(out, cal_format((cal_day)v.i, b)); break;
    case V_TEXT: json_str(out, v.s); break;
    case V_ROLE: wb_puts(out, p->roles.items[v.i]->name.text); break;
    case V_ENUM: {
        const enum_value *e = a && a->ty.en ? a->ty.en->u.enm.values : NULL;
        for (int64_t i = 0; e && i < v.i; i++)
            e = e->next;
        wb_puts(out, e ? e->name.text : "?");
        break;
    }
    case V_DURATION:
        wb_printf(out, "%lld %s", (long long)v.dur.n, dur_unit_name(v.dur.unit, v.dur.n != 1));
        break;
    }
}

/* The position of attribute NAME in event EV (-1 if it has none). */
static int attr_pos(const decl *ev, const char *name)
{
    int i = 0;
    for (const attr_decl *a = ev->u.event.attrs; a; a = a->next, i++)
        if (strcmp(a->name.text, name) == 0)
            return i;
    return -1;
}

static const attr_decl *nth_attr(const decl *ev, int i)
{
    const attr_decl *a = ev->u.event.attrs;
    while (a && i-- > 0)
        a = a->next;
    return a;
}

/* The trigger's values that condition E reads: "order.months = 12". */
static void seen_values(wbuf *out, const rep_options *o, const obligation *ob, const expr *e, int *n)
{
    if (!e)
        return;
    const ast_program *p = o->ctx->prog;
    const decl *tev = p->events.items[ob->trigger->kind];
    switch (e->kind) {
    case EX_ATTR:
        wb_printf(out, "%s%.*s = ", (*n)++ ? ", " : " (", (int)e->sp.len, e->sp.file->text + e->sp.off);
        if (e->u.attr.index < 0) {
            char b[11];
            wb_puts(out, cal_format(ob->trigger->date, b));
        } else {
            /* The trigger may be any event of `when A or B`: find it by name. */
            int i = attr_pos(tev, e->u.attr.attr.text);
            if (i >= 0)
                put_value(out, p, nth_attr(tev, i), ob->trigger->attrs[i]);
        }
        break;
    case EX_NAME:
        if (e->u.name.res == RES_ATTR && e->u.name.attr_event == tev) {
            wb_printf(out, "%s%s = ", (*n)++ ? ", " : " (", e->u.name.name.text);
            put_value(out, p, nth_attr(tev, e->u.name.index), ob->trigger->attrs[e->u.name.index]);
        }
        break;
    case EX_NOT:
    case EX_NEG:
        seen_values(out, o, ob, e->u.un.e, n);
        break;
    case EX_BINARY:
        seen_values(out, o, ob, e->u.bin.l, n);
        seen_values(out, o, ob, e->u.bin.r, n);
        break;
    case EX_IN:
        seen_values(out, o, ob, e->u.in.lhs, n);
        break;
    default:
        break;
    }
}

static void explain_cond(wbuf *out, const rep_options *o, const obligation *ob, const char *word, const expr *e,
                         const char *verdict)
{
    wb_printf(out, "      %-9s %.*s: %s", word, (int)e->sp.len, e->sp.file->text + e->sp.off, verdict);
    int n = 0;
    seen_values(out, o, ob, e, &n);
    wb_puts(out, n ? ")\n" : "\n");
}

static void explain(wbuf *out, const rep_options *o, const obligation *ob)
{
    char b1[24], b2[24];
    const rule_decl *r = &ob->rule->u.rule;
    const eval_ctx *ctx = o->ctx;
    int line, col;
    src_file_position(ob->rule->sp.file, ob->rule->sp.off, &line, &col);
    wb_printf(out, "      rule      %s:%d\n", ob->rule->sp.file->name, line);
    wb_printf(out, "      trigger   %s on %s (%s:%u)\n", trigger_kind(o, ob), when_of(ob->trigger, ' ', b1),
            o->events_name, ob->trigger->line);
    if (r->trigger_where)
        explain_cond(out, o, ob, "where", r->trigger_where, "held");
    for (const cond *k = r->conds; k; k = k->next)
        explain_cond(out, o, ob, k->kind == COND_IF ? "if" : "unless", k->e,
                     k->kind == COND_IF ? "held" : "did not hold");
    if (r->require)
        explain_cond(out, o, ob, "require", r->require, ob->status == ST_MET ? "held" : "did not hold");
    if (r->has_while)
        wb_printf(out, "      while     %s was in force on %s\n", r->while_state.text, b1);
    if (ob->cancelled_by && !ob->state_end) {
        const rule_decl *x = &ob->cancelled_by->u.rule;
        wb_printf(out, "      cancelled exception %s applies: %.*s held on %s\n", ob->cancelled_by->name.text,
                (int)x->overrides_when->sp.len, x->overrides_when->sp.file->text + x->overrides_when->sp.off, b1);
        return;
    }
    if (ob->has_due) {
        const deadline *dl = &r->due;
        if (dl->kind == DL_WITHIN || dl->kind == DL_SCHEDULE) {
            duration d = dl->kind == DL_WITHIN ? dl->within : dl->milestones->dur;
            if (dl->kind == DL_SCHEDULE) {
                const milestone *m = dl->milestones;
                for (int i = 1; i < ob->milestone && m; i++)
                    m = m->next;
                if (m)
                    d = m->dur;
            }
            static const words_style explain_words = {.as_written = true};
            sbuf w;
            sbuf_init(&w);
            words_expr(&w, &explain_words, dl->of);
            sbuf_puts(&w, " + ");
            words_duration(&w, d);
            char *sum = sbuf_take(&w);
            wb_printf(out, "      due       %s = %s", sum, due_of(ob, ' ', b2));
            free(sum);
            if (ob->due_tod >= 0)
                wb_puts(out, " (elapsed hours, UK local time)");
            else if (d.unit == DUR_HOURS)
                wb_puts(out, " (hours rounded up to whole days: the trigger has no time of day)");
            if (unit_info_of(d.unit)->kind == UNIT_WORKING_DAYS && ctx->cal) {
                /* Which non-working days were stepped over. */
                cal_day hol[32];
                cal_day start = ob->base;
                size_t nh = cal_holidays_in(ctx->cal, start + 1, ob->due, hol, 32);
                int weekend = 0;
                for (cal_day x = start + 1; x <= ob->due; x++)
                    if (cal_weekday(x) >= 5)
                        weekend++;
                wb_printf(out, " (skipping %d weekend days", weekend);
                for (size_t i = 0; i < nh && i < 32; i++)
                    wb_printf(out, "%s%s %s", i ? ", " : " and ", cal_holiday_name(ctx->cal, hol[i]), cal_format(hol[i], b1));
                wb_puts(out, ")");
            }
            wb_putc(out, '\n');
        } else {
            wb_printf(out, "      due       %s\n", cal_format(ob->due, b2));
        }
        if (ob->has_window)
            wb_printf(out, "      window    opens %s\n", cal_format(ob->window_open, b1));
    } else if (!r->require) {
        wb_puts(out, "      due       no date: the guidance gives no timescale, or the date it depends on has not happened\n");
    }
    if (ob->met_by)
        wb_printf(out, "      %s %s on %s (%s:%u)\n", ob->status == ST_BREACHED ? "breached by" : "fulfilled by",
                o->ctx->prog->events.items[ob->met_by->kind]->name.text, when_of(ob->met_by, ' ', b1),
                o->events_name, ob->met_by->line);
    else if (ob->status == ST_OVERDUE || ob->status == ST_PENDING)
    {
        wb_printf(out, "      no %s", r->has_duty ? r->action_text : "event");
        if (r->duty_where)
            wb_printf(out, " where %.*s", (int)r->duty_where->sp.len, r->duty_where->sp.file->text + r->duty_where->sp.off);
        wb_printf(out, " after the trigger%s by %s\n", ob->has_window ? " and in the window" : "",
                cal_format(ctx->as_of, b1));
    }
    if (ob->status == ST_CANCELLED && ob->state_end && ob->cancelled_by) {
        const rule_decl *x = &ob->cancelled_by->u.rule;
        wb_printf(out, "      cancelled exception %s applies from %s, when %.*s began, before the duty was met\n",
                ob->cancelled_by->name.text, cal_format(ob->state_end, b1), (int)x->overrides_when->sp.len,
                x->overrides_when->sp.file->text + x->overrides_when->sp.off);
    } else if (ob->status == ST_CANCELLED && ob->state_end) {
        wb_printf(out, "      cancelled %s ended on %s before the duty was met\n", r->while_state.text,
                cal_format(ob->state_end, b1));
    }
}

/* One obligation as a line of the text report (and its derivation). */
static void text_ob(wbuf *out, const rep_options *o, const obligation *ob)
{
    const char *reset = o->color ? "\033[0m" : "";
    char status[48];
    if (ob->status == ST_LATE && ob->due_tod >= 0 && ob->hours_late > 0)
        snprintf(status, sizeof status, "late %lld hour%s", (long long)ob->hours_late,
                 ob->hours_late == 1 ? "" : "s");
    else if (shows_days_late(ob))
        snprintf(status, sizeof status, "%s %lld day%s", status_name(ob->status), (long long)ob->days_late,
                 ob->days_late == 1 ? "" : "s");
    else
        snprintf(status, sizeof status, "%s", status_name(ob->status));
    char rule[96];
    if (ob->milestone)
        snprintf(rule, sizeof rule, "%s #%d", ob->rule->name.text, ob->milestone);
    else
        snprintf(rule, sizeof rule, "%s", ob->rule->name.text);
    wb_write(out, "  ", 2);
    wb_pad(out, rule, o->wrule);
    wb_putc(out, ' ');
    wb_pad(out, role_of(ob) ? role_of(ob) : "-", o->wrole);
    wb_putc(out, ' ');
    wb_pad(out, action_of(ob) ? action_of(ob) : "(constraint)", o->wact);
    wb_write(out, " due ", 5);
    if (ob->has_due && ob->due_tod < 0) {
        put_date(out, ob->due);
    } else {
        char b[24];
        wb_pad(out, ob->has_due ? due_of(ob, ' ', b) : "-", 10);
    }
    wb_putc(out, ' ');
    if (o->color)
        wb_puts(out, status_color(ob->status));
    wb_pad(out, status, 17);
    wb_puts(out, reset);
    if (shows_met_on(ob)) {
        wb_write(out, " on ", 4);
        put_when(out, ob->met_by, ' ');
    }
    if (cite_of(ob) || ob->edition) {
        wb_write(out, "  [", 3);
        if (cite_of(ob))
            wb_puts(out, cite_of(ob));
        if (ob->edition) {
            wb_puts(out, cite_of(ob) ? "; edition " : "edition ");
            wb_puts(out, ob->edition->name.text);
        }
        wb_putc(out, ']');
    }
    if (ob->escalates) {
        wb_puts(out, "  (");
        wb_puts(out, ob->escalates->name.text);
        wb_puts(out, ob->rule->u.rule.trig == TRIG_OVERDUE ? " overdue from " : " breached on ");
        put_date(out, ob->esc_date);
        wb_putc(out, ')');
    }
    wb_putc(out, '\n');
    if (o->explain)
        explain(out, o, ob);
}

void rep_prepare(rep_options *o)
{
    /* Column widths from the names the policy can report, so that every
     * case lines up without holding the whole report. */
    const ast_program *p = o->ctx->prog;
    o->wrule = 4;
    o->wrole = 4;
    o->wact = 12;
    for (size_t i = 0; i < p->rules.count; i++) {
        const rule_decl *r = &p->rules.items[i]->u.rule;
        int n = (int)strlen(p->rules.items[i]->name.text) + (r->due.kind == DL_SCHEDULE ? 3 : 0);
        o->wrule = n > o->wrule ? n : o->wrule;
        if (r->has_duty) {
            if ((int)strlen(r->role_text) > o->wrole)
                o->wrole = (int)strlen(r->role_text);
            if ((int)strlen(r->action_text) > o->wact)
                o->wact = (int)strlen(r->action_text);
        }
    }
    rep_init_tables();
}

void rep_format_case(const rep_options *o, wbuf *to, const obligation *items, size_t n)
{
    if (n == 0)
        return;
    if (o->format == REP_TEXT) {
        const char *bold = o->color ? "\033[1m" : "", *reset = o->color ? "\033[0m" : "";
        wb_puts(to, bold);
        wb_puts(to, "Case ");
        wb_puts(to, items[0].c->id);
        wb_puts(to, reset);
        wb_putc(to, '\n');
    }
    for (size_t i = 0; i < n; i++) {
        const obligation *ob = &items[i];
        switch (o->format) {
        case REP_TEXT:
            text_ob(to, o, ob);
            break;
        case REP_JSON:
            if (i)
                wb_putc(to, ',');
            wb_write(to, "\n    ", 5);
            json_ob(to, o, ob);
            break;
        case REP_CSV:
            csv_ob(to, o, ob);
            break;
        case REP_HTML: /* written by rep_case */
            break;
        }
    }
}

bool rep_begin(rep_stream *st, const rep_options *o, wbuf *out, const size_t *summary)
{
    memset(st, 0, sizeof *st);
    st->o = o;
    st->out = out;
    switch (o->format) {
    case REP_HTML:
        st->body = tmpfile();
        if (!st->body)
            return false;
        rep_html_begin(st);
        break;
    case REP_JSON: {
        const ast_program *p = o->ctx->prog;
        wb_puts(out, "{\n  \"policy\": ");
        json_str(out, p->policy ? p->policy->u.policy.qualified.text : "");
        wb_puts(out, ",\n  \"as_of\": ");
        put_qdate(out, o->ctx->as_of);
        wb_puts(out, ",\n  \"summary\": {");
        for (int s = 0; s <= ST_CANCELLED; s++) {
            wb_puts(out, s ? ", \"" : "\"");
            wb_puts(out, status_name((ob_status)s));
            wb_puts(out, "\": ");
            wb_int(out, summary ? (long long)summary[s] : 0);
        }
        wb_puts(out, "},\n  \"obligations\": [");
        break;
    }
    case REP_CSV:
        wb_puts(out, "case,rule,role,action,trigger_event,trigger_date,trigger_line,due,status,met_on,days_late,cite\r\n");
        break;
    case REP_TEXT:
        break;
    }
    return true;
}

void rep_case(rep_stream *st, const obligation *items, size_t n)
{
    if (n == 0)
        return;
    rep_html_case(st, items, n);
    st->ncases++;
    for (size_t i = 0; i < n; i++)
        st->counts[items[i].status]++;
    st->total += n;
}

bool rep_copy_body(rep_stream *st, FILE *out)
{
    char buf[65536];
    size_t n;
    rewind(st->body);
    while ((n = fread(buf, 1, sizeof buf, st->body)) > 0)
        if (fwrite(buf, 1, n, out) != n)
            return false;
    return !ferror(st->body);
}

void rep_emit_counted(rep_stream *st, wbuf *body, const size_t counts[ST_CANCELLED + 1])
{
    size_t n = 0;
    for (int s = 0; s <= ST_CANCELLED; s++)
        n += counts[s];
    if (n == 0)
        return;
    if (st->o->format == REP_TEXT && st->ncases)
        wb_putc(st->out, '\n');
    if (st->o->format == REP_JSON && st->total)
        wb_putc(st->out, ',');
    wb_append(st->out, body);
    for (int s = 0; s <= ST_CANCELLED; s++)
        st->counts[s] += counts[s];
    st->total += n;
    st->ncases++;
}

bool rep_end(rep_stream *st, size_t unfiltered)
{
    const rep_options *o = st->o;
    wbuf *out = st->out;
    switch (o->format) {
    case REP_HTML: {
        bool ok = wb_flush(out) && rep_html_end(st, out->fp, unfiltered);
        rep_abort(st);
        return ok;
    }
    case REP_JSON:
        wb_puts(out, st->total ? "\n  ]\n}\n" : "]\n}\n");
        break;
    case REP_CSV:
        break;
    case REP_TEXT: {
        const char *bold = o->color ? "\033[1m" : "", *reset = o->color ? "\033[0m" : "";
        if (st->total == 0)
            wb_puts(out, "No obligations.\n");
        wb_printf(out, "\n%sSummary%s as of ", bold, reset);
        put_date(out, o->ctx->as_of);
        wb_printf(out, ": %zu obligation%s in %zu case%s: ", st->total, st->total == 1 ? "" : "s", st->ncases,
                  st->ncases == 1 ? "" : "s");
        for (int s = 0; s <= ST_CANCELLED; s++)
            wb_printf(out, "%s%zu %s", s ? ", " : "", st->counts[s], status_name((ob_status)s));
        wb_putc(out, '\n');
        if (unfiltered > st->total)
            wb_printf(out, "(%zu of %zu obligations shown: the others were filtered out by --status or --role)\n",
                      st->total, unfiltered);
        break;
    }
    }
    return true;
}

void rep_stop(rep_stream *st, const char *case_id)
{
    if (st->o->format == REP_HTML) { /* nothing of the page was written */
        rep_abort(st);
        return;
    }
    wb_printf(st->out, "docket: report incomplete: it stops before case %s, which could not be evaluated\n",
              case_id);
}

void rep_abort(rep_stream *st)
{
    rep_html_free(st);
    if (st->body)
        fclose(st->body);
    st->body = NULL;
}

/* Sort key of an obligation without a due date: after every dated one. */
static cal_day order_day(const obligation *ob, bool *dated)
{
    *dated = ob->has_due;
    if (ob->has_due)
        return ob->due;
    return ob->trigger ? ob->trigger->date : 0;
}

typedef struct order_key {
    const obligation *items;
    size_t i;
} order_key;

static int cmp_order(const void *a, const void *b)
{
    const order_key *x = a, *y = b;
    const obligation *p = &x->items[x->i], *q = &y->items[y->i];
    bool dp, dq;
    cal_day kp = order_day(p, &dp), kq = order_day(q, &dq);
    if (dp != dq)
        return dp ? -1 : 1;
    if (kp != kq)
        return kp < kq ? -1 : 1;
    if (p->status != q->status)
        return p->status < q->status ? -1 : 1;
    return x->i < y->i ? -1 : x->i > y->i;
}

void rep_case_order(const obligation *items, size_t n, size_t *order)
{
    order_key *k = xcalloc(n ? n : 1, sizeof *k);
    for (size_t i = 0; i < n; i++)
        k[i] = (order_key){items, i};
    qsort(k, n, sizeof *k, cmp_order);
    for (size_t i = 0; i < n; i++)
        order[i] = k[i].i;
    free(k);
}
