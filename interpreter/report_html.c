/*
 * report_html.c — `docket eval --format html`: the caseload as one
 * self-contained page for the people who act on it. Styles and the filter
 * script are inline and nothing is fetched, so the file works offline and
 * when emailed. The page has
 *
 *   - a header: the policy, its edition, the as-of date, counts by status;
 *   - "needs attention": overdue obligations and those due within the
 *     horizon, grouped by role, sorted by due date, each in plain words with
 *     the guidance quote in a <details>;
 *   - per case, a timeline (inline SVG: events, the time allowed, due and met
 *     dates, each status a colour AND a shape, named in a legend and in each
 *     marker's title) and the full table;
 *   - filters by status and role, a small inline script (without it every
 *     obligation is shown and the filters stay hidden).
 *
 * Every text from the policy or the events goes through html_put_escaped
 * (lang/util.h), the one HTML escaper. See report.h for the calls.
 */
#include <stdlib.h>
#include <string.h>

#include "report_html.h"

/* What the top of the page needs of one obligation that needs attention.
 * The rule and the case id belong to the program and the event store, which
 * outlive the report. */
typedef struct attention {
    const char *case_id;
    size_t case_no;          /* anchor of the case's section: #case-N */
    const decl *rule;
    int milestone;
    cal_day due;
    int32_t due_tod;         /* -1, or the due time (deadlines in hours) */
    ob_status status;
    int64_t days_late;
} attention;

struct rep_html {
    attention *att;
    size_t natt, capatt;
    bool *role_seen;         /* per program role: some obligation is its */
    bool constraint_seen;    /* some obligation has no role (a require) */
};

#define STATUS_COUNT (ST_CANCELLED + 1)

static const char *const status_label[STATUS_COUNT] = {
    "Met", "Late", "Overdue", "Pending", "Breached", "Cancelled",
};

static const char *const month_abbr[12] = {
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
};

static void esc(FILE *f, const char *s)
{
    html_put_escaped(f, s);
}

/* "Mon 27 Jan 2025". */
static void put_day(FILE *f, cal_day d)
{
    static const char *const wd[7] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
    int y, m, dd;
    cal_to_ymd(d, &y, &m, &dd);
    fprintf(f, "%s %d %s %d", wd[cal_weekday(d)], dd, month_abbr[m - 1], y);
}

/* A <time> element: machine date in the attribute, the readable one shown. */
static void put_time(FILE *f, cal_day d)
{
    char b[11];
    fprintf(f, "<time datetime=\"%s\">", cal_format(d, b));
    put_day(f, d);
    fputs("</time>", f);
}

/* A moment: the day, and the UK local time when TOD >= 0 (seconds since
 * midnight): <time datetime="2025-01-09T16:05">Thu 9 Jan 2025, 16:05</time>. */
static void put_moment(FILE *f, cal_day d, int32_t tod)
{
    if (tod < 0) {
        put_time(f, d);
        return;
    }
    char b[11];
    fprintf(f, "<time datetime=\"%sT%02d:%02d\">", cal_format(d, b), (int)(tod / 3600), (int)(tod / 60 % 60));
    put_day(f, d);
    fprintf(f, ", %02d:%02d</time>", (int)(tod / 3600), (int)(tod / 60 % 60));
}

/* TEXT with its first letter capitalised (ASCII letters only). */
static void esc_capital(FILE *f, const char *text)
{
    if (text[0] >= 'a' && text[0] <= 'z') {
        fputc(text[0] - 'a' + 'A', f);
        text++;
    }
    esc(f, text);
}

/* An identifier in words: "first_so_meeting" -> "first so meeting". */
static void esc_words(FILE *f, const char *ident, bool capital)
{
    char *t = xstrdup(ident);
    for (char *p = t; *p; p++)
        if (*p == '_')
            *p = ' ';
    if (capital)
        esc_capital(f, t);
    else
        esc(f, t);
    free(t);
}

static const decl *role_decl_of(const decl *rule)
{
    const rule_decl *r = &rule->u.rule;
    return r->has_duty ? r->role_decl : NULL;
}

/* Who: the role's description, else its name in words; "" for a require. */
static void put_who(FILE *f, const decl *rule)
{
    const decl *role = role_decl_of(rule);
    if (!role) {
        fputs("No one (a condition to check)", f);
        return;
    }
    /* Every role of `x or y must`, joined by "or". */
    bool first = true;
    for (const name_list *n = rule->u.rule.roles; n; n = n->next, first = false) {
        if (!first)
            fputs(" or ", f);
        if (n->decl && n->decl->u.role.description.present) {
            if (first)
                esc_capital(f, n->decl->u.role.description.text);
            else
                esc(f, n->decl->u.role.description.text);
        } else {
            esc_words(f, n->name.text, first);
        }
    }
}

/* What must happen: the action event's description, else its name in
 * words; for a require, the rule's name in words. */
static void put_what(FILE *f, const decl *rule, int nth)
{
    const rule_decl *r = &rule->u.rule;
    if (r->has_duty) {
        /* Every action of `must A or B`, joined by "or". */
        bool first = true;
        for (const name_list *n = r->actions; n; n = n->next, first = false) {
            if (!first)
                fputs(" or ", f);
            if (n->decl && n->decl->u.event.description.present) {
                if (first)
                    esc_capital(f, n->decl->u.event.description.text);
                else
                    esc(f, n->decl->u.event.description.text);
            } else {
                esc_words(f, n->name.text, first);
            }
        }
    } else {
        esc_words(f, rule->name.text, true);
    }
    if (nth)
        fprintf(f, " (no. %d)", nth);
}

