/*
 * test_calendar.c — dates, months, working days and calendar files.
 *
 * Working-day arithmetic is checked against a day-by-day reference that
 * shares nothing with interpreter/calendar.c but cal_parse_date: its own
 * weekday formula and its own holiday table read straight from the CSV.
 * Run from the repository root (the real calendar is loaded by a relative
 * path).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "interpreter/time/calendar.h"
#include "lang/diag.h"

#define EW_PATH "policies/calendars/england_and_wales.csv"
#define EW_ROWS 196
#define EW_FIRST 2012
#define EW_LAST 2035

/* ------------------------------------------------------------- helpers */

static cal_day D(const char *s)
{
    cal_day d = 0;
    if (!cal_parse_date(s, strlen(s), &d))
        fail_msg("bad date literal in test: %s", s);
    return d;
}

static void assert_day(cal_day got, const char *want)
{
    char buf[11];
    assert_string_equal(cal_format(got, buf), want);
}

static cal_calendar *load_ew(void)
{
    diag_sink sink;
    diag_init_buffer(&sink);
    cal_calendar *c = cal_load(EW_PATH, "england_and_wales", &sink);
    if (c == NULL || sink.count != 0) {
        for (size_t i = 0; i < sink.count; i++)
            print_error("%s:%d:%d: %s\n", sink.items[i].file ? sink.items[i].file : "",
                        sink.items[i].line, sink.items[i].col, sink.items[i].message);
        fail_msg("cannot load %s (run the tests from the repository root)", EW_PATH);
    }
    diag_free(&sink);
    return c;
}

