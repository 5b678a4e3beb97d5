/*
 * duration.c — date arithmetic by unit kind (see duration.h).
 */
#include "duration.h"

#include <stdlib.h>

bool dur_add(const cal_calendar *cal, cal_day d, duration dur, int sign, cal_day *out, int *bad_year)
{
    const unit_info *u = unit_info_of(dur.unit);
    int64_t n = dur.n * u->per * sign;
    switch (u->kind) {
    case UNIT_CALENDAR_DAYS: *out = d + (cal_day)n; return true;
    case UNIT_MONTHS: *out = cal_add_months(d, (int)n); return true;
    case UNIT_WORKING_DAYS: return cal_add_working_days(cal, d, (int)n, out, bad_year);
    case UNIT_HOURS: {
        int64_t days = (llabs(n) + 23) / 24;
        *out = d + (cal_day)(n < 0 ? -days : days);
        return true;
    }
    }
    return false;
}