/* data-status and data-role attributes, which the filters read. */
static void put_filter_attrs(FILE *f, const decl *rule, ob_status s)
{
    const decl *role = role_decl_of(rule);
    fprintf(f, " data-status=\"%s\" data-role=\"", status_name(s));
    /* Every responsible role, separated by spaces (`x or y must`). */
    for (const name_list *n = role ? rule->u.rule.roles : NULL; n; n = n->next) {
        esc(f, n->name.text);
        if (n->next)
            fputc(' ', f);
    }
    fputc('"', f);
}

/* "7 days overdue", "late by 1 day", "due in 3 days", "due today". */
static void put_status_words(FILE *f, ob_status s, int64_t days_late, bool has_due, cal_day due, cal_day as_of)
{
    long long n = (long long)days_late;
    switch (s) {
    case ST_OVERDUE: fprintf(f, "%lld day%s overdue", n, n == 1 ? "" : "s"); break;
    case ST_LATE: fprintf(f, "met %lld day%s late", n, n == 1 ? "" : "s"); break;
    case ST_PENDING:
        if (!has_due) {
            fputs("pending, no due date", f);
        } else {
            long long d = (long long)(due - as_of);
            if (d == 0)
                fputs("due today", f);
            else if (d == 1)
                fputs("due tomorrow", f);
            else
                fprintf(f, "due in %lld days", d);
        }
        break;
    case ST_MET: fputs("met", f); break;
    case ST_BREACHED: fputs("breached", f); break;
    case ST_CANCELLED: fputs("cancelled", f); break;
    }
}

/* The status as a badge: colour, a shape and the word (never colour alone),
 * with DAYS the days late or overdue (or HOURS_LATE, when > 0, the hours
 * late of a deadline in hours). */
static void put_badge(FILE *f, ob_status s, int64_t days_late, int64_t hours_late, bool days)
{
    static const char *const glyph[STATUS_COUNT] = {"\u25cf", "\u25b2", "\u25a0", "\u25cb", "\u2716", "\u25c7"};
    fprintf(f, "<span class=\"st st-%s\"><span aria-hidden=\"true\">%s</span> %s", status_name(s), glyph[s],
            status_label[s]);
    if (days && s == ST_LATE && hours_late > 0)
        fprintf(f, " %lld hour%s", (long long)hours_late, hours_late == 1 ? "" : "s");
    else if (days && (s == ST_LATE || s == ST_OVERDUE))
        fprintf(f, " %lld day%s", (long long)days_late, days_late == 1 ? "" : "s");
    fputs("</span>", f);
}

/* The guidance behind a rule, collapsed: quote, citation and note. */
static void put_guidance(FILE *f, const decl *rule)
{
    const rule_decl *r = &rule->u.rule;
    if (!r->says.present && !r->cite.present && !r->note.present)
        return;
    fputs("<details><summary>What the guidance says</summary>", f);
    if (r->says.present) {
        fputs("<blockquote>", f);
        esc(f, r->says.text);
        fputs("</blockquote>", f);
    }
    if (r->cite.present) {
        fputs("<p class=\"cite\">", f);
        esc(f, r->cite.text);
        fputs("</p>", f);
    }
    if (r->note.present) {
        fputs("<p class=\"note\">Note: ", f);
        esc(f, r->note.text);
        fputs("</p>", f);
    }
    fputs("<p class=\"cite\">Rule <code>", f);
    esc(f, rule->name.text);
    fputs("</code></p></details>", f);
}

void rep_html_begin(rep_stream *st)
{
    st->html = xcalloc(1, sizeof *st->html);
    size_t nroles = st->o->ctx->prog->roles.count;
    st->html->role_seen = xcalloc(nroles ? nroles : 1, sizeof *st->html->role_seen);
}

void rep_html_free(rep_stream *st)
{
    if (!st->html)
        return;
    free(st->html->att);
    free(st->html->role_seen);
    free(st->html);
    st->html = NULL;
}

/* Overdue, or pending with a due date from the as-of date to the horizon. */
static bool needs_attention(const rep_options *o, const obligation *ob)
{
    if (ob->not_recorded)
        return false; /* eval --mapping: the extract cannot show it; counted apart */
    if (ob->status == ST_OVERDUE)
        return true;
    return ob->status == ST_PENDING && ob->has_due && ob->due >= o->ctx->as_of &&
           ob->due <= o->ctx->as_of + o->horizon;
}

/* ------------------------------------------------------------ timeline */

enum {
    TL_WIDTH = 1000,     /* viewBox units; the SVG scales to the page */
    TL_LABEL = 300,      /* lane labels, left */
    TL_X0 = 310,
    TL_X1 = 985,
    TL_TOP = 44,         /* first lane (events) */
    TL_LANE = 22,
    TL_LABEL_CHARS = 44, /* lane labels longer than this are cut, with … */
};

typedef struct tl_scale {
    cal_day lo, hi;
} tl_scale;

static double tl_x(const tl_scale *sc, cal_day d)
{
    return TL_X0 + (double)(d - sc->lo) * (TL_X1 - TL_X0) / (double)(sc->hi - sc->lo);
}

/* The date an obligation is drawn at when it has no due date. */
static cal_day anchor_day(const obligation *ob)
{
    if (ob->has_due)
        return ob->due;
    if (ob->met_by)
        return ob->met_by->date;
    return ob->trigger ? ob->trigger->date : 0;
}

/* Month lines and labels, every 1, 2, 3, 6 or 12 months so that labels are
 * at least 64 units apart. */
