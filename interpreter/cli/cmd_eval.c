/*
 * cli_eval.c — `docket eval POLICY EVENTS [options]` and `docket date`.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "interpreter/report.h"
#include "interpreter/run.h"
#include "interpreter/time/duration.h"

static const char eval_usage[] =
    "usage: docket eval POLICY EVENTS [--as-of DATE] [--format text|json|csv|html]\n"
    "                   [--case ID] [--status S,...] [--role ROLE] [--explain]\n"
    "                   [--horizon DAYS] [--group-by role|rule|status] [--ids]\n"
    "                   [--events-format csv|jsonl] [--dates ymd|dmy]\n"
    "                   [--null TEXT] [--jobs N]\n"
    "       docket eval POLICY DIR --mapping MAPPING [--set NAME=VALUE]... [options]\n\n"
    "Evaluate a case event log (CSV with columns case,date,event,ATTRIBUTE...,\n"
    "or JSON Lines) against POLICY and report every obligation: met, late,\n"
    "overdue, pending, breached or cancelled.\n\n"
    "  --as-of DATE       judge obligations on DATE (default: today); events\n"
    "                     after it are not considered\n"
    "  --format F         text (default), json (the report object), csv, or html\n"
    "                     (one self-contained page: needs attention, timelines,\n"
    "                     filters)\n"
    "  --case ID          only this case\n"
    "  --status LIST      only these statuses, e.g. overdue,pending\n"
    "  --role ROLE        only obligations of ROLE\n"
    "  --explain          show how each obligation was derived (text format)\n"
    "  --horizon DAYS     what is due within DAYS of the as-of date needs\n"
    "                     attention (default 14)\n"
    "  --group-by G       (text) after the cases, a table of the obligations by\n"
    "                     role, rule or status\n"
    "  --ids              (text) rules, roles and events by their identifiers,\n"
    "                     not the policy's descriptions\n"
    "  --events-format F  csv or jsonl (default: from the file name)\n"
    "  --dates dmy        read dates as UK dd/mm/yyyy [hh:mm[:ss]] (default ymd:\n"
    "                     YYYY-MM-DD, optionally with a time); never guessed\n"
    "  --null TEXT        a cell holding exactly TEXT (e.g. NULL) is empty\n"
    "  --jobs N           check and evaluate on N threads (default: the online\n"
    "                     CPUs); the report is the same whatever N is\n"
    "  --mapping M        EVENTS is an extract's folder: map its tables with the\n"
    "                     mapping file M (see docket map) and evaluate the events\n"
    "  --set NAME=VALUE   a parameter of the mapping (repeatable)\n\n"
    "Exit status: 0 report printed; 1 the policy or the events are wrong\n"
    "(every bad row is reported, no report is printed) or a case could not be\n"
    "evaluated (the report's last line says where it stops); 2 usage.\n";

static cal_day today(void)
{
    time_t t = time(NULL);
    struct tm tm;
    localtime_r(&t, &tm);
    return cal_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

/* Load the policy's calendar; NULL with *ok false on error. */
static cal_calendar *load_calendar(const ast_program *p, diag_sink *sink, bool *ok)
{
    *ok = true;
    if (!p->calendar_path)
        return NULL;
    cal_calendar *c = cal_load(p->calendar_path, p->policy->u.policy.calendar.text, sink);
    if (!c)
        *ok = false;
    return c;
}

bool cli_jobs(const char *text, const char *cmd, int *jobs)
{
    if (!text) {
        *jobs = run_default_jobs();
        return true;
    }
    char *end;
    long n = strtol(text, &end, 10);
    if (end == text || *end || n < 1 || n > 64) {
        cli_usage_error(cmd, "--jobs needs a number of threads from 1 to 64, not '%s'", text);
        return false;
    }
    *jobs = (int)n;
    return true;
}

