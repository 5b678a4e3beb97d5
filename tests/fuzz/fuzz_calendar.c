/*
 * fuzz_calendar.c — libFuzzer harness for holiday calendar loading: the
 * input is written to a temporary file (cal_load reads a path) and loaded;
 * a calendar that loads is then used: working days added forward and back
 * across its first and last years, and counted between them, each result
 * checked (back from D + N working days lands on or before D). Crashes,
 * sanitizer findings and leaks are the bugs; diagnostics are expected.
 * Built by `make fuzz` (libFuzzer) and by `make test` with the replay
 * driver over tests/fuzz/corpus/calendar/.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "interpreter/time/calendar.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char path[] = "/tmp/docket-fuzz-calendar.XXXXXX";

/* Remove the temporary file at exit. */
static void remove_file(void)
{
    unlink(path);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int fd = -1;
    if (size > 1 << 16)
        return 0;
    if (fd < 0) {
        fd = mkstemp(path);
        if (fd < 0)
            abort();
        atexit(remove_file);
    }
    FILE *f = fopen(path, "wb");
    if (!f)
        abort();
    if (size && fwrite(data, 1, size, f) != size)
        abort();
    fclose(f);
    diag_sink sink;
    diag_init_buffer(&sink);
    cal_calendar *c = cal_load(path, "fuzz", &sink);
    if (c) {
        int fy = cal_first_year(c), ly = cal_last_year(c);
        cal_day a = cal_from_ymd(fy, 1, 1), b = cal_from_ymd(ly, 12, 31);
        int n = 0, bad = 0;
        if (!cal_working_days_between(c, a, b, &n, &bad))
            abort();
        for (int k = 1; k <= 400 && k <= n; k *= 3) {
            cal_day fwd, rev;
            if (cal_add_working_days(c, a, k, &fwd, &bad) && cal_add_working_days(c, fwd, -k, &rev, &bad) && rev > a)
                abort();
        }
        cal_free(c);
    }
    diag_free(&sink);
    return 0;
}
