/*
 * report.c — see report.h.
 */
#include "report.h"
#include "report_html.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "lang/fmt.h"
#include "lang/util.h"
#include "lang/words.h"


/* S as a CSV field (docs/reports.md, "The CSV report"), in three steps:
 * - control characters as \xNN, by the text report's one rule
 *   (sbuf_put_escaped), so that a record is one line and nothing reaches a
 *   terminal raw;
 * - a ' before a leading =, +, - or @, so that a spreadsheet takes the
 *   field for text, not a formula;
 * - RFC 4180 quoting when the field holds a comma or a quote. */
static void csv_field(wbuf *out, const char *s)
{
    sbuf esc;
    sbuf_init(&esc);
    if (text_needs_escape(s)) {
        sbuf_put_escaped(&esc, s);
        s = esc.data;
    }
    bool quote = strpbrk(s, ",\"") != NULL;
    if (quote)
        wb_putc(out, '"');
    if (s[0] && strchr("=+-@", s[0]))
        wb_putc(out, '\'');
    for (; *s; s++) {
        if (*s == '"')
            wb_putc(out, '"');
        wb_putc(out, *s);
    }
    if (quote)
        wb_putc(out, '"');
    sbuf_free(&esc);
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

/* Why O has no due date when a value from the case is missing, as a
 * sentence ("order.months has no value in the case record, ..."), into BUF;
 * NULL when there is no such problem. */
static const char *problem_of(const obligation *ob, char *buf, size_t n)
{
    if (ob->not_recorded && !ob->problem) {
        snprintf(buf, n, "%s is not recorded in this extract", ob->not_recorded->name.text);
        return buf;
    }
    if (!ob->problem)
        return NULL;
    const char *what = ob->problem_too_long ? "is too large for a duration (more than a hundred years)"
                                            : "has no value in the case record";
    if (ob->problem_state)
        snprintf(buf, n, "%.*s %s, so the end of state %s cannot be computed", (int)ob->problem->sp.len,
                 ob->problem->sp.file->text + ob->problem->sp.off, what, ob->problem_state->name.text);
    else
        snprintf(buf, n, "%.*s %s%s", (int)ob->problem->sp.len, ob->problem->sp.file->text + ob->problem->sp.off,
                 what, ob->problem_too_long ? "" : ", so the due date cannot be computed");
    return buf;
}

/* Text of a report that is the same for every obligation of a rule or of
 * a trigger event kind, escaped once by rep_prepare. */
typedef struct frag {
    char *p;
    size_t n;
} frag;

struct rep_cache {
    frag *rule_json;   /* `, "rule": R, "role": R, "action": A, "trigger": {"event": ` */
    frag *cite_json;   /* `, "cite": C}` */
    frag *rule_csv;    /* `,rule,role,action,` */
    frag *cite_csv;    /* `,cite` */
    frag *kind_json;   /* `"kind", "date": "` */
    frag *kind_csv;    /* `kind,` */
    size_t nrules, nkinds;
    /* --group-by role: each rule's group (0 no one, 1 + role index for one
     * role, 1 + roles + k for the k-th set of several roles, `x or y
     * must`), and the first rule of each such set, which names it. */
    size_t *who;
    const decl **who_set;
    size_t nsets;
};

/* Whether rules A and B name the same responsible roles, in order. */
static bool same_roles(const decl *a, const decl *b)
{
    const name_list *x = a->u.rule.roles, *y = b->u.rule.roles;
    for (; x && y; x = x->next, y = y->next)
        if (x->decl != y->decl)
            return false;
    return !x && !y;
}

/* The --group-by role groups of every rule of P into C. */
static void who_build(rep_cache *c, const ast_program *p)
{
    size_t nr = c->nrules ? c->nrules : 1;
    c->who = xcalloc(nr, sizeof *c->who);
    c->who_set = xcalloc(nr, sizeof *c->who_set);
    for (size_t i = 0; i < c->nrules; i++) {
        const decl *d = p->rules.items[i];
        const rule_decl *r = &d->u.rule;
        if (!r->has_duty || !r->role_decl)
            continue; /* a constraint: no one */
        if (!r->roles || !r->roles->next) {
            c->who[i] = (size_t)r->role_decl->index + 1;
            continue;
        }
        size_t k = 0;
        while (k < c->nsets && !same_roles(c->who_set[k], d))
            k++;
        if (k == c->nsets)
            c->who_set[c->nsets++] = d;
        c->who[i] = 1 + p->roles.count + k;
    }
}

static frag frag_take(wbuf *b)
{
    frag f = {xmalloc(b->len ? b->len : 1), b->len};
    memcpy(f.p, b->p, b->len);
    b->len = 0;
    return f;
}

static void put_frag(wbuf *out, const frag *f)
{
    wb_write(out, f->p, f->n);
}

static rep_cache *cache_build(const ast_program *p)
{
    rep_cache *c = xcalloc(1, sizeof *c);
    c->nrules = p->rules.count;
    c->nkinds = p->events.count;
    size_t nr = c->nrules ? c->nrules : 1, nk = c->nkinds ? c->nkinds : 1;
    c->rule_json = xcalloc(nr, sizeof *c->rule_json);
    c->cite_json = xcalloc(nr, sizeof *c->cite_json);
    c->rule_csv = xcalloc(nr, sizeof *c->rule_csv);
    c->cite_csv = xcalloc(nr, sizeof *c->cite_csv);
    c->kind_json = xcalloc(nk, sizeof *c->kind_json);
    c->kind_csv = xcalloc(nk, sizeof *c->kind_csv);
    wbuf b;
    wb_init(&b, NULL);
    for (size_t i = 0; i < c->nrules; i++) {
        const decl *d = p->rules.items[i];
        const rule_decl *r = &d->u.rule;
        const char *role = r->has_duty ? r->role_text : NULL, *action = r->has_duty ? r->action_text : NULL;
        const char *cite = r->cite.present ? r->cite.text : NULL;
        wb_puts(&b, ", \"rule\": ");
        json_str(&b, d->name.text);
        wb_puts(&b, ", \"role\": ");
        json_str_or_null(&b, role);
        /* Every responsible role (`x or y must`); [] for a constraint. */
        wb_puts(&b, ", \"roles\": [");
        for (const name_list *n = r->has_duty ? r->roles : NULL; n; n = n->next) {
            json_str(&b, n->name.text);
            if (n->next)
                wb_puts(&b, ", ");
        }
        wb_putc(&b, ']');
        wb_puts(&b, ", \"action\": ");
        json_str_or_null(&b, action);
        wb_puts(&b, ", \"trigger\": {\"event\": ");
        c->rule_json[i] = frag_take(&b);
        wb_puts(&b, ", \"cite\": ");
        json_str_or_null(&b, cite);
        wb_putc(&b, '}');
        c->cite_json[i] = frag_take(&b);
        wb_putc(&b, ',');
        csv_field(&b, d->name.text);
        wb_putc(&b, ',');
        csv_field(&b, role ? role : "");
        wb_putc(&b, ',');
        csv_field(&b, action ? action : "");
        wb_putc(&b, ',');
        c->rule_csv[i] = frag_take(&b);
        wb_putc(&b, ',');
        csv_field(&b, cite ? cite : "");
        c->cite_csv[i] = frag_take(&b);
    }
    for (size_t k = 0; k < c->nkinds; k++) {
        const char *name = p->events.items[k]->name.text;
        json_str(&b, name);
        wb_puts(&b, ", \"date\": \"");
        c->kind_json[k] = frag_take(&b);
        csv_field(&b, name);
        wb_putc(&b, ',');
        c->kind_csv[k] = frag_take(&b);
    }
    wb_free(&b);
    return c;
}

static void frags_free(frag *f, size_t n)
{
    for (size_t i = 0; f && i < n; i++)
        free(f[i].p);
    free(f);
}

void rep_release(rep_options *o)
{
    rep_cache *c = o->cache;
    if (!c)
        return;
    frags_free(c->rule_json, c->nrules);
    frags_free(c->cite_json, c->nrules);
    frags_free(c->rule_csv, c->nrules);
    frags_free(c->cite_csv, c->nrules);
    frags_free(c->kind_json, c->nkinds);
    frags_free(c->kind_csv, c->nkinds);
    free(c->who);
    free(c->who_set);
    free(c);
    o->cache = NULL;
}

/* One obligation as a JSON object (the contract's fields); ID is the case
 * identifier already written as JSON. */
static void json_ob(wbuf *out, const rep_options *o, const frag *id, const obligation *ob)
{
    const rep_cache *c = o->cache;
    wb_write(out, "{\"case\": ", 9);
    put_frag(out, id);
    put_frag(out, &c->rule_json[ob->rule->index]);
    if (ob->trigger->tod < 0) {
        put_frag(out, &c->kind_json[ob->trigger->kind]);
        put_date(out, ob->trigger->date);
    } else {
        json_str(out, trigger_kind(o, ob));
        wb_puts(out, ", \"date\": \"");
        put_when(out, ob->trigger, 'T');
    }
    wb_write(out, "\", \"line\": ", 11);
    wb_int(out, ob->trigger->line);
    wb_write(out, "}, \"due\": ", 10);
    if (ob->has_due) {
        wb_putc(out, '"');
        put_due(out, ob, 'T');
        wb_putc(out, '"');
    } else {
        wb_write(out, "null", 4);
    }
    wb_write(out, ", \"status\": \"", 13);
    wb_puts(out, status_name(ob->status));
    wb_write(out, "\", \"met_on\": ", 13);
    if (shows_met_on(ob)) {
        wb_putc(out, '"');
        put_when(out, ob->met_by, 'T');
        wb_putc(out, '"');
    } else {
        wb_write(out, "null", 4);
    }
    wb_write(out, ", \"days_late\": ", 15);
    if (shows_days_late(ob))
        wb_int(out, ob->days_late);
    else
        wb_write(out, "null", 4);
    wb_write(out, ", \"milestone\": ", 15);
    if (ob->milestone)
        wb_int(out, ob->milestone);
    else
        wb_write(out, "null", 4);
    const char *by = ob->status != ST_CANCELLED ? NULL
                   : ob->ended_state ? ob->ended_state->name.text
                   : ob->cancelled_by ? ob->cancelled_by->name.text : NULL;
    wb_write(out, ", \"cancelled_by\": ", 18);
    json_str_or_null(out, by);
    /* The edition of the procedure applied, and for an escalation the rule
     * whose failure triggered it and the day it failed. */
    wb_puts(out, ", \"edition\": ");
    json_str_or_null(out, ob->edition ? ob->edition->name.text : NULL);
    wb_puts(out, ", \"escalates\": ");
    if (ob->escalates) {
        wb_puts(out, "{\"rule\": ");
        json_str(out, ob->escalates->name.text);
        wb_puts(out, ", \"date\": \"");
        put_date(out, ob->esc_date);
        wb_puts(out, "\"}");
    } else {
        wb_write(out, "null", 4);
    }
    wb_write(out, ", \"cancelled_on\": ", 18);
    if (ob->status == ST_CANCELLED && ob->cancelled_on)
        put_qdate(out, ob->cancelled_on);
    else
        wb_write(out, "null", 4);
    char pb[512];
    wb_puts(out, ", \"problem\": ");
    json_str_or_null(out, problem_of(ob, pb, sizeof pb));
    if (ob->due_tod >= 0 && ob->hours_late > 0) {
        wb_puts(out, ", \"hours_late\": ");
        wb_int(out, ob->hours_late);
    }
    put_frag(out, &c->cite_json[ob->rule->index]);
}

/* One obligation as a CSV row with the JSON's fields; ID is the case
 * identifier already written as a CSV field. */
static void csv_ob(wbuf *out, const rep_options *o, const frag *id, const obligation *ob)
{
    const rep_cache *c = o->cache;
    put_frag(out, id);
    put_frag(out, &c->rule_csv[ob->rule->index]);
    put_frag(out, &c->kind_csv[ob->trigger->kind]);
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
    put_frag(out, &c->cite_csv[ob->rule->index]);
    /* then what the JSON says of the obligation beyond the contract's fields */
    wb_putc(out, ',');
    if (ob->milestone)
        wb_int(out, ob->milestone);
    const char *by = ob->status != ST_CANCELLED ? NULL
                   : ob->ended_state ? ob->ended_state->name.text
                   : ob->cancelled_by ? ob->cancelled_by->name.text : NULL;
    wb_putc(out, ',');
    if (by)
        csv_field(out, by);
    wb_putc(out, ',');
    if (ob->status == ST_CANCELLED && ob->cancelled_on)
        put_date(out, ob->cancelled_on);
    wb_putc(out, ',');
    if (ob->edition)
        csv_field(out, ob->edition->name.text);
    char pb[512];
    const char *problem = problem_of(ob, pb, sizeof pb);
    wb_putc(out, ',');
    if (problem)
        csv_field(out, problem);
    wb_write(out, "\r\n", 2);
}

/* S in a text report: control characters and bytes that are not UTF-8
 * written as \xNN (text_put_escaped), never sent to the terminal raw. */
static void put_text(wbuf *out, const char *s)
{
    if (!text_needs_escape(s)) {
        wb_puts(out, s);
        return;
    }
    sbuf b;
    sbuf_init(&b);
    sbuf_put_escaped(&b, s);
    wb_puts(out, b.data);
    sbuf_free(&b);
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
    case V_DURATION: {
        char buf[64];
        wb_puts(out, dur_format(v.dur, buf, sizeof buf));
        break;
    }
    }
}

