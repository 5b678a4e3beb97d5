/*
 * test_run.c — the runner's check pass (interpreter/run.c) read in parts
 * on threads: for every file, run_load with --jobs 2, 3 and 8 and parts
 * of a few dozen bytes must give exactly what one pass (--jobs 1) gives:
 * the diagnostics as printed, the result, the counts and the notes on
 * standard error, each case's runs of rows, and the cases' evaluation.
 * Files that can be cut where a line ends must be read in parts
 * (run.check_parts > 1); those that cannot (a quoted line break across
 * every cut, a reader limit, a case with too many events) are read again
 * in one pass, with the same output.
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

#include "interpreter/run.h"
#include "lang/input_limits.h"

/* ------------------------------------------------------------ helpers */

static const char policy_text[] =
    "role sw \"Social worker\"\n"
    "enum outcome (agreed, refused)\n"
    "event order_made (months: int)\n"
    "event record (outcome: outcome)\n"
    "event visit (seen_alone: bool, on: date)\n"
    "rule r\n  when order_made as o\n  sw must record\n  due within 10 days of o\n"
    "rule v\n  when visit as v\n  sw must record\n  due within 5 days of v\n";

/* The second program of a pair (diff --events): visit is not declared,
 * months is a date (so the rows' numbers are bad under it). */
static const char policy2_text[] =
    "role sw \"Social worker\"\n"
    "enum outcome (agreed, refused)\n"
    "event order_made (months: date)\n"
    "event record (outcome: outcome)\n"
    "rule r\n  when order_made as o\n  sw must record\n  due within 10 days of o\n";

static ast_program *load_policy(const char *text)
{
    diag_sink sink;
    diag_init_buffer(&sink);
    ast_program *p = program_load_string("t.docket", text, &sink);
    assert_non_null(p);
    assert_int_equal(p->errors, 0);
    diag_free(&sink);
    return p;
}

static char tmpdir[64];

static const char *write_file(const char *name, const char *text, size_t len)
{
    static char path[128];
    snprintf(path, sizeof path, "%s/%s", tmpdir, name);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(text, 1, len, f), len);
    fclose(f);
    return path;
}

/* What one run_load gave, all as text. */
typedef struct outcome {
    bool ok;
    unsigned parts;
    char *diags;   /* the diagnostics as printed (text), with the count line */
    char *notes;   /* run_print_notes */
    char *cases;   /* counts, each case's runs, and (when ok) its evaluation */
} outcome;

static void outcome_free(outcome *o)
{
    free(o->diags);
    free(o->notes);
    free(o->cases);
}

static void work(void *arg, const eval_result *r, run_case *out)
{
    (void)arg;
    wb_printf(&out->body, "%s: %zu obligations", out->c->id, r->count);
    for (size_t i = 0; i < r->count; i++)
        wb_printf(&out->body, " %s/%d/%d", r->items[i].rule->name.text, (int)r->items[i].status,
                  (int)r->items[i].due);
    wb_putc(&out->body, '\n');
}

static void work_pair(void *arg, const eval_result *a, const eval_result *b, run_case *out)
{
    (void)arg;
    wb_printf(&out->body, "%s: %zu and %zu obligations\n", out->c->id, a->count, b->count);
}

static bool emit(void *arg, run_case *out)
{
    FILE *f = arg;
    fwrite(out->body.p, 1, out->body.len, f);
    return true;
}

static void dump_store(FILE *f, const char *what, const ev_store *st)
{
    fprintf(f, "%s: rows %zu bad %zu skipped %zu ignored %zu later %zu\n", what, st->rows, st->bad_rows,
            st->nskipped, st->nignored, st->nlater);
}

/* Check (and, when it reads, evaluate) PATH with JOBS and parts of at
 * least PART_MIN bytes; PROG2: a pair. */