static void tl_axis(FILE *f, const tl_scale *sc, double height)
{
    static const int steps[] = {1, 2, 3, 6, 12, 24};
    double per_month = 30.4 * (TL_X1 - TL_X0) / (double)(sc->hi - sc->lo);
    int step = 24;
    for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++)
        if (per_month * steps[i] >= 64) {
            step = steps[i];
            break;
        }
    int y, m, d;
    cal_to_ymd(sc->lo, &y, &m, &d);
    cal_day t = cal_from_ymd(y, m, 1);
    if (t < sc->lo)
        t = cal_add_months(t, 1);
    for (; t <= sc->hi; t = cal_add_months(t, 1)) {
        cal_to_ymd(t, &y, &m, &d);
        if ((y * 12 + m - 1) % step != 0)
            continue;
        double x = tl_x(sc, t);
        fprintf(f, "<line class=\"grid\" x1=\"%.1f\" y1=\"24\" x2=\"%.1f\" y2=\"%.1f\"/>", x, x, height - 4);
        if (x < TL_X1 - 30)
            fprintf(f, "<text class=\"axis\" x=\"%.1f\" y=\"20\">%s %d</text>", x + 2, month_abbr[m - 1], y);
    }
}

/* One obligation's marks on its lane at height Y. */
static void tl_obligation(FILE *f, const rep_options *o, const tl_scale *sc, const obligation *ob, double y)
{
    char b1[11], b2[11];
    cal_day as_of = o->ctx->as_of;
    fputs("<g class=\"ob\"", f);
    put_filter_attrs(f, ob->rule, ob->status);
    fputs("><title>", f);
    esc(f, ob->rule->name.text);
    if (ob->milestone)
        fprintf(f, " #%d", ob->milestone);
    fprintf(f, ": %s", status_name(ob->status));
    if (ob->status == ST_LATE || ob->status == ST_OVERDUE)
        fprintf(f, " %lld day%s", (long long)ob->days_late, ob->days_late == 1 ? "" : "s");
    if (ob->has_due)
        fprintf(f, ", due %s", cal_format(ob->due, b1));
    if (ob->met_by && (ob->status == ST_MET || ob->status == ST_LATE || ob->status == ST_BREACHED))
        fprintf(f, ", %s %s", ob->status == ST_BREACHED ? "breached on" : "met on", cal_format(ob->met_by->date, b2));
    fputs("</title>", f);
    /* The time allowed: trigger to due date. */
    if (ob->has_due && ob->trigger && ob->trigger->date < ob->due)
        fprintf(f, "<line class=\"allowed\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>",
                tl_x(sc, ob->trigger->date), y, tl_x(sc, ob->due), y);
    if (ob->has_due)
        fprintf(f, "<line class=\"due\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>", tl_x(sc, ob->due), y - 6,
                tl_x(sc, ob->due), y + 6);
    double x;
    switch (ob->status) {
    case ST_MET:
        x = tl_x(sc, ob->met_by ? ob->met_by->date : anchor_day(ob));
        fprintf(f, "<circle class=\"m-met\" cx=\"%.1f\" cy=\"%.1f\" r=\"5\"/>", x, y);
        break;
    case ST_LATE:
        x = tl_x(sc, ob->met_by ? ob->met_by->date : anchor_day(ob));
        if (ob->has_due)
            fprintf(f, "<line class=\"l-late\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>", tl_x(sc, ob->due), y, x,
                    y);
        fprintf(f, "<path class=\"m-late\" d=\"M%.1f %.1fl6 10h-12z\"/>", x, y - 6);
        break;
    case ST_OVERDUE:
        x = tl_x(sc, anchor_day(ob));
        fprintf(f, "<line class=\"l-overdue\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>", x, y,
                tl_x(sc, as_of), y);
        fprintf(f, "<rect class=\"m-overdue\" x=\"%.1f\" y=\"%.1f\" width=\"10\" height=\"10\"/>", x - 5, y - 5);
        break;
    case ST_PENDING:
        x = tl_x(sc, ob->has_due ? ob->due : as_of);
        fprintf(f, "<circle class=\"m-pending\" cx=\"%.1f\" cy=\"%.1f\" r=\"4.5\"/>", x, y);
        break;
    case ST_BREACHED:
        x = tl_x(sc, ob->met_by ? ob->met_by->date : anchor_day(ob));
        fprintf(f, "<path class=\"m-breached\" d=\"M%.1f %.1fl10 10m0 -10l-10 10\"/>", x - 5, y - 5);
        break;
    case ST_CANCELLED:
        x = tl_x(sc, anchor_day(ob));
        fprintf(f, "<path class=\"m-cancelled\" d=\"M%.1f %.1fl5 5l-5 5l-5 -5z\"/>", x, y - 5);
        break;
    }
    fputs("</g>", f);
}

/* The case's timeline: an events lane, then one lane per rule (in the order
 * of ORDER), the as-of date as a dashed line. */