/* What the command line asked for. */
typedef struct eval_args {
    const char *policy, *events;
    const char *as_of_s, *format_s, *case_id, *status_s, *role, *evfmt, *jobs_s, *dates_s, *null_s, *horizon_s, *group_s;
    const char *mapping;     /* --mapping: events is an extract's folder */
    const char *set[64];     /* --set NAME=VALUE */
    size_t nset;
    bool explain, ids;
    rep_group_by group_by;
    rep_format format;
    cal_day as_of;
    bool want[ST_CANCELLED + 1];
    tbl_format tf;
    cal_order order;
    int jobs;
    int horizon;
} eval_args;

/* argv into A; 0 to go on, else the exit status (usage printed). */
static int parse_eval_args(int argc, char **argv, eval_args *a)
{
    const char *pos[2] = {NULL, NULL};
    int npos = 0;
    a->format_s = "text";
    const cli_opt opts[] = {
        {.name = "--as-of", .value = &a->as_of_s},
        {.name = "--format", .value = &a->format_s},
        {.name = "--case", .value = &a->case_id},
        {.name = "--status", .value = &a->status_s},
        {.name = "--role", .value = &a->role},
        {.name = "--events-format", .value = &a->evfmt},
        {.name = "--jobs", .value = &a->jobs_s},
        {.name = "--dates", .value = &a->dates_s},
        {.name = "--null", .value = &a->null_s},
        {.name = "--horizon", .value = &a->horizon_s},
        {.name = "--group-by", .value = &a->group_s},
        {.name = "--mapping", .value = &a->mapping},
        {.name = "--set", .list = a->set, .nlist = &a->nset, .max = 64},
        {.name = "--explain", .flag = &a->explain},
        {.name = "--ids", .flag = &a->ids},
        {.name = NULL},
    };
    int rc = cli_parse(argc, argv, "eval", eval_usage, opts, pos, 2, &npos);
    if (rc)
        return rc;
    if (npos < 2)
        return cli_usage_error("eval", "expected a policy file and an events file");
    if (strcmp(pos[0], "-") == 0 && strcmp(pos[1], "-") == 0)
        return cli_usage_error("eval", "only one of POLICY and EVENTS can be standard input");
    a->policy = pos[0];
    a->events = pos[1];
    return 0;
}

/* The option values into their types; 0 or the usage exit status. */
static int check_eval_args(eval_args *a)
{
    if (strcmp(a->format_s, "text") == 0)
        a->format = REP_TEXT;
    else if (strcmp(a->format_s, "json") == 0)
        a->format = REP_JSON;
    else if (strcmp(a->format_s, "csv") == 0)
        a->format = REP_CSV;
    else if (strcmp(a->format_s, "html") == 0)
        a->format = REP_HTML;
    else
        return cli_usage_error("eval", "unknown format '%s' (text, json, csv or html)", a->format_s);
    a->horizon = 14;
    if (a->horizon_s) {
        char *end;
        long h = strtol(a->horizon_s, &end, 10);
        if (end == a->horizon_s || *end || h < 0 || h > 3660)
            return cli_usage_error("eval", "--horizon needs a number of days from 0 to 3660, not '%s'", a->horizon_s);
        a->horizon = (int)h;
    }
    if (a->group_s) {
        if (strcmp(a->group_s, "role") == 0)
            a->group_by = REP_GROUP_ROLE;
        else if (strcmp(a->group_s, "rule") == 0)
            a->group_by = REP_GROUP_RULE;
        else if (strcmp(a->group_s, "status") == 0)
            a->group_by = REP_GROUP_STATUS;
        else
            return cli_usage_error("eval", "--group-by takes role, rule or status, not '%s'", a->group_s);
        if (a->format != REP_TEXT)
            return cli_usage_error("eval", "--group-by is for the text report (--format text)");
    }
    a->as_of = today();
    if (a->as_of_s && !cal_parse_date(a->as_of_s, strlen(a->as_of_s), &a->as_of))
        return cli_usage_error("eval", "--as-of needs a date YYYY-MM-DD that exists, not '%s'", a->as_of_s);
    if (!cli_jobs(a->jobs_s, "eval", &a->jobs))
        return 2;
    for (int s = 0; s <= ST_CANCELLED; s++)
        a->want[s] = a->status_s == NULL;
    if (a->status_s) {
        char *copy = xstrdup(a->status_s), *save = NULL;
        for (char *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
            ob_status st;
            if (!status_from_name(t, &st)) {
                /* T points into COPY: report before freeing it. */
                int urc = cli_usage_error("eval", "unknown status '%s' (met, late, overdue, pending, breached, cancelled)", t);
                free(copy);
                return urc;
            }
            a->want[st] = true;
        }
        free(copy);
    }
    a->tf = tbl_format_for(a->events);
    if (a->evfmt) {
        if (strcmp(a->evfmt, "csv") == 0)
            a->tf = TBL_CSV;
        else if (strcmp(a->evfmt, "jsonl") == 0)
            a->tf = TBL_JSONL;
        else
            return cli_usage_error("eval", "unknown events format '%s' (csv or jsonl)", a->evfmt);
    }
    a->order = CAL_YMD;
    if (a->dates_s && !cli_date_order(a->dates_s, &a->order))
        return cli_usage_error("eval", "unknown date order '%s' (ymd or dmy)", a->dates_s);
    if (a->nset && !a->mapping)
        return cli_usage_error("eval", "--set gives a mapping's parameter: it needs --mapping");
    return 0;
}