static void check(const char *path, tbl_format fmt, int jobs, size_t part_min, const ast_program *prog,
                  const ast_program *prog2, outcome *o)
{
    memset(o, 0, sizeof *o);
    size_t n;
    FILE *df = open_memstream(&o->diags, &n);
    assert_non_null(df);
    diag_sink sink;
    diag_init(&sink, df, DIAG_TEXT);
    cal_day as_of;
    assert_true(cal_parse_date("2025-06-30", 10, &as_of));
    run_input in = {.path = path, .format = fmt, .order = CAL_YMD, .jobs = jobs, .part_min = part_min};
    run r;
    o->ok = prog2 ? run_load_pair(&r, prog, NULL, prog2, NULL, as_of, &in, &sink)
                  : run_load(&r, prog, NULL, as_of, &in, &sink);
    o->parts = r.check_parts;
    size_t nc;
    FILE *cf = open_memstream(&o->cases, &nc);
    assert_non_null(cf);
    fprintf(cf, "ok %d errors %zu warnings %zu\n", o->ok, sink.errors, sink.warnings);
    dump_store(cf, "first", &r.store);
    if (prog2 && r.pair_stage != 1)
        dump_store(cf, "second", &r.store2);
    fprintf(cf, "cases %zu in order %zu, runs %zu\n", r.ncases, r.norder, r.nspans);
    for (size_t i = 0; i < r.ncases; i++) {
        const run_case_ix *c = &r.cases[i];
        fprintf(cf, "%s events %d/%d n %u runs %u:", c->id, c->has_events, c->has_events2, c->nevents,
                c->nspans);
        for (uint32_t k = c->first; k != UINT32_MAX; k = r.spans[k].next)
            fprintf(cf, " %u@%llu:%u+%u", k, (unsigned long long)run_span_off(&r.spans[k]), r.spans[k].line,
                    run_span_rows(&r.spans[k]));
        fputc('\n', cf);
    }
    for (size_t i = 0; i < r.norder; i++)
        fprintf(cf, "%s%s", i ? " " : "order: ", r.cases[r.order[i]].id);
    fputc('\n', cf);
    if (o->ok) {
        run_sink rs = {.arg = cf, .work = work, .work_pair = work_pair, .emit = emit};
        assert_true(run_cases(&r, 1, NULL, &rs));
    }
    fclose(cf);
    size_t nn;
    FILE *nf = open_memstream(&o->notes, &nn);
    assert_non_null(nf);
    if (o->ok || !prog2)
        run_print_notes(&r, nf, "t.docket");
    fclose(nf);
    diag_flush(&sink);
    diag_free(&sink);
    fclose(df);
    run_free(&r);
}

/* How a file is to be read with more than one job. */
enum { ONE_PASS, IN_PARTS, EITHER };

/* PATH checked in parts equals PATH checked in one pass, for jobs 2, 3 and
 * 8 and parts of at least PART_MIN bytes. SPLIT: whether each run must be
 * in parts (the file can be cut), must fall back to one pass, or either.
 * The one pass's outcome goes to *SERIAL (outcome_free it). */
static void same_as_serial(const char *path, tbl_format fmt, size_t part_min, int split, bool pair,
                           outcome *serial)
{
    ast_program *p = load_policy(policy_text);
    ast_program *p2 = pair ? load_policy(policy2_text) : NULL;
    check(path, fmt, 1, part_min, p, p2, serial);
    assert_int_equal(serial->parts, 1);
    static const int jobs[] = {2, 3, 8};
    for (size_t j = 0; j < sizeof jobs / sizeof jobs[0]; j++) {
        outcome o;
        check(path, fmt, jobs[j], part_min, p, p2, &o);
        if (split == IN_PARTS)
            assert_true(o.parts > 1);
        else if (split == ONE_PASS)
            assert_int_equal(o.parts, 1);
        assert_true(o.parts <= (unsigned)jobs[j]);
        assert_int_equal(o.ok, serial->ok);
        assert_string_equal(o.diags, serial->diags);
        assert_string_equal(o.notes, serial->notes);
        assert_string_equal(o.cases, serial->cases);
        outcome_free(&o);
    }
    program_free(p);
    if (p2)
        program_free(p2);
}

/* A growing text. */
typedef struct text {
    char *p;
    size_t len;
    FILE *f;
} text;

static void text_open(text *t)
{
    t->p = NULL;
    t->len = 0;
    t->f = open_memstream(&t->p, &t->len);
    assert_non_null(t->f);
}

static const char *text_close(text *t)
{
    fclose(t->f);
    return t->p;
}

/* DIAGS holds LINE (a line as printed). */
static void has_line(const char *diags, const char *line)
{
    if (!strstr(diags, line))
        fail_msg("missing \"%s\" in:\n%s", line, diags);
}

static int count_of(const char *hay, const char *needle)
{
    int n = 0;
    for (const char *q = hay; (q = strstr(q, needle)) != NULL; q += strlen(needle))
        n++;
    return n;
}

/* ------------------------------------------------------------ tests */

/* Good rows of a few cases, bad ones spread through the file: each bad row
 * is reported where it is, lines counted from the top of the file. */
