/*
 * cli_eval.c — `docket eval POLICY EVENTS [options]` and `docket date`.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "interpreter/report.h"
#include "interpreter/time/duration.h"

static const char eval_usage[] =
    "usage: docket eval POLICY EVENTS [--as-of DATE] [--format text|json|csv]\n"
    "                   [--case ID] [--status S,...] [--role ROLE] [--explain]\n"
    "                   [--events-format csv|jsonl] [--dates ymd|dmy] [--null TEXT]\n"
    "       docket eval POLICY DIR --mapping MAPPING [--set NAME=VALUE]... [options]\n\n"
    "Evaluate a case event log (CSV with columns case,date,event,ATTRIBUTE...,\n"
    "or JSON Lines) against POLICY and report every obligation: met, late,\n"
    "overdue, pending, breached or cancelled.\n\n"
    "  --as-of DATE       judge obligations on DATE (default: today); events\n"
    "                     after it are not considered\n"
    "  --format F         text (default), json (the report object) or csv\n"
    "  --case ID          only this case\n"
    "  --status LIST      only these statuses, e.g. overdue,pending\n"
    "  --role ROLE        only obligations of ROLE\n"
    "  --explain          show how each obligation was derived (text format)\n"
    "  --events-format F  csv or jsonl (default: from the file name)\n"
    "  --dates dmy        read dates as UK dd/mm/yyyy [hh:mm[:ss]] (default ymd:\n"
    "                     YYYY-MM-DD, optionally with a time); never guessed\n"
    "  --null TEXT        a cell holding exactly TEXT (e.g. NULL) is empty\n"
    "  --mapping M        EVENTS is an extract's folder: map its tables with the\n"
    "                     mapping file M (see docket map) and evaluate the events\n"
    "  --set NAME=VALUE   a parameter of the mapping\n\n"
    "Exit status: 0 report printed; 1 the policy or the events are wrong\n"
    "(every bad row is reported, no partial report); 2 usage.\n";

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

/* qsort comparator over C strings. */
static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* "PREFIX N NOUN(s) WHAT key (n), key (n)" with the keys in order. */
static void print_counts(FILE *out, const char *prefix, size_t n, const char *noun, const char *what,
                         const strmap *m)
{
    fprintf(out, "%s %zu %s%s %s", prefix, n, noun, n == 1 ? "" : "s", what);
    const char **keys = xcalloc(m->count + 1, sizeof *keys);
    size_t nk = 0;
    for (size_t i = 0; i < m->cap; i++)
        if (m->keys[i])
            keys[nk++] = m->keys[i];
    qsort(keys, nk, sizeof *keys, cmp_str);
    for (size_t i = 0; i < nk; i++)
        fprintf(out, "%s%s (%zu)", i ? ", " : " ", keys[i], (size_t)(uintptr_t)strmap_get(m, keys[i]));
    free(keys);
    fputc('\n', out);
}

