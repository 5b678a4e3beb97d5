/*
 * cli_diff.c — `docket diff OLD NEW [--events CASES]`: what a change to a
 * policy means (lang/semdiff.c), and, given a caseload, which obligations
 * it changes.
 *
 * Exit status, as diff(1): 0 the two versions mean the same, 1 they differ,
 * 2 usage or an error (a policy that does not check, unreadable events).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "interpreter/impact.h"
#include "interpreter/report.h"
#include "interpreter/run.h"
#include "lang/json.h"
#include "lang/semdiff.h"

static const char diff_usage[] =
    "usage: docket diff OLD NEW [--format text|markdown|json]\n"
    "                   [--old-name PATH] [--new-name PATH]\n"
    "                   [--events CASES [--as-of DATE] [--events-format csv|jsonl] [--all]\n"
    "                    [--jobs N]]\n\n"
    "Compare two versions of a policy by meaning: rules added, removed, renamed\n"
    "or changed (deadline, responsible role, conditions, exceptions, trigger,\n"
    "action, citation, quoted text), and changes to the vocabulary (events and\n"
    "their attributes, roles, enum values, states). Formatting, comments and\n"
    "the order of declarations are not changes. Either file may be '-' for\n"
    "standard input, e.g.  git show HEAD:p.docket | docket diff --old-name p.docket - p.docket\n\n"
    "  --format F        text (default), markdown (for a pull request) or json\n"
    "  --old-name PATH   call OLD PATH in the report; when OLD is '-', its imports,\n"
    "                    source document and calendar are found as if it were\n"
    "                    the file PATH (without it, from the current directory)\n"
    "  --new-name PATH   the same for NEW\n"
    "  --events CASES    also evaluate both versions on this case event file and\n"
    "                    report every obligation that appears, disappears, or\n"
    "                    changes due date or status\n"
    "  --as-of DATE      judge obligations on DATE (default: today)\n"
    "  --events-format F csv or jsonl (default: from the file name)\n"
    "  --all             with --events: list the obligations whose due date moves\n"
    "                    without a change of status, and the unchanged ones, too\n"
    "                    (by default they are only counted)\n"
    "  --jobs N          with --events: evaluate cases on N threads (default: the\n"
    "                    online CPUs); the report is the same whatever N is\n\n"
    "Exit status: 0 the versions mean the same; 1 they differ; 2 usage, or a\n"
    "policy or events file with errors (diagnostics printed).\n";

typedef enum { OUT_TEXT, OUT_MARKDOWN, OUT_JSON } out_format;

#define ARROW "\xe2\x86\x92"

/* ------------------------------------------------------------ loading */

/* Load PATH ("-" = standard input) as if it were at NAME (NULL: itself).
 * Diagnostics are kept and printed only when the policy does not check. */
static ast_program *load_version(const char *what, const char *path, const char *name)
{
    diag_sink sink;
    cli_diag_init(&sink, false);
    sink.buffer = true;
    ast_program *p = NULL;
    /* A name only locates standard input's imports; a file is loaded where
     * it is, and NAME is only what the report calls it. */
    if (name && strcmp(path, "-") == 0) {
        src_file *src = src_file_read(path);
        if (!src) {
            diag_at(&sink, DC_FILE_UNREADABLE, path, 0, 0, "cannot read policy: %s", strerror(errno));
        } else {
            p = program_load_string(name, src->text, &sink);
            src_file_free(src);
        }
    } else {
        p = program_load(path, &sink);
    }
    if (!p || p->errors) {
        diag_flush(&sink);
        fprintf(stderr, "docket diff: the %s version (%s) does not check; fix it first (docket check)\n", what,
                name ? name : path);
        program_free(p);
        p = NULL;
    }
    diag_free(&sink);
    return p;
}

/* ------------------------------------------------------------ impact */

/* One version of the policy, with its calendar. */
typedef struct version_eval {
    const ast_program *p;
    cal_calendar *cal;
} version_eval;

static const char *ob_trigger_kind(const ast_program *p, const obligation *ob)
{
    return ob->trigger ? p->events.items[ob->trigger->kind]->name.text : NULL;
}

static const char *role_of(const obligation *ob)
{
    return impact_role_of(ob);
}

static bool role_differs(const obligation *o, const obligation *n)
{
    const char *a = role_of(o), *b = role_of(n);
    return (a || b) && (!a || !b || strcmp(a, b) != 0);
}

/* V's calendar; false (reported) when it cannot be loaded. */
static bool load_calendar(version_eval *v, diag_sink *sink)
{
    if (!v->p->calendar_path)
        return true;
    v->cal = cal_load(v->p->calendar_path, v->p->policy->u.policy.calendar.text, sink);
    return v->cal != NULL;
}

static void print_skipped(const ev_store *so, const ev_store *sn);

/* The impact sink: each case's two results matched on a worker. */
static void impact_work(void *arg, const eval_result *old_r, const eval_result *new_r, run_case *out)
{
    impact_case(arg, out->c->id, old_r, new_r);
}

static bool impact_emit(void *arg, run_case *out)
{
    (void)arg;
    return !out->failed;
}

/* Evaluate both versions on EVENTS, case by case, into IM; false (with
 * diagnostics) when the file or an evaluation fails. */
static bool evaluate_impact(impact *im, version_eval *vo, version_eval *vn, const run_input *in, cal_day as_of,
                            int jobs)
{
    diag_sink sink;
    cli_diag_init(&sink, false);
    run r;
    const char *which = "old";
    bool ok = load_calendar(vo, &sink);
    if (ok) {
        which = "new";
        ok = load_calendar(vn, &sink);
    }
    if (ok) {
        ok = run_load_pair(&r, vo->p, vo->cal, vn->p, vn->cal, as_of, in, &sink);
        which = r.pair_stage == 1 ? "old" : r.pair_stage == 2 ? "new" : "old and new";
        if (ok) {
            print_skipped(&r.store, &r.store2);
            im->ncases = run_ncases(&r);
            run_sink rs = {.arg = im, .work_pair = impact_work, .emit = impact_emit};
            ok = run_cases(&r, jobs, NULL, &rs);
        }
        run_free(&r);
    }
    if (ok)
        impact_finish(im);
    diag_flush(&sink);
    diag_free(&sink);
    if (!ok)
        fprintf(stderr, "docket diff: cannot evaluate the %s version on %s\n", which, in->path);
    return ok;
}