static void timeline(FILE *f, const rep_stream *st, const obligation *items, size_t n, const size_t *order,
                     size_t case_no)
{
    const rep_options *o = st->o;
    const ast_program *p = o->ctx->prog;
    const ev_case *c = items[0].c;
    cal_day as_of = o->ctx->as_of;
    tl_scale sc = {as_of, as_of};
    for (size_t i = 0; i < c->count && c->events[i].date <= as_of; i++) {
        sc.lo = c->events[i].date < sc.lo ? c->events[i].date : sc.lo;
    }
    for (size_t i = 0; i < n; i++) {
        const obligation *ob = &items[i];
        cal_day d[3] = {ob->trigger ? ob->trigger->date : as_of, ob->has_due ? ob->due : as_of,
                        ob->met_by ? ob->met_by->date : as_of};
        for (int k = 0; k < 3; k++) {
            sc.lo = d[k] < sc.lo ? d[k] : sc.lo;
            sc.hi = d[k] > sc.hi ? d[k] : sc.hi;
        }
    }
    if (sc.hi - sc.lo < 60)
        sc.hi = sc.lo + 60;
    cal_day pad = (sc.hi - sc.lo) / 40 + 1;
    sc.lo -= pad;
    sc.hi += pad;

    /* Lanes: distinct rules in reading order. */
    const decl **lanes = xcalloc(n, sizeof *lanes);
    size_t *lane_of = xcalloc(n, sizeof *lane_of);
    size_t nl = 0;
    for (size_t k = 0; k < n; k++) {
        const decl *r = items[order[k]].rule;
        size_t l = 0;
        while (l < nl && lanes[l] != r)
            l++;
        if (l == nl)
            lanes[nl++] = r;
        lane_of[order[k]] = l;
    }
    double height = TL_TOP + TL_LANE * (double)(nl + 1) + 6;
    fprintf(f, "<figure class=\"timeline\"><svg viewBox=\"0 0 %d %.0f\" role=\"img\" aria-labelledby=\"tl-%zu\">",
            TL_WIDTH, height, case_no);
    fprintf(f, "<title id=\"tl-%zu\">Timeline of case ", case_no);
    esc(f, c->id);
    size_t nev = 0;
    while (nev < c->count && c->events[nev].date <= as_of)
        nev++;
    fprintf(f, ": %zu event%s and %zu obligation%s of %zu rule%s up to ", nev, nev == 1 ? "" : "s", n,
            n == 1 ? "" : "s", nl, nl == 1 ? "" : "s");
    put_day(f, as_of);
    fputs("; the table below lists the same obligations</title>", f);
    tl_axis(f, &sc, height);
    double xa = tl_x(&sc, as_of);
    fprintf(f, "<line class=\"asof\" x1=\"%.1f\" y1=\"24\" x2=\"%.1f\" y2=\"%.1f\"/>", xa, xa, height - 4);
    fprintf(f, "<text class=\"asof-label\" x=\"%.1f\" y=\"36\" text-anchor=\"%s\">as of ", xa > TL_X1 - 90 ? xa - 3 : xa + 3,
            xa > TL_X1 - 90 ? "end" : "start");
    put_day(f, as_of);
    fputs("</text>", f);
    /* Events lane. */
    double y = TL_TOP + TL_LANE / 2.0;
    fprintf(f, "<text class=\"lane\" x=\"0\" y=\"%.1f\">Events (%zu)</text>", y + 4, nev);
    for (size_t i = 0; i < nev; i++) {
        const ev_event *e = &c->events[i];
        const decl *ev = p->events.items[e->kind];
        char b[11];
        fprintf(f, "<g class=\"ev\"><title>%s: ", cal_format(e->date, b));
        if (ev->u.event.description.present)
            esc(f, ev->u.event.description.text);
        else
            esc_words(f, ev->name.text, false);
        fprintf(f, "</title><circle cx=\"%.1f\" cy=\"%.1f\" r=\"3.5\"/></g>", tl_x(&sc, e->date), y);
    }
    for (size_t l = 0; l < nl; l++) {
        y = TL_TOP + TL_LANE * (l + 1.5);
        fprintf(f, "<line class=\"lane-rule\" x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\"/>", TL_X0, y, TL_X1, y);
        fprintf(f, "<text class=\"lane\" x=\"0\" y=\"%.1f\"><title>", y + 4);
        esc(f, lanes[l]->name.text);
        fputs("</title>", f);
        const char *name = lanes[l]->name.text;
        size_t len = strlen(name);
        char *cut = xstrndup(name, len > TL_LABEL_CHARS ? TL_LABEL_CHARS - 1 : len);
        esc_words(f, cut, true);
        free(cut);
        if (len > TL_LABEL_CHARS)
            fputs("\u2026", f);
        fputs("</text>", f);
        for (size_t i = 0; i < n; i++)
            if (lane_of[i] == l)
                tl_obligation(f, o, &sc, &items[i], y);
    }
    fputs("</svg></figure>\n", f);
    free(lanes);
    free(lane_of);
}

/* ------------------------------------------------------------ a case */

static void table_row(FILE *f, const rep_options *o, const obligation *ob)
{
    const rule_decl *r = &ob->rule->u.rule;
    const ast_program *p = o->ctx->prog;
    fputs("<tr", f);
    put_filter_attrs(f, ob->rule, ob->status);
    fputs("><td>", f);
    if (ob->has_due)
        put_moment(f, ob->due, ob->due_tod);
    else
        fputs("<span class=\"none\">no date</span>", f);
    fputs("</td><td>", f);
    put_badge(f, ob->status, ob->days_late, ob->due_tod >= 0 ? ob->hours_late : 0, true);
    fputs("</td><td>", f);
    put_what(f, ob->rule, ob->milestone);
    fputs("</td><td>", f);
    put_who(f, ob->rule);
    fputs("</td><td>", f);
    if (ob->met_by && (ob->status == ST_MET || ob->status == ST_LATE || ob->status == ST_BREACHED))
        put_moment(f, ob->met_by->date, ob->met_by->tod);
    else if (ob->cancelled_by) {
        fputs("cancelled by <code>", f);
        esc(f, ob->cancelled_by->name.text);
        fputs("</code>", f);
    } else if (ob->status == ST_CANCELLED && r->has_while) {
        esc_words(f, r->while_state.text, false);
        fputs(" ended", f);
    }
    fputs("</td><td>", f);
    if (ob->trigger) {
        const decl *ev = p->events.items[ob->trigger->kind];
        if (ev->u.event.description.present)
            esc_capital(f, ev->u.event.description.text);
        else
            esc_words(f, ev->name.text, true);
        fputs(", ", f);
        put_moment(f, ob->trigger->date, ob->trigger->tod);
    }
    fputs("</td><td><code>", f);
    esc(f, ob->rule->name.text);
    if (ob->milestone)
        fprintf(f, " #%d", ob->milestone);
    fputs("</code>", f);
    if (r->cite.present) {
        fputs("<br><span class=\"cite\">", f);
        esc(f, r->cite.text);
        fputs("</span>", f);
    }
    fputs("</td></tr>\n", f);
}