static const attr_decl *nth_attr(const decl *ev, int i)
{
    const attr_decl *a = ev->u.event.attrs;
    while (a && i-- > 0)
        a = a->next;
    return a;
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

/* The trigger's values that condition E reads: "order.months = 12". */
static void seen_values(wbuf *out, const rep_options *o, const obligation *ob, const expr *e, int *n)
{
    if (!e)
        return;
    const ast_program *p = o->ctx->prog;
    const decl *tev = p->events.items[ob->trigger->kind];
    switch (e->kind) {
    case EX_ATTR:
        if (e->u.attr.base->kind != EX_NAME)
            break; /* (QUERY).ATTRIBUTE: not the trigger's */
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
    case EX_DATE:
    case EX_INT:
    case EX_DURATION:
    case EX_BOOL:
    case EX_TEXT:
    case EX_STATE_AT:
    case EX_FIRST:
    case EX_LAST:
    case EX_COUNT:
    case EX_EXISTS:
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
    if (r->has_while && ob->problem_state == r->while_decl)
        wb_printf(out, "      while     %s opened on or before %s; its end cannot be computed\n", r->while_state.text, b1);
    else if (r->has_while)
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
            const expr *count = dl->kind == DL_WITHIN ? dl->within_count : dl->milestones->count;
            if (dl->kind == DL_SCHEDULE) {
                const milestone *m = dl->milestones;
                for (int i = 1; i < ob->milestone && m; i++)
                    m = m->next;
                if (m) {
                    d = m->dur;
                    count = m->count;
                }
            }
            static const words_style explain_words = {.as_written = true};
            sbuf w;
            sbuf_init(&w);
            words_expr(&w, &explain_words, dl->of);
            sbuf_puts(&w, " + ");
            fmt_put_dur_count(&w, d, count);
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
    } else if (ob->problem) {
        wb_puts(out, "      due       no date: a value it needs is missing (the problem above)\n");
    } else if (!r->require) {
        wb_puts(out, "      due       no date: the guidance gives no timescale, or the date it depends on has not happened\n");
    }
    if (ob->problem_state)
        wb_printf(out, "      pending   not judged: it depends on state %s, whose end cannot be computed\n",
                  ob->problem_state->name.text);
    else if (ob->met_by)
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
    if (ob->status == ST_CANCELLED && ob->state_end && ob->cancelled_by == ob->rule) {
        wb_printf(out, "      cancelled its if/unless conditions stopped holding on %s, before the duty was met\n",
                   cal_format(ob->state_end, b1));
    } else if (ob->status == ST_CANCELLED && ob->state_end && ob->cancelled_by) {
        const rule_decl *x = &ob->cancelled_by->u.rule;
        wb_printf(out, "      cancelled exception %s applies from %s, when %.*s began to hold, before the duty was met\n",
                ob->cancelled_by->name.text, cal_format(ob->state_end, b1), (int)x->overrides_when->sp.len,
                x->overrides_when->sp.file->text + x->overrides_when->sp.off);
    } else if (ob->status == ST_CANCELLED && ob->state_end) {
        wb_printf(out, "      cancelled %s ended on %s before the duty was met\n", r->while_state.text,
                cal_format(ob->state_end, b1));
    }
}

/* ------------------------------------------------------------ text */

enum { TEXT_WIDTH = 100, TEXT_WDATE = 10, TEXT_WSTATUS = 16 };

/* A space that text_wrap prints but never breaks a line at. */
#define TEXT_NBSP "\x1f"

/* Columns S takes on a terminal: UTF-8 characters, not bytes. */
static int text_cols(const char *s, size_t n)
{
    int c = 0;
    for (size_t i = 0; i < n && s[i]; i++)
        c += ((unsigned char)s[i] & 0xC0) != 0x80;
    return c;
}

/* S word-wrapped at TEXT_WIDTH columns; the cursor is at column *COL, and
 * continuation lines start at column INDENT. Lines break only at spaces
 * (TEXT_NBSP is printed as one); a word longer than a line is printed
 * whole. */
static void text_wrap(wbuf *out, const char *s, int *col, int indent)
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
            wb_putc(out, '\n');
            for (int i = 0; i < indent; i++)
                wb_putc(out, ' ');
            *col = indent;
        } else if (sp && *col > indent) {
            wb_putc(out, ' ');
            (*col)++;
        }
        for (size_t i = sp; i < w; i++)
            wb_putc(out, s[i] == TEXT_NBSP[0] ? ' ' : s[i]);
        *col += wc;
        s += w;
    }
}