/* "overdue 12 days", "met on 2025-01-20", "pending" */
static char *status_words(const obligation *ob)
{
    char b[11];
    switch (ob->status) {
    case ST_LATE:
    case ST_OVERDUE:
        return xasprintf("%s %lld day%s", status_name(ob->status), (long long)ob->days_late,
                         ob->days_late == 1 ? "" : "s");
    case ST_MET:
        if (ob->met_by)
            return xasprintf("met on %s", cal_format(ob->met_by->date, b));
        return xstrdup("met");
    case ST_CANCELLED:
        if (ob->cancelled_by)
            return xasprintf("cancelled by %s", ob->cancelled_by->name.text);
        return xstrdup("cancelled");
    case ST_PENDING:
    case ST_BREACHED:
        break;
    }
    return xstrdup(status_name(ob->status));
}

static char *due_words(const obligation *ob)
{
    char b[11];
    return ob->has_due ? xasprintf("due %s", cal_format(ob->due, b)) : xstrdup("no due date");
}

/* "first_meeting", "reviews #2" */
static char *ob_rule_words(const im_change *c)
{
    if (c->milestone)
        return xasprintf("%s #%d", c->rule, c->milestone);
    return xstrdup(c->rule);
}

static char *trigger_words(const ast_program *p, const obligation *ob)
{
    char b[11];
    if (!ob->trigger)
        return xstrdup("no trigger");
    return xasprintf("%s %s, line %u", ob_trigger_kind(p, ob), cal_format(ob->trigger->date, b),
                     (unsigned)ob->trigger->line);
}

/* The change of one obligation in words, without its rule and trigger. */
static char *change_words(const im_change *c)
{
    if (c->kind == IM_APPEARS) {
        char *d = due_words(c->new_ob), *s = status_words(c->new_ob);
        char *r = xasprintf("appears: %s, %s", d, s);
        free(d);
        free(s);
        return r;
    }
    if (c->kind == IM_DISAPPEARS) {
        char *d = due_words(c->old_ob), *s = status_words(c->old_ob);
        char *r = xasprintf("disappears: %s%s, %s", c->old_ob->has_due ? "was " : "had ", d, s);
        free(d);
        free(s);
        return r;
    }
    sbuf b;
    sbuf_init(&b);
    const obligation *o = c->old_ob, *n = c->new_ob;
    bool due_diff = o->has_due != n->has_due || (o->has_due && o->due != n->due);
    if (due_diff) {
        char *d1 = due_words(o), *d2 = due_words(n);
        if (o->has_due && n->has_due)
            sbuf_printf(&b, "%s " ARROW " %s", d1, d2 + 4);
        else
            sbuf_printf(&b, "%s " ARROW " %s", d1, d2);
        if (o->has_due && n->has_due) {
            long long diff = (long long)n->due - (long long)o->due;
            sbuf_printf(&b, " (%lld day%s %s)", diff < 0 ? -diff : diff, (diff == 1 || diff == -1) ? "" : "s",
                        diff < 0 ? "earlier" : "later");
        }
        free(d1);
        free(d2);
    }
    if (role_differs(o, n)) {
        sbuf_printf(&b, "%sresponsible %s " ARROW " %s", due_diff ? "; " : "", role_of(o) ? role_of(o) : "none",
                    role_of(n) ? role_of(n) : "none");
        due_diff = true;
    }
    char *s1 = status_words(o), *s2 = status_words(n);
    if (o->status != n->status || strcmp(s1, s2) != 0)
        sbuf_printf(&b, "%s%s " ARROW " %s", due_diff ? "; " : "", s1, s2);
    else
        sbuf_printf(&b, "%sstill %s", due_diff ? "; " : "", s1);
    free(s1);
    free(s2);
    return sbuf_take(&b);
}

static void put_totals(FILE *out, const char *label, const size_t *c, size_t count)
{
    fprintf(out, "%s%zu obligation%s: ", label, count, count == 1 ? "" : "s");
    for (int s = 0; s <= ST_CANCELLED; s++)
        fprintf(out, "%s%zu %s", s ? ", " : "", c[s], status_name((ob_status)s));
    fputc('\n', out);
}

/* When the two versions are not two versions of one policy (different
 * policy names, or no rule in common), say how obligations were matched. */
static char *matching_note(const semdiff *sd, const version_eval *vo, const version_eval *vn)
{
    const char *a = vo->p->policy ? vo->p->policy->u.policy.qualified.text : NULL;
    const char *b = vn->p->policy ? vn->p->policy->u.policy.qualified.text : NULL;
    bool different = a && b && strcmp(a, b) != 0;
    if (!sd->nrules_old || !sd->nrules_new)
        return NULL;
    if (sd->rules_matched == 0)
        return xasprintf("No rule of the old version has a counterpart in the new one (no rule names in common, "
                         "no renames)%s: every obligation of the old version disappears and every obligation "
                         "of the new one appears. Compare the totals per status below.",
                         different ? ", as when two authorities' policies are compared" : "");
    if (!different)
        return NULL;
    sbuf l;
    sbuf_init(&l);
    for (size_t i = 0; i < sd->npairs && i < 8; i++)
        sbuf_printf(&l, "%s%s", i ? ", " : "", sd->pairs[i].new_name);
    if (sd->npairs > 8)
        sbuf_printf(&l, " and %zu more", sd->npairs - 8);
    char *r = xasprintf("%s and %s are different policies: only the %zu rule%s with the same name in both "
                        "(usually from a shared import: %s) %s matched; every obligation of any other rule "
                        "appears or disappears. Compare the totals per status below.",
                        a, b, sd->rules_matched, sd->rules_matched == 1 ? "" : "s", l.data ? l.data : "",
                        sd->rules_matched == 1 ? "is" : "are");
    sbuf_free(&l);
    return r;
}

/* The kinds of change the impact report groups obligations by, in the
 * order it lists them: status changes first, the worst first; then what
 * appears or disappears; then a new responsible role; then the days late
 * or overdue; last, due dates that move without changing the status or the
 * days (listed only with --all). */