/* The report sink: filter, count and format each case (once: every
 * summary is written at the end, from the counts of the cases emitted). */
typedef struct eval_sink {
    const eval_args *a;
    const rep_options *ro;
    rep_stream rs;
    const bool *not_recorded_kinds;   /* eval --mapping: per event kind, or NULL */
    size_t unfiltered;
    const char *failed_case;
} eval_sink;

/* With --mapping (NR not NULL): mark O when it is not met and waits for
 * an event the extract cannot hold: its action, or the event a `before`
 * deadline waits for. */
static void mark_not_recorded(const bool *nr, obligation *o)
{
    const rule_decl *r = &o->rule->u.rule;
    if (!nr || (o->status != ST_OVERDUE && o->status != ST_PENDING))
        return;
    bool none_recorded = r->has_duty && r->action_decl;
    for (const name_list *n = none_recorded ? r->actions : NULL; n; n = n->next) /* `must A or B`: all of them */
        none_recorded &= n->decl && nr[n->decl->index];
    if (none_recorded)
        o->not_recorded = r->action_decl;
    else if (r->due.kind == DL_BEFORE && !o->has_due && r->due.before_decl && nr[r->due.before_decl->index])
        o->not_recorded = r->due.before_decl;
}

/* --role ROLE: is ROLE one of the obligation's responsible roles? */
static bool has_role(const obligation *ob, const char *role)
{
    const rule_decl *r = &ob->rule->u.rule;
    for (const name_list *n = r->has_duty ? r->roles : NULL; n; n = n->next)
        if (strcmp(n->name.text, role) == 0)
            return true;
    return false;
}

static void eval_work(void *arg, const eval_result *r, run_case *out)
{
    eval_sink *es = arg;
    const eval_args *a = es->a;
    obligation *keep = r->items; /* filtered in place: the result is this case's */
    size_t k = 0;
    for (size_t j = 0; j < r->count; j++) {
        const obligation *ob = &r->items[j];
        if (!a->want[ob->status])
            continue;
        if (a->role && !has_role(ob, a->role))
            continue;
        out->counts[ob->status]++;
        if (ob->problem)
            out->problems++;
        keep[k] = *ob;
        mark_not_recorded(es->not_recorded_kinds, &keep[k]);
        if (keep[k].not_recorded)
            out->not_recorded[ob->status]++;
        k++;
    }
    if (es->ro->format == REP_HTML)
        rep_case(&es->rs, keep, k); /* jobs 1: this is the calling thread, in order */
    else
        rep_format_case(es->ro, &out->body, keep, k);
    out->user = es->ro->format == REP_TEXT ? rep_tally_case(&es->rs, keep, k) : NULL;
}