/* TEXT with its first letter capitalised (ASCII letters only). */
static void text_capital(wbuf *b, const char *text)
{
    if (text[0] >= 'a' && text[0] <= 'z') {
        wb_putc(b, (char)(text[0] - 'a' + 'A'));
        text++;
    }
    wb_puts(b, text);
}

/* An identifier in words: "first_so_meeting" -> "First so meeting" (or
 * "first so meeting" when not CAPITAL). */
static void text_words(wbuf *b, const char *ident, bool capital)
{
    for (const char *q = ident; *q; q++) {
        char c = *q == '_' ? ' ' : *q;
        if (capital && q == ident && c >= 'a' && c <= 'z')
            c = (char)(c - 'a' + 'A');
        wb_putc(b, c);
    }
}

/* A role as people read it: its description, else its name in words. */
static void text_role(wbuf *b, const decl *role)
{
    if (role->u.role.description.present)
        text_capital(b, role->u.role.description.text);
    else
        text_words(b, role->name.text, true);
}

/* What and who of one obligation: in words from the policy's descriptions
 * ("Supervision order meeting held (no. 2) — Child protection
 * coordinator"), or with --ids as the policy writes it ("reviews #2:
 * cp_coordinator must so_meeting"). */
static void text_what(wbuf *b, const rep_options *o, const obligation *ob)
{
    const rule_decl *r = &ob->rule->u.rule;
    if (o->ids) {
        wb_puts(b, ob->rule->name.text);
        if (ob->milestone)
            wb_printf(b, " #%d", ob->milestone);
        if (r->has_duty)
            wb_printf(b, ": %s must %s%s%s", r->role_text, r->forbids ? "not " : r->is_next ? "next " : "",
                      r->action_text, r->forbids ? " before the due date" : "");
        else
            wb_puts(b, ": (constraint)");
    } else if (r->has_duty) {
        /* Every action of `must A or B`, and every role of `x or y must`,
         * joined by "or". */
        if (r->forbids)
            wb_puts(b, "No ");
        for (const name_list *n = r->actions; n; n = n->next) {
            bool first = n == r->actions && !r->forbids;
            if (n != r->actions)
                wb_puts(b, " or ");
            if (n->decl && n->decl->u.event.description.present) {
                if (first)
                    text_capital(b, n->decl->u.event.description.text);
                else
                    wb_puts(b, n->decl->u.event.description.text);
            } else {
                text_words(b, n->name.text, first);
            }
        }
        if (r->forbids)
            wb_puts(b, " before the due date");
        if (ob->milestone)
            wb_printf(b, " (no." TEXT_NBSP "%d)", ob->milestone);
        wb_puts(b, " \u2014 ");
        for (const name_list *n = r->roles; n; n = n->next) {
            if (n != r->roles)
                wb_puts(b, " or ");
            if (n->decl)
                text_role(b, n->decl);
            else
                text_words(b, n->name.text, true);
        }
    } else {
        wb_puts(b, "Check: ");
        text_words(b, ob->rule->name.text, false);
    }
    wb_putc(b, '\0');
}