static void test_bad_rows_across_parts(void **state)
{
    (void)state;
    text t;
    text_open(&t);
    fputs("case,date,event,months,outcome,seen_alone,on\n", t.f);
    for (int i = 0; i < 60; i++) {
        int line = i + 2;
        if (line == 9)
            fputs("A,2025-13-01,order_made,6,,,\n", t.f);
        else if (line == 30)
            fputs("B,2025-03-01,record,,maybe,,\n", t.f);
        else if (line == 51)
            fputs("C,2025-03-01,visit,,,perhaps,2025-02-30\n", t.f);
        else if (line == 58)
            fputs("C,2025-03-01,visit,,,true\n", t.f); /* a field short: the reader's error */
        else
            fprintf(t.f, "%c,2025-%02d-%02d,%s,%s,,,\n", "ABC"[i / 20], 1 + i % 12, 1 + i % 28,
                    i % 3 ? "record" : "order_made", i % 3 ? "" : "6");
    }
    const char *csv = text_close(&t);
    char *path = xstrdup(write_file("bad.csv", csv, t.len));
    outcome s;
    same_as_serial(path, TBL_CSV, 64, IN_PARTS, false, &s);
    assert_false(s.ok);
    char *want = xasprintf("%s:9:3: error: invalid date \"2025-13-01\" in column \"date\"", path);
    has_line(s.diags, want);
    free(want);
    want = xasprintf("%s:30:22: error: invalid outcome \"maybe\" in column \"outcome\" of record: expected one of "
                     "the enum's values",
                     path);
    has_line(s.diags, want);
    free(want);
    want = xasprintf("%s:51:22: error: invalid bool \"perhaps\" in column \"seen_alone\"", path);
    has_line(s.diags, want);
    free(want);
    want = xasprintf("%s:58:1: error: row has 6 fields; the header has 7", path);
    has_line(s.diags, want);
    free(want);
    has_line(s.diags, "5 errors, 0 warnings\n"); /* two on line 51 */
    free(path);
    free(t.p);
    outcome_free(&s);
}

/* More than 50 bad rows, more than 50 in each part: the file's first 50
 * are reported, the reader's errors all, and one count of the rest. */
static void test_more_than_fifty_bad_rows(void **state)
{
    (void)state;
    text t;
    text_open(&t);
    fputs("case,date,event,months,outcome,seen_alone,on\n", t.f);
    int bad = 0, short_rows = 0;
    for (int i = 0; i < 400; i++) {
        if (i % 50 == 49) {
            fputs("D,2025-01-01,record\n", t.f); /* fields short: always reported */
            short_rows++;
        } else if (i % 2) {
            fprintf(t.f, "C%03d,2025-02-%02d,order_made,many,,,\n", i / 10, 1 + i % 28);
            bad++;
        } else {
            fprintf(t.f, "C%03d,2025-02-%02d,order_made,3,,,\n", i / 10, 1 + i % 28);
        }
    }
    const char *csv = text_close(&t);
    char *path = xstrdup(write_file("many.csv", csv, t.len));
    outcome s;
    same_as_serial(path, TBL_CSV, 64, IN_PARTS, false, &s);
    assert_false(s.ok);
    char *want = xasprintf("%s: error: %d more bad rows not shown\n", path, bad + short_rows - 50);
    has_line(s.diags, want);
    free(want);
    assert_int_equal(count_of(s.diags, "invalid int \"many\""), 50);
    assert_int_equal(count_of(s.diags, "row has 3 fields"), short_rows);
    assert_int_equal(count_of(s.diags, "more bad rows"), 1);
    /* The 50th bad number is on line 105 (every other row from line 3,
     * but lines 51 and 101: rows short of fields). */
    want = xasprintf("%s:105:28: error: invalid int \"many\"", path);
    has_line(s.diags, want);
    free(want);
    want = xasprintf("%s:107:28: error: invalid int \"many\"", path);
    assert_null(strstr(s.diags, want));
    free(want);
    free(path);
    free(t.p);
    outcome_free(&s);
}

/* A quoted field holding line breaks across every cut: the parts do not
 * meet where they should, and the file is read in one pass. */