typedef enum {
    IG_OVERDUE, IG_BREACHED, IG_LATE, IG_PENDING, IG_CANCELLED, IG_MET,
    IG_APPEAR, IG_DISAPPEAR, IG_ROLE, IG_DAYS, IG_DUE, IG_COUNT
} im_group;

static im_group group_of(const im_change *c)
{
    static const im_group become[ST_CANCELLED + 1] = {
        [ST_MET] = IG_MET, [ST_LATE] = IG_LATE, [ST_OVERDUE] = IG_OVERDUE,
        [ST_PENDING] = IG_PENDING, [ST_BREACHED] = IG_BREACHED, [ST_CANCELLED] = IG_CANCELLED,
    };
    if (c->kind == IM_APPEARS)
        return IG_APPEAR;
    if (c->kind == IM_DISAPPEARS)
        return IG_DISAPPEAR;
    if (c->old_ob->status != c->new_ob->status)
        return become[c->new_ob->status];
    if (role_differs(c->old_ob, c->new_ob))
        return IG_ROLE;
    if (c->old_ob->days_late != c->new_ob->days_late &&
        (c->new_ob->status == ST_LATE || c->new_ob->status == ST_OVERDUE))
        return IG_DAYS;
    return IG_DUE;
}

/* "2 become late", "1 appears", "3 change responsible role". */
static char *group_title(im_group g, size_t n)
{
    static const char *const st[] = {"overdue", "breached", "late", "pending", "cancelled", "met"};
    bool one = n == 1;
    switch (g) {
    case IG_OVERDUE: case IG_BREACHED: case IG_LATE: case IG_PENDING: case IG_CANCELLED: case IG_MET:
        return xasprintf("%zu become%s %s", n, one ? "s" : "", st[g]);
    case IG_APPEAR: return xasprintf("%zu appear%s", n, one ? "s" : "");
    case IG_DISAPPEAR: return xasprintf("%zu disappear%s", n, one ? "s" : "");
    case IG_ROLE: return xasprintf("%zu change%s responsible role", n, one ? "s" : "");
    case IG_DAYS: return xasprintf("%zu change%s how many days late %s", n, one ? "s" : "", one ? "it is" : "they are");
    case IG_DUE: return xasprintf("%zu due date%s move%s, status unchanged", n, one ? "" : "s", one ? "s" : "");
    case IG_COUNT: break;
    }
    return xstrdup("");
}

/* One changed (or, with --all, unchanged) obligation of the text report. */
static void impact_line(FILE *out, const im_change *c, const version_eval *vo, const version_eval *vn, bool same)
{
    const obligation *any = c->new_ob ? c->new_ob : c->old_ob;
    const ast_program *p = c->new_ob ? vn->p : vo->p;
    char *r = ob_rule_words(c), *t = trigger_words(p, any);
    char *w = same ? status_words(c->new_ob) : change_words(c);
    fprintf(out, "    %c %s  %s (%s): %s%s\n", same ? '=' : c->kind == IM_APPEARS ? '+' : c->kind == IM_DISAPPEARS ? '-' : '~',
            c->case_id, r, t, same ? "unchanged, " : "", w);
    free(r);
    free(t);
    free(w);
}

static void print_impact_text(FILE *out, const impact *im, const semdiff *sd, const version_eval *vo,
                              const version_eval *vn, bool all)
{
    char b[11];
    fprintf(out, "\nImpact on %s as of %s (%zu case%s)\n", im->events_name, cal_format(im->as_of, b), im->ncases,
            im->ncases == 1 ? "" : "s");
    char *note = matching_note(sd, vo, vn);
    if (note)
        fprintf(out, "  Note: %s\n", note);
    free(note);
    size_t n[IG_COUNT] = {0};
    for (size_t i = 0; i < im->count; i++)
        n[group_of(&im->items[i])]++;
    for (int g = 0; g < IG_COUNT; g++) {
        if (!n[g])
            continue;
        char *title = group_title((im_group)g, n[g]);
        bool listed = g != IG_DUE || all;
        fprintf(out, "  %s%s\n", title, listed ? ":" : " (--all lists them)");
        free(title);
        for (size_t i = 0; listed && i < im->count; i++)
            if (group_of(&im->items[i]) == (im_group)g)
                impact_line(out, &im->items[i], vo, vn, false);
    }
    fprintf(out, "  %zu unchanged%s\n", im->nsame, im->nsame && all ? ":" : im->nsame ? " (--all lists them)" : "");
    for (size_t i = 0; all && i < im->nsame; i++)
        impact_line(out, &im->same[i], vo, vn, true);
    put_totals(out, "  Before: ", im->before, im->nbefore);
    put_totals(out, "  After:  ", im->after, im->nafter);
    fprintf(out, "%s\n", im->summary);
}

static void print_impact_markdown(FILE *out, const impact *im, const semdiff *sd, const version_eval *vo,
                                  const version_eval *vn, bool all)
{
    char b[11];
    fprintf(out, "\n### Impact on `%s` as of %s (%zu case%s)\n\n", im->events_name, cal_format(im->as_of, b),
            im->ncases, im->ncases == 1 ? "" : "s");
    char *note = matching_note(sd, vo, vn);
    if (note)
        fprintf(out, "> **Note:** %s\n\n", note);
    free(note);
    size_t n[IG_COUNT] = {0};
    for (size_t i = 0; i < im->count; i++)
        n[group_of(&im->items[i])]++;
    for (int g = 0; g < IG_COUNT; g++) {
        if (!n[g])
            continue;
        char *title = group_title((im_group)g, n[g]);
        bool listed = g != IG_DUE || all;
        fprintf(out, "#### %s%s\n\n", title, listed ? "" : " (`--all` lists them)");
        free(title);
        if (!listed)
            continue;
        fputs("| case | obligation | trigger | change |\n|---|---|---|---|\n", out);
        for (size_t i = 0; i < im->count; i++) {
            const im_change *c = &im->items[i];
            if (group_of(c) != (im_group)g)
                continue;
            const obligation *any = c->new_ob ? c->new_ob : c->old_ob;
            const ast_program *p = c->new_ob ? vn->p : vo->p;
            char *r = ob_rule_words(c), *t = trigger_words(p, any), *w = change_words(c);
            fprintf(out, "| %s | `%s` | %s | %s |\n", c->case_id, r, t, w);
            free(r);
            free(t);
            free(w);
        }
        fputc('\n', out);
    }
    fprintf(out, "%zu obligation%s unchanged%s\n\n", im->nsame, im->nsame == 1 ? "" : "s",
            im->nsame && !all ? " (`--all` lists them)" : "");
    if (all && im->nsame) {
        fputs("| case | obligation | trigger | status |\n|---|---|---|---|\n", out);
        for (size_t i = 0; i < im->nsame; i++) {
            const im_change *c = &im->same[i];
            char *r = ob_rule_words(c), *t = trigger_words(vn->p, c->new_ob), *w = status_words(c->new_ob);
            fprintf(out, "| %s | `%s` | %s | %s |\n", c->case_id, r, t, w);
            free(r);
            free(t);
            free(w);
        }
        fputc('\n', out);
    }
    put_totals(out, "- Before: ", im->before, im->nbefore);
    put_totals(out, "- After: ", im->after, im->nafter);
    fprintf(out, "\n**%s**\n", im->summary);
}