void rep_html_case(rep_stream *st, const obligation *items, size_t n)
{
    const rep_options *o = st->o;
    rep_html *h = st->html;
    FILE *f = st->body;
    size_t case_no = st->ncases + 1;
    const ev_case *c = items[0].c;
    size_t *order = xcalloc(n, sizeof *order);
    rep_case_order(items, n, order);
    for (size_t i = 0; i < n; i++) {
        const obligation *ob = &items[i];
        const decl *role = role_decl_of(ob->rule);
        if (role) {
            for (const name_list *r = ob->rule->u.rule.roles; r; r = r->next)
                if (r->decl)
                    h->role_seen[r->decl->index] = true;
        } else {
            h->constraint_seen = true;
        }
    }
    for (size_t k = 0; k < n; k++) {
        const obligation *ob = &items[order[k]];
        if (!needs_attention(o, ob))
            continue;
        h->att = xgrow(h->att, &h->capatt, h->natt, sizeof *h->att, 64);
        h->att[h->natt++] = (attention){c->id, case_no, ob->rule, ob->milestone, ob->due, ob->due_tod, ob->status,
                                            ob->days_late};
    }

    fprintf(f, "<article class=\"case\" id=\"case-%zu\" data-case=\"", case_no);
    esc(f, c->id);
    fputs("\"><h3>Case ", f);
    esc(f, c->id);
    fputs("</h3>\n<p class=\"case-counts\">", f);
    size_t counts[STATUS_COUNT] = {0};
    for (size_t i = 0; i < n; i++)
        counts[items[i].status]++;
    fprintf(f, "%zu obligation%s: ", n, n == 1 ? "" : "s");
    bool first = true;
    for (int s = 0; s < STATUS_COUNT; s++) {
        if (!counts[s])
            continue;
        fprintf(f, "%s%zu %s", first ? "" : ", ", counts[s], status_name((ob_status)s));
        first = false;
    }
    fputs("</p>\n", f);
    timeline(f, st, items, n, order, case_no);

    /* The events, in words. */
    size_t nev = 0;
    while (nev < c->count && c->events[nev].date <= o->ctx->as_of)
        nev++;
    fprintf(f, "<details class=\"events\"><summary>Events of case ");
    esc(f, c->id);
    fprintf(f, " (%zu)</summary><ol>", nev);
    for (size_t i = 0; i < nev; i++) {
        const decl *ev = o->ctx->prog->events.items[c->events[i].kind];
        fputs("<li>", f);
        put_moment(f, c->events[i].date, c->events[i].tod);
        fputs(" — ", f);
        if (ev->u.event.description.present)
            esc_capital(f, ev->u.event.description.text);
        else
            esc_words(f, ev->name.text, true);
        fputs(" <code>", f);
        esc(f, ev->name.text);
        fputs("</code></li>", f);
    }
    fputs("</ol></details>\n", f);

    fputs("<div class=\"scroll\"><table class=\"obligations\"><caption>Obligations of case ", f);
    esc(f, c->id);
    fputs(", by due date</caption>\n<thead><tr><th scope=\"col\">Due</th><th scope=\"col\">Status</th>"
          "<th scope=\"col\">What</th><th scope=\"col\">Who</th><th scope=\"col\">Met or ended</th>"
          "<th scope=\"col\">Because of</th><th scope=\"col\">Rule and section</th></tr></thead>\n<tbody>\n",
          f);
    for (size_t k = 0; k < n; k++)
        table_row(f, o, &items[order[k]]);
    fputs("</tbody></table></div>\n<p class=\"nomatch\" hidden>No obligation of this case matches the filters.</p>"
          "</article>\n",
          f);
    free(order);
}

/* ------------------------------------------------------------ the page */

