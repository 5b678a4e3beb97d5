/*
 * report.c — see report.h.
 */
#include "report.h"

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

/* One obligation as a JSON object (the contract's fields). */
static void json_ob(FILE *out, const rep_options *o, const obligation *ob)
{
    char b[11];
    fputs("{\"case\": ", out);
    json_put_string(out, ob->c->id);
    fputs(", \"rule\": ", out);
    json_put_string(out, ob->rule->name.text);
    fputs(", \"role\": ", out);
    if (role_of(ob))
        json_put_string(out, role_of(ob));
    else
        fputs("null", out);
    fputs(", \"roles\": [", out);
    for (const name_list *n = ob->rule->u.rule.has_duty ? ob->rule->u.rule.roles : NULL; n; n = n->next) {
        json_put_string(out, n->name.text);
        if (n->next)
            fputs(", ", out);
    }
    fputs("]", out);
    fputs(", \"action\": ", out);
    if (action_of(ob))
        json_put_string(out, action_of(ob));
    else
        fputs("null", out);
    fputs(", \"trigger\": {\"event\": ", out);
    json_put_string(out, trigger_kind(o, ob));
    fprintf(out, ", \"date\": \"%s\", \"line\": %u}", cal_format(ob->trigger->date, b), ob->trigger->line);
    if (ob->has_due)
        fprintf(out, ", \"due\": \"%s\"", cal_format(ob->due, b));
    else
        fputs(", \"due\": null", out);
    fprintf(out, ", \"status\": \"%s\"", status_name(ob->status));
    if (ob->met_by && (ob->status == ST_MET || ob->status == ST_LATE))
        fprintf(out, ", \"met_on\": \"%s\"", cal_format(ob->met_by->date, b));
    else
        fputs(", \"met_on\": null", out);
    if (ob->status == ST_LATE || ob->status == ST_OVERDUE)
        fprintf(out, ", \"days_late\": %lld", (long long)ob->days_late);
    else
        fputs(", \"days_late\": null", out);
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
    char b[11];
    csv_field(out, ob->c->id);
    fputc(',', out);
    csv_field(out, ob->rule->name.text);
    fputc(',', out);
    csv_field(out, role_of(ob) ? role_of(ob) : "");
    fputc(',', out);
    csv_field(out, action_of(ob) ? action_of(ob) : "");
    fputc(',', out);
    csv_field(out, trigger_kind(o, ob));
    fprintf(out, ",%s,%u,", cal_format(ob->trigger->date, b), ob->trigger->line);
    if (ob->has_due)
        fputs(cal_format(ob->due, b), out);
    fprintf(out, ",%s,", status_name(ob->status));
    if (ob->met_by && (ob->status == ST_MET || ob->status == ST_LATE))
        fputs(cal_format(ob->met_by->date, b), out);
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
            /* The trigger may be any event of `when A or B`: find it by name. */
            int i = attr_pos(tev, e->u.attr.attr.text);
            if (i >= 0)
                put_value(out, p, nth_attr(tev, i), ob->trigger->attrs[i]);
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
    char b1[11], b2[11];
    const rule_decl *r = &ob->rule->u.rule;
    const eval_ctx *ctx = o->ctx;
    int line, col;
    src_file_position(ob->rule->sp.file, ob->rule->sp.off, &line, &col);
    fprintf(out, "      rule      %s:%d\n", ob->rule->sp.file->name, line);
    fprintf(out, "      trigger   %s on %s (%s:%u)\n", trigger_kind(o, ob), cal_format(ob->trigger->date, b1),
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
                    (long long)d.n, dur_unit_name(d.unit, d.n != 1), cal_format(ob->due, b2));
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
                o->ctx->prog->events.items[ob->met_by->kind]->name.text, cal_format(ob->met_by->date, b1),
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

/* One obligation as a line of the text report (and its derivation). */
static void text_ob(FILE *out, const rep_stream *st, const obligation *ob)
{
    const rep_options *o = st->o;
    char b1[11], b2[11];
    const char *reset = o->color ? "\033[0m" : "";
    char status[48];
    if (ob->status == ST_LATE || ob->status == ST_OVERDUE)
        snprintf(status, sizeof status, "%s %lld day%s", status_name(ob->status), (long long)ob->days_late,
                 ob->days_late == 1 ? "" : "s");
    else
        snprintf(status, sizeof status, "%s", status_name(ob->status));
    char rule[96];
    if (ob->milestone)
        snprintf(rule, sizeof rule, "%s #%d", ob->rule->name.text, ob->milestone);
    else
        snprintf(rule, sizeof rule, "%s", ob->rule->name.text);
    fprintf(out, "  %-*s %-*s %-*s due %-10s %s%-17s%s", st->wrule, rule, st->wrole,
            role_of(ob) ? role_of(ob) : "-", st->wact, action_of(ob) ? action_of(ob) : "(constraint)",
            ob->has_due ? cal_format(ob->due, b1) : "-", o->color ? status_color(ob->status) : "", status, reset);
    if (ob->met_by && (ob->status == ST_MET || ob->status == ST_LATE))
        fprintf(out, " on %s", cal_format(ob->met_by->date, b2));
    if (cite_of(ob))
        fprintf(out, "  [%s]", cite_of(ob));
    fputc('\n', out);
    if (o->explain)
        explain(out, o, ob);
}

bool rep_begin(rep_stream *st, const rep_options *o)
{
    memset(st, 0, sizeof *st);
    st->o = o;
    st->body = tmpfile();
    if (!st->body)
        return false;
    /* Column widths from the names the policy can report, so that every
     * case lines up without holding the whole report. */
    const ast_program *p = o->ctx->prog;
    st->wrule = 4;
    st->wrole = 4;
    st->wact = 12;
    for (size_t i = 0; i < p->rules.count; i++) {
        const rule_decl *r = &p->rules.items[i]->u.rule;
        int n = (int)strlen(p->rules.items[i]->name.text) + (r->due.kind == DL_SCHEDULE ? 3 : 0);
        st->wrule = n > st->wrule ? n : st->wrule;
        if (r->has_duty) {
            if ((int)strlen(r->role_text) > st->wrole)
                st->wrole = (int)strlen(r->role_text);
            if ((int)strlen(r->action_text) > st->wact)
                st->wact = (int)strlen(r->action_text);
        }
    }
    return true;
}

void rep_case(rep_stream *st, const obligation *items, size_t n)
{
    const rep_options *o = st->o;
    FILE *out = st->body;
    if (n == 0)
        return;
    if (o->format == REP_TEXT) {
        const char *bold = o->color ? "\033[1m" : "", *reset = o->color ? "\033[0m" : "";
        fprintf(out, "%s%sCase %s%s\n", st->ncases ? "\n" : "", bold, items[0].c->id, reset);
    }
    st->ncases++;
    for (size_t i = 0; i < n; i++) {
        const obligation *ob = &items[i];
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
        }
        st->total++;
    }
}