/* The citation "[3. Meetings]" after the text at *COL: on the same line
 * when it fits whole, else on the next, wrapped only when longer than a
 * line. */
static void text_cite(wbuf *out, const char *cite, int *col, int indent)
{
    char *t = xasprintf("[%s]", cite);
    int w = text_cols(t, strlen(t));
    if (*col + 1 + w <= TEXT_WIDTH) {
        wb_putc(out, ' ');
        wb_puts(out, t);
        *col += 1 + w;
    } else {
        wb_putc(out, '\n');
        for (int i = 0; i < indent; i++)
            wb_putc(out, ' ');
        *col = indent;
        text_wrap(out, t, col, indent);
    }
    free(t);
}

/* T after the text at *COL, like a citation but without brackets. */
static void text_cite_plain(wbuf *out, const char *t, int *col, int indent)
{
    int w = text_cols(t, strlen(t));
    if (*col + 1 + w <= TEXT_WIDTH) {
        wb_putc(out, ' ');
        wb_puts(out, t);
        *col += 1 + w;
    } else {
        wb_putc(out, '\n');
        for (int i = 0; i < indent; i++)
            wb_putc(out, ' ');
        *col = indent;
        text_wrap(out, t, col, indent);
    }
}

/* explain(), each line wrapped within TEXT_WIDTH columns: continuation
 * lines start under the text after the label ("      due       ..."). */