static bool eval_emit(void *arg, run_case *out)
{
    eval_sink *es = arg;
    if (out->failed) {
        es->failed_case = out->c->id;
        return false;
    }
    es->unfiltered += out->unfiltered;
    es->rs.problems += out->problems;
    rep_add_not_recorded(&es->rs, out->not_recorded);
    if (es->ro->format != REP_HTML)
        rep_emit_counted(&es->rs, &out->body, out->counts);
    rep_tally_add(&es->rs, out->user);
    out->user = NULL;
    return !wb_failed(es->rs.out);
}

/* Evaluate and write the report; the exit status. */
static int write_report(const eval_args *a, run *r, diag_sink *sink)
{
    rep_options ro = {0};
    ro.format = a->format;
    ro.color = a->format == REP_TEXT && cli_color(stdout);
    ro.explain = a->explain;
    eval_ctx ctx = {r->prog, r->cal, a->as_of, sink, a->events, NULL};
    ro.ctx = &ctx;
    ro.events_name = a->events;
    ro.horizon = a->horizon;
    ro.ids = a->ids;
    ro.group_by = a->group_by;
    ro.mapped = r->not_recorded != NULL;
    rep_prepare(&ro);
    eval_sink es = {.a = a, .ro = &ro};
    es.not_recorded_kinds = r->not_recorded;
    run_sink rsink = {.arg = &es, .work = eval_work, .emit = eval_emit};
    wbuf out;
    wb_init(&out, stdout);
    if (!rep_begin(&es.rs, &ro, &out)) {
        wb_free(&out);
        rep_release(&ro);
        diag_at(sink, DC_OUTPUT, NULL, 0, 0, "cannot create a temporary file for the report");
        return 1;
    }
    /* HTML gathers what needs attention as it goes: one thread, in order. */
    bool ok = run_cases(r, a->format == REP_HTML ? 1 : a->jobs, a->case_id, &rsink);
    bool written = true;
    if (ok)
        written = rep_end(&es.rs, es.unfiltered);
    else if (es.failed_case)
        rep_stop(&es.rs, es.failed_case);
    rep_abort(&es.rs);
    written = wb_flush(&out) && written;
    rep_release(&ro);
    wb_free(&out);
    if (!written) {
        /* A failed write to standard output is reported once, by
         * cli_finish ("docket: cannot write standard output: ..."). */
        if (!ferror(stdout))
            diag_at(sink, DC_OUTPUT, NULL, 0, 0, "cannot write the report");
        return 1;
    }
    return ok ? 0 : 1;
}

