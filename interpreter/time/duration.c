/*
 * duration.c — date arithmetic by unit kind (see duration.h).
 */
#include "duration.h"

#include <stdlib.h>

/* Whether D is within the dates Docket handles, 0001-01-01 to 9999-12-31;
 * if not, *BAD_YEAR is 0 (before) or 10000 (after). */
static bool date_in_range(cal_day d, int *bad_year)
{
    if (d < cal_from_ymd(1, 1, 1)) {
        *bad_year = 0;
        return false;
    }
    if (d > cal_from_ymd(9999, 12, 31)) {
        *bad_year = 10000;
        return false;
    }
    return true;
}

bool dur_add(const cal_calendar *cal, cal_day d, duration dur, int sign, cal_day *out, int *bad_year)
{
    const unit_info *u = unit_info_of(dur.unit);
    int64_t n = dur.n * u->per * sign;
    switch (u->kind) {
    case UNIT_CALENDAR_DAYS: *out = d + (cal_day)n; return date_in_range(*out, bad_year);
    case UNIT_MONTHS: *out = cal_add_months(d, (int)n); return date_in_range(*out, bad_year);
    case UNIT_WORKING_DAYS: return cal_add_working_days(cal, d, (int)n, out, bad_year);
    case UNIT_HOURS: {
        int64_t days = (llabs(n) + 23) / 24;
        *out = d + (cal_day)(n < 0 ? -days : days);
        return date_in_range(*out, bad_year);
    }
    }
    return false;
}