int cmd_eval(int argc, char **argv)
{
    const char *pos[2] = {NULL, NULL};
    int npos = 0;
    const char *as_of_s = NULL, *format_s = "text", *case_id = NULL, *status_s = NULL, *role = NULL;
    const char *evfmt = NULL, *dates_s = NULL, *null_s = NULL, *mapping_s = NULL;
    const char *set_v = NULL;
    const char *set[64];
    size_t nset = 0;
    bool explain = false;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (cli_is_help(a)) {
            fputs(eval_usage, stdout);
            return 0;
        }
#define OPT(name, var)                                                  \
    switch (cli_option(argc, argv, &i, "eval", name, &var)) {           \
    case -1: return 2;                                                  \
    case 1: continue;                                                   \
    default: break;                                                     \
    }
        OPT("--as-of", as_of_s)
        OPT("--format", format_s)
        OPT("--case", case_id)
        OPT("--status", status_s)
        OPT("--role", role)
        OPT("--events-format", evfmt)
        OPT("--dates", dates_s)
        OPT("--null", null_s)
        OPT("--mapping", mapping_s)
        switch (cli_option(argc, argv, &i, "eval", "--set", &set_v)) {
        case -1: return 2;
        case 1:
            if (nset == 64)
                return cli_usage_error("eval", "too many --set options (at most 64)");
            set[nset++] = set_v;
            continue;
        default: break;
        }
#undef OPT
        if (strcmp(a, "--explain") == 0) {
            explain = true;
            continue;
        }
        if (a[0] == '-' && a[1] != '\0')
            return cli_usage_error("eval", "unknown option '%s'", a);
        if (npos == 2)
            return cli_usage_error("eval", "unexpected argument '%s'", a);
        pos[npos++] = a;
    }
    if (npos < 2)
        return cli_usage_error("eval", "expected a policy file and an events file");
    rep_options ro = {0};
    if (strcmp(format_s, "text") == 0)
        ro.format = REP_TEXT;
    else if (strcmp(format_s, "json") == 0)
        ro.format = REP_JSON;
    else if (strcmp(format_s, "csv") == 0)
        ro.format = REP_CSV;
    else
        return cli_usage_error("eval", "unknown format '%s' (text, json or csv)", format_s);
    cal_day as_of = today();
    if (as_of_s && !cal_parse_date(as_of_s, strlen(as_of_s), &as_of))
        return cli_usage_error("eval", "--as-of needs a date YYYY-MM-DD that exists, not '%s'", as_of_s);
    bool want[ST_CANCELLED + 1];
    for (int s = 0; s <= ST_CANCELLED; s++)
        want[s] = status_s == NULL;
    if (status_s) {
        char *copy = xstrdup(status_s), *save = NULL;
        for (char *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
            ob_status st;
            if (!status_from_name(t, &st)) {
                /* T points into COPY: report before freeing it. */
                int urc = cli_usage_error("eval", "unknown status '%s' (met, late, overdue, pending, breached, cancelled)", t);
                free(copy);
                return urc;
            }
            want[st] = true;
        }
        free(copy);
    }
    tbl_format tf = tbl_format_for(pos[1]);
    if (evfmt) {
        if (strcmp(evfmt, "csv") == 0)
            tf = TBL_CSV;
        else if (strcmp(evfmt, "jsonl") == 0)
            tf = TBL_JSONL;
        else
            return cli_usage_error("eval", "unknown events format '%s' (csv or jsonl)", evfmt);
    }

    cal_order order = CAL_YMD;
    if (dates_s && !cli_date_order(dates_s, &order))
        return cli_usage_error("eval", "unknown date order '%s' (ymd or dmy)", dates_s);

    map_options mo;
    int mrc = 2;
    if (!cli_map_options("eval", NULL, null_s, set, nset, &mo, &mrc))
        return mrc;
    mo.dir = pos[1];
    mo.order_set = dates_s != NULL;
    mo.order = order;
    if (nset && !mapping_s)
        return cli_usage_error("eval", "--set gives a mapping's parameter: it needs --mapping");

    diag_sink sink;
    diag_init(&sink, stderr, DIAG_TEXT);
    sink.color = cli_color(stderr);
    int rc = 1;
    mapping *mp = NULL;
    ast_program *vocab = NULL;
    ast_program *p = program_load(pos[0], &sink);
    cal_calendar *cal = NULL;
    ev_store st;
    bool have_store = false;
    eval_result res = {0};
    if (!p || p->errors)
        goto out;
    if (role && !strmap_get(&p->role_map, role)) {
        rc = cli_usage_error("eval", "the policy has no role '%s'", role);
        goto out;
    }
    bool ok;
    cal = load_calendar(p, &sink, &ok);
    if (!ok)
        goto out;
    ev_store_init(&st, p);
    st.order = order;
    st.null_token = null_s;
    have_store = true;
    if (mapping_s) {
        /* The mapping is checked against this policy's vocabulary. */
        if (!cli_load_mapping(mapping_s, pos[0], &sink, &mp, &vocab) || !cli_map_into(mp, p, &mo, &sink, &st))
            goto out;
    } else if (!ev_read_file(&st, pos[1], tf, &sink)) {
        goto out;
    }
    const char *events_name = mapping_s ? CLI_MAPPED_EVENTS : pos[1];
    ev_store_finish(&st);
    if (st.nskipped) {
        char *what = xasprintf("of event kinds %s does not declare:", pos[0]);
        print_counts(stderr, "docket: skipped", st.nskipped, "row", what, &st.skipped);
        free(what);
    }
    if (st.nignored)
        print_counts(stderr, "docket: ignored", st.nignored,
                     "filled cell", "in columns the row's event does not declare:", &st.ignored);
    size_t later = 0;
    for (size_t i = 0; i < st.ncases; i++)
        for (size_t j = st.cases[i].count; j > 0 && st.cases[i].events[j - 1].date > as_of; j--)
            later++;
    if (later) {
        char b[11];
        fprintf(stderr, "docket: %zu row%s dated after the as-of date %s %s not considered\n", later,
                later == 1 ? "" : "s", cal_format(as_of, b), later == 1 ? "was" : "were");
    }
    eval_ctx ctx = {p, cal, as_of, &sink, events_name, NULL};
    if (case_id && !strmap_get(&st.case_index, case_id)) {
        diag_at(&sink, DIAG_ERROR, events_name, 0, 0, "no case '%s' in the events file", case_id);
        goto out;
    }
    ro.color = ro.format == REP_TEXT && cli_color(stdout);
    ro.explain = explain;
    ro.ctx = &ctx;
    ro.events_name = events_name;
    rep_stream rs;
    if (!rep_begin(&rs, &ro)) {
        diag_at(&sink, DIAG_ERROR, NULL, 0, 0, "cannot create a temporary file for the report");
        goto out;
    }
    /* Case by case: evaluate, filter, write, forget. */
    size_t unfiltered = 0, errors = 0;
    for (size_t i = 0; i < st.ncases; i++) {
        if (case_id && strcmp(st.cases[i].id, case_id) != 0)
            continue;
        res.count = 0;
        res.errors = 0;
        eval_case(&ctx, &st.cases[i], &res);
        errors += res.errors;
        unfiltered += res.count;
        size_t k = 0;
        for (size_t j = 0; j < res.count; j++) {
            const obligation *ob = &res.items[j];
            if (!want[ob->status])
                continue;
            if (role && !(ob->rule->u.rule.has_duty && strcmp(ob->rule->u.rule.role.text, role) == 0))
                continue;
            res.items[k++] = *ob;
        }
        if (!errors)
            rep_case(&rs, res.items, k);
    }
    if (errors) {
        rep_abort(&rs);
        goto out;
    }
    if (!rep_end(&rs, stdout, unfiltered)) {
        diag_at(&sink, DIAG_ERROR, NULL, 0, 0, "cannot write the report");
        goto out;
    }
    rc = 0;