static void text_explain(wbuf *out, const rep_options *o, const obligation *ob)
{
    wbuf tmp;
    wb_init(&tmp, NULL);
    explain(&tmp, o, ob);
    wb_putc(&tmp, '\0');
    for (char *line = tmp.p; line && *line;) {
        char *nl = strchr(line, '\n');
        if (nl)
            *nl = '\0';
        if (text_cols(line, strlen(line)) <= TEXT_WIDTH) {
            wb_puts(out, line);
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
            wb_write(out, line, lead);
            text_wrap(out, line + lead, &col, indent);
        }
        wb_putc(out, '\n');
        line = nl ? nl + 1 : NULL;
    }
    wb_free(&tmp);
}

/* The status with its days (or hours) late or overdue. */
static void text_status(char *buf, size_t n, const obligation *ob)
{
    if (ob->status == ST_LATE && ob->due_tod >= 0 && ob->hours_late > 0)
        snprintf(buf, n, "late %lld hour%s", (long long)ob->hours_late, ob->hours_late == 1 ? "" : "s");
    else if (shows_days_late(ob))
        snprintf(buf, n, "%s %lld day%s", status_name(ob->status), (long long)ob->days_late,
                 ob->days_late == 1 ? "" : "s");
    else
        snprintf(buf, n, "%s", status_name(ob->status));
}

/* One obligation of the text report: due, status, met on, then what and
 * who wrapped within TEXT_WIDTH columns, the citation; its derivation with
 * --explain. WDUE and WMET are the case's date columns. */
static void text_ob(wbuf *out, const rep_options *o, const obligation *ob, int wdue, int wmet)
{
    char b1[24], b2[24], status[48];
    text_status(status, sizeof status, ob);
    const char *due = ob->has_due ? due_of(ob, ' ', b1) : "-";
    const char *met = shows_met_on(ob) ? when_of(ob->met_by, ' ', b2) : "";
    wb_write(out, "  ", 2);
    wb_pad(out, due, wdue);
    wb_write(out, "  ", 2);
    if (o->color)
        wb_puts(out, status_color(ob->status));
    wb_pad(out, status, TEXT_WSTATUS);
    if (o->color)
        wb_puts(out, "\033[0m");
    wb_write(out, "  ", 2);
    wb_pad(out, met, wmet);
    wb_write(out, "  ", 2);
    int indent = 2 + wdue + 2 + TEXT_WSTATUS + 2 + wmet + 2, col = indent;
    wbuf what;
    wb_init(&what, NULL);
    text_what(&what, o, ob);
    text_wrap(out, what.p, &col, indent);
    wb_free(&what);
    if (cite_of(ob) || ob->edition) {
        /* "[3. Meetings; edition 2025]": the edition applied. */
        char *c = ob->edition ? xasprintf("%s%s%s", cite_of(ob) ? cite_of(ob) : "", cite_of(ob) ? "; edition " : "edition ",
                                          ob->edition->name.text)
                              : xstrdup(cite_of(ob));
        text_cite(out, c, &col, indent);
        free(c);
    }
    if (ob->escalates) {
        char d[11];
        char *t = xasprintf("(%s %s %s)", ob->escalates->name.text,
                            ob->rule->u.rule.trig == TRIG_OVERDUE ? "overdue from" : "breached on",
                            cal_format(ob->esc_date, d));
        text_cite_plain(out, t, &col, indent);
        free(t);
    }
    wb_putc(out, '\n');
    char pb[512];
    if (problem_of(ob, pb, sizeof pb)) {
        wb_puts(out, "      problem   ");
        int pcol = 16;
        text_wrap(out, pb, &pcol, 16);
        wb_putc(out, '\n');
    }
    if (o->explain)
        text_explain(out, o, ob);
}

/* A case of the text report: its title, then its obligations by due date,
 * the date columns widened for the case when one of its dates has a time
 * (a deadline in hours of a timed event). */