static const char page_style[] =
    ":root{--met:#1a7f37;--late:#8a5a00;--overdue:#c21f2c;--pending:#0b5cad;--breached:#7a0a1c;"
    "--cancelled:#5c6670;--ink:#1f2328;--muted:#57606a;--rule:#d0d7de;--bg-soft:#f6f8fa}\n"
    "*{box-sizing:border-box}\n"
    "body{font:16px/1.5 system-ui,-apple-system,\"Segoe UI\",Roboto,\"Helvetica Neue\",Arial,sans-serif;"
    "color:var(--ink);margin:0 auto;max-width:72rem;padding:1rem 1.5rem 3rem}\n"
    "h1{font-size:1.7rem;margin:.5rem 0 .25rem}h2{font-size:1.35rem;margin-top:2.2rem;border-bottom:2px solid "
    "var(--rule);padding-bottom:.2rem}h3{font-size:1.1rem;margin:1.6rem 0 .3rem}\n"
    ".meta{color:var(--muted);margin:.2rem 0}\n"
    "table{border-collapse:collapse;font-size:.92rem}caption{text-align:left;font-weight:600;padding:.3rem 0}\n"
    "th,td{border-bottom:1px solid var(--rule);padding:.3rem .5rem;text-align:left;vertical-align:top}\n"
    "thead th{background:var(--bg-soft);border-bottom:2px solid var(--rule)}\n"
    ".scroll{overflow-x:auto}.obligations{width:100%}.obligations time{white-space:nowrap}\n"
    ".counts td,.counts th{text-align:center;min-width:5.5rem}.counts td{font-size:1.3rem;font-weight:600}\n"
    ".st{font-weight:600;white-space:nowrap}.st-met{color:var(--met)}.st-late{color:var(--late)}"
    ".st-overdue{color:var(--overdue)}.st-pending{color:var(--pending)}.st-breached{color:var(--breached)}"
    ".st-cancelled{color:var(--cancelled)}\n"
    "code{font-size:.88em;color:var(--muted)}.cite,.none{color:var(--muted);font-size:.88em}\n"
    "#filters{background:var(--bg-soft);border:1px solid var(--rule);border-radius:6px;padding:.6rem 1rem;"
    "margin:1.2rem 0;display:flex;flex-wrap:wrap;align-items:center;gap:.4rem 1.5rem}\n"
    "#filters[hidden]{display:none}\n"
    "#filters fieldset{border:0;margin:0;padding:0}"
    "#filters legend{float:left;font-weight:600;margin-right:.6rem}\n"
    "#filters label{margin-right:.8rem;white-space:nowrap}#filters select{font:inherit}\n"
    "#shown{margin:0;flex-basis:100%;color:var(--muted)}\n"
    ".attention ul{list-style:none;padding:0;margin:0}.attention li{padding:.45rem 0;border-bottom:1px solid "
    "var(--rule)}\n"
    ".attention li .line{font-size:1rem}details summary{cursor:pointer;color:var(--pending)}\n"
    "blockquote{margin:.4rem 0 .2rem 1rem;padding-left:.8rem;border-left:3px solid var(--rule)}\n"
    ".legend{display:flex;flex-wrap:wrap;gap:.3rem 1.2rem;padding:0;list-style:none;font-size:.92rem}\n"
    ".legend svg{vertical-align:middle}\n"
    ".timeline{margin:.5rem 0}.timeline svg{width:100%;height:auto;display:block}\n"
    "svg text{font:12px system-ui,-apple-system,\"Segoe UI\",Roboto,Arial,sans-serif;fill:var(--ink)}\n"
    "svg .axis{fill:var(--muted);font-size:11px}svg .grid{stroke:#eaeef2}svg .lane-rule{stroke:#eaeef2}\n"
    "svg .asof{stroke:var(--ink);stroke-dasharray:4 3}svg .asof-label{font-size:11px;font-weight:600}\n"
    "svg .ev circle{fill:#6e7781}svg .allowed{stroke:#afb8c1;stroke-width:2}svg .due{stroke:var(--ink);"
    "stroke-width:1.5}\n"
    "svg .m-met{fill:var(--met)}svg .m-late{fill:var(--late)}svg .l-late{stroke:var(--late);stroke-width:3}"
    "svg .m-overdue{fill:var(--overdue)}svg .l-overdue{stroke:var(--overdue);stroke-width:3}"
    "svg .m-pending{fill:#fff;stroke:var(--pending);stroke-width:2}svg .m-breached{stroke:var(--breached);"
    "stroke-width:3;fill:none}svg .m-cancelled{fill:#fff;stroke:var(--cancelled);stroke-width:1.5}\n"
    ".off{display:none}\n"
    "a{color:var(--pending)}\n"
    "@media print{#filters{display:none}body{max-width:none;padding:0;font-size:11pt}.case{break-before:page}"
    ".timeline,.attention li{break-inside:avoid}*{print-color-adjust:exact;-webkit-print-color-adjust:exact}"
    "details>summary{list-style:none;color:var(--ink)}}\n";

/* The filters: hide what does not match, count what is shown, hide a role
 * group or a case with nothing left. Written for any browser of the last
 * years; no module, no fetch. */
static const char page_script[] =
    "(function () {\n"
    "  var nav = document.getElementById('filters');\n"
    "  nav.hidden = false;\n"
    "  var boxes = nav.querySelectorAll('input[name=status]');\n"
    "  var role = document.getElementById('role');\n"
    "  var shown = document.getElementById('shown');\n"
    "  function apply() {\n"
    "    var on = {};\n"
    "    for (var i = 0; i < boxes.length; i++) on[boxes[i].value] = boxes[i].checked;\n"
    "    var r = role.value, rows = 0, total = 0, items = 0;\n"
    "    var els = document.querySelectorAll('[data-status]');\n"
    "    for (var j = 0; j < els.length; j++) {\n"
    "      var e = els[j], ok = on[e.getAttribute('data-status')] && (r === '' || (' ' + e.getAttribute('data-role') + ' ').indexOf(' ' + r + ' ') >= 0);\n"
    "      e.classList.toggle('off', !ok);\n"
    "      if (e.tagName === 'TR') { total++; if (ok) rows++; }\n"
    "      if (e.tagName === 'LI' && ok) items++;\n"
    "    }\n"
    "    var groups = document.querySelectorAll('.role-group');\n"
    "    for (var k = 0; k < groups.length; k++)\n"
    "      groups[k].classList.toggle('off', !groups[k].querySelector('li:not(.off)'));\n"
    "    var cases = document.querySelectorAll('.case');\n"
    "    for (var m = 0; m < cases.length; m++) {\n"
    "      var any = !!cases[m].querySelector('tbody tr:not(.off)');\n"
    "      cases[m].querySelector('.scroll').classList.toggle('off', !any);\n"
    "      cases[m].querySelector('.timeline').classList.toggle('off', !any);\n"
    "      cases[m].querySelector('.nomatch').hidden = any;\n"
    "    }\n"
    "    var none = document.getElementById('attention-none');\n"
    "    if (none) none.hidden = items > 0 || !document.querySelector('.role-group');\n"
    "    shown.textContent = rows + ' of ' + total + ' obligations shown; ' + items + ' need attention.';\n"
    "  }\n"
    "  for (var i = 0; i < boxes.length; i++) boxes[i].addEventListener('change', apply);\n"
    "  role.addEventListener('change', apply);\n"
    "  window.addEventListener('beforeprint', function () {\n"
    "    var d = document.querySelectorAll('details');\n"
    "    for (var i = 0; i < d.length; i++) d[i].open = true;\n"
    "  });\n"
    "  apply();\n"
    "})();\n";

