/*
 * report.c — see report.h.
 */
#include "report.h"

#include <stdlib.h>
#include <string.h>


static void csv_field(FILE *out, const char *s)
{
    if (strpbrk(s, ",\"\r\n")) {
        fputc('"', out);
        for (; *s; s++) {
            if (*s == '"')
                fputc('"', out);
            fputc(*s, out);
        }
        fputc('"', out);
    } else {
        fputs(s, out);
    }
}

static const char *role_of(const obligation *ob)
{
    const rule_decl *r = &ob->rule->u.rule;
    return r->has_duty ? r->role.text : NULL;
}

static const char *action_of(const obligation *ob)
{
    const rule_decl *r = &ob->rule->u.rule;
    return r->has_duty ? r->action.text : NULL;
}

static const char *cite_of(const obligation *ob)
{
    const rule_decl *r = &ob->rule->u.rule;
    return r->cite.present ? r->cite.text : NULL;
}

/* An event's date, with its UK local time when it has one (SEP 'T' in
 * JSON and CSV, ' ' in text). BUF holds at least 20 bytes. */
static const char *when_of(const ev_event *e, char sep, char *buf)
{
    cal_moment m = {e->date, e->tod, e->utc_off};
    return cal_format_moment(&m, sep, buf);
}

/* The due date, with the time when the deadline is in elapsed hours. */
static const char *due_of(const obligation *ob, char sep, char *buf)
{
    cal_moment m = {ob->due, ob->due_tod, ob->due_off};
    return cal_format_moment(&m, sep, buf);
}

static const char *trigger_kind(const rep_options *o, const obligation *ob)
{
    return o->ctx->prog->events.items[ob->trigger->kind]->name.text;
}

/* One obligation as a JSON object (the contract's fields). */
static void json_ob(FILE *out, const rep_options *o, const obligation *ob)
{
    char b[24];
    fputs("{\"case\": ", out);
    json_put_string(out, ob->c->id);
    fputs(", \"rule\": ", out);
    json_put_string(out, ob->rule->name.text);
    fputs(", \"role\": ", out);
    if (role_of(ob))
        json_put_string(out, role_of(ob));
    else
        fputs("null", out);
    fputs(", \"action\": ", out);
    if (action_of(ob))
        json_put_string(out, action_of(ob));
    else
        fputs("null", out);
    fputs(", \"trigger\": {\"event\": ", out);
    json_put_string(out, trigger_kind(o, ob));
    fprintf(out, ", \"date\": \"%s\", \"line\": %u}", when_of(ob->trigger, 'T', b), ob->trigger->line);
    if (ob->has_due)
        fprintf(out, ", \"due\": \"%s\"", due_of(ob, 'T', b));
    else
        fputs(", \"due\": null", out);
    fprintf(out, ", \"status\": \"%s\"", status_name(ob->status));
    if (ob->met_by && (ob->status == ST_MET || ob->status == ST_LATE))
        fprintf(out, ", \"met_on\": \"%s\"", when_of(ob->met_by, 'T', b));
    else
        fputs(", \"met_on\": null", out);
    if (ob->status == ST_LATE || ob->status == ST_OVERDUE)
        fprintf(out, ", \"days_late\": %lld", (long long)ob->days_late);
    else
        fputs(", \"days_late\": null", out);
    if (ob->milestone)
        fprintf(out, ", \"milestone\": %d", ob->milestone);
    else
        fputs(", \"milestone\": null", out);
    const char *by = ob->status != ST_CANCELLED ? NULL
                   : ob->ended_state ? ob->ended_state->name.text
                   : ob->cancelled_by ? ob->cancelled_by->name.text : NULL;
    fputs(", \"cancelled_by\": ", out);
    if (by)
        json_put_string(out, by);
    else
        fputs("null", out);
    if (ob->status == ST_CANCELLED && ob->cancelled_on)
        fprintf(out, ", \"cancelled_on\": \"%s\"", cal_format(ob->cancelled_on, b));
    else
        fputs(", \"cancelled_on\": null", out);
    if (ob->due_tod >= 0 && ob->hours_late > 0)
        fprintf(out, ", \"hours_late\": %lld", (long long)ob->hours_late);
    fputs(", \"cite\": ", out);
    if (cite_of(ob))
        json_put_string(out, cite_of(ob));
    else
        fputs("null", out);
    fputs("}", out);
}

