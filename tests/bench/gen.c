/*
 * gen.c — a deterministic synthetic caseload for the benchmark.
 *
 *   cc -O2 -o build/bench/gen tests/bench/gen.c
 *   build/bench/gen [CASES] > build/bench/caseload.csv
 *
 * Writes CASES cases (default 10,000; about 100 events each, so about a
 * million rows) in the case event CSV of the contract, in the vocabulary of
 * policies/examples/sample.docket: supervision orders, meetings with chairs,
 * records circulated, visits (seen alone, bedroom seen), child protection
 * plans, conferences, extension decisions and orders ending, plus a few rows
 * of kinds the policy does not declare (skipped and counted). The output
 * depends only on CASES: the random generator has a fixed seed.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static uint64_t rng = 0x9E3779B97F4A7C15ull;

static uint32_t rnd(uint32_t n)
{
    /* xorshift64* */
    rng ^= rng >> 12;
    rng ^= rng << 25;
    rng ^= rng >> 27;
    return (uint32_t)(((rng * 0x2545F4914F6CDD1Dull) >> 32) % n);
}

/* Days since 1970-01-01 to YYYY-MM-DD (H. Hinnant's civil_from_days). */
static const char *fmt(long z, char *buf)
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long y = yoe + era * 400;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    long d = doy - (153 * mp + 2) / 5 + 1;
    long m = mp < 10 ? mp + 3 : mp - 9;
    if (m <= 2)
        y++;
    snprintf(buf, 32, "%04d-%02d-%02d", (int)y, (int)m, (int)d);
    return buf;
}

/* columns: case,date,event,months,chair,seen_alone,bedroom_seen,decision */
static void row(long id, long day, const char *ev, const char *rest)
{
    char b[32];
    printf("C-%05ld,%s,%s,%s\n", id, fmt(day, b), ev, rest);
}

static const char *boolpct(int pct)
{
    return (int)rnd(100) < pct ? "true" : "false";
}

int main(int argc, char **argv)
{
    long ncases = argc > 1 ? atol(argv[1]) : 10000;
    const long base = 19723; /* 2024-01-01 */
    long total = 0;
    printf("case,date,event,months,chair,seen_alone,bedroom_seen,decision\n");
    for (long c = 1; c <= ncases; c++) {
        long start = base + (long)rnd(540);
        long months = 6 + (long)rnd(7);
        long len = months * 30 + (long)rnd(40) - 20;
        int cp = rnd(100) < 30;
        if (cp) {
            row(c, start - 30 - (long)rnd(60), "cp_plan_started", ",,,,");
            total++;
        }
        char rest[64];
        snprintf(rest, sizeof rest, "%ld,,,,", months);
        row(c, start, "supervision_order_made", rest);
        row(c, start, "legal_status_recorded", ",,,,");
        total += 2;
        if (cp && rnd(100) < 70) {
            row(c, start + 5 + (long)rnd(20), "rcpc_held", ",,,,");
            total++;
        }
        if (cp && rnd(100) < 50) {
            row(c, start + 60 + (long)rnd(120), "cp_plan_ended", ",,,,");
            total++;
        }
        /* Meetings about every six weeks, each usually followed by its record. */
        for (long d = start + 10 + (long)rnd(15); d < start + len; d += 35 + (long)rnd(20)) {
            int r = (int)rnd(100);
            const char *chair = r < 70 ? "cp_coordinator" : r < 85 ? "manager" : "social_worker";
            snprintf(rest, sizeof rest, ",%s,,,", chair);
            row(c, d, "so_meeting", rest);
            total++;
            if (rnd(100) < 85) {
                row(c, d + 1 + (long)rnd(9), "meeting_record_circulated", ",,,,");
                total++;
            }
        }
        /* Visits every few days. */
        for (long d = start + 1 + (long)rnd(5); d < start + len; d += 2 + (long)rnd(3)) {
            snprintf(rest, sizeof rest, ",,%s,%s,", boolpct(60), boolpct(80));
            row(c, d, "visit", rest);
            total++;
            if (rnd(100) < 3) {
                row(c, d, "case_note_added", ",,,,");
                total++;
            }
        }
        if (months > 9 && rnd(100) < 80) {
            row(c, start + 250 + (long)rnd(30), "extension_reviewed", rnd(2) ? ",,,,lapse" : ",,,,seek_extension");
            total++;
        }
        if (rnd(100) < 85) {
            row(c, start + len, "order_ended", ",,,,");
            total++;
        }
    }
    fprintf(stderr, "gen: %ld cases, %ld events\n", ncases, total);
    return 0;
}
