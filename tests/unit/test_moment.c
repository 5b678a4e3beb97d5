/*
 * test_moment.c — date-times of case files (interpreter/time/moment.c):
 * every accepted shape, UK local time across both clock changes, offsets,
 * UK day-first dates only when asked, and the shapes refused.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "interpreter/time/moment.h"

/* Parse S in ORDER; fail the test when it does not parse. */
static cal_moment ok(const char *s, cal_order order)
{
    cal_moment m;
    const char *why = NULL;
    if (!cal_parse_moment(s, strlen(s), order, &m, &why))
        fail_msg("%s did not parse: %s", s, why);
    return m;
}

/* S formatted back with a 'T'. */
static const char *back(const char *s, cal_order order)
{
    static char buf[24];
    cal_moment m = ok(s, order);
    return cal_format_moment(&m, 'T', buf);
}

static void test_shapes(void **state)
{
    (void)state;
    assert_string_equal(back("2025-01-06", CAL_YMD), "2025-01-06");
    assert_string_equal(back("2025-01-06T16:05", CAL_YMD), "2025-01-06T16:05");
    assert_string_equal(back("2025-01-06T16:05:00", CAL_YMD), "2025-01-06T16:05");
    assert_string_equal(back("2025-01-06 16:05:07", CAL_YMD), "2025-01-06T16:05:07");
    assert_string_equal(back("2025-07-14 10:00:00.000", CAL_YMD), "2025-07-14T10:00");
    assert_string_equal(back("2025-07-14T10:00:00.123456789", CAL_YMD), "2025-07-14T10:00");
    assert_int_equal(ok("2025-01-06", CAL_YMD).tod, -1);
    assert_int_equal(ok("2025-01-06T00:00", CAL_YMD).tod, 0);
}

static void test_offsets(void **state)
{
    (void)state;
    /* Winter: UTC is UK time. Summer: UK is an hour ahead. */
    assert_string_equal(back("2025-01-06T16:05Z", CAL_YMD), "2025-01-06T16:05");
    assert_string_equal(back("2025-07-01T08:00:00Z", CAL_YMD), "2025-07-01T09:00");
    assert_string_equal(back("2025-07-01T10:00+01:00", CAL_YMD), "2025-07-01T10:00");
    assert_string_equal(back("2025-07-01T10:00+0200", CAL_YMD), "2025-07-01T09:00");
    assert_string_equal(back("2025-07-01T10:00-05", CAL_YMD), "2025-07-01T16:00");
    /* The UK day, not the writer's: 23:30Z in summer is 00:30 the next day. */
    assert_string_equal(back("2025-07-01T23:30Z", CAL_YMD), "2025-07-02T00:30");
    assert_int_equal(ok("2025-07-01T12:00", CAL_YMD).utc_off, 60);
    assert_int_equal(ok("2025-01-01T12:00", CAL_YMD).utc_off, 0);
}

static void test_clock_changes(void **state)
{
    (void)state;
    /* Forward: 2025-03-30 01:00 GMT becomes 02:00 BST; 01:30 never happens. */
    cal_moment m;
    const char *why = NULL;
    assert_false(cal_parse_moment("2025-03-30T01:30", 16, CAL_YMD, &m, &why));
    assert_non_null(strstr(why, "clocks go forward"));
    cal_moment a = ok("2025-03-30T00:59", CAL_YMD), b = ok("2025-03-30T02:00", CAL_YMD);
    assert_int_equal(cal_moment_utc(&b) - cal_moment_utc(&a), 60);
    /* 24 elapsed hours from 16:05 GMT on the 29th is 17:05 BST on the 30th. */
    cal_moment s = ok("2025-03-29T16:05", CAL_YMD), due;
    assert_true(cal_moment_from_utc(cal_moment_utc(&s) + 24 * 3600, &due));
    char buf[24];
    assert_string_equal(cal_format_moment(&due, 'T', buf), "2025-03-30T17:05");
    /* Back: 2025-10-26 02:00 BST becomes 01:00 GMT; 01:30 happens twice and
     * is read as the first, summer time; the offset picks the second. */
    cal_moment first = ok("2025-10-26T01:30", CAL_YMD), second = ok("2025-10-26T01:30Z", CAL_YMD);
    assert_int_equal(first.utc_off, 60);
    assert_int_equal(second.utc_off, 0);
    assert_int_equal(cal_moment_utc(&second) - cal_moment_utc(&first), 3600);
    cal_moment t = ok("2025-10-25T16:05", CAL_YMD);
    assert_true(cal_moment_from_utc(cal_moment_utc(&t) + 24 * 3600, &due));
    assert_string_equal(cal_format_moment(&due, ' ', buf), "2025-10-26 15:05");
}

static void test_dmy(void **state)
{
    (void)state;
    assert_string_equal(back("06/01/2025", CAL_DMY), "2025-01-06");
    assert_string_equal(back("14/07/2025 10:00", CAL_DMY), "2025-07-14T10:00");
    assert_string_equal(back("14/07/2025 10:00:30", CAL_DMY), "2025-07-14T10:00:30");
    cal_moment m;
    const char *why;
    /* Never guessed: a UK date is refused in ISO order and the other way round. */
    assert_false(cal_parse_moment("06/01/2025", 10, CAL_YMD, &m, &why));
    assert_true(cal_looks_dmy("06/01/2025", 10));
    assert_false(cal_looks_dmy("2025-01-06", 10));
    assert_false(cal_parse_moment("2025-01-06", 10, CAL_DMY, &m, &why));
    assert_false(cal_parse_moment("13/13/2025", 10, CAL_DMY, &m, &why));
    assert_false(cal_parse_moment("06/01/25", 8, CAL_DMY, &m, &why));
    assert_false(cal_parse_moment("06/01/2025T10:00", 16, CAL_DMY, &m, &why));
    assert_false(cal_parse_moment("06/01/2025 10:00Z", 17, CAL_DMY, &m, &why));
    assert_false(cal_parse_moment("06/01/2025 10:00:00.000", 23, CAL_DMY, &m, &why));
}

static void test_refused(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "", "2025-02-30", "25-01-06", "2025-01-06T", "2025-01-06T24:00", "2025-01-06T10:60",
        "2025-01-06T10:00:60", "2025-01-06T1:00", "2025-01-06 10:00:00.", "2025-01-06x10:00",
        "2025-01-06  10:00", "2025-01-06T10:00+1:00", "2025-01-06T10:00+15:00", "2025-01-06T10:00z",
        "2025-01-06T10:00:00.1234567890", "2025-01-06T10:00 ",
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        cal_moment m = {7, 7, 7};
        const char *why = NULL;
        if (cal_parse_moment(bad[i], strlen(bad[i]), CAL_YMD, &m, &why))
            fail_msg("%s parsed", bad[i]);
        assert_non_null(why);
        assert_int_equal(m.day, 7); /* unchanged */
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_shapes),
        cmocka_unit_test(test_offsets),
        cmocka_unit_test(test_clock_changes),
        cmocka_unit_test(test_dmy),
        cmocka_unit_test(test_refused),
    };
    return cmocka_run_group_tests_name("moment", tests, NULL, NULL);
}