static void test_quoted_line_break_across_the_cut(void **state)
{
    (void)state;
    text t;
    text_open(&t);
    fputs("case,date,event,months,outcome,seen_alone,on,notes\n", t.f);
    fputs("A,2025-01-02,order_made,6,,,,\n", t.f);
    fputs("A,2025-01-03,record,,agreed,,,\"a note\n", t.f);
    for (int i = 0; i < 200; i++)
        fprintf(t.f, "line %d of the note, with a comma\n", i);
    fputs("the end\"\n", t.f);
    fputs("A,2025-01-04,order_made,x,,,,\n", t.f);
    fputs("B,2025-01-05,order_made,2,,,,\"another\nnote\"\n", t.f);
    const char *csv = text_close(&t);
    char *path = xstrdup(write_file("quoted.csv", csv, t.len));
    outcome s;
    same_as_serial(path, TBL_CSV, 64, ONE_PASS, false, &s);
    assert_false(s.ok);
    char *want = xasprintf("%s:205:25: error: invalid int \"x\" in column \"months\" of order_made", path);
    has_line(s.diags, want);
    free(want);
    has_line(s.diags, "1 error, 0 warnings\n");
    free(path);
    free(t.p);

    /* The same rows without errors, cut where the quoted field is not:
     * a record with a line break inside one part is read in parts. */
    text_open(&t);
    fputs("case,date,event,months,outcome,seen_alone,on,notes\n", t.f);
    for (int i = 0; i < 40; i++)
        fprintf(t.f, "A%02d,2025-01-%02d,order_made,6,,,,%s\n", i / 4, 1 + i % 28,
                i == 5 ? "\"one\ntwo\"" : "");
    csv = text_close(&t);
    path = xstrdup(write_file("quoted2.csv", csv, t.len));
    outcome s2;
    /* Parts of 400 bytes: the cuts fall near lines 15, 22 and 28, not 7. */
    same_as_serial(path, TBL_CSV, 400, IN_PARTS, false, &s2);
    assert_true(s2.ok);
    has_line(s2.notes, "docket: ignored 1 filled cell in columns the row's event does not declare: "
                       "order_made.notes (1)\n");
    free(path);
    free(t.p);
    outcome_free(&s);
    outcome_free(&s2);
}

/* CRLF line ends, a byte-order mark, and one case across every cut: its
 * rows are one run, as one pass has them. */
static void test_crlf_and_a_case_across_the_cuts(void **state)
{
    (void)state;
    text t;
    text_open(&t);
    fputs("\xEF\xBB\xBF" "case,date,event,months,outcome,seen_alone,on\r\n", t.f);
    for (int i = 0; i < 80; i++)
        fprintf(t.f, "%s,2025-%02d-%02d,%s,%s,%s,,\r\n", i < 75 ? "LONG" : "Z", 1 + i % 6, 1 + i % 28,
                i % 2 ? "record" : "order_made", i % 2 ? "" : (i == 40 ? "4.5" : "3"), i % 2 ? "" : "");
    const char *csv = text_close(&t);
    char *path = xstrdup(write_file("crlf.csv", csv, t.len));
    outcome s;
    same_as_serial(path, TBL_CSV, 64, IN_PARTS, false, &s);
    assert_false(s.ok);
    char *want = xasprintf("%s:42:28: error: invalid int \"4.5\"", path);
    has_line(s.diags, want);
    free(want);
    has_line(s.cases, "LONG events 1/0 n 74 runs 1: 0@");
    free(path);
    free(t.p);

    /* Without the bad row: evaluated, the long case read back in one run. */
    text_open(&t);
    fputs("case,date,event,months,outcome,seen_alone,on\r\n", t.f);
    for (int i = 0; i < 80; i++)
        fprintf(t.f, "%s,2025-%02d-%02d,%s,%s,,,\r\n", i < 75 ? "LONG" : "Z", 1 + i % 6, 1 + i % 28,
                i % 2 ? "record" : "order_made", i % 2 ? "" : "3");
    csv = text_close(&t);
    path = xstrdup(write_file("crlf2.csv", csv, t.len));
    outcome s2;
    same_as_serial(path, TBL_CSV, 64, IN_PARTS, false, &s2);
    assert_true(s2.ok);
    has_line(s2.cases, "LONG events 1/0 n 75 runs 1: 0@46:2+75\n");
    has_line(s2.cases, "Z events 1/0 n 5 runs 1: 1@");
    has_line(s2.cases, "LONG: 38 obligations");
    free(path);
    free(t.p);
    outcome_free(&s);
    outcome_free(&s2);
}

/* Cases in no order (each row a run of its own), kinds the policy does not
 * declare, cells in columns the event does not declare, rows after the
 * as-of date, blank lines: the notes are those of one pass. */