out:
    diag_flush(&sink);
    diag_free(&sink);
    eval_result_free(&res);
    if (have_store)
        ev_store_free(&st);
    cal_free(cal);
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
        diag_at(sink, DIAG_ERROR, NULL, 0, 0, "unknown calendar '%s'", name);
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
    bool between = false;
    for (int i = 1; i < argc; i++) {
        if (cli_is_help(argv[i])) {
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
    diag_init(&sink, stderr, DIAG_TEXT);
    cal_calendar *cal = find_calendar(calname, &sink);
    int rc = 1;
    char buf[11];
    if (!cal)
        goto out;
    if (between) {
        int wd, bad = 0;
        if (!cal_working_days_between(cal, a, b, &wd, &bad)) {
            diag_at(&sink, DIAG_ERROR, NULL, 0, 0, "%d is outside calendar %s (%d-%d)", bad, cal_name(cal),
                    cal_first_year(cal), cal_last_year(cal));
            goto out;
        }
        printf("%d days, %d working days\n", (int)(b - a), wd);
        rc = 0;
        goto out;
    }
    char *end;
    long v = strtol(args[2], &end, 10);
    dur_unit u;
    int used;
    if (*end || end == args[2] || v < 0 || !parse_unit(n, args, 3, &u, &used) || 3 + used != n) {
        rc = cli_usage_error("date", "expected N UNIT with UNIT days, weeks, months, years, hours or working days");
        goto out;
    }
    duration d = {v, u};
    if (!dur_within_limit(d)) {
        diag_at(&sink, DIAG_ERROR, NULL, 0, 0, "%ld %s is more than a hundred years", v, dur_unit_name(u, true));
        diag_hint(&sink, "No procedure has a timescale that long; check the number.");
        goto out;
    }
    cal_day out;
    int bad = 0;
    if (!dur_add(cal, a, d, args[1][0] == '+' ? 1 : -1, &out, &bad)) {
        diag_at(&sink, DIAG_ERROR, NULL, 0, 0, "the arithmetic needs %d, outside calendar %s (%d-%d)", bad,
                cal_name(cal), cal_first_year(cal), cal_last_year(cal));
        diag_hint(&sink, "Docket never guesses holidays; add the year to the calendar file.");
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