/* Who is responsible for RA against RB: by the roles in declaration order
 * (one role before `it or another` beginning with it), a require (no
 * role) first. 0: the same roles, one group of "needs attention". */
static int cmp_who(const decl *ra, const decl *rb)
{
    const name_list *a = role_decl_of(ra) ? ra->u.rule.roles : NULL;
    const name_list *b = role_decl_of(rb) ? rb->u.rule.roles : NULL;
    for (; a && b; a = a->next, b = b->next) {
        int ia = a->decl ? a->decl->index : -1, ib = b->decl ? b->decl->index : -1;
        if (ia != ib)
            return ia < ib ? -1 : 1;
    }
    return a ? 1 : b ? -1 : 0;
}

static int cmp_attention(const void *a, const void *b)
{
    const attention *x = a, *y = b;
    int who = cmp_who(x->rule, y->rule);
    if (who)
        return who;
    if (x->due != y->due)
        return x->due < y->due ? -1 : 1;
    if (x->case_no != y->case_no)
        return x->case_no < y->case_no ? -1 : 1;
    return x->milestone - y->milestone;
}

/* One line of "needs attention", in plain words. */
static void attention_item(FILE *f, const rep_options *o, const attention *a)
{
    fputs("<li", f);
    put_filter_attrs(f, a->rule, a->status);
    fputs(" data-case=\"", f);
    esc(f, a->case_id);
    fputs("\" data-rule=\"", f);
    esc(f, a->rule->name.text);
    fprintf(f, "\" data-milestone=\"%d\"><span class=\"line\">", a->milestone);
    put_badge(f, a->status, a->days_late, 0, false);
    fprintf(f, " <a href=\"#case-%zu\">Case ", a->case_no);
    esc(f, a->case_id);
    fputs("</a>: <strong>", f);
    put_what(f, a->rule, a->milestone);
    fputs("</strong> — ", f);
    put_who(f, a->rule);
    fputs(" — due ", f);
    put_moment(f, a->due, a->due_tod);
    fputs(" — ", f);
    put_status_words(f, a->status, a->days_late, true, a->due, o->ctx->as_of);
    fputs("</span>", f);
    put_guidance(f, a->rule);
    fputs("</li>\n", f);
}

static void attention_section(FILE *f, const rep_stream *st)
{
    const rep_options *o = st->o;
    const rep_html *h = st->html;
    if (h->natt)
        qsort(h->att, h->natt, sizeof *h->att, cmp_attention);
    size_t overdue = 0;
    for (size_t i = 0; i < h->natt; i++)
        overdue += h->att[i].status == ST_OVERDUE;
    fputs("<section class=\"attention\" aria-labelledby=\"attention-h\">\n<h2 id=\"attention-h\">Needs attention</h2>\n"
          "<p>",
          f);
    fprintf(f, "%zu overdue and %zu due from ", overdue, h->natt - overdue);
    put_day(f, o->ctx->as_of);
    fputs(" to ", f);
    put_day(f, o->ctx->as_of + o->horizon);
    fprintf(f, " (the next %d day%s), by who is responsible, earliest first.</p>\n", o->horizon,
            o->horizon == 1 ? "" : "s");
    fprintf(f, "<p id=\"attention-none\"%s>Nothing needs attention.</p>\n", h->natt ? " hidden" : "");
    for (size_t i = 0; i < h->natt;) { /* a group for each set of responsible roles */
        size_t j = i;
        while (j < h->natt && cmp_who(h->att[j].rule, h->att[i].rule) == 0)
            j++;
        fputs("<section class=\"role-group\"><h3>", f);
        put_who(f, h->att[i].rule);
        fprintf(f, " <span class=\"cite\">(%zu)</span></h3>\n<ul>\n", j - i);
        for (size_t k = i; k < j; k++)
            attention_item(f, o, &h->att[k]);
        fputs("</ul></section>\n", f);
        i = j;
    }
    fputs("</section>\n", f);
}

/* The status checkboxes and the role menu; hidden until the script runs. */
static void filters(FILE *f, const rep_stream *st)
{
    const ast_program *p = st->o->ctx->prog;
    fputs("<nav id=\"filters\" aria-label=\"Filters\" hidden>\n<fieldset><legend>Status</legend>", f);
    for (int s = 0; s < STATUS_COUNT; s++)
        fprintf(f, "<label><input type=\"checkbox\" name=\"status\" value=\"%s\" checked> %s (%zu)</label>",
                status_name((ob_status)s), status_label[s], st->counts[s]);
    fputs("</fieldset>\n<span><label for=\"role\"><strong>Role</strong></label> <select id=\"role\">"
          "<option value=\"\">Every role</option>",
          f);
    for (size_t i = 0; i < p->roles.count; i++) {
        const decl *role = p->roles.items[i];
        if (!st->html->role_seen[role->index])
            continue;
        fputs("<option value=\"", f);
        esc(f, role->name.text);
        fputs("\">", f);
        if (role->u.role.description.present)
            esc_capital(f, role->u.role.description.text);
        else
            esc_words(f, role->name.text, true);
        fputs("</option>", f);
    }
    fputs("</select></span>\n<p id=\"shown\" role=\"status\" aria-live=\"polite\"></p>\n</nav>\n", f);
}

