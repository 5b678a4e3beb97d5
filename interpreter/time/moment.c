/*
 * moment.c — dates and date-times of case files, as UK local time.
 *
 * The conversion between UK local time and UTC uses the C library's
 * localtime_r with TZ set to Europe/London (once, for the whole process:
 * every time Docket shows is UK time). A local time L is turned into UTC by
 * trying the offsets in force half a day either side of it, larger first,
 * and keeping the first whose UTC instant reads back as L: so a time in the
 * repeated autumn hour is read as summer time, and a time in the skipped
 * spring hour reads back as no candidate and is refused.
 */
#include "moment.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ------------------------------------------------------------ the zone */

static int zone_state; /* 1 ready, -1 no Europe/London (set once, by zone_setup) */
static pthread_once_t zone_once = PTHREAD_ONCE_INIT;

static void zone_setup(void)
{
    setenv("TZ", "Europe/London", 1);
    tzset();
    /* 2025-07-01T12:00Z is 13:00 British Summer Time. */
    time_t t = (time_t)(cal_from_ymd(2025, 7, 1) * (int64_t)86400 + 12 * 3600);
    struct tm tm;
    zone_state = localtime_r(&t, &tm) && tm.tm_hour == 13 ? 1 : -1;
}

/* Set TZ to Europe/London once for the process, whichever thread reads a
 * time first (the caseload runner's threads read them); whether the zone
 * is there (a known summer offset reads back). */
static bool uk_zone(void)
{
    pthread_once(&zone_once, zone_setup);
    return zone_state == 1;
}

/* Local seconds (as if UTC) of the broken-down time TM. */
static int64_t tm_local_secs(const struct tm *tm)
{
    return (int64_t)cal_from_ymd(tm->tm_year + 1900, tm->tm_mon + 1, tm->tm_mday) * 86400 +
           tm->tm_hour * 3600 + tm->tm_min * 60 + tm->tm_sec;
}

/* The UTC offset in seconds in force at UTC instant T; false without a zone. */
static bool offset_at(int64_t t, int64_t *off)
{
    time_t tt = (time_t)t;
    struct tm tm;
    if (!localtime_r(&tt, &tm))
        return false;
    *off = tm_local_secs(&tm) - t;
    return true;
}

bool cal_moment_from_utc(int64_t t, cal_moment *out)
{
    int64_t off;
    if (!uk_zone() || !offset_at(t, &off))
        return false;
    int64_t local = t + off;
    int64_t day = local >= 0 ? local / 86400 : -((-local + 86399) / 86400);
    out->day = (cal_day)day;
    out->tod = (int32_t)(local - day * 86400);
    out->utc_off = (int16_t)(off / 60);
    return true;
}

int64_t cal_moment_utc(const cal_moment *m)
{
    return (int64_t)m->day * 86400 + m->tod - (int64_t)m->utc_off * 60;
}

/* UK local seconds LOCAL to a moment; *WHY set on failure. */
static bool from_uk_local(int64_t local, cal_moment *out, const char **why)
{
    int64_t a, b;
    if (!uk_zone() || !offset_at(local - 43200, &a) || !offset_at(local + 43200, &b)) {
        *why = "a time in UK local time, but the system's time-zone database has no Europe/London (install tzdata)";
        return false;
    }
    int64_t first = a > b ? a : b, second = a > b ? b : a;
    const int64_t cands[2] = {first, second};
    for (int i = 0; i < 2; i++) {
        cal_moment m;
        if (cal_moment_from_utc(local - cands[i], &m) && (int64_t)m.day * 86400 + m.tod == local) {
            *out = m;
            return true;
        }
    }
    *why = "a time that exists in UK local time (this one is in the hour skipped when the clocks go forward)";
    return false;
}

/* ------------------------------------------------------------ parsing */

