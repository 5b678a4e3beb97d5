/*
 * test_eval.c — the evaluator (interpreter/eval.c) and the case event reader
 * (interpreter/events.c) against the contract in the design notes: every
 * deadline form, every status with exact dates and days late, consumption,
 * schedules, exceptions, `next`, `while`, `for`, timeline order, the as-of
 * date, working days, calendar range errors and bad event files.
 *
 * Policies are small strings; events are written to temporary CSV or JSON
 * Lines files and read with ev_read_file, exactly as `docket eval` does.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "interpreter/eval.h"

/* ------------------------------------------------------------ helpers */

/* The vocabulary every test policy starts with. */
static const char vocab[] =
    "role sw \"Social worker\"\n"
    "role lead \"Lead\"\n"
    "enum decision (lapse, seek_extension)\n"
    "event order_made (months: int)\n"
    "event order_ended\n"
    "event plan_started\n"
    "event plan_ended\n"
    "event meeting (chair: role)\n"
    "event record\n"
    "event review_held\n"
    "event visit (seen_alone: bool)\n"
    "event decided (decision: decision, on: date)\n"
    "state in_force from order_made until order_ended\n"
    "state plan from plan_started until plan_ended\n"
    "state capped from order_made until order_ended for 10 days\n";

typedef struct run {
    ast_program *p;
    cal_calendar *cal;
    diag_sink sink;
    ev_store st;
    bool read_ok;
    eval_result res;
    char path[64];
} run;

static void calendar_path(char *out, size_t n)
{
    const char *file = __FILE__;
    const char *slash = strrchr(file, '/');
    int dirlen = slash ? (int)(slash - file) : 1;
    snprintf(out, n, "%.*s/../../policies/calendars/england_and_wales.csv", dirlen, slash ? file : ".");
}

static cal_day day(const char *s)
{
    cal_day d;
    assert_true(cal_parse_date(s, strlen(s), &d));
    return d;
}

/* Load VOCAB + RULES, write EVENTS to a temporary file (CSV, or JSON Lines
 * when JSONL) and read it. Nothing is evaluated yet. */
