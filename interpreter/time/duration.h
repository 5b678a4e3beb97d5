/*
 * duration.h — date arithmetic by unit kind: the one implementation of
 * DATE ± DURATION used by evaluation, --explain and `docket date`. The
 * units themselves (words, limits, kinds) are the table in lang/units.h.
 */
#ifndef DOCKET_DURATION_H
#define DOCKET_DURATION_H

#include <stdbool.h>

#include "lang/units.h"
#include "calendar.h"

/* D + SIGN * DUR under holiday calendar CAL (SIGN is 1 or -1), into *OUT,
 * by the kind of DUR's unit: calendar days (weeks are 7 days), months
 * clamped to the month's end (years are 12 months), working days of CAL
 * (NULL: weekends only), hours rounded up to whole days. False when
 * working-day arithmetic leaves CAL's known years (*BAD_YEAR says which,
 * see cal_add_working_days), or when the result is outside the dates Docket
 * handles, 0001-01-01 to 9999-12-31 (*BAD_YEAR is then 0 or 10000). DUR must be within its unit's limit
 * (dur_within_limit) so that the count fits an int. */
bool dur_add(const cal_calendar *cal, cal_day d, duration dur, int sign, cal_day *out, int *bad_year);

#endif