int cmd_eval(int argc, char **argv)
{
    eval_args a = {0};
    int urc = parse_eval_args(argc, argv, &a);
    if (urc)
        return urc < 0 ? 0 : urc;
    if ((urc = check_eval_args(&a)) != 0)
        return urc;
    diag_sink sink;
    cli_diag_init(&sink, a.format == REP_JSON);
    int rc = 1;
    if (cli_is_mapping_file(a.policy)) {
        diag_free(&sink);
        return cli_usage_error("eval", "%s is a mapping file: give the policy first, and the mapping with --mapping",
                               a.policy);
    }
    ast_program *p = program_load(a.policy, &sink);
    cal_calendar *cal = NULL;
    run r = {0};
    bool ok;
    mapping *mp = NULL;
    ast_program *vocab = NULL;
    char *mapped = NULL;
    bool *not_recorded = NULL;
    size_t mapped_len = 0;
    if (!p || p->errors)
        goto out;
    if (a.role && !strmap_get(&p->role_map, a.role)) {
        rc = cli_usage_error("eval", "the policy has no role '%s'", a.role);
        goto out;
    }
    cal = load_calendar(p, &sink, &ok);
    if (!ok)
        goto out;
    run_input in = {a.events, a.tf, a.order, a.null_s, NULL, 0, a.jobs, 0};
    if (a.mapping) {
        /* The extract's tables, mapped (and the mapping checked against
         * this policy), then read as `docket map` would print them. */
        map_options mo;
        if (!cli_map_options("eval", a.dates_s, a.null_s, a.set, a.nset, &mo, &rc))
            goto out;
        mo.dir = a.events;
        rc = 1;
        if (!cli_load_mapping(a.mapping, a.policy, &sink, &mp, &vocab) ||
            !cli_map_to_csv(mp, p, &mo, &sink, &mapped, &mapped_len))
            goto out;
        a.events = CLI_MAPPED_EVENTS;
        in = (run_input){CLI_MAPPED_EVENTS, TBL_CSV, CAL_YMD, NULL, mapped, mapped_len, 1, 0};
    }
    if (!run_load(&r, p, cal, a.as_of, &in, &sink))
        goto out;
    if (mp)
        r.not_recorded = not_recorded = cli_not_recorded(mp, p);
    run_print_notes(&r, stderr, a.policy);
    if (a.case_id && !run_has_case(&r, a.case_id)) {
        diag_at(&sink, DC_UNKNOWN_CASE, a.events, 0, 0, "no case '%s' in the events file", a.case_id);
        goto out;
    }
    rc = write_report(&a, &r, &sink);
out:
    diag_flush(&sink);
    diag_free(&sink);
    run_free(&r);
    cal_free(cal);
    free(mapped);
    free(not_recorded);
    mapping_free(mp);
    program_free(vocab);
    program_free(p);
    return rc;
}

/* ------------------------------------------------------------ docket date */

static const char date_usage[] =
    "usage: docket date DATE (+|-) N UNIT [--calendar NAME|FILE]\n"
    "       docket date --between DATE DATE [--calendar NAME|FILE]\n\n"
    "Date arithmetic exactly as the interpreter does it. UNIT is days, weeks,\n"
    "months, years, hours or working days, e.g.\n"
    "  docket date 2025-04-10 + 15 working days      prints 2025-05-06\n"
    "With --between, prints the calendar days and working days from the first\n"
    "date to the second. The default calendar is england_and_wales.\n";

static cal_calendar *find_calendar(const char *name, diag_sink *sink)
{
    char *path = NULL;
    if (strchr(name, '/') || (strlen(name) > 4 && strcmp(name + strlen(name) - 4, ".csv") == 0)) {
        path = xstrdup(name);
    } else {
        char *local = xasprintf("policies/calendars/%s.csv", name);
        FILE *f = fopen(local, "r");
        if (f) {
            fclose(f);
            path = local;
        } else {
            free(local);
            path = program_find_calendar("./here", name);
        }
    }
    if (!path) {
        diag_at(sink, DC_UNKNOWN_CALENDAR, NULL, 0, 0, "unknown calendar '%s'", name);
        diag_hint(sink, "Give a calendar file with --calendar FILE, or set DOCKET_CALENDARS to its directory.");
        return NULL;
    }
    cal_calendar *c = cal_load(path, name, sink);
    free(path);
    return c;
}

/* The unit written at ARGS[I] (one word, or `working` and `days` as two):
 * the word(s) of lang/units.c. *USED says how many words it took. */
static bool parse_unit(int argc, char **argv, int i, dur_unit *u, int *used)
{
    if (i >= argc)
        return false;
    if (strcmp(argv[i], "working") == 0) {
        if (i + 1 >= argc)
            return false;
        char *w = xasprintf("working %s", argv[i + 1]);
        bool ok = unit_from_word(w, strlen(w), u);
        free(w);
        *used = 2;
        return ok;
    }
    *used = 1;
    return unit_from_word(argv[i], strlen(argv[i]), u);
}