static void status_counts(json_writer *w, const size_t *c, size_t count)
{
    jw_object(w);
    jw_key(w, "obligations");
    jw_int(w, (long long)count);
    for (int s = 0; s <= ST_CANCELLED; s++) {
        jw_key(w, status_name((ob_status)s));
        jw_int(w, (long long)c[s]);
    }
    jw_end(w);
}

static void ob_json(json_writer *w, const obligation *ob)
{
    if (!ob) {
        jw_null(w);
        return;
    }
    char b[11];
    jw_object(w);
    jw_key(w, "rule");
    jw_string(w, ob->rule->name.text);
    jw_key(w, "role");
    jw_string(w, role_of(ob));
    jw_key(w, "due");
    jw_string(w, ob->has_due ? cal_format(ob->due, b) : NULL);
    jw_key(w, "status");
    jw_string(w, status_name(ob->status));
    jw_key(w, "met_on");
    jw_string(w, ob->met_by && (ob->status == ST_MET || ob->status == ST_LATE) ? cal_format(ob->met_by->date, b)
                                                                               : NULL);
    jw_key(w, "days_late");
    if (ob->status == ST_LATE || ob->status == ST_OVERDUE)
        jw_int(w, (long long)ob->days_late);
    else
        jw_null(w);
    jw_key(w, "cancelled_by");
    jw_string(w, ob->cancelled_by ? ob->cancelled_by->name.text : NULL);
    jw_end(w);
}

/* KEY: N in the current object. */
static void jw_count(json_writer *w, const char *key, size_t n)
{
    jw_key(w, key);
    jw_int(w, (long long)n);
}

static void impact_summary_json(json_writer *w, const impact *im)
{
    jw_object(w);
    jw_count(w, "obligations_changed", im->appear + im->disappear + im->changed);
    jw_count(w, "cases_affected", im->cases_affected);
    jw_count(w, "appear", im->appear);
    jw_count(w, "disappear", im->disappear);
    jw_count(w, "due_earlier", im->earlier);
    jw_count(w, "due_later", im->later);
    jw_count(w, "gain_due_date", im->gain_due);
    jw_count(w, "lose_due_date", im->lose_due);
    jw_count(w, "change_responsible", im->role_changed);
    jw_key(w, "become");
    jw_object(w);
    for (int st = 0; st <= ST_CANCELLED; st++)
        jw_count(w, status_name((ob_status)st), im->become[st]);
    jw_end(w);
    jw_key(w, "exceptions");
    jw_array(w);
    for (size_t e = 0; e < im->nexc; e++) {
        jw_object(w);
        jw_key(w, "rule");
        jw_string(w, im->exc[e].rule);
        jw_key(w, "change");
        jw_string(w, im->exc[e].is_new ? "new" : "changed");
        jw_count(w, "cases_affected", im->exc[e].cases);
        jw_end(w);
    }
    jw_end(w);
    jw_key(w, "text");
    jw_string(w, im->summary);
    jw_end(w);
}

static void impact_json(json_writer *w, const impact *im, const semdiff *sd, const version_eval *vo,
                        const version_eval *vn)
{
    char b[11];
    jw_object(w);
    jw_key(w, "events");
    jw_string(w, im->events_name);
    jw_key(w, "as_of");
    jw_string(w, cal_format(im->as_of, b));
    jw_count(w, "cases", im->ncases);
    jw_count(w, "rules_in_common", sd->rules_matched);
    char *note = matching_note(sd, vo, vn);
    jw_key(w, "note");
    jw_string(w, note);
    free(note);
    jw_key(w, "before");
    status_counts(w, im->before, im->nbefore);
    jw_key(w, "after");
    status_counts(w, im->after, im->nafter);
    jw_key(w, "summary");
    impact_summary_json(w, im);
    jw_key(w, "obligations");
    jw_array(w);
    static const char *const kinds[] = {"appears", "disappears", "changes"};
    for (size_t i = 0; i < im->count; i++) {
        const im_change *c = &im->items[i];
        const obligation *any = c->new_ob ? c->new_ob : c->old_ob;
        const ast_program *p = c->new_ob ? vn->p : vo->p;
        jw_object(w);
        jw_key(w, "case");
        jw_string(w, c->case_id);
        jw_key(w, "change");
        jw_string(w, kinds[c->kind]);
        jw_key(w, "rule");
        jw_string(w, c->rule);
        jw_key(w, "milestone");
        if (c->milestone)
            jw_int(w, c->milestone);
        else
            jw_null(w);
        jw_key(w, "trigger");
        if (any->trigger) {
            jw_object(w);
            jw_key(w, "event");
            jw_string(w, ob_trigger_kind(p, any));
            jw_key(w, "date");
            jw_string(w, cal_format(any->trigger->date, b));
            jw_count(w, "line", any->trigger->line);
            jw_end(w);
        } else {
            jw_null(w);
        }
        jw_key(w, "before");
        ob_json(w, c->old_ob);
        jw_key(w, "after");
        ob_json(w, c->new_ob);
        jw_end(w);
    }
    jw_end(w);
    jw_end(w);
}