static void test_notes_and_cases_in_any_order(void **state)
{
    (void)state;
    text t;
    text_open(&t);
    fputs("case,date,event,months,outcome,seen_alone,on,worker\n", t.f);
    static const char *const kinds[] = {"order_made", "record", "visit", "referral", "contact"};
    for (int i = 0; i < 90; i++) {
        const char *k = kinds[i % 5];
        fprintf(t.f, "K%d,2025-%02d-01,%s,%s,%s,%s,,%s\n", (i * 7) % 13, 1 + i % 12, k,
                i % 5 == 0 ? "2" : "", i % 5 == 1 ? "refused" : "", i % 5 == 2 ? "yes" : "",
                i % 4 ? "W1" : "");
        if (i % 30 == 29)
            fputs("\n", t.f);
    }
    const char *csv = text_close(&t);
    char *path = xstrdup(write_file("notes.csv", csv, t.len));
    outcome s;
    same_as_serial(path, TBL_CSV, 64, IN_PARTS, false, &s); /* never cut after a blank line */
    outcome_free(&s);
    same_as_serial(path, TBL_CSV, 700, IN_PARTS, false, &s);
    assert_true(s.ok);
    has_line(s.notes, "docket: skipped 36 rows of event kinds t.docket does not declare: contact (18), referral (18)\n");
    has_line(s.notes, "docket: ignored 41 filled cells in columns the row's event does not declare: "
                      "order_made.worker (13), record.worker (14), visit.worker (14)\n");
    has_line(s.notes, "docket: 25 rows dated after the as-of date 2025-06-30 were not considered\n");
    free(path);
    free(t.p);
    outcome_free(&s);
}

/* JSON Lines: bad rows, a line that is not JSON, numbers and null. */
static void test_jsonl(void **state)
{
    (void)state;
    text t;
    text_open(&t);
    for (int i = 0; i < 60; i++) {
        int line = i + 1;
        if (line == 17)
            fputs("{\"case\": \"J1\", \"date\": \"2025-01-01\", \"event\": \"order_made\", \"months\": \n", t.f);
        else if (line == 44)
            fputs("{\"case\": \"J2\", \"date\": \"2025-02-31\", \"event\": \"record\"}\n", t.f);
        else
            fprintf(t.f, "{\"case\": \"J%d\", \"date\": \"2025-%02d-%02d\", \"event\": \"%s\", \"months\": %s}\n",
                    i / 15, 1 + i % 12, 1 + i % 28, i % 2 ? "order_made" : "record", i % 2 ? "3" : "null");
    }
    const char *jl = text_close(&t);
    char *path = xstrdup(write_file("events.jsonl", jl, t.len));
    outcome s;
    same_as_serial(path, TBL_JSONL, 64, IN_PARTS, false, &s);
    assert_false(s.ok);
    char *want = xasprintf("%s:17:", path);
    has_line(s.diags, want);
    free(want);
    want = xasprintf("%s:44:", path);
    has_line(s.diags, want);
    free(want);
    has_line(s.diags, "2 errors, 0 warnings\n");
    free(path);
    free(t.p);

    /* Good rows only: read in parts and evaluated. */
    text_open(&t);
    for (int i = 0; i < 60; i++)
        fprintf(t.f, "{\"case\": \"J%d\", \"date\": \"2025-%02d-%02d\", \"event\": \"%s\", \"months\": %s}\n",
                i / 7, 1 + i % 12, 1 + i % 28, i % 2 ? "order_made" : "record", i % 2 ? "3" : "null");
    jl = text_close(&t);
    path = xstrdup(write_file("good.jsonl", jl, t.len));
    outcome s2;
    same_as_serial(path, TBL_JSONL, 64, IN_PARTS, false, &s2);
    assert_true(s2.ok);
    has_line(s2.cases, "J0: ");
    has_line(s2.cases, "rows 60 bad 0");
    free(path);
    free(t.p);
    outcome_free(&s);
    outcome_free(&s2);
}

/* JSON Lines ending in blank lines, nearly half the file: with two jobs
 * the cut falls just after the last record, so the last part has none and
 * would say "empty file" on its own. */
static void test_jsonl_blank_end(void **state)
{
    (void)state;
    text t;
    text_open(&t);
    long last = 0;
    for (int i = 0; i < 11; i++) {
        last = ftell(t.f);
        fprintf(t.f, "{\"case\": \"E%d\", \"date\": \"2025-01-%02d\", \"event\": \"record\"}\n", i, 10 + i);
    }
    for (long i = 0; i < last; i++) /* (records + last) / 2 is in the last record */
        fputc('\n', t.f);
    const char *jl = text_close(&t);
    char *path = xstrdup(write_file("blank-end.jsonl", jl, t.len));
    outcome s;
    same_as_serial(path, TBL_JSONL, 64, EITHER, false, &s);
    assert_true(s.ok);
    assert_string_equal(s.diags, "");
    has_line(s.cases, "rows 11 bad 0");
    free(path);
    free(t.p);
    outcome_free(&s);
}