int cmd_date(int argc, char **argv)
{
    const char *calname = "england_and_wales";
    char *args[8];
    int n = 0;
    bool between = false, options = true;
    for (int i = 1; i < argc; i++) {
        if (!options) {
            if (n == 8)
                return cli_usage_error("date", "too many arguments");
            args[n++] = argv[i];
        } else if (strcmp(argv[i], "--") == 0) {
            options = false;
        } else if (cli_is_help(argv[i])) {
            fputs(date_usage, stdout);
            return 0;
        } else if (cli_value_missing(argc, argv, i, "date", (const char *const[]){"--calendar", NULL})) {
            return 2;
        } else if (strcmp(argv[i], "--calendar") == 0 && i + 1 < argc) {
            calname = argv[++i];
        } else if (strcmp(argv[i], "--between") == 0) {
            between = true;
        } else if (n < 8) {
            args[n++] = argv[i];
        } else {
            return cli_usage_error("date", "too many arguments");
        }
    }
    cal_day a, b;
    if (n < 1 || !cal_parse_date(args[0], strlen(args[0]), &a))
        return cli_usage_error("date", "expected a date YYYY-MM-DD that exists%s%s%s", n ? ", not '" : "",
                               n ? args[0] : "", n ? "'" : "");
    if (between) {
        if (n != 2 || !cal_parse_date(args[1], strlen(args[1]), &b))
            return cli_usage_error("date", "--between needs two dates YYYY-MM-DD");
    } else {
        if (n < 4 || (strcmp(args[1], "+") != 0 && strcmp(args[1], "-") != 0))
            return cli_usage_error("date", "expected DATE + N UNIT or DATE - N UNIT");
    }
    diag_sink sink;
    cli_diag_init(&sink, false);
    cal_calendar *cal = find_calendar(calname, &sink);
    int rc = 1;
    char buf[11];
    if (!cal)
        goto out;
    if (between) {
        int wd, bad = 0;
        if (!cal_working_days_between(cal, a, b, &wd, &bad)) {
            diag_at(&sink, DC_OUTSIDE_CALENDAR, NULL, 0, 0, "%d is outside calendar %s (%d-%d)", bad, cal_name(cal),
                    cal_first_year(cal), cal_last_year(cal));
            goto out;
        }
        printf("%d days, %d working days\n", (int)(b - a), wd);
        rc = 0;
        goto out;
    }
    char *end;
    errno = 0;
    long v = strtol(args[2], &end, 10);
    dur_unit u;
    int used;
    if (*end || end == args[2] || v < 0 || errno == ERANGE || !parse_unit(n, args, 3, &u, &used) || 3 + used != n) {
        rc = cli_usage_error("date", "expected N UNIT with UNIT days, weeks, months, years, hours or working days");
        goto out;
    }
    duration d = {v, u};
    if (!dur_within_limit(d)) {
        diag_at(&sink, DC_DURATION_TOO_LONG, NULL, 0, 0, "%ld %s is more than a hundred years", v, dur_unit_name(u, true));
        diag_hint(&sink, "No procedure has a timescale that long; check the number.");
        goto out;
    }
    cal_day out;
    int bad = 0;
    if (!dur_add(cal, a, d, args[1][0] == '+' ? 1 : -1, &out, &bad)) {
        if (bad < 1 || bad > 9999) {
            diag_at(&sink, DC_DATE_RANGE, NULL, 0, 0,
                    "the result falls outside the dates Docket handles (0001-01-01 to 9999-12-31)");
        } else {
            diag_at(&sink, DC_OUTSIDE_CALENDAR, NULL, 0, 0, "the arithmetic needs %d, outside calendar %s (%d-%d)", bad,
                    cal_name(cal), cal_first_year(cal), cal_last_year(cal));
            diag_hint(&sink, "Docket never guesses holidays; add the year to the calendar file.");
        }
        goto out;
    }
    printf("%s\n", cal_format(out, buf));
    rc = 0;
out:
    diag_flush(&sink);
    diag_free(&sink);
    cal_free(cal);
    return rc;
}