/* ------------------------------------------------------------ the policy diff */

static const char *const section_titles[] = {"Policy", "Vocabulary", "Rules", "Tests", "Uncited sentences"};

/* A word of a text: its bytes. */
typedef struct word {
    const char *s;
    size_t n;
} word;

static size_t split_words(const char *t, word **out)
{
    size_t n = 0, cap = 0;
    word *w = NULL;
    while (*t) {
        while (*t == ' ' || *t == '\n' || *t == '\t')
            t++;
        if (!*t)
            break;
        const char *start = t;
        while (*t && *t != ' ' && *t != '\n' && *t != '\t')
            t++;
        w = xgrow(w, &cap, n, sizeof *w, 32);
        w[n++] = (word){start, (size_t)(t - start)};
    }
    *out = w;
    return n;
}

static bool same_word(word a, word b)
{
    return a.n == b.n && memcmp(a.s, b.s, a.n) == 0;
}

/* Flush the pending deleted words W[DEL_FROM..DEL_TO) and inserted words
 * V[INS_FROM..INS_TO) as "[-old-]{+new+}" (or the Markdown marks); a space
 * first unless B holds nothing after BASE. */
static void flush_change(sbuf *b, size_t base, bool md, const word *w, size_t del_from, size_t del_to,
                         const word *v, size_t ins_from, size_t ins_to)
{
    if (del_from < del_to) {
        sbuf_puts(b, b->len > base ? " " : "");
        sbuf_puts(b, md ? "~~" : "[-");
        for (size_t i = del_from; i < del_to; i++) {
            sbuf_putn(b, w[i].s, w[i].n);
            if (i + 1 < del_to)
                sbuf_putc(b, ' ');
        }
        sbuf_puts(b, md ? "~~" : "-]");
    }
    if (ins_from < ins_to) {
        sbuf_puts(b, (b->len > base && del_from == del_to) || (md && del_from < del_to) ? " " : "");
        sbuf_puts(b, md ? "**" : "{+");
        for (size_t i = ins_from; i < ins_to; i++) {
            sbuf_putn(b, v[i].s, v[i].n);
            if (i + 1 < ins_to)
                sbuf_putc(b, ' ');
        }
        sbuf_puts(b, md ? "**" : "+}");
    }
}

/* OLD and NEW as one text with the words that changed marked, like
 * `git diff --word-diff=plain`: "within [-15-]{+10+} working days" (in
 * Markdown, "within ~~15~~ **10** working days"). The words in common are
 * a longest common subsequence. NULL when either text has more than 600
 * words (the table would be large) or nothing is in common. */
static char *word_diff(const char *old, const char *new, bool md)
{
    /* Values come quoted ("..."): compare what is inside, quote the result. */
    size_t lo = strlen(old), ln = strlen(new);
    bool q = lo >= 2 && ln >= 2 && old[0] == '"' && new[0] == '"' && old[lo - 1] == '"' && new[ln - 1] == '"';
    char *a = q ? xstrndup(old + 1, lo - 2) : xstrdup(old), *c = q ? xstrndup(new + 1, ln - 2) : xstrdup(new);
    word *w, *v;
    size_t n = split_words(a, &w), m = split_words(c, &v);
    char *res = NULL;
    if (n > 600 || m > 600)
        goto out;
    /* L[i][j]: the longest common subsequence of w[i..] and v[j..]. */
    size_t cols = m + 1;
    unsigned short *L = xcalloc((n + 1) * cols, sizeof *L);
    for (size_t i = n; i-- > 0;)
        for (size_t j = m; j-- > 0;)
            L[i * cols + j] = same_word(w[i], v[j]) ? (unsigned short)(L[(i + 1) * cols + j + 1] + 1)
                              : L[(i + 1) * cols + j] >= L[i * cols + j + 1] ? L[(i + 1) * cols + j]
                                                                              : L[i * cols + j + 1];
    if (L[0] == 0) {
        free(L);
        goto out;
    }
    sbuf b;
    sbuf_init(&b);
    if (q)
        sbuf_putc(&b, '"');
    size_t base = b.len, i = 0, j = 0, di = 0, dj = 0;
    while (i < n || j < m) {
        if (i < n && j < m && same_word(w[i], v[j])) {
            flush_change(&b, base, md, w, di, i, v, dj, j);
            sbuf_puts(&b, b.len > base ? " " : "");
            sbuf_putn(&b, w[i].s, w[i].n);
            i++;
            j++;
            di = i;
            dj = j;
        } else if (j >= m || (i < n && L[(i + 1) * cols + j] >= L[i * cols + j + 1])) {
            i++;
        } else {
            j++;
        }
    }
    flush_change(&b, base, md, w, di, i, v, dj, j);
    if (q)
        sbuf_putc(&b, '"');
    free(L);
    res = sbuf_take(&b);
out:
    free(w);
    free(v);
    free(a);
    free(c);
    return res;
}

/* Long values (quotations) go on lines of their own in text. */
static bool long_field(const sd_field *f)
{
    size_t n = (f->old_text ? strlen(f->old_text) : 0) + (f->new_text ? strlen(f->new_text) : 0);
    return strcmp(f->field, "quoted text") == 0 || strcmp(f->field, "note") == 0 || n > 110;
}

static void print_item_head_text(FILE *out, const sd_item *it)
{
    fprintf(out, "  %-8s ", sd_change_name(it->change));
    if (it->section == SD_RULES) {
        if (it->change == SD_RENAMED)
            fprintf(out, "%s " ARROW " %s", it->old_name, it->name);
        else
            fputs(it->name, out);
        if (it->cite)
            fprintf(out, "  [%s]", it->cite);
        if (it->change == SD_RENAMED && it->nfields == 0)
            fputs("  (body unchanged)", out);
    } else if (it->section == SD_VOCABULARY && it->summary) {
        fputs(it->summary, out);
    } else if (it->section == SD_TESTS || it->section == SD_UNCITED) {
        fprintf(out, "%s \"%s\"", it->kind, it->name);
    } else {
        fprintf(out, "%s %s", it->kind, it->name);
    }
    fputc('\n', out);
}