/* Write LEN bytes to a fresh temporary file; its path goes to PATH. */
static void write_temp(char path[64], const char *content, size_t len)
{
    strcpy(path, "/tmp/docket-test-calendar-XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, content, len), (ssize_t)len);
    assert_int_equal(close(fd), 0);
}

/* Load CONTENT as a calendar file into SINK (a fresh buffer sink). */
static cal_calendar *load_text(const char *content, diag_sink *sink, char path[64])
{
    write_temp(path, content, strlen(content));
    diag_init_buffer(sink);
    cal_calendar *c = cal_load(path, "test", sink);
    unlink(path);
    return c;
}

static void expect_diag(const diag_sink *s, size_t i, diag_severity sev, const char *file,
                        int line, int col, const char *message)
{
    assert_true(i < s->count);
    const diag *d = &s->items[i];
    assert_int_equal(d->sev, sev);
    assert_non_null(d->file);
    assert_string_equal(d->file, file);
    assert_string_equal(d->message, message);
    assert_int_equal(d->line, line);
    assert_int_equal(d->col, col);
}

/* CONTENT must fail to load with exactly one error. */
static void expect_one_error(const char *content, int line, int col, const char *message)
{
    diag_sink sink;
    char path[64];
    cal_calendar *c = load_text(content, &sink, path);
    assert_null(c);
    assert_int_equal(sink.count, 1);
    expect_diag(&sink, 0, DIAG_ERROR, path, line, col, message);
    diag_free(&sink);
}

/* ------------------------------------------------- reference (brute force) */

typedef struct ref_cal {
    cal_day lo, hi;            /* first day of the first year, last of the last */
    int first_year, last_year;
    unsigned char *holiday;    /* holiday[d - lo] */
    cal_day days[1024];        /* holidays in file order */
    size_t n;
} ref_cal;

/* Read the holidays of a CSV file without quotes, independently of cal_load. */
static void ref_load(ref_cal *r, const char *path)
{
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    char line[512];
    assert_non_null(fgets(line, sizeof line, f)); /* header */
    r->n = 0;
    while (fgets(line, sizeof line, f) != NULL) {
        if (line[0] == '\n' || line[0] == '\r')
            continue;
        assert_true(r->n < 1024);
        assert_true(cal_parse_date(line, 10, &r->days[r->n]));
        r->n++;
    }
    fclose(f);
    assert_true(r->n > 0);
    char buf[11];
    cal_format(r->days[0], buf);
    r->first_year = atoi(buf);
    cal_format(r->days[r->n - 1], buf);
    r->last_year = atoi(buf);
    r->lo = cal_from_ymd(r->first_year, 1, 1);
    r->hi = cal_from_ymd(r->last_year, 12, 31);
    r->holiday = calloc((size_t)(r->hi - r->lo + 1), 1);
    assert_non_null(r->holiday);
    for (size_t i = 0; i < r->n; i++)
        r->holiday[r->days[i] - r->lo] = 1;
}

static void ref_free(ref_cal *r)
{
    free(r->holiday);
}

static int ref_weekday(cal_day d) /* 0 Monday; 1970-01-01 was a Thursday */
{
    int64_t w = ((int64_t)d + 3) % 7;
    return (int)(w < 0 ? w + 7 : w);
}

static int ref_year(cal_day d)
{
    int y, m, dd;
    cal_to_ymd(d, &y, &m, &dd);
    return y;
}

static int ref_working(const ref_cal *r, cal_day d)
{
    return ref_weekday(d) < 5 && !r->holiday[d - r->lo];
}

/* Step day by day. */
static bool ref_add(const ref_cal *r, cal_day d, int n, cal_day *out, int *bad)
{
    if (d < r->lo || d > r->hi) {
        *bad = ref_year(d);
        return false;
    }
    int step = n > 0 ? 1 : -1, left = n > 0 ? n : -n;
    cal_day x = d;
    while (left > 0) {
        x += step;
        if (x > r->hi) {
            *bad = r->last_year + 1;
            return false;
        }
        if (x < r->lo) {
            *bad = r->first_year - 1;
            return false;
        }
        if (ref_working(r, x))
            left--;
    }
    *out = x;
    return true;
}

static void check_against_ref(const cal_calendar *c, const ref_cal *r, cal_day d, int n)
{
    cal_day want = 0, got = 0;
    int want_bad = -1, got_bad = -1;
    bool want_ok = ref_add(r, d, n, &want, &want_bad);
    bool got_ok = cal_add_working_days(c, d, n, &got, &got_bad);
    if (want_ok != got_ok || (want_ok && want != got) || (!want_ok && want_bad != got_bad)) {
        char a[11], b[11], e[11];
        fail_msg("%s + %d working days: want %s %s (bad %d), got %s %s (bad %d)",
                 cal_format(d, a), n, want_ok ? "ok" : "fail", cal_format(want, b), want_bad,
                 got_ok ? "ok" : "fail", cal_format(got, e), got_bad);
    }
}

/* ------------------------------------------------------- day numbers */

static void test_known_day_numbers(void **state)
{
    (void)state;
    /* Values from `date -u -d DATE +%s` / 86400. */
    assert_int_equal(cal_from_ymd(1970, 1, 1), 0);
    assert_int_equal(cal_from_ymd(1969, 12, 31), -1);
    assert_int_equal(cal_from_ymd(2000, 3, 1), 11017);
    assert_int_equal(cal_from_ymd(2012, 1, 1), 15340);
    assert_int_equal(cal_from_ymd(2025, 1, 1), 20089);
    assert_int_equal(cal_from_ymd(2025, 1, 6), 20094);
    assert_int_equal(cal_from_ymd(2035, 12, 31), 24105);
    assert_int_equal(cal_from_ymd(1, 1, 1), -719162);
    assert_int_equal(cal_from_ymd(9999, 12, 31), 2932896);
    assert_int_equal(D("2025-01-06"), 20094);
    assert_day(0, "1970-01-01");
    assert_day(-719162, "0001-01-01");
    assert_day(2932896, "9999-12-31");
}

/* Walk every day of [Y0, Y1] with an independent y/m/d counter. */
static void walk_days(int y0, int y1)
{
    static const int mlen[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    cal_day day = cal_from_ymd(y0, 1, 1);
    for (int y = y0; y <= y1; y++) {
        bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
        for (int m = 1; m <= 12; m++) {
            int len = m == 2 && leap ? 29 : mlen[m - 1];
            for (int d = 1; d <= len; d++, day++) {
                char want[40], got[11];
                snprintf(want, sizeof want, "%04d-%02d-%02d", y, m, d);
                if (strcmp(cal_format(day, got), want) != 0)
                    fail_msg("day %d formats as %s, want %s", (int)day, got, want);
                cal_day back = -1;
                if (!cal_parse_date(want, 10, &back) || back != day)
                    fail_msg("%s does not parse back to %d", want, (int)day);
                if (cal_from_ymd(y, m, d) != day)
                    fail_msg("cal_from_ymd(%s) != %d", want, (int)day);
                int yy, mm, dd;
                cal_to_ymd(day, &yy, &mm, &dd);
                if (yy != y || mm != m || dd != d)
                    fail_msg("cal_to_ymd(%d) = %d-%d-%d, want %s", (int)day, yy, mm, dd, want);
            }
        }
    }
}

static void test_roundtrip_2012_2035(void **state)
{
    (void)state;
    walk_days(2012, 2035);
}

static void test_roundtrip_all_years(void **state)
{
    (void)state;
    walk_days(1, 9999);
}

static void test_parse_rejects(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "2025-02-30", "2023-02-29", "2025-13-01", "2025-00-10", "2025-1-5",
        "2025-01-05x", "", "20250105", "2025-01-32", "2025-04-31", "2025-06-31",
        "2025-09-31", "2025-11-31", "1900-02-29", "2100-02-29", "0000-01-01",
        "2025-01-00", " 2025-01-05", "2025-01-05 ", "2025/01/05", "2025-01-0a",
        "+025-01-05", "-025-01-05", "2025--1-05", "2025-01--5", "2025-01-5 ",
        "25-01-05", "2025-001-05", "2025-01-05T00", "２025-01-05", "2025-99-99",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        cal_day d = 12345;
        if (cal_parse_date(bad[i], strlen(bad[i]), &d))
            fail_msg("accepted \"%s\"", bad[i]);
        assert_int_equal(d, 12345); /* untouched */
    }
    cal_day d;
    assert_false(cal_parse_date(NULL, 0, &d));
    assert_false(cal_parse_date("2025-01-05", 9, &d));
    assert_false(cal_parse_date("2025-01-05", 11, &d)); /* includes the NUL */
    assert_false(cal_parse_date("2025-01\0005", 10, &d));
}

static void test_parse_accepts(void **state)
{
    (void)state;
    cal_day d;
    assert_true(cal_parse_date("2024-02-29", 10, &d));
    assert_day(d, "2024-02-29");
    assert_true(cal_parse_date("2000-02-29", 10, &d));
    assert_int_equal(d, cal_from_ymd(2000, 2, 29));
    assert_true(cal_parse_date("0001-01-01", 10, &d));
    assert_int_equal(d, -719162);
    assert_true(cal_parse_date("9999-12-31", 10, &d));
    assert_int_equal(d, 2932896);
    /* Exactly LEN bytes: what follows is not looked at. */
    assert_true(cal_parse_date("2025-01-05xyz", 10, &d));
    assert_day(d, "2025-01-05");
}

static void test_leap_and_month_lengths(void **state)
{
    (void)state;
    assert_true(cal_is_leap(2024));
    assert_true(cal_is_leap(2000));
    assert_true(cal_is_leap(1600));
    assert_false(cal_is_leap(2023));
    assert_false(cal_is_leap(1900));
    assert_false(cal_is_leap(2100));
    static const int len[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    for (int m = 1; m <= 12; m++) {
        assert_int_equal(cal_days_in_month(2023, m), len[m - 1]);
        assert_int_equal(cal_days_in_month(2024, m), m == 2 ? 29 : len[m - 1]);
    }
    assert_int_equal(cal_days_in_month(1900, 2), 28);
    assert_int_equal(cal_days_in_month(2000, 2), 29);
}

static void test_weekday(void **state)
{
    (void)state;
    assert_int_equal(cal_weekday(D("1970-01-01")), 3); /* Thursday */
    assert_int_equal(cal_weekday(D("1969-12-31")), 2);
    assert_int_equal(cal_weekday(D("1969-12-29")), 0);
    assert_int_equal(cal_weekday(D("2025-01-06")), 0); /* Monday */
    assert_int_equal(cal_weekday(D("2025-01-04")), 5); /* Saturday */
    assert_int_equal(cal_weekday(D("2025-01-05")), 6); /* Sunday */
    assert_int_equal(cal_weekday(D("2025-12-25")), 3); /* Thursday */
    assert_int_equal(cal_weekday(D("2000-01-01")), 5); /* Saturday */
    assert_int_equal(cal_weekday(D("0001-01-01")), 0); /* Monday (proleptic) */
    assert_int_equal(cal_weekday(D("9999-12-31")), 4); /* Friday */
    for (cal_day d = D("0001-01-01"); d < D("9999-12-31"); d++)
        if (cal_weekday(d + 1) != (cal_weekday(d) + 1) % 7)
            fail_msg("weekday does not advance at day %d", (int)d);
}

/* ------------------------------------------------------------- months */

static void test_add_months_month_ends(void **state)
{
    (void)state;
    for (int y = 2012; y <= 2035; y++) {
        for (int m = 1; m <= 12; m++) {
            int end = cal_days_in_month(y, m);
            int ny = m == 12 ? y + 1 : y, nm = m == 12 ? 1 : m + 1;
            int nend = cal_days_in_month(ny, nm);
            cal_day got = cal_add_months(cal_from_ymd(y, m, end), 1);
            cal_day want = cal_from_ymd(ny, nm, end < nend ? end : nend);
            if (got != want) {
                char a[11], b[11];
                fail_msg("%d-%02d-%02d + 1 month = %s, want %s", y, m, end, cal_format(got, a),
                         cal_format(want, b));
            }
            /* And back: the 31st of a month minus one month clamps too. */
            int py = m == 1 ? y - 1 : y, pm = m == 1 ? 12 : m - 1;
            int pend = cal_days_in_month(py, pm);
            assert_int_equal(cal_add_months(cal_from_ymd(y, m, end), -1),
                             cal_from_ymd(py, pm, end < pend ? end : pend));
        }
    }
}

static void test_add_months_examples(void **state)
{
    (void)state;
    assert_day(cal_add_months(D("2024-01-31"), 1), "2024-02-29");
    assert_day(cal_add_months(D("2023-01-31"), 1), "2023-02-28");
    assert_day(cal_add_months(D("2025-03-31"), 1), "2025-04-30");
    assert_day(cal_add_months(D("2025-08-31"), -6), "2025-02-28");
    assert_day(cal_add_months(D("2024-02-29"), 12), "2025-02-28");
    assert_day(cal_add_months(D("2024-02-29"), 48), "2028-02-29");
    assert_day(cal_add_months(D("2024-02-29"), -12), "2023-02-28");
    assert_day(cal_add_months(D("2025-01-15"), 0), "2025-01-15");
    assert_day(cal_add_months(D("2025-01-15"), -1), "2024-12-15");
    assert_day(cal_add_months(D("2025-01-15"), -13), "2023-12-15");
    assert_day(cal_add_months(D("2025-01-15"), -24), "2023-01-15");
    assert_day(cal_add_months(D("2025-12-31"), 1), "2026-01-31");
    assert_day(cal_add_months(D("2025-12-31"), 2), "2026-02-28");
    assert_day(cal_add_months(D("2025-05-31"), -3), "2025-02-28");
    assert_day(cal_add_months(D("2025-05-31"), -15), "2024-02-29");
    assert_day(cal_add_months(D("2025-10-31"), 11), "2026-09-30");
    assert_day(cal_add_months(D("2025-01-30"), 1), "2025-02-28");
    assert_day(cal_add_months(D("2025-01-29"), 1), "2025-02-28");
    assert_day(cal_add_months(D("2025-01-28"), 1), "2025-02-28");
    assert_day(cal_add_months(D("1970-01-01"), -1), "1969-12-01");
    assert_day(cal_add_months(D("0001-03-31"), -1), "0001-02-28");
    assert_day(cal_add_months(D("9999-11-30"), 1), "9999-12-30");
    assert_day(cal_add_months(D("2000-01-31"), 12 * 100 + 1), "2100-02-28");
}

/* For every day of 2012..2035 and several N: the result is N months on, with
 * the day of the month kept or clamped. */
static void test_add_months_every_day(void **state)
{
    (void)state;
    static const int ns[] = {-25, -13, -12, -6, -1, 0, 1, 2, 6, 11, 12, 13, 24, 120};
    for (cal_day d = D("2012-01-01"); d <= D("2035-12-31"); d++) {
        int y, m, dd;
        cal_to_ymd(d, &y, &m, &dd);
        for (size_t i = 0; i < sizeof ns / sizeof ns[0]; i++) {
            int total = y * 12 + (m - 1) + ns[i];
            int ny = total / 12, nm = total % 12 + 1;
            int dim = cal_days_in_month(ny, nm);
            cal_day want = cal_from_ymd(ny, nm, dd < dim ? dd : dim);
            if (cal_add_months(d, ns[i]) != want)
                fail_msg("day %d + %d months", (int)d, ns[i]);
        }
    }
}

static void test_add_years(void **state)
{
    (void)state;
    assert_day(cal_add_years(D("2024-02-29"), 1), "2025-02-28");
    assert_day(cal_add_years(D("2024-02-29"), 4), "2028-02-29");
    assert_day(cal_add_years(D("2024-02-29"), -1), "2023-02-28");
    assert_day(cal_add_years(D("2024-02-29"), -4), "2020-02-29");
    assert_day(cal_add_years(D("2025-06-15"), 0), "2025-06-15");
    assert_day(cal_add_years(D("2025-06-15"), 10), "2035-06-15");
    assert_day(cal_add_years(D("2000-02-29"), 100), "2100-02-28");
    for (cal_day d = D("2012-01-01"); d <= D("2035-12-31"); d++)
        for (int n = -3; n <= 3; n++)
            assert_int_equal(cal_add_years(d, n), cal_add_months(d, 12 * n));
}

/* --------------------------------------------------- the shipped calendar */

static void test_load_england_and_wales(void **state)
{
    (void)state;
    cal_calendar *c = load_ew();
    assert_string_equal(cal_name(c), "england_and_wales");
    assert_int_equal(cal_first_year(c), EW_FIRST);
    assert_int_equal(cal_last_year(c), EW_LAST);

    ref_cal r;
    ref_load(&r, EW_PATH);
    assert_int_equal(r.n, EW_ROWS);
    cal_day all[EW_ROWS + 1];
    assert_int_equal(cal_holidays_in(c, D("2000-01-01"), D("2100-01-01"), all, EW_ROWS + 1),
                     EW_ROWS);
    for (size_t i = 0; i < r.n; i++) {
        assert_int_equal(all[i], r.days[i]);
        assert_non_null(cal_holiday_name(c, r.days[i]));
        /* The file lists the days taken off, substitutes included: never a
         * weekend day. */
        assert_true(cal_weekday(r.days[i]) < 5);
        assert_false(cal_is_working_day(c, r.days[i]));
    }
    /* 8 a year, plus the one-off days. */
    for (int y = EW_FIRST; y <= EW_LAST; y++) {
        size_t n = cal_holidays_in(c, cal_from_ymd(y, 1, 1), cal_from_ymd(y, 12, 31), NULL, 0);
        size_t want = y == 2012 ? 9 : y == 2020 ? 8 : y == 2022 ? 10 : y == 2023 ? 9 : 8;
        if (n != want)
            fail_msg("%d has %zu holidays, want %zu", y, n, want);
    }
    ref_free(&r);
    cal_free(c);
}

static void test_holiday_names(void **state)
{
    (void)state;
    cal_calendar *c = load_ew();
    assert_string_equal(cal_holiday_name(c, D("2025-12-25")), "Christmas Day");
    assert_string_equal(cal_holiday_name(c, D("2025-12-26")), "Boxing Day");
    assert_string_equal(cal_holiday_name(c, D("2012-01-02")), "New Year's Day (substitute day)");
    assert_string_equal(cal_holiday_name(c, D("2012-06-05")), "Queen's Diamond Jubilee");
    assert_string_equal(cal_holiday_name(c, D("2022-09-19")),
                        "Bank Holiday for the State Funeral of Queen Elizabeth II");
    assert_string_equal(cal_holiday_name(c, D("2035-12-26")), "Boxing Day");
    assert_string_equal(cal_holiday_name(c, D("2025-04-18")), "Good Friday");
    assert_null(cal_holiday_name(c, D("2025-12-24")));
    assert_null(cal_holiday_name(c, D("2025-01-04")));
    assert_null(cal_holiday_name(c, D("2011-12-26"))); /* before the range */
    assert_null(cal_holiday_name(c, D("2036-01-01"))); /* after it */
    assert_null(cal_holiday_name(NULL, D("2025-12-25")));
    cal_free(c);
}

static void test_is_working_day(void **state)
{
    (void)state;
    cal_calendar *c = load_ew();
    assert_true(cal_is_working_day(c, D("2025-01-06")));
    assert_false(cal_is_working_day(c, D("2025-01-04")));
    assert_false(cal_is_working_day(c, D("2025-01-05")));
    assert_false(cal_is_working_day(c, D("2025-12-25")));
    assert_true(cal_is_working_day(c, D("2025-12-24")));
    assert_true(cal_is_working_day(NULL, D("2025-12-25")));
    assert_false(cal_is_working_day(NULL, D("2025-12-27")));
    /* Agrees with the reference on every day of the range. */
    ref_cal r;
    ref_load(&r, EW_PATH);
    for (cal_day d = r.lo; d <= r.hi; d++) {
        assert_int_equal(cal_is_working_day(c, d), ref_working(&r, d));
        assert_int_equal(cal_is_working_day(NULL, d), ref_weekday(d) < 5);
    }
    ref_free(&r);
    cal_free(c);
}

/* ------------------------------------------------------- working days */

static void expect_add(const cal_calendar *c, const char *d, int n, const char *want)
{
    cal_day out = 0;
    int bad = -1;
    if (!cal_add_working_days(c, D(d), n, &out, &bad))
        fail_msg("%s + %d working days failed (bad year %d)", d, n, bad);
    char buf[11];
    if (strcmp(cal_format(out, buf), want) != 0)
        fail_msg("%s + %d working days = %s, want %s", d, n, buf, want);
}

static void expect_add_fails(const cal_calendar *c, const char *d, int n, int want_bad)
{
    cal_day out = D("1999-09-09");
    int bad = -1;
    assert_false(cal_add_working_days(c, D(d), n, &out, &bad));
    assert_int_equal(bad, want_bad);
    assert_int_equal(out, D("1999-09-09")); /* untouched */
}

static void test_working_days_examples(void **state)
{
    (void)state;
    cal_calendar *c = load_ew();
    expect_add(c, "2025-04-10", 15, "2025-05-06"); /* the design's example */
    expect_add(c, "2025-01-06", 15, "2025-01-27");
    expect_add(c, "2025-01-06", 1, "2025-01-07");
    expect_add(c, "2025-01-06", 0, "2025-01-06");
    expect_add(c, "2025-01-04", 0, "2025-01-04"); /* day 0 stays put */
    expect_add(c, "2025-01-03", 1, "2025-01-06"); /* Friday to Monday */
    expect_add(c, "2025-01-04", 1, "2025-01-06"); /* day 0 a Saturday */
    expect_add(c, "2025-01-05", 1, "2025-01-06"); /* day 0 a Sunday */
    expect_add(c, "2025-12-25", 1, "2025-12-29"); /* day 0 a bank holiday */
    /* Christmas and New Year. */
    expect_add(c, "2025-12-24", 1, "2025-12-29");
    expect_add(c, "2025-12-24", 3, "2025-12-31");
    expect_add(c, "2025-12-24", 4, "2026-01-02");
    expect_add(c, "2025-12-24", 5, "2026-01-05");
    expect_add(c, "2026-01-02", -1, "2025-12-31");
    expect_add(c, "2026-01-02", -3, "2025-12-29");
    expect_add(c, "2026-01-02", -4, "2025-12-24");
    expect_add(c, "2027-12-24", 1, "2027-12-29"); /* substitutes 27, 28 */
    expect_add(c, "2027-12-31", 1, "2028-01-04"); /* substitute 3 Jan */
    expect_add(c, "2022-12-23", 1, "2022-12-28");
    expect_add(c, "2022-12-30", 1, "2023-01-03");
    /* Easter 2025: Good Friday 18 April, Easter Monday 21 April. */
    expect_add(c, "2025-04-17", 1, "2025-04-22");
    expect_add(c, "2025-04-22", -1, "2025-04-17");
    expect_add(c, "2025-04-19", -1, "2025-04-17"); /* day 0 a Saturday, backwards */
    /* Negative from a holiday and from a weekend. */
    expect_add(c, "2025-12-25", -1, "2025-12-24");
    expect_add(c, "2025-01-05", -1, "2025-01-03");
    /* The range ends themselves. */
    expect_add(c, "2012-01-01", 1, "2012-01-03"); /* 2 Jan 2012 a substitute */
    expect_add(c, "2035-12-31", 0, "2035-12-31");
    expect_add(c, "2035-12-28", 1, "2035-12-31");
    expect_add(c, "2012-01-04", -1, "2012-01-03");
    expect_add(c, "2012-01-01", 0, "2012-01-01");
    cal_free(c);
}

static void test_working_days_out_of_range(void **state)
{
    (void)state;
    cal_calendar *c = load_ew();
    expect_add_fails(c, "2035-12-20", 15, 2036);
    expect_add_fails(c, "2011-12-30", 1, 2011);
    expect_add_fails(c, "2035-12-31", 1, 2036);
    expect_add_fails(c, "2012-01-03", -1, 2011); /* the 2nd is a holiday, 1st a Sunday */
    expect_add_fails(c, "2012-01-04", -5, 2011);
    expect_add_fails(c, "2036-01-02", -5, 2036);  /* day 0 outside, going back in */
    expect_add_fails(c, "2011-12-30", 0, 2011);   /* day 0 is examined too */
    expect_add_fails(c, "2036-01-01", 0, 2036);
    expect_add_fails(c, "2040-06-01", 1, 2040);
    expect_add_fails(c, "1999-06-01", 1, 1999);
    expect_add_fails(c, "2025-01-06", 10000, 2036);
    expect_add_fails(c, "2025-01-06", -10000, 2011);
    expect_add_fails(c, "2025-01-06", INT_MAX, 2036);
    expect_add_fails(c, "2025-01-06", INT_MIN, 2011);
    expect_add_fails(c, "2025-01-06", INT_MIN + 1, 2011);
    /* bad_year may be NULL. */
    cal_day out;
    assert_false(cal_add_working_days(c, D("2035-12-31"), 1, &out, NULL));
    /* The last working days of the range are reachable, one more is not. */
    cal_day first = D("2012-01-03"), last = D("2035-12-31");
    int n = 0, bad = 0;
    assert_true(cal_working_days_between(c, first, last, &n, &bad));
    assert_true(cal_add_working_days(c, first, n, &out, &bad));
    assert_int_equal(out, last);
    assert_false(cal_add_working_days(c, first, n + 1, &out, &bad));
    assert_int_equal(bad, 2036);
    assert_true(cal_add_working_days(c, last, -n, &out, &bad));
    assert_int_equal(out, first);
    assert_false(cal_add_working_days(c, last, -n - 1, &out, &bad));
    assert_int_equal(bad, 2011);
    cal_free(c);
}

static void test_working_days_no_calendar(void **state)
{
    (void)state;
    expect_add(NULL, "2025-12-24", 1, "2025-12-25"); /* holidays do not count */
    expect_add(NULL, "2025-01-04", 1, "2025-01-06");
    expect_add(NULL, "2025-01-06", 5, "2025-01-13");
    expect_add(NULL, "2025-01-06", -1, "2025-01-03");
    expect_add(NULL, "2025-01-06", 260, "2026-01-05");
    expect_add(NULL, "1850-03-01", 1, "1850-03-04"); /* no calendar range */
    expect_add(NULL, "0001-01-01", 0, "0001-01-01");
    expect_add(NULL, "9999-12-30", 1, "9999-12-31");
    expect_add_fails(NULL, "9999-12-31", 1, 10000); /* beyond representable */
    expect_add_fails(NULL, "0001-01-01", -1, 0);
    expect_add_fails(NULL, "2025-01-06", INT_MAX, 10000);
    expect_add_fails(NULL, "2025-01-06", INT_MIN, 0);
    /* Every start day in 2024-2026 and N in -30..30 against a walk. */
    for (cal_day d = D("2024-01-01"); d <= D("2026-12-31"); d++) {
        for (int n = -30; n <= 30; n++) {
            cal_day x = d;
            for (int left = n < 0 ? -n : n; left > 0;) {
                x += n > 0 ? 1 : -1;
                if (ref_weekday(x) < 5)
                    left--;
            }
            cal_day out;
            int bad;
            assert_true(cal_add_working_days(NULL, d, n, &out, &bad));
            assert_int_equal(out, x);
        }
    }
}

/* For each holiday H: the last working day before H, plus one working day,
 * is not H but the first working day after H. */
static void test_working_days_around_every_holiday(void **state)
{
    (void)state;
    cal_calendar *c = load_ew();
    ref_cal r;
    ref_load(&r, EW_PATH);
    size_t checked = 0;
    for (size_t i = 0; i < r.n; i++) {
        cal_day h = r.days[i];
        cal_day before = h - 1, after = h + 1;
        while (before >= r.lo && !ref_working(&r, before))
            before--;
        while (after <= r.hi && !ref_working(&r, after))
            after++;
        if (before < r.lo || after > r.hi)
            continue; /* 2012-01-02 has no working day before it in range */
        cal_day out;
        int bad;
        assert_true(cal_add_working_days(c, before, 1, &out, &bad));
        if (out == h || out != after) {
            char a[11], b[11], e[11], f[11];
            fail_msg("holiday %s: %s + 1 working day = %s, want %s", cal_format(h, a),
                     cal_format(before, b), cal_format(out, e), cal_format(after, f));
        }
        assert_true(cal_add_working_days(c, after, -1, &out, &bad));
        assert_int_equal(out, before);
        /* From the holiday itself (day 0) too. */
        assert_true(cal_add_working_days(c, h, 1, &out, &bad));
        assert_int_equal(out, after);
        assert_true(cal_add_working_days(c, h, -1, &out, &bad));
        assert_int_equal(out, before);
        checked++;
    }
    assert_int_equal(checked, EW_ROWS - 1);
    ref_free(&r);
    cal_free(c);
}

static void test_working_days_brute_force(void **state)
{
    (void)state;
    cal_calendar *c = load_ew();
    ref_cal r;
    ref_load(&r, EW_PATH);
    static const int ns[] = {1, 2, 5, 15, 20, -1, -5, 0, 3, 10, 40, -2, -15, -20};
    /* A few days either side of the range as well, for the failures. */
    for (cal_day d = r.lo - 3; d <= r.hi + 3; d++)
        for (size_t i = 0; i < sizeof ns / sizeof ns[0]; i++)
            check_against_ref(c, &r, d, ns[i]);
    ref_free(&r);
    cal_free(c);
}

static void test_working_days_large_n(void **state)
{
    (void)state;
    cal_calendar *c = load_ew();
    ref_cal r;
    ref_load(&r, EW_PATH);
    static const int ns[] = {253, 1000, 2500, 6000, -253, -1000, -6000};
    for (cal_day d = r.lo; d <= r.hi; d += 5)
        for (size_t i = 0; i < sizeof ns / sizeof ns[0]; i++)
            check_against_ref(c, &r, d, ns[i]);
    ref_free(&r);
    cal_free(c);
}

/* A synthetic calendar with dense runs of holidays (whole weeks off, weekend
 * holidays, holidays on consecutive days) stresses the counting. */
static void test_working_days_dense_calendar(void **state)
{
    (void)state;
    char *text = malloc(64 * 1200);
    assert_non_null(text);
    size_t len = (size_t)sprintf(text, "date,name\n");
    uint32_t seed = 12345;
    for (cal_day d = D("2020-01-01"); d <= D("2022-12-31"); d++) {
        seed = seed * 1103515245u + 12345u;
        unsigned roll = (seed >> 16) % 100;
        int y, m, dd;
        cal_to_ymd(d, &y, &m, &dd);
        bool week_off = y == 2021 && m == 3 && dd >= 1 && dd <= 21; /* three weeks */
        if (roll < 25 || week_off || d == D("2020-01-01") || d == D("2022-12-31")) {
            char buf[11];
            len += (size_t)sprintf(text + len, "%s,day off\n", cal_format(d, buf));
        }
    }
    char path[64];
    write_temp(path, text, len);
    free(text);
    diag_sink sink;
    diag_init_buffer(&sink);
    cal_calendar *c = cal_load(path, "dense", &sink);
    assert_non_null(c);
    assert_int_equal(sink.count, 0);
    ref_cal r;
    ref_load(&r, path);
    unlink(path);
    assert_int_equal(cal_first_year(c), 2020);
    assert_int_equal(cal_last_year(c), 2022);
    for (cal_day d = r.lo - 2; d <= r.hi + 2; d++) {
        for (int n = -25; n <= 25; n++)
            check_against_ref(c, &r, d, n);
        check_against_ref(c, &r, d, 300);
        check_against_ref(c, &r, d, -300);
    }
    expect_add(c, "2021-02-26", 1, "2021-03-22"); /* over the three weeks off */
    ref_free(&r);
    diag_free(&sink);
    cal_free(c);
}

static void test_working_days_between(void **state)
{
    (void)state;
    cal_calendar *c = load_ew();
    int n = -1, bad = -1;
    assert_true(cal_working_days_between(c, D("2025-01-06"), D("2025-01-27"), &n, &bad));
    assert_int_equal(n, 15);
    assert_true(cal_working_days_between(c, D("2025-01-27"), D("2025-01-06"), &n, &bad));
    assert_int_equal(n, -15);
    assert_true(cal_working_days_between(c, D("2025-04-10"), D("2025-05-06"), &n, &bad));
    assert_int_equal(n, 15);
    assert_true(cal_working_days_between(c, D("2025-01-06"), D("2025-01-06"), &n, &bad));
    assert_int_equal(n, 0);
    assert_true(cal_working_days_between(c, D("2025-01-03"), D("2025-01-05"), &n, &bad));
    assert_int_equal(n, 0); /* a weekend only */
    assert_true(cal_working_days_between(c, D("2025-12-24"), D("2026-01-02"), &n, &bad));
    assert_int_equal(n, 4); /* 29, 30, 31 December, 2 January */
    assert_true(cal_working_days_between(NULL, D("2025-12-24"), D("2026-01-02"), &n, &bad));
    assert_int_equal(n, 7);

    assert_false(cal_working_days_between(c, D("2025-01-06"), D("2036-01-05"), &n, &bad));
    assert_int_equal(bad, 2036);
    assert_false(cal_working_days_between(c, D("2025-01-06"), D("2011-12-05"), &n, &bad));
    assert_int_equal(bad, 2011);
    assert_false(cal_working_days_between(c, D("2011-12-30"), D("2025-01-06"), &n, &bad));
    assert_int_equal(bad, 2011);
    assert_false(cal_working_days_between(c, D("2040-01-01"), D("2025-01-06"), &n, &bad));
    assert_int_equal(bad, 2040);
    cal_free(c);
}

static void test_working_days_between_brute_force(void **state)
{
    (void)state;
    cal_calendar *c = load_ew();
    ref_cal r;
    ref_load(&r, EW_PATH);
    for (cal_day a = r.lo; a <= r.hi; a++) {
        int count = 0;
        for (cal_day b = a; b <= a + 40 && b <= r.hi; b++) {
            if (b > a && ref_working(&r, b))
                count++;
            int n = -1, back = 1, bad;
            assert_true(cal_working_days_between(c, a, b, &n, &bad));
            assert_int_equal(n, count);
            assert_true(cal_working_days_between(c, b, a, &back, &bad));
            assert_int_equal(back, -count);
            if (n > 0) { /* a + n working days is the last working day <= b */
                cal_day out, last = b;
                while (!ref_working(&r, last))
                    last--;
                assert_true(cal_add_working_days(c, a, n, &out, &bad));
                assert_int_equal(out, last);
            }
        }
    }
    ref_free(&r);
    cal_free(c);
}

static void test_holidays_in(void **state)
{
    (void)state;
    cal_calendar *c = load_ew();
    cal_day out[16];
    assert_int_equal(cal_holidays_in(c, D("2025-01-01"), D("2025-12-31"), out, 16), 8);
    assert_day(out[0], "2025-01-01");
    assert_day(out[1], "2025-04-18");
    assert_day(out[2], "2025-04-21");
    assert_day(out[3], "2025-05-05");
    assert_day(out[4], "2025-05-26");
    assert_day(out[5], "2025-08-25");
    assert_day(out[6], "2025-12-25");
    assert_day(out[7], "2025-12-26");
    /* Christmas to New Year; the ends are inclusive. */
    assert_int_equal(cal_holidays_in(c, D("2025-12-25"), D("2026-01-01"), out, 16), 3);
    assert_day(out[0], "2025-12-25");
    assert_day(out[2], "2026-01-01");
    /* Fewer slots than holidays: the first MAX written, the total returned. */
    out[2] = 777;
    assert_int_equal(cal_holidays_in(c, D("2025-01-01"), D("2025-12-31"), out, 2), 8);
    assert_day(out[0], "2025-01-01");
    assert_day(out[1], "2025-04-18");
    assert_int_equal(out[2], 777);
    assert_int_equal(cal_holidays_in(c, D("2025-01-01"), D("2025-12-31"), NULL, 0), 8);
    assert_int_equal(cal_holidays_in(c, D("2012-01-01"), D("2012-12-31"), NULL, 0), 9);
    assert_int_equal(cal_holidays_in(c, D("2025-12-26"), D("2025-12-26"), out, 16), 1);
    assert_int_equal(cal_holidays_in(c, D("2025-12-27"), D("2025-12-31"), out, 16), 0);
    assert_int_equal(cal_holidays_in(c, D("2025-12-31"), D("2025-01-01"), out, 16), 0);
    assert_int_equal(cal_holidays_in(c, D("1990-01-01"), D("2011-12-31"), out, 16), 0);
    assert_int_equal(cal_holidays_in(c, D("2036-01-01"), D("2099-12-31"), out, 16), 0);
    assert_int_equal(cal_holidays_in(NULL, D("2025-01-01"), D("2025-12-31"), out, 16), 0);
    assert_int_equal(cal_holidays_in(c, INT32_MIN, INT32_MAX, NULL, 0), EW_ROWS);
    cal_free(c);
}

static void test_format_out_of_range(void **state)
{
    (void)state;
    char buf[11];
    assert_string_equal(cal_format(INT32_MAX, buf), "####-##-##");
    assert_string_equal(cal_format(INT32_MIN, buf), "####-##-##");
    assert_string_equal(cal_format(D("0001-01-01") - 1, buf), "0000-12-31");
}

/* ------------------------------------------------------ loading errors */

static void test_load_missing_file(void **state)
{
    (void)state;
    diag_sink sink;
    diag_init_buffer(&sink);
    const char *path = "/tmp/docket-test-calendar-does-not-exist.csv";
    assert_null(cal_load(path, "x", &sink));
    assert_int_equal(sink.count, 1);
    expect_diag(&sink, 0, DIAG_ERROR, path, 0, 0,
                "cannot open calendar file: No such file or directory");
    diag_free(&sink);
    /* A directory opens but cannot be read. */
    diag_init_buffer(&sink);
    assert_null(cal_load("/tmp", "x", &sink));
    assert_int_equal(sink.count, 1);
    expect_diag(&sink, 0, DIAG_ERROR, "/tmp", 0, 0, "cannot read calendar file: it is a directory, not a file");
    diag_free(&sink);
    /* No sink: still NULL, nothing reported. */
    assert_null(cal_load(path, "x", NULL));
}

static void test_load_quoted_fields(void **state)
{
    (void)state;
    diag_sink sink;
    char path[64];
    cal_calendar *c = load_text("date,name,source\n"
                                "2025-01-01,\"New Year's Day, substitute\",gov.uk\n"
                                "\"2025-04-18\",\"Good \"\"Friday\"\"\",\"a, b\"\n"
                                "2025-12-25,Christmas Day,\n"
                                "2025-12-26,\"\",x\n",
                                &sink, path);
    /* The last row has an empty (quoted) name. */
    assert_null(c);
    assert_int_equal(sink.count, 1);
    expect_diag(&sink, 0, DIAG_ERROR, path, 5, 12, "missing holiday name");
    diag_free(&sink);

    c = load_text("date,name,source\n"
                  "2025-01-01,\"New Year's Day, substitute\",gov.uk\n"
                  "\"2025-04-18\",\"Good \"\"Friday\"\"\",\"a, b\"\n"
                  "2025-12-25,Christmas Day,\n"
                  "2025-12-26,\"Boxing\nDay\",x\n",
                  &sink, path);
    assert_null(c); /* a newline inside quotes is not accepted */
    assert_int_equal(sink.count, 2);
    expect_diag(&sink, 0, DIAG_ERROR, path, 5, 12, "unterminated quoted field");
    expect_diag(&sink, 1, DIAG_ERROR, path, 6, 4, "quote inside unquoted field");
    diag_free(&sink);

    c = load_text("date,name,source\n"
                  "2025-01-01,\"New Year's Day, substitute\",gov.uk\n"
                  "\"2025-04-18\",\"Good \"\"Friday\"\"\",\"a, b\"\n"
                  "2025-12-25,Christmas Day,\n",
                  &sink, path);
    assert_non_null(c);
    assert_int_equal(sink.count, 0);
    assert_string_equal(cal_holiday_name(c, D("2025-01-01")), "New Year's Day, substitute");
    assert_string_equal(cal_holiday_name(c, D("2025-04-18")), "Good \"Friday\"");
    assert_string_equal(cal_holiday_name(c, D("2025-12-25")), "Christmas Day");
    assert_string_equal(cal_name(c), "test");
    cal_free(c);
    diag_free(&sink);
}

static void test_load_line_ends_and_bom(void **state)
{
    (void)state;
    diag_sink sink;
    char path[64];
    cal_calendar *c = load_text("\xEF\xBB\xBF" "date,name,source\r\n"
                                "2024-12-25,Christmas Day,gov.uk\r\n"
                                "\r\n"
                                "2025-12-25,Christmas Day,gov.uk", /* no final newline */
                                &sink, path);
    assert_non_null(c);
    assert_int_equal(sink.count, 0);
    assert_int_equal(cal_first_year(c), 2024);
    assert_int_equal(cal_last_year(c), 2025);
    assert_string_equal(cal_holiday_name(c, D("2025-12-25")), "Christmas Day");
    assert_string_equal(cal_holiday_name(c, D("2024-12-25")), "Christmas Day");
    cal_free(c);
    diag_free(&sink);

    /* CRLF: an error's line and column are still right. */
    expect_one_error("date,name\r\n2025-01-01,a\r\n\r\n2025-13-01,b\r\n", 4, 1,
                     "invalid date \"2025-13-01\"");
}

static void test_load_two_columns(void **state)
{
    (void)state;
    diag_sink sink;
    char path[64];
    cal_calendar *c = load_text("date,name\n2025-12-25,Christmas Day\n\n\n", &sink, path);
    assert_non_null(c);
    assert_int_equal(sink.count, 0);
    assert_int_equal(cal_first_year(c), 2025);
    assert_int_equal(cal_last_year(c), 2025);
    cal_free(c);
    diag_free(&sink);
    /* cal_load with NAME NULL names the calendar after the path. */
    static const char two[] = "date,name\n2025-12-25,Christmas Day\n";
    write_temp(path, two, strlen(two));
    diag_init_buffer(&sink);
    c = cal_load(path, NULL, &sink);
    unlink(path);
    assert_non_null(c);
    assert_string_equal(cal_name(c), path);
    cal_free(c);
    diag_free(&sink);
}

static void test_load_invalid_dates(void **state)
{
    (void)state;
    expect_one_error("date,name,source\n2025-02-30,x,y\n", 2, 1, "invalid date \"2025-02-30\"");
    expect_one_error("date,name,source\n2023-02-29,x,y\n", 2, 1, "invalid date \"2023-02-29\"");
    expect_one_error("date,name,source\n2025-1-5,x,y\n", 2, 1, "invalid date \"2025-1-5\"");
    expect_one_error("date,name,source\n 2025-01-05,x,y\n", 2, 1, "invalid date \" 2025-01-05\"");
    expect_one_error("date,name,source\n\"2025-01-05 \",x,y\n", 2, 1,
                     "invalid date \"2025-01-05 \"");
    expect_one_error("date,name,source\n,x,y\n", 2, 1, "missing date");
    expect_one_error("date,name,source\n2025-01-01,,y\n", 2, 12, "missing holiday name");
    /* A long bad date is shown cut to 40 bytes. */
    expect_one_error("date,name\n2025-01-01xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,x\n", 2, 1,
                     "invalid date \"2025-01-01xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"");
}

static void test_load_order_and_duplicates(void **state)
{
    (void)state;
    diag_sink sink;
    char path[64];
    cal_calendar *c = load_text("date,name,source\n"
                                "2025-12-25,Christmas Day,gov.uk\n"
                                "2025-01-01,New Year's Day,gov.uk\n",
                                &sink, path);
    assert_null(c);
    assert_int_equal(sink.count, 1);
    expect_diag(&sink, 0, DIAG_ERROR, path, 3, 1,
                "holidays out of order: 2025-01-01 after 2025-12-25");
    assert_non_null(sink.items[0].hint);
    assert_string_equal(sink.items[0].hint, "List the holidays in date order.");
    diag_free(&sink);

    c = load_text("date,name,source\n"
                  "2025-01-01,New Year's Day,gov.uk\n"
                  "2025-12-25,Christmas Day,gov.uk\n"
                  "2025-12-25,Christmas Day,gov.uk\n",
                  &sink, path);
    assert_null(c);
    assert_int_equal(sink.count, 1);
    expect_diag(&sink, 0, DIAG_ERROR, path, 4, 1, "duplicate holiday 2025-12-25");
    assert_non_null(sink.items[0].hint);
    assert_string_equal(sink.items[0].hint, "It is already listed on line 3.");
    diag_free(&sink);

    /* One misplaced row is reported once, not for every row after it. */
    c = load_text("date,name\n"
                  "2025-01-01,a\n"
                  "2026-04-18,b\n"
                  "2025-05-05,c\n"
                  "2025-05-26,d\n"
                  "2025-08-25,e\n",
                  &sink, path);
    assert_null(c);
    assert_int_equal(sink.count, 1);
    expect_diag(&sink, 0, DIAG_ERROR, path, 4, 1,
                "holidays out of order: 2025-05-05 after 2026-04-18");
    diag_free(&sink);
}

static void test_load_empty(void **state)
{
    (void)state;
    expect_one_error("", 0, 0, "empty calendar file");
    expect_one_error("\n\n", 0, 0, "empty calendar file");
}

/* A header and no rows: no holidays on purpose ("bank holidays count as
 * working days"), every year known, only weekends skipped. */
static void test_load_no_holidays(void **state)
{
    (void)state;
    const char *texts[] = {"date,name,source\n", "date,name,source\n\n\r\n", "date,name\n"};
    for (size_t i = 0; i < 3; i++) {
        diag_sink sink;
        char path[64];
        cal_calendar *c = load_text(texts[i], &sink, path);
        assert_non_null(c);
        assert_int_equal(sink.count, 0);
        assert_int_equal(cal_first_year(c), 1);
        assert_int_equal(cal_last_year(c), 9999);
        cal_day out = 0;
        int bad = 0;
        /* Friday 2025-12-19 + 5 working days skips the weekend only, and
         * Christmas Day is a working day: Friday 2025-12-26. */
        assert_true(cal_add_working_days(c, cal_from_ymd(2025, 12, 19), 5, &out, &bad));
        assert_int_equal(out, cal_from_ymd(2025, 12, 26));
        /* Far years are known too. */
        assert_true(cal_add_working_days(c, cal_from_ymd(2090, 1, 6), 1, &out, &bad));
        assert_int_equal(out, cal_from_ymd(2090, 1, 9)); /* Friday 6th to Monday 9th */
        cal_free(c);
        diag_free(&sink);
    }
}

static void test_load_bad_header(void **state)
{
    (void)state;
    expect_one_error("Date,Name\n2025-12-25,Christmas Day\n", 1, 1,
                     "expected header \"date,name,source\" or \"date,name\", found \"Date,Name\"");
    expect_one_error("2025-12-25,Christmas Day\n", 1, 1,
                     "expected header \"date,name,source\" or \"date,name\", found "
                     "\"2025-12-25,Christmas Day\"");
    expect_one_error("date,name,source,extra\n2025-12-25,a,b,c\n", 1, 1,
                     "expected header \"date,name,source\" or \"date,name\", found "
                     "\"date,name,source,extra\"");
    expect_one_error("date\n2025-12-25\n", 1, 1,
                     "expected header \"date,name,source\" or \"date,name\", found \"date\"");
    /* Quoted header names are fine. */
    diag_sink sink;
    char path[64];
    cal_calendar *c = load_text("\"date\",\"name\"\n2025-12-25,Christmas Day\n", &sink, path);
    assert_non_null(c);
    cal_free(c);
    diag_free(&sink);
}

static void test_load_field_count(void **state)
{
    (void)state;
    expect_one_error("date,name,source\n2025-12-25,Christmas Day\n", 2, 25,
                     "expected 3 fields, found 2");
    expect_one_error("date,name,source\n2025-12-25,Christmas Day,gov.uk,extra\n", 2, 33,
                     "expected 3 fields, found 4");
    expect_one_error("date,name\n2025-12-25,Christmas Day,gov.uk\n", 2, 26,
                     "expected 2 fields, found 3");
    expect_one_error("date,name\n2025-12-25\n", 2, 11, "expected 2 fields, found 1");
    expect_one_error("date,name\n2025-12-25,a,b,c,d,e,f,g,h,i,j\n", 2, 14,
                     "expected 2 fields, found 11");
    /* Columns count characters: "Fête" is 4 columns, not 5 bytes. */
    expect_one_error("date,name\n2025-12-25,F\xC3\xAAte,x\n", 2, 17, "expected 2 fields, found 3");
    /* A tab advances to the next multiple of 8. */
    expect_one_error("date,name\n2025-12-25,\tx,y\n", 2, 19, "expected 2 fields, found 3");
}

static void test_load_bad_quotes(void **state)
{
    (void)state;
    expect_one_error("date,name\n2025-12-25,\"Christmas Day\n", 2, 12, "unterminated quoted field");
    expect_one_error("date,name\n2025-12-25,\"Christmas\" Day\n", 2, 23,
                     "unexpected text after closing quote");
    expect_one_error("date,name\n2025-12-25,Christmas \"Day\"\n", 2, 22,
                     "quote inside unquoted field");
    expect_one_error("\"date,name\n2025-12-25,x\n", 1, 1, "unterminated quoted field");
}

static void test_load_nul_byte(void **state)
{
    (void)state;
    static const char text[] = "date,name\n2025-12-25,Chris\0tmas\n";
    char path[64];
    write_temp(path, text, sizeof text - 1);
    diag_sink sink;
    diag_init_buffer(&sink);
    assert_null(cal_load(path, "x", &sink));
    unlink(path);
    assert_int_equal(sink.count, 1);
    expect_diag(&sink, 0, DIAG_ERROR, path, 2, 17, "calendar file contains a NUL byte");
    diag_free(&sink);
}

static void test_load_reports_every_error(void **state)
{
    (void)state;
    diag_sink sink;
    char path[64];
    cal_calendar *c = load_text("date,name,source\n"
                                "2025-01-01,New Year's Day,gov.uk\n"
                                "2025-02-30,Bad,gov.uk\n"
                                "2025-04-18,Good Friday\n"
                                "2025-04-21,\"Easter Monday,gov.uk\n"
                                "2025-05-05,Early May,gov.uk\n"
                                "2025-05-05,Early May,gov.uk\n"
                                "2025-03-01,,gov.uk\n"
                                "2025-12-25,Christmas Day,gov.uk\n",
                                &sink, path);
    assert_null(c);
    assert_int_equal(sink.count, 6);
    assert_int_equal(sink.errors, 6);
    expect_diag(&sink, 0, DIAG_ERROR, path, 3, 1, "invalid date \"2025-02-30\"");
    expect_diag(&sink, 1, DIAG_ERROR, path, 4, 23, "expected 3 fields, found 2");
    expect_diag(&sink, 2, DIAG_ERROR, path, 5, 12, "unterminated quoted field");
    expect_diag(&sink, 3, DIAG_ERROR, path, 7, 1, "duplicate holiday 2025-05-05");
    expect_diag(&sink, 4, DIAG_ERROR, path, 8, 12, "missing holiday name");
    expect_diag(&sink, 5, DIAG_ERROR, path, 8, 1,
                "holidays out of order: 2025-03-01 after 2025-05-05");
    diag_free(&sink);
}

static void test_load_gap_year_warning(void **state)
{
    (void)state;
    diag_sink sink;
    char path[64];
    cal_calendar *c = load_text("date,name\n2023-12-25,a\n2026-12-25,b\n", &sink, path);
    assert_non_null(c); /* a warning only */
    assert_int_equal(cal_first_year(c), 2023);
    assert_int_equal(cal_last_year(c), 2026);
    assert_int_equal(sink.count, 2);
    assert_int_equal(sink.errors, 0);
    expect_diag(&sink, 0, DIAG_WARNING, path, 0, 0, "no holidays in 2024");
    expect_diag(&sink, 1, DIAG_WARNING, path, 0, 0, "no holidays in 2025");
    /* The gap years are still in range, with weekends only. */
    cal_day out;
    int bad;
    assert_true(cal_add_working_days(c, D("2024-12-24"), 1, &out, &bad));
    assert_day(out, "2024-12-25");
    cal_free(c);
    diag_free(&sink);
}

/* A holiday on a weekend is a holiday (named, listed) but changes no count. */
static void test_load_weekend_holiday(void **state)
{
    (void)state;
    diag_sink sink;
    char path[64];
    cal_calendar *c = load_text("date,name\n2027-12-25,Christmas Day\n2027-12-27,Substitute\n",
                                &sink, path);
    assert_non_null(c);
    assert_string_equal(cal_holiday_name(c, D("2027-12-25")), "Christmas Day");
    assert_false(cal_is_working_day(c, D("2027-12-25")));
    assert_int_equal(cal_holidays_in(c, D("2027-12-01"), D("2027-12-31"), NULL, 0), 2);
    expect_add(c, "2027-12-24", 1, "2027-12-28");
    expect_add(c, "2027-12-24", 4, "2027-12-31");
    cal_day out;
    int bad = 0;
    assert_false(cal_add_working_days(c, D("2027-12-24"), 5, &out, &bad));
    assert_int_equal(bad, 2028);
    int n;
    assert_true(cal_working_days_between(c, D("2027-12-24"), D("2027-12-31"), &n, &bad));
    assert_int_equal(n, 4);
    cal_free(c);
    diag_free(&sink);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_known_day_numbers),
        cmocka_unit_test(test_roundtrip_2012_2035),
        cmocka_unit_test(test_roundtrip_all_years),
        cmocka_unit_test(test_parse_rejects),
        cmocka_unit_test(test_parse_accepts),
        cmocka_unit_test(test_leap_and_month_lengths),
        cmocka_unit_test(test_weekday),
        cmocka_unit_test(test_add_months_month_ends),
        cmocka_unit_test(test_add_months_examples),
        cmocka_unit_test(test_add_months_every_day),
        cmocka_unit_test(test_add_years),
        cmocka_unit_test(test_load_england_and_wales),
        cmocka_unit_test(test_holiday_names),
        cmocka_unit_test(test_is_working_day),
        cmocka_unit_test(test_working_days_examples),
        cmocka_unit_test(test_working_days_out_of_range),
        cmocka_unit_test(test_working_days_no_calendar),
        cmocka_unit_test(test_working_days_around_every_holiday),
        cmocka_unit_test(test_working_days_brute_force),
        cmocka_unit_test(test_working_days_large_n),
        cmocka_unit_test(test_working_days_dense_calendar),
        cmocka_unit_test(test_working_days_between),
        cmocka_unit_test(test_working_days_between_brute_force),
        cmocka_unit_test(test_holidays_in),
        cmocka_unit_test(test_format_out_of_range),
        cmocka_unit_test(test_load_missing_file),
        cmocka_unit_test(test_load_quoted_fields),
        cmocka_unit_test(test_load_line_ends_and_bom),
        cmocka_unit_test(test_load_two_columns),
        cmocka_unit_test(test_load_invalid_dates),
        cmocka_unit_test(test_load_order_and_duplicates),
        cmocka_unit_test(test_load_empty),
        cmocka_unit_test(test_load_no_holidays),
        cmocka_unit_test(test_load_bad_header),
        cmocka_unit_test(test_load_field_count),
        cmocka_unit_test(test_load_bad_quotes),
        cmocka_unit_test(test_load_nul_byte),
        cmocka_unit_test(test_load_reports_every_error),
        cmocka_unit_test(test_load_gap_year_warning),
        cmocka_unit_test(test_load_weekend_holiday),
    };
    return cmocka_run_group_tests_name("calendar", tests, NULL, NULL);
}
