/*
 * gen.c — deterministic synthetic caseloads for `make bench`.
 *
 *   cc -O2 -o build/bench/gen tests/bench/gen.c
 *   build/bench/gen CASES > build/bench/caseload-CASES.csv
 *
 * Writes CASES cases (about 64 rows each), grouped by case and in case-id
 * order as exports usually are, in the vocabulary of the shipped policies
 * (policies/common/vocabulary.docket and Islington's own events): every
 * event kind either policy declares occurs, with its attributes, so every
 * rule has work. Real exports carry more, so there are also rows of kinds
 * neither policy declares (skipped and counted) and three extra columns
 * (worker, team, notes: a quoted note with commas and doubled quotes in
 * some rows). The output depends only on CASES: the random generator has a
 * fixed seed. All dates fall in 2022-2027, inside the calendar's years.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t rng = 0x9E3779B97F4A7C15ull;

/* A number in 0..N-1 (xorshift64*). */
static uint32_t rnd(uint32_t n)
{
    rng ^= rng >> 12;
    rng ^= rng << 25;
    rng ^= rng >> 27;
    return (uint32_t)(((rng * 0x2545F4914F6CDD1Dull) >> 32) % n);
}

/* Days since 1970-01-01 to YYYY-MM-DD (H. Hinnant's civil_from_days). */
static void fmt(long z, char *buf)
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
    snprintf(buf, 11, "%04d-%02d-%02d", (int)y, (int)m, (int)d);
}

/* The columns after case,date,event, in header order. */
enum { C_MONTHS, C_UNTIL, C_OUTCOME, C_ON, C_CHAIR, C_REASON, C_VISIT_EVERY, C_HIGH_RISK, C_SEEN_ALONE,
       C_BEDROOM, C_DECISION, C_FIRST_MEETING_ON, C_WORKER, C_TEAM, C_NOTES, NCOLS };
static const char header[] = "case,date,event,months,until,outcome,on,chair,reason,visit_every_days,high_risk,"
                             "seen_alone,bedroom_seen,decision,first_meeting_on,worker,team,notes";

typedef struct row {
    long day;
    int seq;
    const char *event;
    char cells[NCOLS][48];
} row;

static row rows[512];
static int nrows;

static row *add(long day, const char *event)
{
    row *r = &rows[nrows];
    memset(r, 0, sizeof *r);
    r->day = day;
    r->seq = nrows++;
    r->event = event;
    snprintf(r->cells[C_WORKER], sizeof r->cells[C_WORKER], "W%04u", rnd(900));
    snprintf(r->cells[C_TEAM], sizeof r->cells[C_TEAM], "%s", rnd(2) ? "North" : "South");
    if (rnd(10) == 0)
        snprintf(r->cells[C_NOTES], sizeof r->cells[C_NOTES], "\"seen at home, with \"\"mum\"\", %u\"", rnd(99));
    return r;
}

static void set_date(row *r, int col, long day)
{
    fmt(day, r->cells[col]);
}

static const char *yesno(int pct)
{
    return (int)rnd(100) < pct ? "true" : "false";
}

static int cmp_row(const void *a, const void *b)
{
    const row *x = a, *y = b;
    if (x->day != y->day)
        return x->day < y->day ? -1 : 1;
    return x->seq - y->seq;
}