static void print_text(FILE *out, const semdiff *sd, const char *old_name, const char *new_name)
{
    fprintf(out, "docket diff %s " ARROW " %s\n", old_name, new_name);
    if (semdiff_equal(sd)) {
        fputs("No change in meaning.\n", out);
        return;
    }
    for (int sec = SD_POLICY; sec <= SD_UNCITED; sec++) {
        if (!semdiff_count(sd, (sd_section)sec, -1))
            continue;
        fprintf(out, "\n%s\n", section_titles[sec]);
        for (size_t i = 0; i < sd->count; i++) {
            const sd_item *it = &sd->items[i];
            if ((int)it->section != sec)
                continue;
            print_item_head_text(out, it);
            if (it->section == SD_RULES && it->summary)
                fprintf(out, "      %s\n", it->summary);
            if (it->section == SD_UNCITED && it->summary)
                fprintf(out, "      %s\n", it->summary);
            for (size_t k = 0; k < it->nfields; k++) {
                const sd_field *f = &it->fields[k];
                if (long_field(f) && f->change == SD_CHANGED && f->old_text) {
                    fprintf(out, "      %s changed:\n        was: %s\n        now: %s\n", f->field, f->old_text,
                            f->new_text);
                    char *wd = word_diff(f->old_text, f->new_text, false);
                    if (wd)
                        fprintf(out, "        words: %s\n", wd);
                    free(wd);
                } else {
                    char *t = sd_field_text(f);
                    fprintf(out, "      %s\n", t);
                    free(t);
                }
            }
        }
    }
}

/* "1 event changed; 1 rule changed, 1 rule added." */
static char *summary_text(const semdiff *sd)
{
    if (semdiff_equal(sd))
        return xstrdup("No change in meaning.");
    sbuf b;
    sbuf_init(&b);
    sbuf_puts(&b, "Summary: ");
    static const sd_change order[] = {SD_CHANGED, SD_RENAMED, SD_ADDED, SD_REMOVED};
    static const char *const kinds[] = {"policy", "role", "enum", "event", "state", "rule", "test", "uncited",
                                        "edition"};
    static const char *const plural[] = {"policies", "roles", "enums", "events", "states", "rules", "tests",
                                         "uncited sentences", "editions"};
    const char *ssep = "";
    for (int sec = SD_POLICY; sec <= SD_UNCITED; sec++) {
        if (!semdiff_count(sd, (sd_section)sec, -1))
            continue;
        sbuf_puts(&b, ssep);
        const char *sep = "";
        for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
            for (size_t c = 0; c < 4; c++) {
                size_t n = 0;
                for (size_t i = 0; i < sd->count; i++)
                    if ((int)sd->items[i].section == sec && sd->items[i].change == order[c] &&
                        strcmp(sd->items[i].kind, kinds[k]) == 0)
                        n++;
                if (!n)
                    continue;
                if (k == 0)
                    sbuf_printf(&b, "%spolicy header %s", sep, sd_change_name(order[c]));
                else if (k == 7)
                    sbuf_printf(&b, "%s%zu uncited sentence%s %s", sep, n, n == 1 ? "" : "s",
                                sd_change_name(order[c]));
                else
                    sbuf_printf(&b, "%s%zu %s %s", sep, n, n == 1 ? kinds[k] : plural[k], sd_change_name(order[c]));
                sep = ", ";
            }
        }
        ssep = "; ";
    }
    sbuf_putc(&b, '.');
    return sbuf_take(&b);
}

static void md_value(FILE *out, const char *field, const char *v)
{
    bool plain = strcmp(field, "quoted text") == 0 || strcmp(field, "note") == 0 || strcmp(field, "citation") == 0 ||
                 strcmp(field, "title") == 0 || strcmp(field, "authority") == 0 || strcmp(field, "version") == 0 ||
                 strcmp(field, "description") == 0 || strcmp(field, "reason") == 0 ||
                 strcmp(field, "source document") == 0;
    fprintf(out, plain ? "%s" : "`%s`", v);
}

static void print_markdown(FILE *out, const semdiff *sd, const char *old_name, const char *new_name)
{
    fprintf(out, "## Policy changes: `%s` " ARROW " `%s`\n\n", old_name, new_name);
    if (semdiff_equal(sd)) {
        fputs("No change in meaning.\n", out);
        return;
    }
    for (int sec = SD_POLICY; sec <= SD_UNCITED; sec++) {
        if (!semdiff_count(sd, (sd_section)sec, -1))
            continue;
        fprintf(out, "### %s\n\n", section_titles[sec]);
        for (size_t i = 0; i < sd->count; i++) {
            const sd_item *it = &sd->items[i];
            if ((int)it->section != sec)
                continue;
            fprintf(out, "- **%s** ", sd_change_name(it->change));
            if (it->section == SD_RULES) {
                if (it->change == SD_RENAMED)
                    fprintf(out, "`%s` " ARROW " `%s`", it->old_name, it->name);
                else
                    fprintf(out, "`%s`", it->name);
                if (it->cite)
                    fprintf(out, " (%s)", it->cite);
                if (it->change == SD_RENAMED && it->nfields == 0)
                    fputs(", body unchanged", out);
                if (it->summary)
                    fprintf(out, ": `%s`", it->summary);
            } else if (it->section == SD_VOCABULARY && it->summary) {
                fprintf(out, "`%s`", it->summary);
            } else if (it->section == SD_TESTS || it->section == SD_UNCITED) {
                fprintf(out, "%s \"%s\"", it->kind, it->name);
                if (it->summary)
                    fprintf(out, " %s", it->summary);
            } else {
                fprintf(out, "%s `%s`", it->kind, it->name);
            }
            fputc('\n', out);
            for (size_t k = 0; k < it->nfields; k++) {
                const sd_field *f = &it->fields[k];
                fputs("  - ", out);
                if (f->words) {
                    fprintf(out, "%s\n", f->words);
                    continue;
                }
                switch (f->change) {
                case SD_ADDED:
                    fprintf(out, "%s added: ", f->field);
                    md_value(out, f->field, f->new_text);
                    break;
                case SD_REMOVED:
                    fprintf(out, "%s removed: ", f->field);
                    md_value(out, f->field, f->old_text);
                    break;
                case SD_RENAMED:
                case SD_CHANGED:
                    if (!f->old_text) {
                        fprintf(out, "%s changed", f->field);
                        break;
                    }
                    fprintf(out, "%s: ", f->field);
                    md_value(out, f->field, f->old_text);
                    fputs(" " ARROW " ", out);
                    md_value(out, f->field, f->new_text);
                    if (strcmp(f->field, "quoted text") == 0 || strcmp(f->field, "note") == 0) {
                        char *wd = word_diff(f->old_text, f->new_text, true);
                        if (wd)
                            fprintf(out, " (words: %s)", wd);
                        free(wd);
                    }
                    if (f->cmp == SD_STRICTER || f->cmp == SD_LOOSER)
                        fprintf(out, " (**%s** by %s)", f->cmp == SD_STRICTER ? "stricter" : "looser", f->by);
                    else if (f->incomparable)
                        fprintf(out, " (changed: %s cannot be compared)", f->by);
                    break;
                }
                fputc('\n', out);
            }
        }
        fputc('\n', out);
    }
    char *s = summary_text(sd);
    fprintf(out, "**%s**\n", s);
    free(s);
}