/* A blank line after every record (CSV: empty or a lone CR; JSON Lines:
 * spaces): the file is cut after records only, and read in parts. */
static void test_blank_lines(void **state)
{
    (void)state;
    text t;
    text_open(&t);
    fputs("case,date,event,months\n", t.f);
    for (int i = 0; i < 50; i++)
        fprintf(t.f, "B%d,2025-01-%02d,order_made,%s\n%s", i / 6, 1 + i % 28, i == 33 ? "three" : "3",
                i % 2 ? "\n" : "\r\n");
    const char *csv = text_close(&t);
    char *path = xstrdup(write_file("blank.csv", csv, t.len));
    outcome s;
    same_as_serial(path, TBL_CSV, 64, IN_PARTS, false, &s);
    assert_false(s.ok);
    char *want = xasprintf("%s:68:26: error: invalid int \"three\"", path);
    has_line(s.diags, want);
    free(want);
    free(path);
    free(t.p);
    outcome_free(&s);

    text_open(&t);
    for (int i = 0; i < 50; i++)
        fprintf(t.f, "{\"case\": \"B%d\", \"date\": \"2025-01-%02d\", \"event\": \"record\"}\n \t \n", i / 6,
                1 + i % 28);
    const char *jl = text_close(&t);
    path = xstrdup(write_file("blank.jsonl", jl, t.len));
    same_as_serial(path, TBL_JSONL, 64, IN_PARTS, false, &s);
    assert_true(s.ok);
    has_line(s.cases, "rows 50 bad 0");
    free(path);
    free(t.p);
    outcome_free(&s);
}

/* A bad header is reported once, by the one pass. */
static void test_bad_header(void **state)
{
    (void)state;
    text t;
    text_open(&t);
    fputs("case,when,event,months\n", t.f);
    for (int i = 0; i < 40; i++)
        fprintf(t.f, "A,2025-01-%02d,order_made,3\n", 1 + i % 28);
    const char *csv = text_close(&t);
    char *path = xstrdup(write_file("header.csv", csv, t.len));
    outcome s;
    same_as_serial(path, TBL_CSV, 64, ONE_PASS, false, &s);
    assert_false(s.ok);
    assert_int_equal(count_of(s.diags, "missing required column \"date\""), 1);
    free(path);
    free(t.p);
    outcome_free(&s);
}

/* A field past the reader's limit (reported, reading goes on), and a
 * record past it (the rest of the file is not read: nothing after it is
 * reported): read in one pass. */
static void test_reader_limits(void **state)
{
    (void)state;
    text t;
    text_open(&t);
    fputs("case,date,event,months,outcome,seen_alone,on,notes\n", t.f);
    for (int i = 0; i < 40; i++)
        fprintf(t.f, "A,2025-01-%02d,order_made,3,,,,\n", 1 + i % 28);
    fputs("A,2025-02-01,record,,,,,", t.f);
    for (size_t i = 0; i < DOCKET_MAX_FIELD_BYTES + 10; i++)
        fputc('n', t.f);
    fputs("\n", t.f);
    for (int i = 0; i < 40; i++)
        fprintf(t.f, "A,2025-03-%02d,order_made,z,,,,\n", 1 + i % 28);
    const char *csv = text_close(&t);
    char *path = xstrdup(write_file("field.csv", csv, t.len));
    outcome s;
    same_as_serial(path, TBL_CSV, 64, ONE_PASS, false, &s);
    assert_false(s.ok);
    char *want = xasprintf("%s:42:25: error: field longer than 256 KiB (262144 bytes), the limit", path);
    has_line(s.diags, want);
    free(want);
    assert_int_equal(count_of(s.diags, "invalid int \"z\""), 40);
    free(path);
    free(t.p);
    outcome_free(&s);

    text_open(&t);
    fputs("case,date,event,months,outcome,seen_alone,on,notes\n", t.f);
    for (int i = 0; i < 40; i++)
        fprintf(t.f, "A,2025-01-%02d,order_made,y,,,,\n", 1 + i % 28);
    fputs("A,2025-02-01,record,,,,,\"", t.f);
    for (size_t i = 0; i < DOCKET_MAX_RECORD_BYTES + 10; i++)
        fputc(i % 64 == 63 ? '\n' : 'n', t.f);
    fputs("\"\n", t.f);
    for (int i = 0; i < 40; i++)
        fprintf(t.f, "A,2025-03-%02d,order_made,z,,,,\n", 1 + i % 28);
    csv = text_close(&t);
    path = xstrdup(write_file("record.csv", csv, t.len));
    same_as_serial(path, TBL_CSV, 64, ONE_PASS, false, &s);
    assert_false(s.ok);
    has_line(s.diags, "a record is longer than 1 MiB (1048576 bytes), the limit; the rest of the file is not read\n");
    assert_int_equal(count_of(s.diags, "invalid int \"y\""), 40);
    assert_int_equal(count_of(s.diags, "invalid int \"z\""), 0);
    free(path);
    free(t.p);
    outcome_free(&s);
}

