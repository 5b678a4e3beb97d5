/*
 * fuzz_date.c — libFuzzer harness for date parsing and arithmetic: the input
 * is split into a date text and a signed offset; every parsed date goes
 * through month, year and working-day arithmetic against the England and
 * Wales calendar, and the results are checked against each other:
 * D + N working days - N working days is the last working day on or before D
 * (D itself when D is a working day), and formatting then parsing a date
 * gives it back. A mismatch aborts. Built by `make fuzz` (libFuzzer) and by
 * `make test` with the replay driver over tests/fuzz/corpus/date/.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "interpreter/time/calendar.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static cal_calendar *calendar(void)
{
    static cal_calendar *cal; /* loaded once for the whole fuzzing run */
    if (!cal) {
        diag_sink sink;
        diag_init_buffer(&sink);
        cal = cal_load("policies/calendars/england_and_wales.csv", "england_and_wales", &sink);
        diag_free(&sink);
        if (!cal)
            abort();
    }
    return cal;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2 || size > 64)
        return 0;
    int n = (int8_t)data[0] * 4 + (int8_t)data[1] % 4;
    cal_day d;
    if (!cal_parse_date((const char *)data + 2, size - 2, &d))
        return 0;
    char buf[16];
    cal_day back;
    if (!cal_parse_date(cal_format(d, buf), 10, &back) || back != d)
        abort();
    (void)cal_add_months(d, n);
    (void)cal_add_years(d, n / 12);
    const cal_calendar *cal = calendar();
    cal_day fwd, rev;
    int bad = 0;
    if (n > 0 && cal_add_working_days(cal, d, n, &fwd, &bad) && cal_add_working_days(cal, fwd, -n, &rev, &bad)) {
        /* Back from the Nth working day after D lands on the last working
         * day on or before D. */
        cal_day expect = d;
        while (!cal_is_working_day(cal, expect))
            expect--;
        if (rev != expect)
            abort();
    }
    return 0;
}