/* The policy diff as the members of the current JSON object. */
static void diff_json(json_writer *w, const semdiff *sd, const char *old_name, const char *new_name)
{
    jw_key(w, "format_version");
    jw_int(w, 1);
    jw_key(w, "old");
    jw_string(w, old_name);
    jw_key(w, "new");
    jw_string(w, new_name);
    jw_key(w, "equal");
    jw_bool(w, semdiff_equal(sd));
    jw_key(w, "summary");
    jw_object(w);
    static const sd_change order[] = {SD_CHANGED, SD_RENAMED, SD_ADDED, SD_REMOVED};
    for (int sec = SD_POLICY; sec <= SD_UNCITED; sec++) {
        jw_key(w, sd_section_name((sd_section)sec));
        jw_object(w);
        for (size_t k = 0; k < 4; k++)
            jw_count(w, sd_change_name(order[k]), semdiff_count(sd, (sd_section)sec, (int)order[k]));
        jw_end(w);
    }
    char *st = summary_text(sd);
    jw_key(w, "text");
    jw_string(w, st);
    free(st);
    jw_end(w);
    jw_key(w, "changes");
    jw_array(w);
    for (size_t i = 0; i < sd->count; i++) {
        const sd_item *it = &sd->items[i];
        jw_object(w);
        jw_key(w, "section");
        jw_string(w, sd_section_name(it->section));
        jw_key(w, "kind");
        jw_string(w, it->kind);
        jw_key(w, "change");
        jw_string(w, sd_change_name(it->change));
        jw_key(w, "name");
        jw_string(w, it->name);
        jw_key(w, "old_name");
        jw_string(w, it->old_name);
        jw_key(w, "cite");
        jw_string(w, it->cite);
        jw_key(w, "summary");
        jw_string(w, it->summary);
        jw_key(w, "fields");
        jw_array(w);
        for (size_t k = 0; k < it->nfields; k++) {
            const sd_field *f = &it->fields[k];
            jw_object(w);
            jw_key(w, "field");
            jw_string(w, f->field);
            jw_key(w, "change");
            jw_string(w, sd_change_name(f->change));
            jw_key(w, "old");
            jw_string(w, f->old_text);
            jw_key(w, "new");
            jw_string(w, f->new_text);
            const char *cmp = f->cmp == SD_STRICTER ? "stricter"
                              : f->cmp == SD_LOOSER ? "looser"
                              : f->cmp == SD_SAME   ? "same"
                              : f->incomparable     ? "incomparable"
                                                    : NULL;
            jw_key(w, "comparison");
            jw_string(w, cmp);
            jw_key(w, "by");
            jw_string(w, f->by);
            char *t = sd_field_text(f);
            jw_key(w, "text");
            jw_string(w, t);
            free(t);
            jw_end(w);
        }
        jw_end(w);
        jw_end(w);
    }
    jw_end(w);
}

/* ------------------------------------------------------------ command */