static void load(run *r, const char *rules, const char *events, bool jsonl, bool with_cal)
{
    memset(r, 0, sizeof *r);
    diag_init_buffer(&r->sink);
    char *text = xasprintf("%s%s", vocab, rules);
    r->p = program_load_string("t.docket", text, &r->sink);
    free(text);
    assert_non_null(r->p);
    if (r->p->errors) {
        for (size_t i = 0; i < r->sink.count; i++)
            diag_print_text(stderr, &r->sink.items[i], false);
        fail_msg("the test policy has errors");
    }
    if (with_cal) {
        char cp[512];
        calendar_path(cp, sizeof cp);
        r->cal = cal_load(cp, "england_and_wales", &r->sink);
        assert_non_null(r->cal);
    }
    snprintf(r->path, sizeof r->path, "/tmp/docket-test-XXXXXX");
    int fd = mkstemp(r->path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    assert_non_null(f);
    fputs(events, f);
    fclose(f);
    size_t w0 = r->sink.count;
    ev_store_init(&r->st, r->p);
    r->read_ok = ev_read_file(&r->st, r->path, jsonl ? TBL_JSONL : TBL_CSV, &r->sink);
    ev_store_finish(&r->st);
    (void)w0;
}

/* Evaluate every case as of AS_OF. */
static void evaluate(run *r, const char *as_of)
{
    eval_ctx ctx = {r->p, r->cal, day(as_of), &r->sink, r->path, NULL};
    for (size_t i = 0; i < r->st.ncases; i++)
        eval_case(&ctx, &r->st.cases[i], &r->res);
}

static void run_csv(run *r, const char *rules, const char *csv, const char *as_of)
{
    load(r, rules, csv, false, false);
    assert_true(r->read_ok);
    evaluate(r, as_of);
    assert_int_equal(r->res.errors, 0);
}

static void done(run *r)
{
    eval_result_free(&r->res);
    ev_store_free(&r->st);
    cal_free(r->cal);
    program_free(r->p);
    diag_free(&r->sink);
    unlink(r->path);
}

/* The Nth (0-based) obligation of RULE in case CASE, in report order. */
static const obligation *ob(const run *r, const char *case_id, const char *rule, int n)
{
    for (size_t i = 0; i < r->res.count; i++) {
        const obligation *o = &r->res.items[i];
        if (strcmp(o->c->id, case_id) == 0 && strcmp(o->rule->name.text, rule) == 0 && n-- == 0)
            return o;
    }
    fail_msg("no obligation #%d of %s in case %s", n, rule, case_id);
    return NULL;
}

static size_t count_of(const run *r, const char *case_id, const char *rule)
{
    size_t n = 0;
    for (size_t i = 0; i < r->res.count; i++)
        if (strcmp(r->res.items[i].c->id, case_id) == 0 && strcmp(r->res.items[i].rule->name.text, rule) == 0)
            n++;
    return n;
}

/* Status, due date (NULL: none), fulfilling date (NULL: none) and days late
 * (checked for late and overdue). */
static void expect_ob(const obligation *o, ob_status st, const char *due, const char *met, int64_t late)
{
    char b[11];
    if (o->status != st)
        fail_msg("rule %s case %s: status %s, expected %s", o->rule->name.text, o->c->id, status_name(o->status),
                 status_name(st));
    if (due) {
        assert_true(o->has_due);
        assert_string_equal(cal_format(o->due, b), due);
    } else {
        assert_false(o->has_due);
    }
    if (met) {
        assert_non_null(o->met_by);
        assert_string_equal(cal_format(o->met_by->date, b), met);
    } else if (st != ST_BREACHED) {
        assert_null(o->met_by);
    }
    if (st == ST_LATE || st == ST_OVERDUE)
        assert_int_equal(o->days_late, late);
}

static void expect_diag(const diag_sink *s, size_t i, int line, int col, const char *msg)
{
    if (i >= s->count)
        fail_msg("diagnostic %zu missing (only %zu)", i, s->count);
    assert_string_equal(s->items[i].message, msg);
    assert_int_equal(s->items[i].line, line);
    assert_int_equal(s->items[i].col, col);
}

/* ------------------------------------------------------------ one rule per sentence */

/* `when A or B as x`: each event of either kind triggers once; a bare
 * attribute in `where` is read on whichever event it is. */
static void test_several_triggers(void **state)
{
    (void)state;
    run r;
    run_csv(&r,
            "extend event plan_started (months: int)\n"
            "rule r\n  when order_made or plan_started as o where months > 3\n  sw must record\n"
            "  due within 10 days of o\n",
            "case,date,event,months\n"
            "A,2025-01-06,order_made,12\n"
            "A,2025-01-08,plan_started,6\n"
            "A,2025-01-09,plan_started,2\n"   /* where fails: no obligation */
            "A,2025-01-10,record,\n",
            "2025-03-01");
    assert_int_equal(count_of(&r, "A", "r"), 2);
    expect_ob(ob(&r, "A", "r", 0), ST_MET, "2025-01-16", "2025-01-10", 0);
    expect_ob(ob(&r, "A", "r", 1), ST_OVERDUE, "2025-01-18", NULL, 42);
    done(&r);
}

/* `x or y must A or B`: either event fulfils, the first in timeline order,
 * each once within the rule. */
static void test_alternative_actions(void **state)
{
    (void)state;
    run r;
    run_csv(&r,
            "rule r\n  when order_made as o\n  sw or lead must record or review_held\n"
            "  due within 10 days of o\n",
            "case,date,event,months\n"
            "A,2025-01-06,order_made,12\n"
            "A,2025-01-07,order_made,12\n"
            "A,2025-01-08,review_held,\n"
            "A,2025-01-20,record,\n",
            "2025-03-01");
    expect_ob(ob(&r, "A", "r", 0), ST_MET, "2025-01-16", "2025-01-08", 0);
    expect_ob(ob(&r, "A", "r", 1), ST_LATE, "2025-01-17", "2025-01-20", 3);
    const rule_decl *rd = &ob(&r, "A", "r", 0)->rule->u.rule;
    assert_string_equal(rd->role_text, "sw or lead");
    assert_string_equal(rd->action_text, "record or review_held");
    done(&r);
}

/* `inclusive`: the start day is day 1. */
static void test_inclusive(void **state)
{
    (void)state;
    run r;
    run_csv(&r,
            "rule r\n  when visit as v\n  sw must record\n  due within 10 days of v inclusive\n"
            "rule w\n  when visit as v\n  sw must review_held\n  due within 5 working days of v inclusive\n",
            "case,date,event,seen_alone\n"
            "A,2025-01-08,visit,true\n"      /* a Wednesday */
            "B,2025-01-11,visit,true\n",     /* a Saturday: day 1 is Monday */
            "2025-01-09");
    expect_ob(ob(&r, "A", "r", 0), ST_PENDING, "2025-01-17", NULL, 0);
    expect_ob(ob(&r, "A", "w", 0), ST_PENDING, "2025-01-14", NULL, 0);
    done(&r);
    run_csv(&r,
            "rule w\n  when visit as v\n  sw must review_held\n  due within 5 working days of v inclusive\n",
            "case,date,event,seen_alone\nB,2025-01-11,visit,true\n", "2025-01-12");
    expect_ob(ob(&r, "B", "w", 0), ST_PENDING, "2025-01-17", NULL, 0);
    done(&r);
}

/* `must not ACTION before DATE`: breached, met, pending. */
static void test_prohibition(void **state)
{
    (void)state;
    run r;
    run_csv(&r,
            "rule r\n  when plan_started as p\n  lead must not plan_ended before p + 10 days\n",
            "case,date,event\n"
            "A,2025-03-03,plan_started\nA,2025-03-12,plan_ended\n"   /* before: breached */
            "B,2025-03-03,plan_started\nB,2025-03-13,plan_ended\n"   /* on the date: met */
            "C,2025-03-03,plan_started\n",                           /* nothing yet */
            "2025-03-12");
    expect_ob(ob(&r, "A", "r", 0), ST_BREACHED, "2025-03-13", "2025-03-12", 0);
    expect_ob(ob(&r, "C", "r", 0), ST_PENDING, "2025-03-13", NULL, 0);
    done(&r);
    run_csv(&r,
            "rule r\n  when plan_started as p\n  lead must not plan_ended before p + 10 days\n",
            "case,date,event\nB,2025-03-03,plan_started\nB,2025-03-13,plan_ended\n", "2025-03-20");
    expect_ob(ob(&r, "B", "r", 0), ST_MET, "2025-03-13", NULL, 0);
    done(&r);
}

/* `when R overdue as d`: once per obligation of R that was not met by its
 * due date (overdue, or late), from the day after; d is that day. */
static void test_escalation(void **state)
{
    (void)state;
    run r;
    run_csv(&r,
            "rule base\n  when order_made as o\n  sw must meeting\n  due within 10 days of o\n"
            "rule esc\n  when base overdue as missed\n  lead must review_held\n  due within 3 days of missed\n",
            "case,date,event,months,chair\n"
            "A,2025-01-06,order_made,12,\n"     /* due 01-16, overdue from 01-17 */
            "A,2025-01-18,review_held,,\n"
            "B,2025-01-06,order_made,12,\n"
            "B,2025-01-10,meeting,,sw\n"         /* on time: no escalation */
            "C,2025-01-06,order_made,12,\n"
            "C,2025-01-20,meeting,,sw\n",        /* late: it was overdue meanwhile */
            "2025-03-01");
    const obligation *e = ob(&r, "A", "esc", 0);
    expect_ob(e, ST_MET, "2025-01-20", "2025-01-18", 0);
    assert_string_equal(e->escalates->name.text, "base");
    char b[11];
    assert_string_equal(cal_format(e->esc_date, b), "2025-01-17");
    assert_int_equal(count_of(&r, "B", "esc"), 0);
    expect_ob(ob(&r, "C", "esc", 0), ST_OVERDUE, "2025-01-20", NULL, 40);
    done(&r);
    /* As of the due date itself, nothing has failed yet. */
    run_csv(&r,
            "rule base\n  when order_made as o\n  sw must meeting\n  due within 10 days of o\n"
            "rule esc\n  when base overdue as missed\n  lead must review_held\n",
            "case,date,event,months\nA,2025-01-06,order_made,12\n", "2025-01-16");
    assert_int_equal(count_of(&r, "A", "esc"), 0);
    done(&r);
}

/* Editions: a rule with `edition NAME` applies to triggers dated in its
 * period; every obligation names the edition in force. */
static void test_editions(void **state)
{
    (void)state;
    run r;
    run_csv(&r,
            "edition old \"Old\" from 2024-01-01 until 2025-01-01 source \"policies/examples/sample-guidance.txt\"\n"
            "edition new \"New\" from 2025-01-01 source \"policies/examples/sample-guidance.txt\"\n"
            "rule r_old\n  edition old\n  when order_made as o\n  sw must meeting\n  due within 20 days of o\n"
            "rule r_new\n  edition new\n  when order_made as o\n  sw must meeting\n  due within 10 days of o\n"
            "rule always\n  when order_made as o\n  sw must record\n",
            "case,date,event,months\n"
            "A,2024-12-31,order_made,12\n"
            "B,2025-01-01,order_made,12\n"
            "C,2023-12-31,order_made,12\n",
            "2025-01-02");
    expect_ob(ob(&r, "A", "r_old", 0), ST_PENDING, "2025-01-20", NULL, 0);
    assert_int_equal(count_of(&r, "A", "r_new"), 0);
    expect_ob(ob(&r, "B", "r_new", 0), ST_PENDING, "2025-01-11", NULL, 0);
    assert_int_equal(count_of(&r, "B", "r_old"), 0);
    assert_int_equal(count_of(&r, "C", "r_old") + count_of(&r, "C", "r_new"), 0);
    assert_string_equal(ob(&r, "A", "always", 0)->edition->name.text, "old");
    assert_string_equal(ob(&r, "B", "always", 0)->edition->name.text, "new");
    assert_null(ob(&r, "C", "always", 0)->edition);
    done(&r);
}

/* ------------------------------------------------------------ deadlines */

static const char within_rule[] =
    "rule r\n  when order_made as o\n  sw must meeting\n  due within 10 days of o\n";

static void test_within_every_status(void **state)
{
    (void)state;
    run r;
    run_csv(&r, within_rule,
            "case,date,event,months,chair\n"
            "A,2025-01-06,order_made,12,\n"
            "A,2025-01-16,meeting,,sw\n"        /* on the due date: met */
            "B,2025-01-06,order_made,12,\n"
            "B,2025-01-18,meeting,,sw\n"        /* two days after: late */
            "C,2025-01-06,order_made,12,\n"     /* nothing: overdue */
            "D,2025-02-25,order_made,12,\n",    /* nothing, due after as-of: pending */
            "2025-03-01");
    assert_int_equal(r.res.count, 4);
    expect_ob(ob(&r, "A", "r", 0), ST_MET, "2025-01-16", "2025-01-16", 0);
    expect_ob(ob(&r, "B", "r", 0), ST_LATE, "2025-01-16", "2025-01-18", 2);
    expect_ob(ob(&r, "C", "r", 0), ST_OVERDUE, "2025-01-16", NULL, 44);
    expect_ob(ob(&r, "D", "r", 0), ST_PENDING, "2025-03-07", NULL, 0);
    assert_int_equal(r.res.counts[ST_MET], 1);
    assert_int_equal(r.res.counts[ST_LATE], 1);
    assert_int_equal(r.res.counts[ST_OVERDUE], 1);
    assert_int_equal(r.res.counts[ST_PENDING], 1);
    done(&r);
}

static void test_overdue_needs_as_of_past_due(void **state)
{
    (void)state;
    run r;
    /* As of the due date itself nothing is overdue yet. */
    run_csv(&r, within_rule, "case,date,event,months,chair\nA,2025-01-06,order_made,12,\n", "2025-01-16");
    expect_ob(ob(&r, "A", "r", 0), ST_PENDING, "2025-01-16", NULL, 0);
    done(&r);
    run_csv(&r, within_rule, "case,date,event,months,chair\nA,2025-01-06,order_made,12,\n", "2025-01-17");
    expect_ob(ob(&r, "A", "r", 0), ST_OVERDUE, "2025-01-16", NULL, 1);
    done(&r);
}

static void test_by(void **state)
{
    (void)state;
    run r;
    run_csv(&r, "rule r\n  when order_made as o\n  sw must meeting\n  due by 2025-02-01\n",
            "case,date,event,months,chair\n"
            "A,2025-01-06,order_made,12,\nA,2025-02-01,meeting,,sw\n"
            "B,2025-01-06,order_made,12,\nB,2025-02-11,meeting,,sw\n"
            "C,2025-01-06,order_made,12,\n",
            "2025-03-01");
    expect_ob(ob(&r, "A", "r", 0), ST_MET, "2025-02-01", "2025-02-01", 0);
    expect_ob(ob(&r, "B", "r", 0), ST_LATE, "2025-02-01", "2025-02-11", 10);
    expect_ob(ob(&r, "C", "r", 0), ST_OVERDUE, "2025-02-01", NULL, 28);
    done(&r);
}

static void test_between(void **state)
{
    (void)state;
    run r;
    run_csv(&r, "rule r\n  when order_made as o\n  sw must meeting\n  due between o + 10 days and o + 20 days\n",
            "case,date,event,months,chair\n"
            /* Too early (does not count), then inside the window. */
            "A,2025-01-06,order_made,12,\nA,2025-01-10,meeting,,sw\nA,2025-01-16,meeting,,sw\n"
            /* Too early, then after the window. */
            "B,2025-01-06,order_made,12,\nB,2025-01-15,meeting,,sw\nB,2025-01-31,meeting,,sw\n"
            /* Only too early. */
            "C,2025-01-06,order_made,12,\nC,2025-01-07,meeting,,sw\n",
            "2025-03-01");
    const obligation *a = ob(&r, "A", "r", 0);
    expect_ob(a, ST_MET, "2025-01-26", "2025-01-16", 0);
    assert_true(a->has_window);
    assert_int_equal(a->window_open, day("2025-01-16"));
    expect_ob(ob(&r, "B", "r", 0), ST_LATE, "2025-01-26", "2025-01-31", 5);
    expect_ob(ob(&r, "C", "r", 0), ST_OVERDUE, "2025-01-26", NULL, 34);
    done(&r);
}

static void test_before(void **state)
{
    (void)state;
    run r;
    run_csv(&r, "rule r\n  when order_made as o\n  sw must record\n  due before order_ended\n",
            "case,date,event,months,chair\n"
            "A,2025-01-06,order_made,12,\nA,2025-02-01,record,,\nA,2025-03-01,order_ended,,\n"
            "B,2025-01-06,order_made,12,\nB,2025-02-01,order_ended,,\nB,2025-02-05,record,,\n"
            "C,2025-01-06,order_made,12,\n"     /* no end yet: no due date */
            "D,2025-01-06,order_made,12,\nD,2025-02-01,order_ended,,\n"
            /* An end before the trigger is not the one that counts. */
            "E,2025-01-01,order_ended,,\nE,2025-01-06,order_made,12,\n",
            "2025-04-01");
    expect_ob(ob(&r, "A", "r", 0), ST_MET, "2025-03-01", "2025-02-01", 0);
    expect_ob(ob(&r, "B", "r", 0), ST_LATE, "2025-02-01", "2025-02-05", 4);
    expect_ob(ob(&r, "C", "r", 0), ST_PENDING, NULL, NULL, 0);
    expect_ob(ob(&r, "D", "r", 0), ST_OVERDUE, "2025-02-01", NULL, 59);
    expect_ob(ob(&r, "E", "r", 0), ST_PENDING, NULL, NULL, 0);
    done(&r);
}

static void test_no_deadline(void **state)
{
    (void)state;
    run r;
    run_csv(&r, "rule r\n  when order_made as o\n  sw must record\n",
            "case,date,event,months,chair\n"
            "A,2025-01-06,order_made,12,\nA,2025-12-01,record,,\n"
            "B,2020-01-06,order_made,12,\n",
            "2026-01-01");
    expect_ob(ob(&r, "A", "r", 0), ST_MET, NULL, "2025-12-01", 0);
    expect_ob(ob(&r, "B", "r", 0), ST_PENDING, NULL, NULL, 0);
    done(&r);
}

static const char schedule_rule[] =
    "rule r\n  when order_made as o\n  sw must review_held\n  due at 1 month, 2 months and 3 months after o\n";

static void test_schedule_early_and_late(void **state)
{
    (void)state;
    run r;
    /* Windows (halfway from the previous due date): m1 from 2025-01-25,
     * m2 from 2025-02-24, m3 from 2025-03-25. */
    run_csv(&r, schedule_rule,
            "case,date,event,months,chair\n"
            /* m1 met; a second review before m2's window counts for nothing; m2 met; m3 late. */
            "A,2025-01-10,order_made,12,\nA,2025-02-05,review_held,,\nA,2025-02-20,review_held,,\n"
            "A,2025-03-01,review_held,,\nA,2025-04-15,review_held,,\n"
            /* m1 late (after its due date, before m2's window); m2 met; m3 overdue. */
            "B,2025-01-10,order_made,12,\nB,2025-02-14,review_held,,\nB,2025-03-01,review_held,,\n",
            "2025-05-01");
    assert_int_equal(count_of(&r, "A", "r"), 3);
    const obligation *a1 = ob(&r, "A", "r", 0), *a2 = ob(&r, "A", "r", 1), *a3 = ob(&r, "A", "r", 2);
    assert_int_equal(a1->milestone, 1);
    assert_int_equal(a2->milestone, 2);
    assert_int_equal(a3->milestone, 3);
    expect_ob(a1, ST_MET, "2025-02-10", "2025-02-05", 0);
    expect_ob(a2, ST_MET, "2025-03-10", "2025-03-01", 0);
    expect_ob(a3, ST_LATE, "2025-04-10", "2025-04-15", 5);
    assert_true(a1->has_window);
    assert_int_equal(a1->window_open, day("2025-01-25"));
    assert_int_equal(a2->window_open, day("2025-02-24"));
    assert_int_equal(a3->window_open, day("2025-03-25"));
    expect_ob(ob(&r, "B", "r", 0), ST_LATE, "2025-02-10", "2025-02-14", 4);
    expect_ob(ob(&r, "B", "r", 1), ST_MET, "2025-03-10", "2025-03-01", 0);
    expect_ob(ob(&r, "B", "r", 2), ST_OVERDUE, "2025-04-10", NULL, 21);
    done(&r);
}

static void test_schedule_early_review_counts_once(void **state)
{
    (void)state;
    run r;
    /* A review before m1's window (2025-01-25) counts for nothing; the
     * next is m1's, not m2's too. */
    run_csv(&r, schedule_rule,
            "case,date,event,months,chair\nA,2025-01-10,order_made,12,\nA,2025-01-20,review_held,,\n"
            "A,2025-01-25,review_held,,\n", "2025-03-20");
    expect_ob(ob(&r, "A", "r", 0), ST_MET, "2025-02-10", "2025-01-25", 0);
    expect_ob(ob(&r, "A", "r", 1), ST_OVERDUE, "2025-03-10", NULL, 10);
    expect_ob(ob(&r, "A", "r", 2), ST_PENDING, "2025-04-10", NULL, 0);
    done(&r);
}

static void test_schedule_explicit_window(void **state)
{
    (void)state;
    run r;
    /* from 1 week before: m1 counts from 2025-02-03, m2 from 2025-03-03,
     * m3 from 2025-04-03; a review after a due date and before the next
     * window is late for that milestone. */
    run_csv(&r,
            "rule r\n  when order_made as o\n  sw must review_held\n"
            "  due at 1 month, 2 months and 3 months after o from 1 week before\n",
            "case,date,event,months,chair\nA,2025-01-10,order_made,12,\nA,2025-02-02,review_held,,\n"
            "A,2025-02-03,review_held,,\nA,2025-03-02,review_held,,\nA,2025-04-11,review_held,,\n",
            "2025-05-01");
    const obligation *a1 = ob(&r, "A", "r", 0);
    assert_int_equal(a1->window_open, day("2025-02-03"));
    expect_ob(a1, ST_MET, "2025-02-10", "2025-02-03", 0);
    expect_ob(ob(&r, "A", "r", 1), ST_OVERDUE, "2025-03-10", NULL, 52);
    expect_ob(ob(&r, "A", "r", 2), ST_LATE, "2025-04-10", "2025-04-11", 1);
    done(&r);
}

static void test_schedule_month_end_clamp(void **state)
{
    (void)state;
    run r;
    run_csv(&r, schedule_rule, "case,date,event,months,chair\nA,2024-01-31,order_made,12,\n", "2024-01-31");
    expect_ob(ob(&r, "A", "r", 0), ST_PENDING, "2024-02-29", NULL, 0);
    expect_ob(ob(&r, "A", "r", 1), ST_PENDING, "2024-03-31", NULL, 0);
    expect_ob(ob(&r, "A", "r", 2), ST_PENDING, "2024-04-30", NULL, 0);
    done(&r);
}

/* ------------------------------------------------------------ consumption */

static void test_consumption_oldest_first(void **state)
{
    (void)state;
    run r;
    run_csv(&r, "rule r\n  when meeting as m\n  sw must record\n  due within 5 days of m\n",
            "case,date,event,months,chair\n"
            "A,2025-01-06,meeting,,sw\nA,2025-01-08,meeting,,sw\nA,2025-01-09,record,,\n",
            "2025-02-01");
    assert_int_equal(r.res.count, 2);
    expect_ob(ob(&r, "A", "r", 0), ST_MET, "2025-01-11", "2025-01-09", 0);
    expect_ob(ob(&r, "A", "r", 1), ST_OVERDUE, "2025-01-13", NULL, 19);
    done(&r);
}

static void test_different_rules_share_an_event(void **state)
{
    (void)state;
    run r;
    run_csv(&r,
            "rule r1\n  when order_made as o\n  sw must meeting\n  due within 10 days of o\n"
            "rule r2\n  when order_made as o\n  lead must meeting where chair = lead\n  due within 10 days of o\n",
            "case,date,event,months,chair\nA,2025-01-06,order_made,12,\nA,2025-01-07,meeting,,lead\n",
            "2025-02-01");
    expect_ob(ob(&r, "A", "r1", 0), ST_MET, "2025-01-16", "2025-01-07", 0);
    expect_ob(ob(&r, "A", "r2", 0), ST_MET, "2025-01-16", "2025-01-07", 0);
    done(&r);
}

static void test_duty_where_skips_non_matching(void **state)
{
    (void)state;
    run r;
    run_csv(&r, "rule r\n  when order_made as o\n  lead must meeting where chair = lead\n  due within 10 days of o\n",
            "case,date,event,months,chair\n"
            "A,2025-01-06,order_made,12,\nA,2025-01-07,meeting,,sw\nA,2025-01-20,meeting,,lead\n"
            "B,2025-01-06,order_made,12,\nB,2025-01-07,meeting,,sw\nB,2025-01-08,meeting,,\n",
            "2025-02-01");
    expect_ob(ob(&r, "A", "r", 0), ST_LATE, "2025-01-16", "2025-01-20", 4);
    /* An absent attribute never satisfies the condition. */
    expect_ob(ob(&r, "B", "r", 0), ST_OVERDUE, "2025-01-16", NULL, 16);
    done(&r);
}

static void test_trigger_does_not_fulfil_itself(void **state)
{
    (void)state;
    run r;
    run_csv(&r, "rule r\n  when meeting as m\n  lead must meeting\n  due within 8 weeks of m\n",
            "case,date,event,months,chair\n"
            "A,2025-01-06,meeting,,lead\n"
            "B,2025-01-06,meeting,,lead\nB,2025-02-10,meeting,,lead\n",
            "2025-04-01");
    expect_ob(ob(&r, "A", "r", 0), ST_OVERDUE, "2025-03-03", NULL, 29);
    expect_ob(ob(&r, "B", "r", 0), ST_MET, "2025-03-03", "2025-02-10", 0);
    expect_ob(ob(&r, "B", "r", 1), ST_PENDING, "2025-04-07", NULL, 0);
    done(&r);
}

static void test_same_day_keeps_input_order(void **state)
{
    (void)state;
    run r;
    run_csv(&r, within_rule,
            "case,date,event,months,chair\n"
            /* Meeting listed before the order on the same day: it came first. */
            "A,2025-01-06,meeting,,sw\nA,2025-01-06,order_made,12,\n"
            /* Listed after: it fulfils. */
            "B,2025-01-06,order_made,12,\nB,2025-01-06,meeting,,sw\n"
            /* Rows need not be sorted: the meeting is read first but is later. */
            "C,2025-01-09,meeting,,sw\nC,2025-01-06,order_made,12,\n",
            "2025-03-01");
    expect_ob(ob(&r, "A", "r", 0), ST_OVERDUE, "2025-01-16", NULL, 44);
    expect_ob(ob(&r, "B", "r", 0), ST_MET, "2025-01-16", "2025-01-06", 0);
    expect_ob(ob(&r, "C", "r", 0), ST_MET, "2025-01-16", "2025-01-09", 0);
    done(&r);
}

static void test_as_of_excludes_later_events(void **state)
{
    (void)state;
    run r;
    run_csv(&r, within_rule,
            "case,date,event,months,chair\n"
            "A,2025-01-06,order_made,12,\nA,2025-01-10,meeting,,sw\n"
            "B,2025-03-05,order_made,12,\n",   /* trigger after as-of: no obligation */
            "2025-01-09");
    expect_ob(ob(&r, "A", "r", 0), ST_PENDING, "2025-01-16", NULL, 0);
    assert_int_equal(count_of(&r, "B", "r"), 0);
    done(&r);
    run_csv(&r, within_rule, "case,date,event,months,chair\nA,2025-01-06,order_made,12,\nA,2025-01-20,meeting,,sw\n",
            "2025-01-19");
    expect_ob(ob(&r, "A", "r", 0), ST_OVERDUE, "2025-01-16", NULL, 3);
    done(&r);
}

/* ------------------------------------------------------------ next */

static void test_next(void **state)
{
    (void)state;
    run r;
    run_csv(&r, "rule r\n  when visit as v where not seen_alone\n  sw must next visit where seen_alone\n",
            "case,date,event,months,chair,seen_alone\n"
            "A,2025-01-06,visit,,,no\nA,2025-01-10,visit,,,yes\n"       /* met */
            "A,2025-01-20,visit,,,false\nA,2025-01-25,visit,,,false\n", /* breached, then pending */
            "2025-03-01");
    assert_int_equal(r.res.count, 3);
    expect_ob(ob(&r, "A", "r", 0), ST_MET, NULL, "2025-01-10", 0);
    const obligation *b = ob(&r, "A", "r", 1);
    expect_ob(b, ST_BREACHED, NULL, NULL, 0);
    assert_non_null(b->met_by);
    assert_int_equal(b->met_by->date, day("2025-01-25"));
    expect_ob(ob(&r, "A", "r", 2), ST_PENDING, NULL, NULL, 0);
    done(&r);
}

static void test_next_with_deadline(void **state)
{
    (void)state;
    run r;
    run_csv(&r, "rule r\n  when visit as v where not seen_alone\n  sw must next visit where seen_alone\n"
                "  due within 10 days of v\n",
            "case,date,event,months,chair,seen_alone\n"
            "A,2025-01-06,visit,,,no\n"
            "B,2025-01-06,visit,,,no\nB,2025-01-08,visit,,,yes\n",
            "2025-03-01");
    expect_ob(ob(&r, "A", "r", 0), ST_OVERDUE, "2025-01-16", NULL, 44);
    expect_ob(ob(&r, "B", "r", 0), ST_MET, "2025-01-16", "2025-01-08", 0);
    done(&r);
}

/* ------------------------------------------------------------ while, for */

static const char while_rule[] =
    "rule r\n  when meeting as m\n  while in_force\n  sw must record\n  due within 10 days of m\n";

static void test_while(void **state)
{
    (void)state;
    run r;
    run_csv(&r, while_rule,
            "case,date,event,months,chair\n"
            /* State not in force at the trigger: no obligation. */
            "A,2025-01-02,meeting,,sw\nA,2025-01-06,order_made,12,\n"
            /* Ended before the due date, unmet: cancelled. */
            "B,2025-01-06,order_made,12,\nB,2025-01-08,meeting,,sw\nB,2025-01-12,order_ended,,\n"
            /* Met before the end: met. */
            "C,2025-01-06,order_made,12,\nC,2025-01-08,meeting,,sw\nC,2025-01-10,record,,\n"
            "C,2025-01-12,order_ended,,\n"
            /* Ended after the due date: overdue, not cancelled. */
            "D,2025-01-06,order_made,12,\nD,2025-01-08,meeting,,sw\nD,2025-02-01,order_ended,,\n"
            /* The end is the until event's date: a meeting that day is outside. */
            "E,2025-01-06,order_made,12,\nE,2025-01-20,order_ended,,\nE,2025-01-20,meeting,,sw\n",
            "2025-03-01");
    assert_int_equal(count_of(&r, "A", "r"), 0);
    const obligation *b = ob(&r, "B", "r", 0);
    expect_ob(b, ST_CANCELLED, "2025-01-18", NULL, 0);
    assert_int_equal(b->state_end, day("2025-01-12"));
    expect_ob(ob(&r, "C", "r", 0), ST_MET, "2025-01-18", "2025-01-10", 0);
    expect_ob(ob(&r, "D", "r", 0), ST_OVERDUE, "2025-01-18", NULL, 42);
    assert_int_equal(count_of(&r, "E", "r"), 0);
    done(&r);
}

static void test_while_end_after_as_of_not_seen(void **state)
{
    (void)state;
    run r;
    /* The end is after the as-of date: not considered, the duty is pending. */
    run_csv(&r, while_rule,
            "case,date,event,months,chair\n"
            "A,2025-01-06,order_made,12,\nA,2025-01-08,meeting,,sw\nA,2025-01-12,order_ended,,\n",
            "2025-01-11");
    expect_ob(ob(&r, "A", "r", 0), ST_PENDING, "2025-01-18", NULL, 0);
    done(&r);
}

static void test_cancelled_duty_does_not_consume(void **state)
{
    (void)state;
    run r;
    /* The first meeting's duty is cancelled when the order ends; the record
     * after the end belongs to the second order's meeting. */
    run_csv(&r, while_rule,
            "case,date,event,months,chair\n"
            "A,2025-01-06,order_made,12,\nA,2025-01-08,meeting,,sw\nA,2025-01-09,order_ended,,\n"
            "A,2025-01-10,order_made,12,\nA,2025-01-10,meeting,,sw\nA,2025-01-11,record,,\n",
            "2025-03-01");
    expect_ob(ob(&r, "A", "r", 0), ST_CANCELLED, "2025-01-18", NULL, 0);
    expect_ob(ob(&r, "A", "r", 1), ST_MET, "2025-01-20", "2025-01-11", 0);
    done(&r);
}

static void test_next_cancelled_by_while(void **state)
{
    (void)state;
    run r;
    run_csv(&r, "rule r\n  when visit as v where not seen_alone\n  while in_force\n  sw must next visit where seen_alone\n",
            "case,date,event,months,chair,seen_alone\n"
            "A,2025-01-06,order_made,12,,\nA,2025-01-07,visit,,,no\nA,2025-01-09,order_ended,,,\n"
            "A,2025-01-10,visit,,,no\n",
            "2025-03-01");
    assert_int_equal(r.res.count, 1);
    expect_ob(ob(&r, "A", "r", 0), ST_CANCELLED, NULL, NULL, 0);
    done(&r);
}

static void test_for_caps_state(void **state)
{
    (void)state;
    run r;
    run_csv(&r, "rule r\n  when meeting as m\n  while capped\n  sw must record\n  due within 10 days of m\n",
            "case,date,event,months,chair\n"
            "A,2025-01-06,order_made,12,\n"
            "A,2025-01-08,meeting,,sw\n"        /* in force; the cap ends it 2025-01-16 */
            "A,2025-01-16,meeting,,sw\n"        /* the cap's end day: not in force */
            "A,2025-01-20,meeting,,sw\n",
            "2025-03-01");
    assert_int_equal(count_of(&r, "A", "r"), 1);
    const obligation *o = ob(&r, "A", "r", 0);
    expect_ob(o, ST_CANCELLED, "2025-01-18", NULL, 0);
    assert_int_equal(o->state_end, day("2025-01-16"));
    done(&r);
}

/* ------------------------------------------------------------ exceptions */

static const char override_rules[] =
    "rule base\n  when order_made as o\n  sw must meeting\n  due within 10 days of o\n"
    "rule exc\n  overrides base when plan\n  lead must review_held\n  due within 15 days of o\n"
    "rule base2\n  when order_made as o\n  sw must record\n  due within 10 days of o\n"
    "rule exc2\n  overrides base2 when o.months > 9\n  require true\n";

static void test_overrides(void **state)
{
    (void)state;
    run r;
    run_csv(&r, override_rules,
            "case,date,event,months,chair\n"
            "A,2025-01-01,plan_started,,\nA,2025-01-06,order_made,12,\nA,2025-01-15,review_held,,\n"
            "B,2025-01-06,order_made,6,\nB,2025-01-10,meeting,,sw\nB,2025-01-11,record,,\n"
            /* The plan ended before the order: the exception does not apply. */
            "C,2025-01-01,plan_started,,\nC,2025-01-03,plan_ended,,\nC,2025-01-06,order_made,6,\n",
            "2025-03-01");
    const obligation *a = ob(&r, "A", "base", 0);
    expect_ob(a, ST_CANCELLED, "2025-01-16", NULL, 0);
    assert_non_null(a->cancelled_by);
    assert_string_equal(a->cancelled_by->name.text, "exc");
    expect_ob(ob(&r, "A", "exc", 0), ST_MET, "2025-01-21", "2025-01-15", 0);
    /* The binding's attribute decides exc2: months 12 > 9. */
    expect_ob(ob(&r, "A", "base2", 0), ST_CANCELLED, "2025-01-16", NULL, 0);
    expect_ob(ob(&r, "A", "exc2", 0), ST_MET, NULL, NULL, 0);

    expect_ob(ob(&r, "B", "base", 0), ST_MET, "2025-01-16", "2025-01-10", 0);
    expect_ob(ob(&r, "B", "base2", 0), ST_MET, "2025-01-16", "2025-01-11", 0);
    assert_int_equal(count_of(&r, "B", "exc"), 0);
    assert_int_equal(count_of(&r, "B", "exc2"), 0);
    expect_ob(ob(&r, "C", "base", 0), ST_OVERDUE, "2025-01-16", NULL, 44);
    assert_int_equal(count_of(&r, "C", "exc"), 0);
    done(&r);
}

/* ------------------------------------------------------------ constraints, conditions, queries */

static void test_require(void **state)
{
    (void)state;
    run r;
    run_csv(&r, "rule r\n  when order_made as o\n  require o.months <= 12\n",
            "case,date,event,months,chair\nA,2025-01-06,order_made,12,\nB,2025-01-06,order_made,13,\n"
            "C,2025-01-06,order_made,,\n",  /* absent: the comparison does not hold */
            "2025-03-01");
    expect_ob(ob(&r, "A", "r", 0), ST_MET, NULL, NULL, 0);
    expect_ob(ob(&r, "B", "r", 0), ST_BREACHED, NULL, NULL, 0);
    expect_ob(ob(&r, "C", "r", 0), ST_BREACHED, NULL, NULL, 0);
    done(&r);
}

static void test_if_unless(void **state)
{
    (void)state;
    run r;
    run_csv(&r,
            "rule r1\n  when order_made as o\n  if o.months > 9\n  sw must meeting\n  due within 10 days of o\n"
            "rule r2\n  when order_made as o\n  unless plan\n  sw must meeting\n  due within 10 days of o\n",
            "case,date,event,months,chair\n"
            "A,2025-01-06,order_made,12,\n"
            "B,2025-01-01,plan_started,,\nB,2025-01-06,order_made,6,\n",
            "2025-01-07");
    assert_int_equal(count_of(&r, "A", "r1"), 1);
    assert_int_equal(count_of(&r, "A", "r2"), 1);
    assert_int_equal(count_of(&r, "B", "r1"), 0);
    assert_int_equal(count_of(&r, "B", "r2"), 0);
    done(&r);
}

static void test_queries(void **state)
{
    (void)state;
    run r;
    run_csv(&r,
            "rule q_first\n  when order_made as o\n  if first visit after o = 2025-01-08\n  sw must record\n"
            "rule q_last\n  when order_made as o\n  if last visit before o = 2025-01-02\n  sw must record\n"
            "rule q_count\n  when order_made as o\n  if count visit between o and o + 7 days = 2\n  sw must record\n"
            "rule q_count_all\n  when order_made as o\n  if count visit = 4\n  sw must record\n"
            "rule q_exists\n  when order_made as o\n  if exists visit where seen_alone\n  sw must record\n"
            "rule q_not_exists\n  when order_made as o\n  if not exists decided\n  sw must record\n"
            "rule q_state_at\n  when order_made as o\n  if plan at o - 1 day and not plan at o + 30 days\n  sw must record\n",
            "case,date,event,months,chair,seen_alone\n"
            "A,2025-01-02,visit,,,no\nA,2025-01-06,order_made,12,,\nA,2025-01-06,visit,,,no\n"
            "A,2025-01-08,visit,,,no\nA,2025-01-20,visit,,,yes\n"
            "A,2025-01-01,plan_started,,,\nA,2025-01-20,plan_ended,,,\n"
            "A,2025-04-01,visit,,,yes\n",  /* after as-of: not counted */
            "2025-03-01");
    const char *rules[] = {"q_first", "q_last", "q_count", "q_count_all", "q_exists", "q_not_exists", "q_state_at"};
    for (size_t i = 0; i < sizeof rules / sizeof *rules; i++) {
        /* The condition came to hold (on what was known by some day up
         * to the as-of date): the duty arose. */
        if (count_of(&r, "A", rules[i]) != 1)
            fail_msg("%s: the condition did not hold", rules[i]);
    }
    done(&r);
}

/* History is not rewritten: an `unless` that comes to hold before the due
 * date cancels (by the rule, on that day); after the due date it cancels
 * nothing. */
static void test_condition_stops_holding(void **state)
{
    (void)state;
    run r;
    run_csv(&r, "rule r\n  when order_made as o\n  unless exists decided\n  sw must record\n  due within 10 days of o\n",
            "case,date,event,months,chair,seen_alone\n"
            "A,2025-01-06,order_made,12,,\nA,2025-01-10,decided,,,\nA,2025-01-12,record,,,\n"
            "B,2025-01-06,order_made,12,,\nB,2025-01-20,decided,,,\n"
            "C,2025-01-06,order_made,12,,\nC,2025-01-09,record,,,\nC,2025-01-10,decided,,,\n",
            "2025-03-01");
    const obligation *a = ob(&r, "A", "r", 0);
    expect_ob(a, ST_CANCELLED, "2025-01-16", NULL, 0);
    assert_ptr_equal(a->cancelled_by, a->rule);
    assert_int_equal(a->cancelled_on, day("2025-01-10"));
    /* The record after the cancellation stays free: nothing met it. */
    assert_null(a->met_by);
    expect_ob(ob(&r, "B", "r", 0), ST_OVERDUE, "2025-01-16", NULL, 44);
    expect_ob(ob(&r, "C", "r", 0), ST_MET, "2025-01-16", "2025-01-09", 0);
    done(&r);
    /* As of a day before the fact, the same obligation was pending. */
    run_csv(&r, "rule r\n  when order_made as o\n  unless exists decided\n  sw must record\n  due within 10 days of o\n",
            "case,date,event,months,chair,seen_alone\nA,2025-01-06,order_made,12,,\nA,2025-01-10,decided,,,\n",
            "2025-01-09");
    expect_ob(ob(&r, "A", "r", 0), ST_PENDING, "2025-01-16", NULL, 0);
    done(&r);
}

/* A rule whose `if` comes to hold after the trigger applies from that day
 * (counting only events from it); one that comes to hold after the due
 * date never arose. */
static void test_condition_comes_to_hold(void **state)
{
    (void)state;
    run r;
    run_csv(&r, "rule r\n  when order_made as o\n  if exists decided\n  sw must record\n  due within 10 days of o\n",
            "case,date,event,months,chair,seen_alone\n"
            "A,2025-01-06,order_made,12,,\nA,2025-01-07,record,,,\nA,2025-01-10,decided,,,\nA,2025-01-14,record,,,\n"
            "B,2025-01-06,order_made,12,,\nB,2025-01-17,decided,,,\n",
            "2025-03-01");
    expect_ob(ob(&r, "A", "r", 0), ST_MET, "2025-01-16", "2025-01-14", 0);
    assert_int_equal(count_of(&r, "B", "r"), 0);
    done(&r);
}

/* `require` is judged on what was known at the trigger: a later event does
 * not turn a breach into a success. */
static void test_require_at_trigger(void **state)
{
    (void)state;
    run r;
    run_csv(&r, "rule r\n  when order_made as o\n  require exists record\n",
            "case,date,event,months,chair,seen_alone\nA,2025-01-06,order_made,12,,\nA,2025-01-07,record,,,\n"
            "B,2025-01-05,record,,,\nB,2025-01-06,order_made,12,,\n",
            "2025-03-01");
    expect_ob(ob(&r, "A", "r", 0), ST_BREACHED, NULL, NULL, 0);
    expect_ob(ob(&r, "B", "r", 0), ST_MET, NULL, NULL, 0);
    done(&r);
}

/* An exception whose condition on the case's events comes to hold after
 * the trigger cancels the base duty only when that is by its due date. */
static void test_exception_comes_to_hold(void **state)
{
    (void)state;
    run r;
    run_csv(&r,
            "rule base\n  when order_made as o\n  sw must record\n  due within 10 days of o\n"
            "rule exc\n  overrides base when exists decided where (on >= o)\n",
            "case,date,event,months,chair,seen_alone,decision,on\n"
            "A,2025-01-06,order_made,12,,,,\nA,2025-01-16,decided,,,,lapse,2025-01-06\n"
            "B,2025-01-06,order_made,12,,,,\nB,2025-01-17,decided,,,,lapse,2025-01-06\n",
            "2025-03-01");
    const obligation *a = ob(&r, "A", "base", 0);
    expect_ob(a, ST_CANCELLED, "2025-01-16", NULL, 0);
    assert_string_equal(a->cancelled_by->name.text, "exc");
    assert_int_equal(a->cancelled_on, day("2025-01-16"));
    expect_ob(ob(&r, "B", "base", 0), ST_OVERDUE, "2025-01-16", NULL, 44);
    done(&r);
}

/* Queries and `due before` with a `where` condition on the event. */
static void test_queries_where(void **state)
{
    (void)state;
    run r;
    run_csv(&r,
            "rule w_first\n  when order_made as o\n  if first visit where seen_alone after o = 2025-01-20\n  sw must record\n"
            "rule w_last\n  when order_made as o\n  if last visit where (not seen_alone) before o + 30 days = 2025-01-08\n  sw must record\n"
            "rule w_count\n  when order_made as o\n  if count visit where seen_alone between o and o + 1 year = 2\n  sw must record\n"
            "rule w_count_all\n  when order_made as o\n  if count visit where (seen_alone = false) = 3\n  sw must record\n"
            "rule w_none\n  when order_made as o\n  if first visit where seen_alone after o + 100 days = o\n  sw must record\n",
            "case,date,event,months,chair,seen_alone\n"
            "A,2025-01-02,visit,,,no\nA,2025-01-06,order_made,12,,\nA,2025-01-06,visit,,,no\n"
            "A,2025-01-08,visit,,,no\nA,2025-01-20,visit,,,yes\nA,2025-02-10,visit,,,yes\n",
            "2025-03-01");
    const char *met[] = {"w_first", "w_last", "w_count", "w_count_all"};
    for (size_t i = 0; i < sizeof met / sizeof *met; i++) {
        if (count_of(&r, "A", met[i]) != 1)
            fail_msg("%s: the condition did not hold", met[i]);
    }
    /* No matching event: the query is absent and the comparison false. */
    assert_int_equal(count_of(&r, "A", "w_none"), 0);
    done(&r);
}

static void test_due_before_where(void **state)
{
    (void)state;
    run r;
    run_csv(&r,
            "rule r\n  when order_made as o\n  sw must decided\n  due before meeting where chair = lead\n",
            "case,date,event,months,chair\n"
            "A,2025-01-06,order_made,12,\nA,2025-02-01,meeting,,sw\nA,2025-03-03,meeting,,lead\n"
            "A,2025-03-05,decided,,\n"
            "B,2025-01-06,order_made,12,\nB,2025-02-01,meeting,,sw\n",
            "2025-04-01");
    /* Due at the first meeting chaired by the manager, not the first meeting. */
    expect_ob(ob(&r, "A", "r", 0), ST_LATE, "2025-03-03", "2025-03-05", 2);
    /* No such meeting yet: no due date. */
    expect_ob(ob(&r, "B", "r", 0), ST_PENDING, NULL, NULL, 0);
    done(&r);
}

/* ------------------------------------------------------------ working days, calendar */

static void test_working_days_bank_holiday(void **state)
{
    (void)state;
    run r;
    load(&r, "rule r\n  when order_made as o\n  sw must meeting\n  due within 15 working days of o\n",
         "case,date,event,months,chair\nA,2025-04-10,order_made,12,\nA,2025-05-07,meeting,,sw\n", false, true);
    assert_true(r.read_ok);
    evaluate(&r, "2025-06-01");
    assert_int_equal(r.res.errors, 0);
    /* Good Friday 18 April and Easter Monday 21 April are skipped. */
    expect_ob(ob(&r, "A", "r", 0), ST_LATE, "2025-05-06", "2025-05-07", 1);
    done(&r);
    /* Without a calendar only weekends are skipped. */
    load(&r, "rule r\n  when order_made as o\n  sw must meeting\n  due within 15 working days of o\n",
         "case,date,event,months,chair\nA,2025-04-10,order_made,12,\n", false, false);
    evaluate(&r, "2025-04-11");
    expect_ob(ob(&r, "A", "r", 0), ST_PENDING, "2025-05-01", NULL, 0);
    done(&r);
}

static void test_calendar_range_error(void **state)
{
    (void)state;
    run r;
    load(&r, "rule r\n  when order_made as o\n  sw must meeting\n  due within 15 working days of o\n",
         "case,date,event,months,chair\nA,2025-01-06,order_made,12,\nB,2035-12-20,order_made,12,\n", false, true);
    assert_true(r.read_ok);
    size_t d0 = r.sink.count;
    evaluate(&r, "2036-03-01");
    assert_int_equal(r.res.errors, 1);
    assert_int_equal(r.sink.errors, 1);
    assert_true(r.sink.count > d0);
    const diag *d = &r.sink.items[d0];
    assert_int_equal(d->line, 3);
    assert_string_equal(d->message,
                        "case B, rule r: 2035-12-20 + 15 working days needs 2036, outside calendar "
                        "england_and_wales (2012-2035)");
    done(&r);
}

/* ------------------------------------------------------------ reading events */

static void test_read_errors(void **state)
{
    (void)state;
    run r;
    load(&r, "",
         "case,date,event,months,chair,seen_alone,decision\n"
         "A,2025-02-30,order_made,12,,,\n"        /* line 2: impossible date */
         "A,2025-01-06,visit,,,maybe,\n"          /* line 3: bool */
         "A,2025-01-06,decided,,,,lapsed\n"       /* line 4: enum, did you mean */
         "A,2025-01-06,order_made,12x,,,\n"       /* line 5: int with junk */
         "A,2025-01-06,meeting,,nobody,,\n"       /* line 6: unknown role */
         ",2025-01-06,order_made,12,,,\n"         /* line 7: no case */
         "A,,order_made,12,,,\n"                  /* line 8: no date */
         "A,2025-01-06,,,,,\n"                    /* line 9: no event */
         "A,2025-01-06,order_made,12,,,\n",       /* line 10: fine */
         false, false);
    assert_false(r.read_ok);
    assert_int_equal(r.st.rows, 9);
    assert_int_equal(r.st.bad_rows, 8);
    const char *path = r.path;
    expect_diag(&r.sink, 0, 2, 3, "invalid date \"2025-02-30\" in column \"date\"");
    assert_string_equal(r.sink.items[0].file, path);
    assert_string_equal(r.sink.items[0].hint, "Dates are written YYYY-MM-DD and must exist, optionally with a time after 'T' or a space (2025-01-06T16:05, 2025-07-14 10:00:00.000) and a 'Z' or +hh:mm offset.");
    expect_diag(&r.sink, 1, 3, 22,
                "invalid bool \"maybe\" in column \"seen_alone\" of visit: expected true, false, yes or no");
    expect_diag(&r.sink, 2, 4, 25,
                "invalid decision \"lapsed\" in column \"decision\" of decided: expected one of the enum's values");
    assert_string_equal(r.sink.items[2].hint, "Did you mean 'lapse'?");
    expect_diag(&r.sink, 3, 5, 25, "invalid int \"12x\" in column \"months\" of order_made: expected a whole number");
    expect_diag(&r.sink, 4, 6, 23,
                "invalid role \"nobody\" in column \"chair\" of meeting: expected a role declared in the policy");
    expect_diag(&r.sink, 5, 7, 1, "missing case identifier (column \"case\")");
    expect_diag(&r.sink, 6, 8, 3, "missing date (column \"date\")");
    expect_diag(&r.sink, 7, 9, 14, "missing event kind (column \"event\")");
    assert_int_equal(r.sink.errors, 8);
    done(&r);
}

static void test_read_good_values(void **state)
{
    (void)state;
    run r;
    load(&r, "",
         "case,date,event,months,seen_alone,decision,on,extra\n"
         "A,2025-01-06,visit,,YES,,,x\nA,2025-01-06,visit,,No,,,\nA,2025-01-06,visit,,,,,\n"
         "A,2025-01-07,order_made,-3,,,,\nA,2025-01-08,decided,,,seek_extension,2025-03-01,\n",
         false, false);
    assert_true(r.read_ok);
    assert_int_equal(r.st.ncases, 1);
    const ev_case *c = &r.st.cases[0];
    assert_int_equal(c->count, 5);
    assert_int_equal(c->events[0].attrs[0].k, V_BOOL);
    assert_int_equal(c->events[0].attrs[0].i, 1);
    assert_int_equal(c->events[1].attrs[0].i, 0);
    assert_int_equal(c->events[2].attrs[0].k, V_ABSENT);
    assert_int_equal(c->events[3].attrs[0].k, V_INT);
    assert_int_equal(c->events[3].attrs[0].i, -3);
    assert_int_equal(c->events[4].attrs[0].k, V_ENUM);
    assert_int_equal(c->events[4].attrs[0].i, 1);
    assert_int_equal(c->events[4].attrs[1].k, V_DATE);
    assert_int_equal(c->events[4].attrs[1].i, day("2025-03-01"));
    assert_int_equal(c->events[0].line, 2);
    done(&r);
}

static void test_read_missing_column(void **state)
{
    (void)state;
    run r;
    load(&r, "", "case,when,event\nA,2025-01-06,order_made\n", false, false);
    assert_false(r.read_ok);
    expect_diag(&r.sink, 0, 1, 0, "missing required column \"date\"");
    assert_int_equal(r.sink.errors, 1);
    done(&r);
    load(&r, "", "date\n2025-01-06\n", false, false);
    assert_false(r.read_ok);
    expect_diag(&r.sink, 0, 1, 0, "missing required column \"case\"");
    expect_diag(&r.sink, 1, 1, 0, "missing required column \"event\"");
    done(&r);
}

static void test_read_duplicate_header(void **state)
{
    (void)state;
    run r;
    load(&r, "", "case,date,event,date\nA,2025-01-06,order_made,2025-01-07\n", false, false);
    assert_false(r.read_ok);
    assert_true(r.sink.errors >= 1);
    assert_int_equal(r.sink.items[0].line, 1);
    assert_non_null(strstr(r.sink.items[0].message, "duplicate"));
    assert_int_equal(r.st.ncases, 0);
    done(&r);
}

static void test_read_every_bad_row_reported(void **state)
{
    (void)state;
    run r;
    char *csv = xstrdup("case,date,event,months\n");
    for (int i = 0; i < 30; i++) {
        char *n = xasprintf("%sA,2025-01-06,order_made,x%d\nA,2025-01-06,order_made,1\n", csv, i);
        free(csv);
        csv = n;
    }
    load(&r, "", csv, false, false);
    free(csv);
    assert_false(r.read_ok);
    assert_int_equal(r.st.rows, 60);
    assert_int_equal(r.st.bad_rows, 30);
    assert_int_equal(r.sink.errors, 30);
    for (int i = 0; i < 30; i++)
        assert_int_equal(r.sink.items[i].line, 2 + 2 * i);
    done(&r);
}

/* A duration in a case file obeys the unit table's limit, as in a policy:
 * at most a hundred years of any unit; one more is an error at the cell. */
static void test_read_duration_limit(void **state)
{
    (void)state;
    run r;
    load(&r, "event granted (length: duration)\n",
         "case,date,event,length\n"
         "A,2025-01-06,granted,100 years\n"
         "A,2025-01-06,granted,101 years\n"
         "A,2025-01-06,granted,36525 years\n"
         "A,2025-01-06,granted,1200 months\n"
         "A,2025-01-06,granted,1201 months\n"
         "A,2025-01-06,granted,36525 days\n"
         "A,2025-01-06,granted,36526 working days\n"
         "A,2025-01-06,granted,5218 weeks\n"
         "A,2025-01-06,granted,876601 hours\n"
         "A,2025-01-06,granted,99999999999999999999 days\n"
         "A,2025-01-06,granted,-1 days\n",
         false, false);
    assert_false(r.read_ok);
    assert_int_equal(r.st.rows, 11);
    assert_int_equal(r.st.bad_rows, 7);
    static const char too_long[] = "expected at most a hundred years";
    const int bad_lines[] = {3, 4, 6, 8, 10, 11};
    for (size_t i = 0; i < 6; i++) {
        assert_int_equal(r.sink.items[i].line, bad_lines[i]);
        assert_int_equal(r.sink.items[i].col, 22);
        assert_non_null(strstr(r.sink.items[i].message, too_long));
    }
    expect_diag(&r.sink, 1, 4, 22,
                "invalid duration \"36525 years\" in column \"length\" of granted: expected at most a hundred years");
    expect_diag(&r.sink, 6, 12, 22,
                "invalid duration \"-1 days\" in column \"length\" of granted: expected a duration such as "
                "\"15 working days\"");
    assert_int_equal(r.st.ncases, 1);
    assert_int_equal(r.st.cases[0].count, 4);
    assert_int_equal(r.st.cases[0].events[0].attrs[0].dur.n, 100);
    assert_int_equal(r.st.cases[0].events[0].attrs[0].dur.unit, DUR_YEARS);
    done(&r);
}

static void test_read_jsonl(void **state)
{
    (void)state;
    run r;
    load(&r, within_rule,
         "{\"case\": \"A\", \"date\": \"2025-01-06\", \"event\": \"order_made\", \"months\": 12}\n"
         "{\"case\": \"A\", \"date\": \"2025-01-09\", \"event\": \"meeting\", \"chair\": \"sw\"}\n"
         "\n"
         "{\"case\": \"B\", \"date\": \"2025-01-06\", \"event\": \"order_made\", \"months\": null}\n"
         "{\"case\": \"B\", \"date\": \"2025-01-06\", \"event\": \"phone_call\"}\n",
         true, false);
    assert_true(r.read_ok);
    assert_int_equal(r.st.nskipped, 1);
    evaluate(&r, "2025-03-01");
    expect_ob(ob(&r, "A", "r", 0), ST_MET, "2025-01-16", "2025-01-09", 0);
    expect_ob(ob(&r, "B", "r", 0), ST_OVERDUE, "2025-01-16", NULL, 44);
    assert_int_equal(r.st.cases[1].events[0].attrs[0].k, V_ABSENT);
    done(&r);
    load(&r, "", "{\"case\": \"A\", \"date\": \"2025-13-01\", \"event\": \"order_made\"}\n", true, false);
    assert_false(r.read_ok);
    assert_int_equal(r.sink.items[0].line, 1);
    assert_string_equal(r.sink.items[0].message, "invalid date \"2025-13-01\" in column \"date\"");
    done(&r);
}

static void test_undeclared_kinds_skipped(void **state)
{
    (void)state;
    run r;
    load(&r, "",
         "case,date,event,months\n"
         "A,2025-01-06,phone_call,\nA,2025-01-06,order_made,12\nB,2025-01-07,phone_call,\n"
         "B,2025-01-07,letter,\nA,2025-01-08,phone_call,\n"
         "C,2025-01-08,phone_call,12x\n",  /* undeclared: its values are not checked */
         false, false);
    assert_true(r.read_ok);
    assert_int_equal(r.st.rows, 6);
    assert_int_equal(r.st.nskipped, 5);
    assert_int_equal((uintptr_t)strmap_get(&r.st.skipped, "phone_call"), 4);
    assert_int_equal((uintptr_t)strmap_get(&r.st.skipped, "letter"), 1);
    assert_int_equal(r.st.ncases, 1);
    assert_string_equal(r.st.cases[0].id, "A");
    done(&r);
}

static void test_test_block_events(void **state)
{
    (void)state;
    diag_sink sink;
    diag_init_buffer(&sink);
    char *text = xasprintf("%s%s", vocab,
                           "rule r\n  when meeting as m\n  sw must record\n  due within 5 days of m\n"
                           "test \"consumption\"\n  given\n"
                           "    2025-01-06 meeting with chair = sw\n"
                           "    2025-01-08 meeting with chair = lead\n"
                           "    2025-01-09 record\n"
                           "  as of 2025-02-01\n"
                           "  expect r met, due 2025-01-11, met on 2025-01-09\n");
    ast_program *p = program_load_string("t.docket", text, &sink);
    free(text);
    assert_non_null(p);
    assert_int_equal(p->errors, 0);
    assert_int_equal(p->tests.count, 1);
    ev_store st;
    ev_store_init(&st, p);
    ev_add_test_events(&st, &p->tests.items[0]->u.test);
    ev_store_finish(&st);
    assert_int_equal(st.ncases, 1);
    assert_int_equal(st.cases[0].events[1].attrs[0].k, V_ROLE);
    eval_result res = {0};
    eval_ctx ctx = {p, NULL, day("2025-02-01"), &sink, "t.docket", NULL};
    eval_case(&ctx, &st.cases[0], &res);
    assert_int_equal(res.count, 2);
    assert_int_equal(res.items[0].status, ST_MET);
    assert_int_equal(res.items[1].status, ST_OVERDUE);
    assert_int_equal(res.items[1].days_late, 19);
    eval_result_free(&res);
    ev_store_free(&st);
    program_free(p);
    diag_free(&sink);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_within_every_status),
        cmocka_unit_test(test_overdue_needs_as_of_past_due),
        cmocka_unit_test(test_by),
        cmocka_unit_test(test_between),
        cmocka_unit_test(test_before),
        cmocka_unit_test(test_no_deadline),
        cmocka_unit_test(test_schedule_early_and_late),
        cmocka_unit_test(test_schedule_early_review_counts_once),
        cmocka_unit_test(test_schedule_explicit_window),
        cmocka_unit_test(test_schedule_month_end_clamp),
        cmocka_unit_test(test_consumption_oldest_first),
        cmocka_unit_test(test_different_rules_share_an_event),
        cmocka_unit_test(test_duty_where_skips_non_matching),
        cmocka_unit_test(test_trigger_does_not_fulfil_itself),
        cmocka_unit_test(test_same_day_keeps_input_order),
        cmocka_unit_test(test_as_of_excludes_later_events),
        cmocka_unit_test(test_next),
        cmocka_unit_test(test_next_with_deadline),
        cmocka_unit_test(test_while),
        cmocka_unit_test(test_while_end_after_as_of_not_seen),
        cmocka_unit_test(test_cancelled_duty_does_not_consume),
        cmocka_unit_test(test_next_cancelled_by_while),
        cmocka_unit_test(test_for_caps_state),
        cmocka_unit_test(test_overrides),
        cmocka_unit_test(test_require),
        cmocka_unit_test(test_if_unless),
        cmocka_unit_test(test_queries),
        cmocka_unit_test(test_condition_stops_holding),
        cmocka_unit_test(test_condition_comes_to_hold),
        cmocka_unit_test(test_require_at_trigger),
        cmocka_unit_test(test_exception_comes_to_hold),
        cmocka_unit_test(test_queries_where),
        cmocka_unit_test(test_due_before_where),
        cmocka_unit_test(test_working_days_bank_holiday),
        cmocka_unit_test(test_calendar_range_error),
        cmocka_unit_test(test_read_errors),
        cmocka_unit_test(test_read_good_values),
        cmocka_unit_test(test_read_missing_column),
        cmocka_unit_test(test_read_duplicate_header),
        cmocka_unit_test(test_read_every_bad_row_reported),
        cmocka_unit_test(test_read_duration_limit),
        cmocka_unit_test(test_several_triggers),
        cmocka_unit_test(test_alternative_actions),
        cmocka_unit_test(test_inclusive),
        cmocka_unit_test(test_prohibition),
        cmocka_unit_test(test_escalation),
        cmocka_unit_test(test_editions),
        cmocka_unit_test(test_read_jsonl),
        cmocka_unit_test(test_undeclared_kinds_skipped),
        cmocka_unit_test(test_test_block_events),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