/* A case with more events than the limit, its rows in every part: no
 * part has too many, the whole does: reported by the one pass. */
static void test_too_many_events(void **state)
{
    (void)state;
    text t;
    text_open(&t);
    fputs("case,date,event\n", t.f);
    for (int i = 0; i <= DOCKET_MAX_EVENTS_PER_CASE; i++)
        fputs("A,2025-01-01,record\n", t.f);
    const char *csv = text_close(&t);
    char *path = xstrdup(write_file("toomany.csv", csv, t.len));
    outcome s;
    same_as_serial(path, TBL_CSV, (size_t)256 << 10, ONE_PASS, false, &s);
    assert_false(s.ok);
    char *want = xasprintf("%s:%d:1: error: case A has more than %d events, the limit", path,
                           DOCKET_MAX_EVENTS_PER_CASE + 2, DOCKET_MAX_EVENTS_PER_CASE);
    has_line(s.diags, want);
    free(want);
    free(path);
    free(t.p);
    outcome_free(&s);
}

/* diff --events: both programs check every row, each in parts. */
static void test_pair(void **state)
{
    (void)state;
    text t;
    text_open(&t);
    fputs("case,date,event,months,outcome,seen_alone,on\n", t.f);
    for (int i = 0; i < 60; i++)
        fprintf(t.f, "P%d,2025-%02d-%02d,%s,%s,,%s,\n", i / 9, 1 + i % 6, 1 + i % 28,
                i % 3 == 0 ? "order_made" : i % 3 == 1 ? "record" : "visit", i % 3 == 0 ? "2025-01-01" : "",
                i % 3 == 2 ? "no" : "");
    const char *csv = text_close(&t);
    char *path = xstrdup(write_file("pair.csv", csv, t.len));
    outcome s;
    /* months holds dates: bad under the first program (20 rows). */
    same_as_serial(path, TBL_CSV, 64, IN_PARTS, true, &s);
    assert_false(s.ok);
    assert_int_equal(count_of(s.diags, "invalid int \"2025-01-01\""), 20);
    free(path);
    free(t.p);
    outcome_free(&s);

    /* Numbers in months: bad under the second program only. */
    text_open(&t);
    fputs("case,date,event,months,outcome,seen_alone,on\n", t.f);
    for (int i = 0; i < 60; i++)
        fprintf(t.f, "P%d,2025-%02d-%02d,%s,%s,,%s,\n", i / 9, 1 + i % 6, 1 + i % 28,
                i % 3 == 0 ? "order_made" : i % 3 == 1 ? "record" : "visit", i % 3 == 0 ? "4" : "",
                i % 3 == 2 ? "no" : "");
    csv = text_close(&t);
    path = xstrdup(write_file("pair2.csv", csv, t.len));
    same_as_serial(path, TBL_CSV, 64, IN_PARTS, true, &s);
    assert_false(s.ok);
    has_line(s.cases, "second: rows 60 bad 20");
    char *want = xasprintf("%s:2:", path);
    has_line(s.diags, want);
    free(want);
    free(path);
    free(t.p);
    outcome_free(&s);

    /* Good under both: the cases of each, evaluated. */
    text_open(&t);
    fputs("case,date,event,months,outcome,seen_alone,on\n", t.f);
    for (int i = 0; i < 60; i++)
        fprintf(t.f, "P%d,2025-%02d-%02d,%s,,,%s,\n", i / 9, 1 + i % 6, 1 + i % 28,
                i % 3 == 1 ? "record" : "visit", i % 3 == 2 ? "no" : "");
    csv = text_close(&t);
    path = xstrdup(write_file("pair3.csv", csv, t.len));
    same_as_serial(path, TBL_CSV, 64, IN_PARTS, true, &s);
    assert_true(s.ok);
    has_line(s.cases, "P0 events 1/1");
    has_line(s.cases, "P0: ");
    free(path);
    free(t.p);
    outcome_free(&s);
}