static cal_day today(void)
{
    time_t t = time(NULL);
    struct tm tm;
    localtime_r(&t, &tm);
    return cal_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

/* "contact_logged (1), foo (2)": the skipped kinds in name order. */
static char *skipped_text(const ev_store *st)
{
    size_t n = 0;
    const char **names = xcalloc(st->skipped.count ? st->skipped.count : 1, sizeof *names);
    for (size_t i = 0; i < st->skipped.cap; i++)
        if (st->skipped.keys[i])
            names[n++] = st->skipped.keys[i];
    for (size_t i = 1; i < n; i++)
        for (size_t j = i; j > 0 && strcmp(names[j - 1], names[j]) > 0; j--) {
            const char *t = names[j];
            names[j] = names[j - 1];
            names[j - 1] = t;
        }
    sbuf b;
    sbuf_init(&b);
    for (size_t i = 0; i < n; i++)
        sbuf_printf(&b, "%s%s (%zu)", i ? ", " : "", names[i], (size_t)(uintptr_t)strmap_get(&st->skipped, names[i]));
    free(names);
    return sbuf_take(&b);
}

static void print_skipped(const ev_store *so, const ev_store *sn)
{
    char *a = skipped_text(so), *b = skipped_text(sn);
    if (so->nskipped && sn->nskipped && strcmp(a, b) == 0) {
        fprintf(stderr, "docket diff: skipped %zu row%s of event kinds neither version declares: %s\n", so->nskipped,
                so->nskipped == 1 ? "" : "s", a);
    } else {
        if (so->nskipped)
            fprintf(stderr, "docket diff: the old version skips %zu row%s of event kinds it does not declare: %s\n",
                    so->nskipped, so->nskipped == 1 ? "" : "s", a);
        if (sn->nskipped)
            fprintf(stderr, "docket diff: the new version skips %zu row%s of event kinds it does not declare: %s\n",
                    sn->nskipped, sn->nskipped == 1 ? "" : "s", b);
    }
    free(a);
    free(b);
}

/* What the command line asked for. */
typedef struct diff_args {
    const char *pos[2];
    const char *format_s, *events, *as_of_s, *evfmt, *old_name, *new_name, *jobs_s;
    bool all;
    out_format of;
    cal_day as_of;
    tbl_format tf;
    int jobs;
} diff_args;

/* argv into A; 0 to go on, -1 after --help, else the usage exit status. */
static int parse_diff_args(int argc, char **argv, diff_args *a)
{
    int npos = 0;
    a->format_s = "text";
    const cli_opt opts[] = {
        {.name = "--format", .value = &a->format_s},
        {.name = "--events", .value = &a->events},
        {.name = "--as-of", .value = &a->as_of_s},
        {.name = "--events-format", .value = &a->evfmt},
        {.name = "--old-name", .value = &a->old_name},
        {.name = "--new-name", .value = &a->new_name},
        {.name = "--jobs", .value = &a->jobs_s},
        {.name = "--all", .flag = &a->all},
        {.name = NULL},
    };
    int rc = cli_parse(argc, argv, "diff", diff_usage, opts, a->pos, 2, &npos);
    if (rc)
        return rc;
    if (npos < 2)
        return cli_usage_error("diff", "expected two policy files, OLD and NEW");
    if (strcmp(a->pos[0], "-") == 0 && strcmp(a->pos[1], "-") == 0)
        return cli_usage_error("diff", "only one of OLD and NEW can be standard input");
    return 0;
}

/* The option values into their types; 0 or the usage exit status. */
static int check_diff_args(diff_args *a)
{
    if (strcmp(a->format_s, "text") == 0)
        a->of = OUT_TEXT;
    else if (strcmp(a->format_s, "markdown") == 0 || strcmp(a->format_s, "md") == 0)
        a->of = OUT_MARKDOWN;
    else if (strcmp(a->format_s, "json") == 0)
        a->of = OUT_JSON;
    else
        return cli_usage_error("diff", "unknown format '%s' (text, markdown or json)", a->format_s);
    /* A JSON report comes with JSON diagnostics. */
    if (a->of == OUT_JSON)
        cli_diagnostics = DIAG_JSON;
    if ((a->as_of_s || a->evfmt) && !a->events)
        return cli_usage_error("diff", "%s needs --events", a->as_of_s ? "--as-of" : "--events-format");
    a->as_of = today();
    if (a->as_of_s && !cal_parse_date(a->as_of_s, strlen(a->as_of_s), &a->as_of))
        return cli_usage_error("diff", "--as-of needs a date YYYY-MM-DD that exists, not '%s'", a->as_of_s);
    a->tf = a->events ? tbl_format_for(a->events) : TBL_CSV;
    if (a->evfmt) {
        if (strcmp(a->evfmt, "csv") == 0)
            a->tf = TBL_CSV;
        else if (strcmp(a->evfmt, "jsonl") == 0)
            a->tf = TBL_JSONL;
        else
            return cli_usage_error("diff", "unknown events format '%s' (csv or jsonl)", a->evfmt);
    }
    if (!cli_jobs(a->jobs_s, "diff", &a->jobs))
        return 2;
    return 0;
}

/* PATH as the report names it: the name it was loaded as, and where it
 * came from. */
static char *shown_name(const char *path, const char *name)
{
    bool in = strcmp(path, "-") == 0;
    if (name && in)
        return xasprintf("%s (standard input)", name);
    return xstrdup(name ? name : in ? "standard input" : path);
}

/* The whole report, in A's format, to standard output. */
static void print_diff(const diff_args *a, const semdiff *sd, const char *shown_old, const char *shown_new,
                       const impact *im, const version_eval *vo, const version_eval *vn, bool have_impact)
{
    switch (a->of) {
    case OUT_TEXT:
        print_text(stdout, sd, shown_old, shown_new);
        if (!semdiff_equal(sd)) {
            char *s = summary_text(sd);
            printf("\n%s\n", s);
            free(s);
        }
        fflush(stdout);
        if (have_impact)
            print_impact_text(stdout, im, sd, vo, vn, a->all);
        break;
    case OUT_MARKDOWN:
        print_markdown(stdout, sd, shown_old, shown_new);
        if (have_impact)
            print_impact_markdown(stdout, im, sd, vo, vn, a->all);
        break;
    case OUT_JSON: {
        fflush(stdout);
        wbuf out;
        wb_init(&out, stdout);
        json_writer w;
        jw_init(&w, &out, 2);
        jw_object(&w);
        diff_json(&w, sd, shown_old, shown_new);
        jw_key(&w, "impact");
        if (have_impact)
            impact_json(&w, im, sd, vo, vn);
        else
            jw_null(&w);
        jw_end(&w);
        wb_putc(&out, '\n');
        wb_flush(&out);
        wb_free(&out);
        break;
    }
    }
}

int cmd_diff(int argc, char **argv)
{
    diff_args a = {0};
    int urc = parse_diff_args(argc, argv, &a);
    if (urc)
        return urc < 0 ? 0 : urc;
    if ((urc = check_diff_args(&a)) != 0)
        return urc;
    char *shown_old = shown_name(a.pos[0], a.old_name), *shown_new = shown_name(a.pos[1], a.new_name);
    ast_program *po = load_version("old", a.pos[0], a.old_name);
    ast_program *pn = load_version("new", a.pos[1], a.new_name);
    if (!po || !pn) {
        program_free(po);
        program_free(pn);
        free(shown_old);
        free(shown_new);
        return 2;
    }
    semdiff *sd = semdiff_compare(po, pn);
    int rc = semdiff_equal(sd) ? 0 : 1;
    version_eval vo = {po, NULL}, vn = {pn, NULL};
    impact im;
    impact_init(&im, sd, po, pn, a.events, a.as_of, a.all);
    bool have_impact = false;
    if (a.events) {
        run_input in = {.path = a.events, .format = a.tf, .order = CAL_YMD, .jobs = a.jobs};
        have_impact = evaluate_impact(&im, &vo, &vn, &in, a.as_of, a.jobs);
        if (!have_impact)
            rc = 2;
    }
    if (rc != 2)
        print_diff(&a, sd, shown_old, shown_new, &im, &vo, &vn, have_impact);
    impact_free(&im);
    cal_free(vo.cal);
    cal_free(vn.cal);
    semdiff_free(sd);
    program_free(po);
    program_free(pn);
    free(shown_old);
    free(shown_new);
    return rc;
}
