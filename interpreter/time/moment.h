/*
 * moment.h — dates and date-times as case files and extracts write them,
 * read as UK local time (Europe/London, from the system's time-zone
 * database, summer time included).
 *
 * A moment is a UK calendar day and, when the text gave a time of day, the
 * local time and the UTC offset in force then, so that elapsed hours between
 * two moments are exact across the clock changes. Nothing here allocates.
 *
 * Accepted shapes:
 *   ISO (CAL_YMD, the default): YYYY-MM-DD, optionally followed by 'T' or
 *     one space and hh:mm, hh:mm:ss or hh:mm:ss.fff (1 to 9 fraction digits,
 *     dropped), then optionally 'Z' or an offset +hh:mm, -hh:mm, +hhmm, +hh.
 *     Without 'Z' or an offset the time is UK local time; with one it is
 *     converted to UK local time (so the day is the UK day).
 *   UK (CAL_DMY, only when asked): dd/mm/yyyy, optionally followed by one
 *     space and hh:mm or hh:mm:ss, always UK local time.
 * Two-digit years are never accepted. A local time that does not exist
 * (the hour skipped when the clocks go forward) is refused; a local time
 * that happens twice (the hour repeated when they go back) is read as the
 * first, British Summer Time, unless an offset says otherwise.
 */
#ifndef DOCKET_MOMENT_H
#define DOCKET_MOMENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "calendar.h"

typedef enum { CAL_YMD, CAL_DMY } cal_order;

typedef struct cal_moment {
    cal_day day;       /* the UK calendar day */
    int32_t tod;       /* seconds since local midnight, or -1: a date only */
    int16_t utc_off;   /* minutes east of UTC in force at that time (0 or 60) */
} cal_moment;

/* Parse the LEN bytes at S (need not be NUL-terminated) in ORDER. On
 * failure returns false and sets *WHY to a static phrase saying what was
 * expected ("a date YYYY-MM-DD ...") or what is wrong ("... does not exist
 * in UK time: the clocks went forward"); *OUT is then unchanged. */
bool cal_parse_moment(const char *s, size_t len, cal_order order, cal_moment *out, const char **why);

/* Seconds since 1970-01-01T00:00Z of a moment with a time (tod >= 0). */
int64_t cal_moment_utc(const cal_moment *m);

/* The UK moment of UTC seconds T. False when the time-zone database has no
 * Europe/London (then *OUT is unchanged). */
bool cal_moment_from_utc(int64_t t, cal_moment *out);

/* "YYYY-MM-DD", or with a time "YYYY-MM-DD<SEP>hh:mm" (":ss" when the
 * seconds are not zero), into BUF (at least 20 bytes); returns BUF. */
char *cal_format_moment(const cal_moment *m, char sep, char *buf);

/* True when the text looks like dd/mm/yyyy (a UK date given without
 * --dates dmy), for a hint. */
bool cal_looks_dmy(const char *s, size_t len);

#endif