/* Small files and memory (eval --mapping) are read in one pass. */
/* A case of more rows than one run holds (RUN_SPAN_MAX_ROWS): its rows
 * are two runs, read again whole (every event evaluated). In parts, cut
 * inside the long case, the runs fall elsewhere (a run cannot be cut at a
 * row whose offset the merge does not know) but what is reported is the
 * same. */
static void test_long_run(void **state)
{
    (void)state;
    text t;
    text_open(&t);
    fputs("case,date,event,months,outcome,seen_alone,on\n", t.f);
    fputs("A,2025-01-02,order_made,6,,,\n", t.f);
    for (int i = 0; i < 70000; i++) /* undeclared rows: counted, not events */
        fputs("L,2025-01-03,note,,,,\n", t.f);
    fputs("L,2025-01-04,order_made,3,,,\n", t.f);
    fputs("L,2025-01-05,record,,agreed,,\n", t.f);
    fputs("Z,2025-01-06,order_made,1,,,\n", t.f);
    const char *csv = text_close(&t);
    char *path = xstrdup(write_file("long.csv", csv, t.len));
    free(t.p);
    ast_program *p = load_policy(policy_text);
    outcome one, two;
    check(path, TBL_CSV, 1, 64 * 1024, p, NULL, &one);
    check(path, TBL_CSV, 2, 64 * 1024, p, NULL, &two);
    assert_int_equal(one.parts, 1);
    assert_int_equal(two.parts, 2);
    has_line(one.cases, "L events 1/0 n 2 runs 2: 1@74:3+65535 2@1441844:65538+4467\n");
    has_line(two.cases, "L events 1/0 n 2 runs 2: 1@74:3+35002 2@770118:35005+35000\n");
    has_line(one.cases, "L: 1 obligations r/0/20102\n");
    assert_string_equal(strstr(one.cases, "order:"), strstr(two.cases, "order:"));
    assert_string_equal(one.diags, two.diags);
    assert_string_equal(one.notes, two.notes);
    has_line(one.notes, "docket: skipped 70000 rows");
    outcome_free(&one);
    outcome_free(&two);
    program_free(p);
    free(path);
}

static void test_one_pass(void **state)
{
    (void)state;
    ast_program *p = load_policy(policy_text);
    const char *csv = "case,date,event,months\nA,2025-01-01,order_made,3\nA,2025-01-02,record,\n";
    char *path = xstrdup(write_file("small.csv", csv, strlen(csv)));
    outcome o;
    check(path, TBL_CSV, 8, 0, p, NULL, &o); /* parts of 1 MiB */
    assert_true(o.ok);
    assert_int_equal(o.parts, 1);
    outcome_free(&o);
    check(path, TBL_CSV, 8, 16, p, NULL, &o); /* 70 bytes, 2 rows: 2 parts */
    assert_true(o.ok);
    assert_int_equal(o.parts, 2);
    outcome_free(&o);
    free(path);
    diag_sink sink;
    diag_init_buffer(&sink);
    run_input in = {.path = "mapped.csv", .format = TBL_CSV, .mem = csv, .mem_len = strlen(csv), .jobs = 8,
                    .part_min = 16};
    run r;
    assert_true(run_load(&r, p, NULL, 0, &in, &sink));
    assert_int_equal(r.check_parts, 1);
    assert_int_equal(run_ncases(&r), 1);
    run_free(&r);
    diag_free(&sink);
    program_free(p);
}

static int setup(void **state)
{
    (void)state;
    snprintf(tmpdir, sizeof tmpdir, "/tmp/docket-run-XXXXXX");
    return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    char *cmd = xasprintf("rm -rf '%s'", tmpdir);
    int rc = system(cmd);
    free(cmd);
    return rc == 0 ? 0 : -1;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bad_rows_across_parts),
        cmocka_unit_test(test_more_than_fifty_bad_rows),
        cmocka_unit_test(test_quoted_line_break_across_the_cut),
        cmocka_unit_test(test_crlf_and_a_case_across_the_cuts),
        cmocka_unit_test(test_notes_and_cases_in_any_order),
        cmocka_unit_test(test_jsonl),
        cmocka_unit_test(test_jsonl_blank_end),
        cmocka_unit_test(test_blank_lines),
        cmocka_unit_test(test_bad_header),
        cmocka_unit_test(test_reader_limits),
        cmocka_unit_test(test_too_many_events),
        cmocka_unit_test(test_pair),
        cmocka_unit_test(test_one_pass),
        cmocka_unit_test(test_long_run),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