static void text_case(wbuf *to, const rep_options *o, const obligation *items, size_t n)
{
    const char *bold = o->color ? "\033[1m" : "", *reset = o->color ? "\033[0m" : "";
    wb_puts(to, bold);
    wb_puts(to, "Case ");
    put_text(to, items[0].c->id); /* from the events file: escaped */
    wb_puts(to, reset);
    wb_putc(to, '\n');
    int wdue = TEXT_WDATE, wmet = TEXT_WDATE;
    char b[24];
    for (size_t i = 0; i < n; i++) {
        const obligation *ob = &items[i];
        if (ob->has_due && (int)strlen(due_of(ob, ' ', b)) > wdue)
            wdue = (int)strlen(b);
        if (shows_met_on(ob) && (int)strlen(when_of(ob->met_by, ' ', b)) > wmet)
            wmet = (int)strlen(b);
    }
    size_t *order = xcalloc(n, sizeof *order);
    rep_case_order(items, n, order);
    for (size_t i = 0; i < n; i++)
        text_ob(to, o, &items[order[i]], wdue, wmet);
    free(order);
}

/* The column titles, once above the first case. */
static void text_header(wbuf *out, const rep_options *o)
{
    wb_write(out, "  ", 2);
    wb_pad(out, "due", TEXT_WDATE);
    wb_write(out, "  ", 2);
    wb_pad(out, "status", TEXT_WSTATUS);
    wb_write(out, "  ", 2);
    wb_pad(out, "met on", TEXT_WDATE);
    wb_write(out, "  ", 2);
    wb_puts(out, o->ids ? "rule: who must do what [section]\n\n" : "what \u2014 who [section of the guidance]\n\n");
}

/* ------------------------------------------------------------ tallies */

/* One row of the --group-by table. */
typedef struct rep_group {
    size_t counts[ST_CANCELLED + 1];
    size_t total, cases, soon;
    bool has_due;             /* some obligation of the group has a due date */
    cal_day first_due, last_due;
} rep_group;

struct rep_tally {
    size_t soon;              /* pending, due within the horizon */
    rep_group *groups;        /* one per role (+1 for none), rule or status */
    struct rep_tally *next;   /* the stream's list of all tallies */
    bool free;                /* in the pool, not in use */
};

static size_t tally_ngroups(const rep_options *o)
{
    const ast_program *p = o->ctx->prog;
    switch (o->group_by) {
    case REP_GROUP_ROLE: return p->roles.count + 1 + o->cache->nsets;
    case REP_GROUP_RULE: return p->rules.count;
    case REP_GROUP_STATUS: return (size_t)ST_CANCELLED + 1;
    case REP_GROUP_NONE: break;
    }
    return 0;
}

static size_t group_of(const rep_options *o, const obligation *ob)
{
    switch (o->group_by) {
    case REP_GROUP_ROLE: return o->cache->who[ob->rule->index];
    case REP_GROUP_RULE: return (size_t)ob->rule->index;
    case REP_GROUP_STATUS: return (size_t)ob->status;
    case REP_GROUP_NONE: break;
    }
    return 0;
}

static bool due_soon(const rep_options *o, const obligation *ob)
{
    return ob->status == ST_PENDING && ob->has_due && ob->due >= o->ctx->as_of &&
           ob->due <= o->ctx->as_of + o->horizon && !ob->not_recorded;
}

rep_tally *rep_tally_case(rep_stream *st, const obligation *items, size_t n)
{
    const rep_options *o = st->o;
    size_t ng = tally_ngroups(o);
    rep_tally *t = NULL;
    pthread_mutex_lock(&st->tally_mu);
    for (rep_tally *x = st->tallies; x && !t; x = x->next)
        if (x->free)
            t = x;
    if (!t) {
        t = xcalloc(1, sizeof *t);
        t->groups = xcalloc(ng ? ng : 1, sizeof *t->groups);
        t->next = st->tallies;
        st->tallies = t;
    }
    t->free = false;
    pthread_mutex_unlock(&st->tally_mu);
    t->soon = 0;
    memset(t->groups, 0, (ng ? ng : 1) * sizeof *t->groups);
    for (size_t i = 0; i < n; i++) {
        const obligation *ob = &items[i];
        bool soon = due_soon(o, ob);
        t->soon += soon;
        if (!ng)
            continue;
        rep_group *g = &t->groups[group_of(o, ob)];
        g->counts[ob->status]++;
        g->total++;
        g->cases = 1;
        g->soon += soon;
        if (ob->has_due) {
            if (!g->has_due || ob->due < g->first_due)
                g->first_due = ob->due;
            if (!g->has_due || ob->due > g->last_due)
                g->last_due = ob->due;
            g->has_due = true;
        }
    }
    return t;
}

void rep_tally_add(rep_stream *st, rep_tally *t)
{
    if (!t)
        return;
    size_t ng = tally_ngroups(st->o);
    st->soon += t->soon;
    for (size_t i = 0; i < ng; i++) {
        rep_group *to = &st->groups[i];
        const rep_group *g = &t->groups[i];
        for (int s = 0; s <= ST_CANCELLED; s++)
            to->counts[s] += g->counts[s];
        to->total += g->total;
        to->cases += g->cases;
        to->soon += g->soon;
        if (g->has_due) {
            if (!to->has_due || g->first_due < to->first_due)
                to->first_due = g->first_due;
            if (!to->has_due || g->last_due > to->last_due)
                to->last_due = g->last_due;
            to->has_due = true;
        }
    }
    pthread_mutex_lock(&st->tally_mu);
    t->free = true;
    pthread_mutex_unlock(&st->tally_mu);
}