/* The value of the N digits at S, or -1. */
static int num(const char *s, size_t n)
{
    int v = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

static const char why_ymd[] = "a date YYYY-MM-DD that exists, optionally with a time";
static const char why_dmy[] = "a UK date dd/mm/yyyy that exists, optionally with a time";

/* hh:mm[:ss[.f+]] at S[0..N): how many bytes it took, or 0. */
static size_t parse_clock(const char *s, size_t n, bool fraction, int *h, int *mi, int *sec)
{
    if (n < 5 || s[2] != ':')
        return 0;
    *h = num(s, 2);
    *mi = num(s + 3, 2);
    *sec = 0;
    size_t i = 5;
    if (i < n && s[i] == ':') {
        if (n < 8 || (*sec = num(s + 6, 2)) < 0)
            return 0;
        i = 8;
        if (fraction && i < n && s[i] == '.') {
            size_t j = i + 1;
            while (j < n && j - i <= 9 && s[j] >= '0' && s[j] <= '9')
                j++;
            if (j == i + 1 || (j < n && s[j] >= '0' && s[j] <= '9'))
                return 0;
            i = j;
        }
    }
    if (*h < 0 || *h > 23 || *mi < 0 || *mi > 59 || *sec < 0 || *sec > 59)
        return 0;
    return i;
}

/* "Z", "+hh:mm", "+hhmm", "+hh" at S[0..N) (all of it): minutes east, or
 * false. */
static bool parse_offset(const char *s, size_t n, int *minutes)
{
    if (n == 1 && s[0] == 'Z') {
        *minutes = 0;
        return true;
    }
    if (n < 3 || (s[0] != '+' && s[0] != '-'))
        return false;
    int h = num(s + 1, 2), m = 0;
    if (n == 6 && s[3] == ':')
        m = num(s + 4, 2);
    else if (n == 5)
        m = num(s + 3, 2);
    else if (n != 3)
        return false;
    if (h < 0 || h > 14 || m < 0 || m > 59)
        return false;
    *minutes = (s[0] == '-' ? -1 : 1) * (h * 60 + m);
    return true;
}

/* Whether Y-M-D is a date that exists (year 1 on). */
static bool valid_ymd(int y, int m, int d)
{
    return y >= 1 && m >= 1 && m <= 12 && d >= 1 && d <= cal_days_in_month(y, m);
}

bool cal_looks_dmy(const char *s, size_t len)
{
    return len >= 10 && s[2] == '/' && s[5] == '/' && num(s, 2) >= 0 && num(s + 3, 2) >= 0 && num(s + 6, 4) >= 0;
}

bool cal_parse_moment(const char *s, size_t len, cal_order order, cal_moment *out, const char **why)
{
    *why = order == CAL_DMY ? why_dmy : why_ymd;
    if (!s || len < 10)
        return false;
    int y, m, d;
    if (order == CAL_DMY) {
        if (s[2] != '/' || s[5] != '/')
            return false;
        d = num(s, 2);
        m = num(s + 3, 2);
        y = num(s + 6, 4);
    } else {
        if (s[4] != '-' || s[7] != '-')
            return false;
        y = num(s, 4);
        m = num(s + 5, 2);
        d = num(s + 8, 2);
    }
    if (!valid_ymd(y, m, d))
        return false;
    cal_day day = cal_from_ymd(y, m, d);
    if (len == 10) {
        out->day = day;
        out->tod = -1;
        out->utc_off = 0;
        return true;
    }
    bool iso = order == CAL_YMD;
    if (!(s[10] == ' ' || (iso && s[10] == 'T')))
        return false;
    int h, mi, sec;
    size_t used = parse_clock(s + 11, len - 11, iso, &h, &mi, &sec);
    if (used == 0)
        return false;
    size_t rest = 11 + used;
    int64_t local = (int64_t)day * 86400 + h * 3600 + mi * 60 + sec;
    if (rest == len)
        return from_uk_local(local, out, why);
    int off;
    if (!iso || !parse_offset(s + rest, len - rest, &off))
        return false;
    if (!cal_moment_from_utc(local - (int64_t)off * 60, out)) {
        *why = "a time in UK local time, but the system's time-zone database has no Europe/London (install tzdata)";
        return false;
    }
    return true;
}

char *cal_format_moment(const cal_moment *m, char sep, char *buf)
{
    cal_format(m->day, buf);
    if (m->tod < 0)
        return buf;
    int h = m->tod / 3600, mi = m->tod / 60 % 60, sec = m->tod % 60;
    char *p = buf + 10;
    *p++ = sep;
    *p++ = (char)('0' + h / 10);
    *p++ = (char)('0' + h % 10);
    *p++ = ':';
    *p++ = (char)('0' + mi / 10);
    *p++ = (char)('0' + mi % 10);
    if (sec) {
        *p++ = ':';
        *p++ = (char)('0' + sec / 10);
        *p++ = (char)('0' + sec % 10);
    }
    *p = '\0';
    return buf;
}