/* The statuses' shapes and colours, named. */
static void legend(FILE *f)
{
    static const char *const shape[STATUS_COUNT] = {
        "<circle class=\"m-met\" cx=\"9\" cy=\"9\" r=\"5\"/>",
        "<path class=\"m-late\" d=\"M9 3l6 10h-12z\"/>",
        "<rect class=\"m-overdue\" x=\"4\" y=\"4\" width=\"10\" height=\"10\"/>",
        "<circle class=\"m-pending\" cx=\"9\" cy=\"9\" r=\"4.5\"/>",
        "<path class=\"m-breached\" d=\"M4 4l10 10m0 -10l-10 10\"/>",
        "<path class=\"m-cancelled\" d=\"M9 4l5 5l-5 5l-5 -5z\"/>",
    };
    static const char *const meaning[STATUS_COUNT] = {
        "met in time (at the date it was met)",
        "met late (at the date it was met; the bar is the delay)",
        "overdue (at the due date; the bar runs to the as-of date)",
        "pending (at the due date)",
        "breached",
        "cancelled",
    };
    fputs("<ul class=\"legend\" aria-label=\"Timeline legend\">", f);
    fputs("<li><svg width=\"18\" height=\"18\" aria-hidden=\"true\"><g class=\"ev\"><circle cx=\"9\" cy=\"9\" "
          "r=\"3.5\"/></g></svg> an event</li>",
          f);
    fputs("<li><svg width=\"30\" height=\"18\" aria-hidden=\"true\"><line class=\"allowed\" x1=\"2\" y1=\"9\" "
          "x2=\"26\" y2=\"9\"/><line class=\"due\" x1=\"26\" y1=\"3\" x2=\"26\" y2=\"15\"/></svg> time allowed, "
          "to the due date</li>",
          f);
    for (int s = 0; s < STATUS_COUNT; s++)
        fprintf(f, "<li><svg width=\"18\" height=\"18\" aria-hidden=\"true\">%s</svg> <span class=\"st st-%s\">%s</span>: %s</li>",
                shape[s], status_name((ob_status)s), status_label[s], meaning[s]);
    fputs("</ul>\n", f);
}

static void header(FILE *f, const rep_stream *st, size_t unfiltered)
{
    const rep_options *o = st->o;
    const ast_program *p = o->ctx->prog;
    const policy_decl *pd = p->policy ? &p->policy->u.policy : NULL;
    fputs("<header>\n<h1>", f);
    if (pd && pd->title.present)
        esc(f, pd->title.text);
    else if (pd)
        esc(f, pd->qualified.text);
    else
        fputs("Caseload report", f);
    fputs("</h1>\n<p class=\"meta\">Caseload report as of <strong>", f);
    put_time(f, o->ctx->as_of);
    fprintf(f, "</strong>: %zu obligation%s in %zu case%s", st->total, st->total == 1 ? "" : "s", st->ncases,
            st->ncases == 1 ? "" : "s");
    fputs(" from <code>", f);
    esc(f, o->events_name);
    fputs("</code>.</p>\n<p class=\"meta\">Policy <code>", f);
    esc(f, pd ? pd->qualified.text : "");
    fputs("</code>", f);
    if (pd && pd->authority.present) {
        fputs(", ", f);
        esc(f, pd->authority.text);
    }
    if (pd && pd->version.present) {
        fputs(", edition ", f);
        esc(f, pd->version.text);
    }
    fputs(".</p>\n", f);
    if (unfiltered > st->total)
        fprintf(f, "<p class=\"meta\">%zu of %zu obligations are in this report: the others were left out by "
                   "<code>--status</code>, <code>--role</code> or <code>--case</code>.</p>\n",
                st->total, unfiltered);
    fputs("<table class=\"counts\"><caption>Obligations by status</caption><thead><tr>", f);
    for (int s = 0; s < STATUS_COUNT; s++)
        fprintf(f, "<th scope=\"col\"><span class=\"st st-%s\">%s</span></th>", status_name((ob_status)s),
                status_label[s]);
    fputs("</tr></thead><tbody><tr>", f);
    size_t nr = 0;
    for (int s = 0; s < STATUS_COUNT; s++) {
        fprintf(f, "<td>%zu</td>", st->counts[s] - st->not_recorded[s]);
        nr += st->not_recorded[s];
    }
    fputs("</tr></tbody></table>\n", f);
    if (nr)
        fprintf(f, "<p class=\"meta\">%zu obligation%s cannot be judged from this extract: %s for events it does "
                   "not record, and %s not counted above.</p>\n",
                nr, nr == 1 ? "" : "s", nr == 1 ? "it waits" : "they wait", nr == 1 ? "is" : "are");
    fputs("</header>\n", f);
}

bool rep_html_end(rep_stream *st, FILE *out, size_t unfiltered)
{
    const rep_options *o = st->o;
    const ast_program *p = o->ctx->prog;
    const policy_decl *pd = p->policy ? &p->policy->u.policy : NULL;
    char b[11];
    fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>",
          out);
    esc(out, pd && pd->title.present ? pd->title.text : pd ? pd->qualified.text : "Caseload report");
    fprintf(out, " — caseload as of %s</title>\n<style>\n%s</style>\n</head>\n<body>\n", cal_format(o->ctx->as_of, b),
            page_style);
    header(out, st, unfiltered);
    filters(out, st);
    fputs("<main>\n", out);
    attention_section(out, st);
    fputs("<section aria-labelledby=\"cases-h\">\n<h2 id=\"cases-h\">Cases</h2>\n", out);
    if (st->ncases == 0)
        fputs("<p>No obligations.</p>\n", out);
    else
        legend(out);
    bool ok = rep_copy_body(st, out);
    fprintf(out, "</section>\n</main>\n<footer><p class=\"meta\">Written by <code>docket eval --format html"
                 "</code> as of %s.</p></footer>\n<script>\n%s</script>\n</body>\n</html>\n",
            cal_format(o->ctx->as_of, b), page_script);
    rep_html_free(st);
    return ok;
}