static void tally_free(rep_stream *st)
{
    for (rep_tally *t = st->tallies, *next; t; t = next) {
        next = t->next;
        free(t->groups);
        free(t);
    }
    st->tallies = NULL;
    free(st->groups);
    st->groups = NULL;
    if (st->tally_init)
        pthread_mutex_destroy(&st->tally_mu);
    st->tally_init = false;
}

/* The name of group G in the --group-by table. */
static void group_name(wbuf *b, const rep_options *o, size_t g)
{
    const ast_program *p = o->ctx->prog;
    switch (o->group_by) {
    case REP_GROUP_ROLE:
        if (g == 0) {
            wb_puts(b, o->ids ? "(constraint)" : "No one (conditions to check)");
        } else if (g <= p->roles.count) {
            if (o->ids)
                wb_puts(b, p->roles.items[g - 1]->name.text);
            else
                text_role(b, p->roles.items[g - 1]);
        } else { /* several roles: `x or y must` */
            const decl *d = o->cache->who_set[g - 1 - p->roles.count];
            for (const name_list *n = d->u.rule.roles; n; n = n->next) {
                if (n != d->u.rule.roles)
                    wb_puts(b, " or ");
                if (o->ids || !n->decl)
                    wb_puts(b, n->name.text);
                else
                    text_role(b, n->decl);
            }
        }
        break;
    case REP_GROUP_RULE: wb_puts(b, p->rules.items[g]->name.text); break;
    case REP_GROUP_STATUS: wb_puts(b, status_name((ob_status)g)); break;
    case REP_GROUP_NONE: break;
    }
    wb_putc(b, '\0');
}

/* The --group-by table: per group its obligations by status (or, by
 * status, the earliest and latest due date) and how many are due within
 * the horizon; names wrap in their column. */
static void text_groups(wbuf *out, const rep_stream *st)
{
    static const char *const what[] = {"role", "rule", "status"};
    const rep_options *o = st->o;
    enum { WNAME = 30 };
    char b[11];
    const char *kind = what[o->group_by - REP_GROUP_ROLE];
    wb_printf(out, "\nBy %s (due soon: pending and due by %s, %d day%s after the as-of date)\n", kind,
              cal_format(o->ctx->as_of + o->horizon, b), o->horizon, o->horizon == 1 ? "" : "s");
    if (o->group_by == REP_GROUP_STATUS)
        wb_printf(out, "  %-*s %5s %5s  %-12s  %-12s %8s\n", WNAME, kind, "total", "cases", "earliest due",
                  "latest due", "due soon");
    else
        wb_printf(out, "  %-*s %5s %5s %5s %5s %7s %7s %8s %9s %8s\n", WNAME, kind, "total", "cases", "met", "late",
                  "overdue", "pending", "breached", "cancelled", "due soon");
    size_t ng = tally_ngroups(o);
    for (size_t g = 0; g < ng; g++) {
        const rep_group *gr = &st->groups[g];
        if (!gr->total)
            continue;
        wbuf name;
        wb_init(&name, NULL);
        group_name(&name, o, g);
        const char *s = name.p;
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
            wb_write(out, "  ", 2);
            wb_write(out, s, cut);
            if (first) {
                for (int pad = WNAME - text_cols(s, cut); pad > 0; pad--)
                    wb_putc(out, ' ');
                if (o->group_by == REP_GROUP_STATUS) {
                    char b1[11], b2[11];
                    wb_printf(out, " %5zu %5zu  %-12s  %-12s %8zu", gr->total, gr->cases,
                              gr->has_due ? cal_format(gr->first_due, b1) : "-",
                              gr->has_due ? cal_format(gr->last_due, b2) : "-", gr->soon);
                } else {
                    wb_printf(out, " %5zu %5zu %5zu %5zu %7zu %7zu %8zu %9zu %8zu", gr->total, gr->cases,
                              gr->counts[ST_MET], gr->counts[ST_LATE], gr->counts[ST_OVERDUE], gr->counts[ST_PENDING],
                              gr->counts[ST_BREACHED], gr->counts[ST_CANCELLED], gr->soon);
                }
            }
            wb_putc(out, '\n');
            first = false;
            s += cut;
            while (*s == ' ')
                s++;
        }
        wb_free(&name);
    }
}

void rep_prepare(rep_options *o)
{
    /* the text columns are fixed (TEXT_WDATE, TEXT_WSTATUS) */
    rep_init_tables();
    o->cache = cache_build(o->ctx->prog);
    who_build(o->cache, o->ctx->prog);
}