/* One case's rows, in date order. */
static void gen_case(long id)
{
    static const char *const chairs[] = {"cp_coordinator", "cp_coordinator", "iro", "social_worker", "cp_chair"};
    static const char *const outcomes[] = {"no_order", "supervision_order", "care_order",
                                           "special_guardianship_order", "private_law_order"};
    static const char *const extra[] = {"contact_logged", "case_note_added", "referral_received"};
    nrows = 0;
    long start = 19000 + (long)rnd(900); /* 2022-01-08 .. 2024-06-25 */
    long d = start;
    int cp = rnd(100) < 60, iso = rnd(100) < 50;
    if (iso)
        add(d, "iso_made");
    if (cp)
        add(d + rnd(5), "cp_plan_started");
    if (rnd(100) < 40)
        add(d + rnd(10), "iro_appointed");
    long order = d + 20 + rnd(60);
    row *r = add(order - 3 - rnd(10), "so_care_plan_filed");
    set_date(r, C_FIRST_MEETING_ON, order + 10 + rnd(10));
    add(order - 1 - rnd(5), "assessment_briefing_agreed");
    add(order - rnd(3), "proceedings_concluded");
    snprintf(rows[nrows - 1].cells[C_OUTCOME], 48, "%s", outcomes[rnd(100) < 80 ? 1 : rnd(5)]);
    int months = rnd(100) < 85 ? 12 : 6;
    if (rnd(100) < 2)
        months = 13; /* breaks the statutory limit */
    r = add(order, "supervision_order_made");
    snprintf(r->cells[C_MONTHS], 48, "%d", months);
    add(order + rnd(3), "legal_status_recorded");
    if (cp && rnd(2)) {
        r = add(order + 2 + rnd(10), "rcpc_scheduled");
        set_date(r, C_ON, order + 20 + rnd(20));
        add(order + 5 + rnd(10), "family_consulted");
        add(order + 20 + rnd(25), "rcpc_held");
        add(order + 21 + rnd(25), "core_group_informed");
        if (rnd(100) < 30) {
            r = add(order + 22 + rnd(25), "cp_plan_retained");
            snprintf(r->cells[C_REASON], 48, "\"risk remains, per conference %u\"", rnd(1000));
        } else {
            add(order + 22 + rnd(25), "cp_plan_ended");
        }
    }
    if (rnd(100) < 50)
        add(order + 3 + rnd(20), "iro_handover");
    add(order + 5 + rnd(30), "assessment_completed");
    int every = rnd(2) ? 10 : 20;
    r = add(order + 10 + rnd(15), "plan_agreed");
    snprintf(r->cells[C_VISIT_EVERY], 48, "%d", every);
    snprintf(r->cells[C_HIGH_RISK], 48, "%s", yesno(25));
    add(order + 12 + rnd(15), "so_plan_circulated");
    add(order + 12 + rnd(20), "transition_agreed");
    long len = months * 30L;
    int meetings = (int)(len / 90);
    for (int k = 0; k <= meetings; k++) {
        long m = order + 10 + k * 90 + (long)rnd(25);
        r = add(m, "so_meeting");
        snprintf(r->cells[C_CHAIR], 48, "%s", chairs[rnd(5)]);
        add(m + 2 + rnd(8), "meeting_record_circulated");
    }
    for (long v = order + 3 + rnd(7); v < order + len && nrows < 400; v += every - 3 + (long)rnd(8)) {
        r = add(v, "visit");
        snprintf(r->cells[C_SEEN_ALONE], 48, "%s", yesno(80));
        if (rnd(100) < 90)
            snprintf(r->cells[C_BEDROOM], 48, "%s", yesno(70));
    }
    long nine = order + 270 + rnd(20);
    r = add(nine, "extension_reviewed");
    snprintf(r->cells[C_DECISION], 48, "%s", rnd(3) ? "lapse" : "seek_extension");
    r = add(nine + 3 + rnd(10), "service_manager_consulted");
    snprintf(r->cells[C_DECISION], 48, "%s", rnd(3) ? "lapse" : "seek_extension");
    if (rnd(100) < 15) {
        r = add(order + len - 10, "order_extended");
        set_date(r, C_UNTIL, order + len + 365 + (rnd(100) < 5 ? 800 : 0));
    } else if (rnd(100) < 70) {
        add(order + len - rnd(20), "order_ended");
    }
    if (rnd(100) < 20) {
        add(order + 40 + rnd(200), "significant_harm_concern");
        add(order + 42 + rnd(200), "cp_coordinator_consulted");
        add(order + 43 + rnd(200), "legal_services_consulted");
    }
    if (rnd(100) < 30)
        add(order + 30 + rnd(300), "recommendations_made");
    add(order + 60 + rnd(200), "quality_assured");
    add(order + 30 + rnd(60), "lcs_plan_updated");
    for (int k = 0, n = 2 + (int)rnd(4); k < n; k++)
        add(start + rnd(400), extra[rnd(3)]);

    qsort(rows, (size_t)nrows, sizeof rows[0], cmp_row);
    char date[11];
    for (int i = 0; i < nrows; i++) {
        fmt(rows[i].day, date);
        printf("C-%06ld,%s,%s", id, date, rows[i].event);
        for (int c = 0; c < NCOLS; c++)
            printf(",%s", rows[i].cells[c]);
        putchar('\n');
    }
}

int main(int argc, char **argv)
{
    long cases = argc > 1 ? strtol(argv[1], NULL, 10) : 10000;
    if (cases < 1) {
        fprintf(stderr, "usage: gen CASES\n");
        return 2;
    }
    puts(header);
    for (long id = 1; id <= cases; id++)
        gen_case(id);
    return ferror(stdout) ? 1 : 0;
}