/* One obligation as a CSV row with the JSON's fields. */
static void csv_ob(FILE *out, const rep_options *o, const obligation *ob)
{
    char b[24];
    csv_field(out, ob->c->id);
    fputc(',', out);
    csv_field(out, ob->rule->name.text);
    fputc(',', out);
    csv_field(out, role_of(ob) ? role_of(ob) : "");
    fputc(',', out);
    csv_field(out, action_of(ob) ? action_of(ob) : "");
    fputc(',', out);
    csv_field(out, trigger_kind(o, ob));
    fprintf(out, ",%s,%u,", when_of(ob->trigger, 'T', b), ob->trigger->line);
    if (ob->has_due)
        fputs(due_of(ob, 'T', b), out);
    fprintf(out, ",%s,", status_name(ob->status));
    if (ob->met_by && (ob->status == ST_MET || ob->status == ST_LATE))
        fputs(when_of(ob->met_by, 'T', b), out);
    fputc(',', out);
    if (ob->status == ST_LATE || ob->status == ST_OVERDUE)
        fprintf(out, "%lld", (long long)ob->days_late);
    fputc(',', out);
    csv_field(out, cite_of(ob) ? cite_of(ob) : "");
    fputs("\r\n", out);
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
static void put_value(FILE *out, const ast_program *p, const attr_decl *a, value v)
{
    char b[11];
    switch (v.k) {
    case V_ABSENT: fputs("(absent)", out); break;
    case V_INT: fprintf(out, "%lld", (long long)v.i); break;
    case V_BOOL: fputs(v.i ? "true" : "false", out); break;
    case V_DATE: fputs(cal_format((cal_day)v.i, b), out); break;
    case V_TEXT: json_put_string(out, v.s); break;
    case V_ROLE: fputs(p->roles.items[v.i]->name.text, out); break;
    case V_ENUM: {
        const enum_value *e = a && a->ty.en ? a->ty.en->u.enm.values : NULL;
        for (int64_t i = 0; e && i < v.i; i++)
            e = e->next;
        fputs(e ? e->name.text : "?", out);
        break;
    }
    case V_DURATION:
        fprintf(out, "%lld %s", (long long)v.dur.n, dur_unit_name(v.dur.unit, v.dur.n != 1));
        break;
    }
}

static const attr_decl *nth_attr(const decl *ev, int i)
{
    const attr_decl *a = ev->u.event.attrs;
    while (a && i-- > 0)
        a = a->next;
    return a;
}

/* The trigger's values that condition E reads: "order.months = 12". */
static void seen_values(FILE *out, const rep_options *o, const obligation *ob, const expr *e, int *n)
{
    if (!e)
        return;
    const ast_program *p = o->ctx->prog;
    const decl *tev = p->events.items[ob->trigger->kind];
    switch (e->kind) {
    case EX_ATTR:
        fprintf(out, "%s%.*s = ", (*n)++ ? ", " : " (", (int)e->sp.len, e->sp.file->text + e->sp.off);
        if (e->u.attr.index < 0) {
            char b[11];
            fputs(cal_format(ob->trigger->date, b), out);
        } else {
            put_value(out, p, nth_attr(tev, e->u.attr.index), ob->trigger->attrs[e->u.attr.index]);
        }
        break;
    case EX_NAME:
        if (e->u.name.res == RES_ATTR && e->u.name.attr_event == tev) {
            fprintf(out, "%s%s = ", (*n)++ ? ", " : " (", e->u.name.name.text);
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

static void explain_cond(FILE *out, const rep_options *o, const obligation *ob, const char *word, const expr *e,
                         const char *verdict)
{
    fprintf(out, "      %-9s %.*s: %s", word, (int)e->sp.len, e->sp.file->text + e->sp.off, verdict);
    int n = 0;
    seen_values(out, o, ob, e, &n);
    fputs(n ? ")\n" : "\n", out);
}

static void explain(FILE *out, const rep_options *o, const obligation *ob)
{
    char b1[24], b2[24];
    const rule_decl *r = &ob->rule->u.rule;
    const eval_ctx *ctx = o->ctx;
    int line, col;
    src_file_position(ob->rule->sp.file, ob->rule->sp.off, &line, &col);
    fprintf(out, "      rule      %s:%d\n", ob->rule->sp.file->name, line);
    fprintf(out, "      trigger   %s on %s (%s:%u)\n", trigger_kind(o, ob), when_of(ob->trigger, ' ', b1),
            o->events_name, ob->trigger->line);
    if (r->trigger_where)
        explain_cond(out, o, ob, "where", r->trigger_where, "held");
    for (const cond *k = r->conds; k; k = k->next)
        explain_cond(out, o, ob, k->kind == COND_IF ? "if" : "unless", k->e,
                     k->kind == COND_IF ? "held" : "did not hold");
    if (r->require)
        explain_cond(out, o, ob, "require", r->require, ob->status == ST_MET ? "held" : "did not hold");
    if (r->has_while)
        fprintf(out, "      while     %s was in force on %s\n", r->while_state.text, b1);
    if (ob->cancelled_by && !ob->state_end) {
        const rule_decl *x = &ob->cancelled_by->u.rule;
        fprintf(out, "      cancelled exception %s applies: %.*s held on %s\n", ob->cancelled_by->name.text,
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
            fprintf(out, "      due       %.*s + %lld %s = %s", (int)dl->of->sp.len, dl->of->sp.file->text + dl->of->sp.off,
                    (long long)d.n, dur_unit_name(d.unit, d.n != 1), due_of(ob, ' ', b2));
            if (ob->due_tod >= 0)
                fputs(" (elapsed hours, UK local time)", out);
            else if (d.unit == DUR_HOURS)
                fputs(" (hours rounded up to whole days: the trigger has no time of day)", out);
            if (d.unit == DUR_WORKING_DAYS && ctx->cal) {
                /* Which non-working days were stepped over. */
                cal_day hol[32];
                cal_day start = ob->base;
                size_t nh = cal_holidays_in(ctx->cal, start + 1, ob->due, hol, 32);
                int weekend = 0;
                for (cal_day x = start + 1; x <= ob->due; x++)
                    if (cal_weekday(x) >= 5)
                        weekend++;
                fprintf(out, " (skipping %d weekend days", weekend);
                for (size_t i = 0; i < nh && i < 32; i++)
                    fprintf(out, "%s%s %s", i ? ", " : " and ", cal_holiday_name(ctx->cal, hol[i]), cal_format(hol[i], b1));
                fputs(")", out);
            }
            fputc('\n', out);
        } else {
            fprintf(out, "      due       %s\n", cal_format(ob->due, b2));
        }
        if (ob->has_window)
            fprintf(out, "      window    opens %s\n", cal_format(ob->window_open, b1));
    } else if (!r->require) {
        fputs("      due       no date: the guidance gives no timescale, or the date it depends on has not happened\n", out);
    }
    if (ob->met_by)
        fprintf(out, "      %s %s on %s (%s:%u)\n", ob->status == ST_BREACHED ? "breached by" : "fulfilled by",
                o->ctx->prog->events.items[ob->met_by->kind]->name.text, when_of(ob->met_by, ' ', b1),
                o->events_name, ob->met_by->line);
    else if (ob->status == ST_OVERDUE || ob->status == ST_PENDING)
    {
        fprintf(out, "      no %s", r->has_duty ? r->action.text : "event");
        if (r->duty_where)
            fprintf(out, " where %.*s", (int)r->duty_where->sp.len, r->duty_where->sp.file->text + r->duty_where->sp.off);
        fprintf(out, " after the trigger%s by %s\n", ob->has_window ? " and in the window" : "",
                cal_format(ctx->as_of, b1));
    }
    if (ob->status == ST_CANCELLED && ob->state_end && ob->cancelled_by) {
        const rule_decl *x = &ob->cancelled_by->u.rule;
        fprintf(out, "      cancelled exception %s applies from %s, when %.*s began, before the duty was met\n",
                ob->cancelled_by->name.text, cal_format(ob->state_end, b1), (int)x->overrides_when->sp.len,
                x->overrides_when->sp.file->text + x->overrides_when->sp.off);
    } else if (ob->status == ST_CANCELLED && ob->state_end) {
        fprintf(out, "      cancelled %s ended on %s before the duty was met\n", r->while_state.text,
                cal_format(ob->state_end, b1));
    }
}

/* ------------------------------------------------------------ text */

enum { TEXT_WIDTH = 100 };

/* Columns S takes on a terminal: UTF-8 characters, not bytes. */
static int text_cols(const char *s, size_t n)
{
    int c = 0;
    for (size_t i = 0; i < n && s[i]; i++)
        c += ((unsigned char)s[i] & 0xC0) != 0x80;
    return c;
}

/* A space that text_wrap prints but never breaks a line at. */
#define TEXT_NBSP "\x1f"

/* S word-wrapped at TEXT_WIDTH columns; the cursor is at column *COL, and
 * continuation lines start at column INDENT. Lines break only at spaces
 * (TEXT_NBSP is printed as one); a word longer than a line is printed
 * whole. */
static void text_wrap(FILE *out, const char *s, int *col, int indent)
{
    while (*s) {
        size_t sp = 0;
        while (s[sp] == ' ')
            sp++;
        size_t w = sp;
        while (s[w] && s[w] != ' ')
            w++;
        if (w == sp)
            break;
        int wc = text_cols(s + sp, w - sp);
        if (*col > indent && *col + (sp ? 1 : 0) + wc > TEXT_WIDTH) {
            fprintf(out, "\n%*s", indent, "");
            *col = indent;
        } else if (sp && *col > indent) {
            fputc(' ', out);
            (*col)++;
        }
        for (size_t i = sp; i < w; i++)
            fputc(s[i] == TEXT_NBSP[0] ? ' ' : s[i], out);
        *col += wc;
        s += w;
    }
}

/* TEXT with its first letter capitalised (ASCII letters only). */
static void sbuf_capital(sbuf *b, const char *text)
{
    if (text[0] >= 'a' && text[0] <= 'z') {
        sbuf_putc(b, (char)(text[0] - 'a' + 'A'));
        text++;
    }
    sbuf_puts(b, text);
}

/* An identifier in words: "first_so_meeting" -> "First so meeting" (or
 * "first so meeting" when not CAPITAL). */
static void sbuf_words_case(sbuf *b, const char *ident, bool capital)
{
    char *t = xstrdup(ident);
    for (char *q = t; *q; q++)
        if (*q == '_')
            *q = ' ';
    if (capital)
        sbuf_capital(b, t);
    else
        sbuf_puts(b, t);
    free(t);
}

static void sbuf_words(sbuf *b, const char *ident)
{
    sbuf_words_case(b, ident, true);
}

/* A role as people read it: its description, else its name in words. */
static void sbuf_role(sbuf *b, const decl *role)
{
    if (role->u.role.description.present)
        sbuf_capital(b, role->u.role.description.text);
    else
        sbuf_words(b, role->name.text);
}

/* What, who and the section of one obligation: in words from the policy's
 * descriptions ("Supervision order meeting held (no. 2) — Child protection
 * coordinator  [3. Meetings]"), or with --ids as the policy writes it
 * ("reviews #2: cp_coordinator must so_meeting  [3. Meetings]"). */
static void text_what(sbuf *b, const rep_options *o, const obligation *ob)
{
    const rule_decl *r = &ob->rule->u.rule;
    if (o->ids) {
        sbuf_puts(b, ob->rule->name.text);
        if (ob->milestone)
            sbuf_printf(b, " #%d", ob->milestone);
        if (r->has_duty)
            sbuf_printf(b, ": %s must %s%s", r->role.text, r->is_next ? "next " : "", r->action.text);
        else
            sbuf_puts(b, ": (constraint)");
    } else if (r->has_duty) {
        if (r->action_decl && r->action_decl->u.event.description.present)
            sbuf_capital(b, r->action_decl->u.event.description.text);
        else
            sbuf_words(b, r->action.text);
        if (ob->milestone)
            sbuf_printf(b, " (no." TEXT_NBSP "%d)", ob->milestone);
        sbuf_puts(b, " \u2014 ");
        if (r->role_decl)
            sbuf_role(b, r->role_decl);
        else
            sbuf_words(b, r->role.text);
    } else {
        sbuf_puts(b, "Check: ");
        sbuf_words_case(b, ob->rule->name.text, false);
    }
}

/* The citation "[3. Meetings]" after the text at *COL: on the same line
 * when it fits whole, else on the next, wrapped only when longer than a
 * line. */
static void text_cite(FILE *out, const char *cite, int *col, int indent)
{
    char *t = xasprintf("[%s]", cite);
    if (*col + 1 + text_cols(t, strlen(t)) <= TEXT_WIDTH) {
        fprintf(out, " %s", t);
        *col += 1 + text_cols(t, strlen(t));
    } else {
        fprintf(out, "\n%*s", indent, "");
        *col = indent;
        text_wrap(out, t, col, indent);
    }
    free(t);
}

/* The status with its days (or hours) late or overdue. */
static void text_status(char *buf, size_t n, const obligation *ob)
{
    if (ob->status == ST_LATE && ob->due_tod >= 0 && ob->hours_late > 0)
        snprintf(buf, n, "late %lld hour%s", (long long)ob->hours_late, ob->hours_late == 1 ? "" : "s");
    else if (ob->status == ST_LATE || ob->status == ST_OVERDUE)
        snprintf(buf, n, "%s %lld day%s", status_name(ob->status), (long long)ob->days_late,
                 ob->days_late == 1 ? "" : "s");
    else
        snprintf(buf, n, "%s", status_name(ob->status));
}

/* explain(), each line wrapped within TEXT_WIDTH columns: continuation
 * lines start under the text after the label ("      due       ..."). */
static void text_explain(FILE *out, const rep_options *o, const obligation *ob)
{
    char *text = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&text, &len);
    if (!mem) {
        explain(out, o, ob);
        return;
    }
    explain(mem, o, ob);
    fclose(mem);
    for (char *line = text; line && *line;) {
        char *nl = strchr(line, '\n');
        if (nl)
            *nl = '\0';
        if (text_cols(line, strlen(line)) <= TEXT_WIDTH) {
            fputs(line, out);
        } else {
            /* Keep the label and its padding; wrap the words after it. */
            size_t lead = 0;
            while (line[lead] == ' ')
                lead++;
            while (line[lead] && line[lead] != ' ')
                lead++;
            while (line[lead] == ' ')
                lead++;
            int indent = text_cols(line, lead), col = indent;
            fwrite(line, 1, lead, out);
            text_wrap(out, line + lead, &col, indent);
        }
        fputc('\n', out);
        line = nl ? nl + 1 : NULL;
    }
    free(text);
}

/* One obligation of the text report: due, status, met on, then what and
 * who wrapped within TEXT_WIDTH columns; its derivation with --explain. */
static void text_ob(FILE *out, const rep_stream *st, const obligation *ob)
{
    const rep_options *o = st->o;
    char b1[24], b2[24], status[48];
    text_status(status, sizeof status, ob);
    const char *due = ob->has_due ? due_of(ob, ' ', b1) : "-";
    const char *met = ob->met_by && (ob->status == ST_MET || ob->status == ST_LATE) ? when_of(ob->met_by, ' ', b2) : "";
    fprintf(out, "  %-*s  %s%-*s%s  %-*s  ", st->cwdue, due, o->color ? status_color(ob->status) : "", st->wstatus,
            status, o->color ? "\033[0m" : "", st->cwmet, met);
    int indent = 2 + st->cwdue + 2 + st->wstatus + 2 + st->cwmet + 2;
    int col = indent;
    sbuf b;
    sbuf_init(&b);
    text_what(&b, o, ob);
    text_wrap(out, b.data, &col, indent);
    sbuf_free(&b);
    if (ob->rule->u.rule.cite.present)
        text_cite(out, ob->rule->u.rule.cite.text, &col, indent);
    fputc('\n', out);
    if (o->explain)
        text_explain(out, o, ob);
}

/* The case's due and met columns: as wide as the report's, or wider when
 * one of its dates has a time (a deadline in hours of a timed event). */
static void text_case_widths(rep_stream *st, const obligation *items, size_t n)
{
    char b[24];
    st->cwdue = st->wdue;
    st->cwmet = st->wmet;
    for (size_t i = 0; i < n; i++) {
        const obligation *ob = &items[i];
        if (ob->has_due && (int)strlen(due_of(ob, ' ', b)) > st->cwdue)
            st->cwdue = (int)strlen(b);
        if (ob->met_by && (ob->status == ST_MET || ob->status == ST_LATE) &&
            (int)strlen(when_of(ob->met_by, ' ', b)) > st->cwmet)
            st->cwmet = (int)strlen(b);
    }
}

/* The column titles, once above the first case. */
static void text_header(FILE *out, const rep_stream *st)
{
    fprintf(out, "  %-*s  %-*s  %-*s  %s\n", st->wdue, "due", st->wstatus, "status", st->wmet, "met on",
            st->o->ids ? "rule: who must do what [section]" : "what \u2014 who [section of the guidance]");
}

/* Group counts for --group-by: one row per role, rule or status. */
static size_t text_group_of(const rep_options *o, const obligation *ob)
{
    switch (o->group_by) {
    case REP_GROUP_ROLE: {
        const rule_decl *r = &ob->rule->u.rule;
        return r->has_duty && r->role_decl ? (size_t)r->role_decl->index + 1 : 0;
    }
    case REP_GROUP_RULE: return (size_t)ob->rule->index;
    case REP_GROUP_STATUS: return (size_t)ob->status;
    case REP_GROUP_NONE: break;
    }
    return 0;
}

static bool due_soon(const rep_options *o, const obligation *ob)
{
    return ob->status == ST_PENDING && ob->has_due && ob->due >= o->ctx->as_of &&
           ob->due <= o->ctx->as_of + o->horizon;
}

static void text_count(rep_stream *st, const obligation *items, size_t n)
{
    const rep_options *o = st->o;
    for (size_t i = 0; i < n; i++)
        if (due_soon(o, &items[i]))
            st->soon++;
    if (o->group_by == REP_GROUP_NONE)
        return;
    bool *seen = xcalloc(st->ngroups, sizeof *seen);
    for (size_t i = 0; i < n; i++) {
        size_t g = text_group_of(o, &items[i]);
        st->groups[g].counts[items[i].status]++;
        st->groups[g].total++;
        st->groups[g].soon += due_soon(o, &items[i]);
        if (items[i].has_due) {
            rep_group *gr = &st->groups[g];
            if (!gr->has_due || items[i].due < gr->first_due)
                gr->first_due = items[i].due;
            if (!gr->has_due || items[i].due > gr->last_due)
                gr->last_due = items[i].due;
            gr->has_due = true;
        }
        if (!seen[g])
            st->groups[g].cases++;
        seen[g] = true;
    }
    free(seen);
}

/* The name of group G in the --group-by table. */
static void text_group_name(sbuf *b, const rep_options *o, size_t g)
{
    const ast_program *p = o->ctx->prog;
    switch (o->group_by) {
    case REP_GROUP_ROLE:
        if (g == 0)
            sbuf_puts(b, o->ids ? "(constraint)" : "No one (conditions to check)");
        else if (o->ids)
            sbuf_puts(b, p->roles.items[g - 1]->name.text);
        else
            sbuf_role(b, p->roles.items[g - 1]);
        break;
    case REP_GROUP_RULE: sbuf_puts(b, p->rules.items[g]->name.text); break;
    case REP_GROUP_STATUS: sbuf_puts(b, status_name((ob_status)g)); break;
    case REP_GROUP_NONE: break;
    }
}

/* The --group-by table: per group its obligations by status and how many
 * are due within the horizon; names wrap in their column. */
static void text_groups(FILE *out, const rep_stream *st)
{
    static const char *const what[] = {"role", "rule", "status"};
    const rep_options *o = st->o;
    char b[11];
    enum { WNAME = 30 };
    fprintf(out, "\nBy %s (due soon: pending and due by %s, %d day%s after the as-of date)\n",
            what[o->group_by - REP_GROUP_ROLE], cal_format(o->ctx->as_of + o->horizon, b), o->horizon,
            o->horizon == 1 ? "" : "s");
    if (o->group_by == REP_GROUP_STATUS)
        fprintf(out, "  %-*s %5s %5s  %-12s  %-12s %8s\n", WNAME, "status", "total", "cases", "earliest due",
                "latest due", "due soon");
    else
        fprintf(out, "  %-*s %5s %5s %5s %5s %7s %7s %8s %9s %8s\n", WNAME, what[o->group_by - REP_GROUP_ROLE],
                "total", "cases", "met", "late", "overdue", "pending", "breached", "cancelled", "due soon");
    for (size_t g = 0; g < st->ngroups; g++) {
        const rep_group *gr = &st->groups[g];
        if (!gr->total)
            continue;
        sbuf name;
        sbuf_init(&name);
        text_group_name(&name, o, g);
        /* The name wrapped within its column; the counts on its first line. */
        const char *s = name.data;
        bool first = true;
        while (*s || first) {
            size_t len = strlen(s), cut = len;
            if (text_cols(s, len) > WNAME) {
                cut = 0;
                for (size_t i = 0; s[i] && text_cols(s, i) < WNAME; i++)
                    if (s[i] == ' ')
                        cut = i;
                if (cut == 0)
                    while (s[cut] && text_cols(s, cut) < WNAME)
                        cut++;
            }
            int pad = WNAME - text_cols(s, cut);
            fprintf(out, "  %.*s%*s", (int)cut, s, first && pad > 0 ? pad : 0, "");
            if (first && o->group_by == REP_GROUP_STATUS) {
                char b1[11], b2[11];
                fprintf(out, " %5zu %5zu  %-12s  %-12s %8zu", gr->total, gr->cases,
                        gr->has_due ? cal_format(gr->first_due, b1) : "-",
                        gr->has_due ? cal_format(gr->last_due, b2) : "-", gr->soon);
            } else if (first) {
                fprintf(out, " %5zu %5zu %5zu %5zu %7zu %7zu %8zu %9zu %8zu", gr->total, gr->cases, gr->counts[ST_MET],
                        gr->counts[ST_LATE], gr->counts[ST_OVERDUE], gr->counts[ST_PENDING], gr->counts[ST_BREACHED],
                        gr->counts[ST_CANCELLED], gr->soon);
            }
            fputc('\n', out);
            first = false;
            s += cut;
            while (*s == ' ')
                s++;
        }
        sbuf_free(&name);
    }
}

bool rep_begin(rep_stream *st, const rep_options *o)
{
    memset(st, 0, sizeof *st);
    st->o = o;
    st->body = tmpfile();
    if (!st->body)
        return false;
    if (o->format == REP_HTML)
        rep_html_begin(st);
    /* Column widths, the same for every case so that the report lines up
     * without holding it whole. A date with a time (a deadline in hours of
     * a timed event) is wider than its column and pushes its line along. */
    const ast_program *p = o->ctx->prog;
    st->wdue = 10;
    st->wmet = 10;
    st->wstatus = 16;
    if (o->group_by != REP_GROUP_NONE) {
        st->ngroups = o->group_by == REP_GROUP_ROLE ? p->roles.count + 1
                      : o->group_by == REP_GROUP_RULE ? p->rules.count
                                                      : (size_t)ST_CANCELLED + 1;
        st->groups = xcalloc(st->ngroups ? st->ngroups : 1, sizeof *st->groups);
    }
    return true;
}

void rep_case(rep_stream *st, const obligation *items, size_t n)
{
    const rep_options *o = st->o;
    FILE *out = st->body;
    if (n == 0)
        return;
    if (o->format == REP_HTML) {
        rep_html_case(st, items, n);
        st->ncases++;
        for (size_t i = 0; i < n; i++)
            st->counts[items[i].status]++;
        st->total += n;
        return;
    }
    size_t *order = NULL;
    if (o->format == REP_TEXT) {
        const char *bold = o->color ? "\033[1m" : "", *reset = o->color ? "\033[0m" : "";
        if (!st->ncases)
            text_header(out, st);
        fprintf(out, "\n%sCase %s%s\n", bold, items[0].c->id, reset);
        order = xcalloc(n, sizeof *order);
        rep_case_order(items, n, order);
        text_count(st, items, n);
        text_case_widths(st, items, n);
    }
    st->ncases++;
    for (size_t i = 0; i < n; i++) {
        const obligation *ob = &items[order ? order[i] : i];
        st->counts[ob->status]++;
        switch (o->format) {
        case REP_TEXT:
            text_ob(out, st, ob);
            break;
        case REP_JSON:
            fputs(st->total ? ",\n    " : "\n    ", out);
            json_ob(out, o, ob);
            break;
        case REP_CSV:
            csv_ob(out, o, ob);
            break;
        case REP_HTML:
            break;
        }
        st->total++;
    }
    free(order);
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

bool rep_end(rep_stream *st, FILE *out, size_t unfiltered)
{
    const rep_options *o = st->o;
    char b[11];
    bool ok = true;
    switch (o->format) {
    case REP_HTML:
        ok = rep_html_end(st, out, unfiltered);
        break;
    case REP_JSON: {
        const ast_program *p = o->ctx->prog;
        fputs("{\n  \"policy\": ", out);
        json_put_string(out, p->policy ? p->policy->u.policy.qualified.text : "");
        fprintf(out, ",\n  \"as_of\": \"%s\",\n  \"summary\": {", cal_format(o->ctx->as_of, b));
        for (int s = 0; s <= ST_CANCELLED; s++)
            fprintf(out, "%s\"%s\": %zu", s ? ", " : "", status_name((ob_status)s), st->counts[s]);
        fputs("},\n  \"obligations\": [", out);
        ok = rep_copy_body(st, out);
        fputs(st->total ? "\n  ]\n}\n" : "]\n}\n", out);
        break;
    }
    case REP_CSV:
        fputs("case,rule,role,action,trigger_event,trigger_date,trigger_line,due,status,met_on,days_late,cite\r\n", out);
        ok = rep_copy_body(st, out);
        break;
    case REP_TEXT: {
        const char *bold = o->color ? "\033[1m" : "", *reset = o->color ? "\033[0m" : "";
        ok = rep_copy_body(st, out);
        if (st->total == 0)
            fputs("No obligations.\n", out);
        if (o->group_by != REP_GROUP_NONE)
            text_groups(out, st);
        sbuf sum;
        sbuf_init(&sum);
        sbuf_printf(&sum, " as of %s: %zu obligation%s in %zu case%s:", cal_format(o->ctx->as_of, b), st->total,
                    st->total == 1 ? "" : "s", st->ncases, st->ncases == 1 ? "" : "s");
        for (int s = 0; s <= ST_CANCELLED; s++)
            sbuf_printf(&sum, "%s %zu" TEXT_NBSP "%s", s ? "," : "", st->counts[s], status_name((ob_status)s));
        fprintf(out, "\n%sSummary%s", bold, reset);
        int col = 7;
        text_wrap(out, sum.data, &col, 2);
        sbuf_free(&sum);
        fputc('\n', out);
        fprintf(out, "Needs attention: %zu overdue, %zu due by %s (within %d day%s)\n", st->counts[ST_OVERDUE],
                st->soon, cal_format(o->ctx->as_of + o->horizon, b), o->horizon, o->horizon == 1 ? "" : "s");
        if (unfiltered > st->total)
            fprintf(out, "(%zu of %zu obligations shown: the others were filtered out by --status or --role)\n",
                    st->total, unfiltered);
        break;
    }
    }
    fclose(st->body);
    st->body = NULL;
    free(st->groups);
    st->groups = NULL;
    return ok && !ferror(out);
}

void rep_abort(rep_stream *st)
{
    rep_html_free(st);
    free(st->groups);
    st->groups = NULL;
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