void rep_format_case(const rep_options *o, wbuf *to, const obligation *items, size_t n)
{
    if (n == 0)
        return;
    if (o->format == REP_TEXT) {
        text_case(to, o, items, n);
        return;
    }
    /* The case identifier, escaped once for all its obligations. */
    char idbuf[128];
    wbuf idb = {NULL, idbuf, 0, sizeof idbuf, false};
    bool heap = false;
    if (o->format == REP_JSON || o->format == REP_CSV) {
        size_t need = 6 * strlen(items[0].c->id) + 16; /* the most escaping can make */
        if (need > sizeof idbuf) { /* long identifiers: a buffer of their own */
            wb_init(&idb, NULL);
            heap = true;
        }
        if (o->format == REP_JSON)
            json_str(&idb, items[0].c->id);
        else
            csv_field(&idb, items[0].c->id);
    }
    frag id = {idb.p, idb.len};
    for (size_t i = 0; i < n; i++) {
        const obligation *ob = &items[i];
        switch (o->format) {
        case REP_TEXT: /* written by text_case */
            break;
        case REP_JSON:
            if (i)
                wb_putc(to, ',');
            wb_write(to, "\n    ", 5);
            json_ob(to, o, &id, ob);
            break;
        case REP_CSV:
            csv_ob(to, o, &id, ob);
            break;
        case REP_HTML: /* written by rep_case */
            break;
        }
    }
    if (heap)
        wb_free(&idb);
}

bool rep_begin(rep_stream *st, const rep_options *o, wbuf *out)
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
        wb_puts(out, "{\n  \"format_version\": 1,\n  \"policy\": ");
        json_str(out, p->policy ? p->policy->u.policy.qualified.text : "");
        wb_puts(out, ",\n  \"as_of\": ");
        put_qdate(out, o->ctx->as_of);
        wb_puts(out, ",\n  \"obligations\": [");
        break;
    }
    case REP_CSV:
        wb_puts(out, "case,rule,role,action,trigger_event,trigger_date,trigger_line,due,status,met_on,days_late,cite,"
                     "milestone,cancelled_by,cancelled_on,edition,problem\r\n");
        break;
    case REP_TEXT:
        text_header(out, o);
        pthread_mutex_init(&st->tally_mu, NULL);
        st->tally_init = true;
        if (o->group_by != REP_GROUP_NONE)
            st->groups = xcalloc(tally_ngroups(o) + 1, sizeof *st->groups);
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

void rep_add_not_recorded(rep_stream *st, const size_t counts[ST_CANCELLED + 1])
{
    for (int s = 0; s <= ST_CANCELLED; s++)
        st->not_recorded[s] += counts[s];
}

/* The JSON object's last member: the counts of the obligations written,
 * each status without those counted apart as "not_recorded". */
static void json_summary(wbuf *out, const rep_stream *st)
{
    wb_puts(out, "  \"summary\": {");
    size_t nr = 0;
    for (int s = 0; s <= ST_CANCELLED; s++) {
        nr += st->not_recorded[s];
        wb_puts(out, s ? ", \"" : "\"");
        wb_puts(out, status_name((ob_status)s));
        wb_puts(out, "\": ");
        wb_int(out, (long long)(st->counts[s] - st->not_recorded[s]));
    }
    if (st->o->mapped) {
        wb_puts(out, ", \"not_recorded\": ");
        wb_int(out, (long long)nr);
    }
    wb_puts(out, ", \"problems\": ");
    wb_int(out, (long long)st->problems);
    wb_puts(out, "}\n}\n");
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
        wb_puts(out, st->total ? "\n  ],\n" : "],\n");
        json_summary(out, st);
        break;
    case REP_CSV:
        break;
    case REP_TEXT: {
        const char *bold = o->color ? "\033[1m" : "", *reset = o->color ? "\033[0m" : "";
        char b[11];
        if (st->total == 0)
            wb_puts(out, "No obligations.\n");
        if (o->group_by != REP_GROUP_NONE)
            text_groups(out, st);
        wbuf sum;
        wb_init(&sum, NULL);
        wb_printf(&sum, " as of %s: %zu obligation%s in %zu case%s:", cal_format(o->ctx->as_of, b), st->total,
                  st->total == 1 ? "" : "s", st->ncases, st->ncases == 1 ? "" : "s");
        for (int s = 0; s <= ST_CANCELLED; s++)
            wb_printf(&sum, "%s %zu" TEXT_NBSP "%s", s ? "," : "", st->counts[s] - st->not_recorded[s],
                      status_name((ob_status)s));
        if (st->problems)
            wb_printf(&sum, "; %zu with a problem (no due date: a value is missing from the case record)",
                      st->problems);
        size_t nr = 0;
        for (int s = 0; s <= ST_CANCELLED; s++)
            nr += st->not_recorded[s];
        if (nr)
            wb_printf(&sum, "; %zu cannot be judged: %s for events this extract does not record", nr,
                      nr == 1 ? "it waits" : "they wait");
        wb_putc(&sum, '\0');
        wb_printf(out, "\n%sSummary%s", bold, reset);
        int col = 7;
        text_wrap(out, sum.p, &col, 2);
        wb_free(&sum);
        wb_putc(out, '\n');
        /* Not what the extract cannot show (eval --mapping): counted apart above. */
        wb_printf(out, "Needs attention: %zu overdue, %zu due by %s (within %d day%s)\n",
                  st->counts[ST_OVERDUE] - st->not_recorded[ST_OVERDUE],
                  st->soon, cal_format(o->ctx->as_of + o->horizon, b), o->horizon, o->horizon == 1 ? "" : "s");
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
    if (st->o->format == REP_JSON) /* on a line of its own, where the summary would have been */
        wb_putc(st->out, '\n');
    wb_printf(st->out, "docket: report incomplete: it stops before case %s, which could not be evaluated\n",
              case_id);
}

void rep_abort(rep_stream *st)
{
    tally_free(st);
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