static bool copy_body(rep_stream *st, FILE *out)
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
    case REP_JSON: {
        const ast_program *p = o->ctx->prog;
        fputs("{\n  \"policy\": ", out);
        json_put_string(out, p->policy ? p->policy->u.policy.qualified.text : "");
        fprintf(out, ",\n  \"as_of\": \"%s\",\n  \"summary\": {", cal_format(o->ctx->as_of, b));
        for (int s = 0; s <= ST_CANCELLED; s++)
            fprintf(out, "%s\"%s\": %zu", s ? ", " : "", status_name((ob_status)s), st->counts[s]);
        fputs("},\n  \"obligations\": [", out);
        ok = copy_body(st, out);
        fputs(st->total ? "\n  ]\n}\n" : "]\n}\n", out);
        break;
    }
    case REP_CSV:
        fputs("case,rule,role,action,trigger_event,trigger_date,trigger_line,due,status,met_on,days_late,cite\r\n", out);
        ok = copy_body(st, out);
        break;
    case REP_TEXT: {
        const char *bold = o->color ? "\033[1m" : "", *reset = o->color ? "\033[0m" : "";
        ok = copy_body(st, out);
        if (st->total == 0)
            fputs("No obligations.\n", out);
        fprintf(out, "\n%sSummary%s as of %s: %zu obligation%s in %zu case%s: ", bold, reset,
                cal_format(o->ctx->as_of, b), st->total, st->total == 1 ? "" : "s", st->ncases,
                st->ncases == 1 ? "" : "s");
        for (int s = 0; s <= ST_CANCELLED; s++)
            fprintf(out, "%s%zu %s", s ? ", " : "", st->counts[s], status_name((ob_status)s));
        fputc('\n', out);
        if (unfiltered > st->total)
            fprintf(out, "(%zu of %zu obligations shown: the others were filtered out by --status or --role)\n",
                    st->total, unfiltered);
        break;
    }
    }
    fclose(st->body);
    st->body = NULL;
    return ok && !ferror(out);
}

void rep_abort(rep_stream *st)
{
    if (st->body)
        fclose(st->body);
    st->body = NULL;
}
