/*
 * calendar.h — dates as day numbers, month and working-day arithmetic, and
 * holiday calendars loaded from CSV files (policies/calendars/NAME.csv).
 *
 * Ownership: cal_load returns a calendar the caller frees with cal_free;
 * strings returned by cal_holiday_name belong to the calendar.
 *
 * A date is an int32_t day number: days since 1970-01-01 in the proleptic
 * Gregorian calendar. Years 1..9999 are representable.
 */
#ifndef DOCKET_CALENDAR_H
#define DOCKET_CALENDAR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lang/diag.h"

typedef int32_t cal_day;

/* Strict ISO date YYYY-MM-DD of exactly LEN bytes (S need not be
 * NUL-terminated); false when the text is not that shape (ASCII digits only,
 * no sign or spaces) or the date does not exist (2025-02-30, 2023-02-29,
 * year 0000). *OUT is written only on success. */
bool cal_parse_date(const char *s, size_t len, cal_day *out);
/* "YYYY-MM-DD" into BUF (at least 11 bytes); returns BUF. A day outside years
 * 0..9999 is written as "####-##-##". */
char *cal_format(cal_day d, char *buf);
cal_day cal_from_ymd(int y, int m, int d);     /* assumes a valid date */
/* A valid date packed as YYYYMMDD (20250106, a date literal of the AST,
 * lang/ast.h ast_date) to its day number. */
cal_day cal_from_packed(int32_t yyyymmdd);
/* Any day number, including before year 1, to its proleptic Gregorian date. */
void cal_to_ymd(cal_day day, int *y, int *m, int *d);
bool cal_is_leap(int y);
int cal_days_in_month(int y, int m);
int cal_weekday(cal_day d);                    /* 0 Monday .. 6 Sunday */

/* D + N months (N may be negative): the day of the month is kept and clamped
 * to the last day of a shorter month (31 Jan + 1 month = 28/29 Feb). The
 * result must be representable (years 1..9999); it is not checked. */
cal_day cal_add_months(cal_day d, int n);
cal_day cal_add_years(cal_day d, int n);       /* = 12n months */

typedef struct cal_calendar cal_calendar;

/* Load a holiday calendar from PATH: CSV with a header "date,name[,source]".
 * NAME is the calendar's name for messages. The known range is the first to
 * the last year that has a row. Rows must be in strictly increasing date
 * order; quoted fields (RFC 4180, one record per line), CRLF line ends and a
 * UTF-8 byte-order mark are accepted, blank lines are skipped. Every problem
 * (unreadable file, bad header, wrong field count, bad quoting, bad or missing
 * date, empty name, rows out of order, duplicate date, no rows at all) is
 * reported to SINK as an error with file:line:col (0:0 for the file as a
 * whole) and NULL is returned. A year inside the range without any row is
 * reported as a warning only. NAME NULL means PATH. SINK may be NULL. */
cal_calendar *cal_load(const char *path, const char *name, diag_sink *sink);
void cal_free(cal_calendar *c);                /* NULL is ignored */
const char *cal_name(const cal_calendar *c);
int cal_first_year(const cal_calendar *c);
int cal_last_year(const cal_calendar *c);
/* The holiday's name, or NULL when D is not a holiday of C. */
const char *cal_holiday_name(const cal_calendar *c, cal_day d);

/* Not Saturday, not Sunday, not a holiday of C. C may be NULL (weekends only).
 * Does not check the range. O(log holidays). */
bool cal_is_working_day(const cal_calendar *c, cal_day d);

/* D + N working days: for N > 0 the Nth working day strictly after D; for
 * N < 0 the |N|th working day strictly before D; N == 0 gives D. D itself is
 * day 0 whether or not it is a working day. Every date examined (D and all
 * days stepped over) must lie in the calendar's known years: otherwise false
 * is returned and *BAD_YEAR is the first year outside the range met walking
 * from D (D's own year when D is outside; BAD_YEAR may be NULL). This holds for
 * N == 0 too. With C NULL, only weekends are skipped and the range is every
 * representable year, 1..9999. O(log^2 holidays) whatever N is. */
bool cal_add_working_days(const cal_calendar *c, cal_day d, int n, cal_day *out,
                          int *bad_year);

/* Working days in the half-open interval (A, B] when A <= B; minus the
 * working days in (B, A] when B < A (so between(a, b) == -between(b, a)).
 * When A <= B and the result N > 0, A + N working days is the last working
 * day <= B. Same range rule as cal_add_working_days: A and B must both lie in
 * the known years; *BAD_YEAR is A's year when A is outside, else the first
 * year outside the range between A and B. */
bool cal_working_days_between(const cal_calendar *c, cal_day a, cal_day b, int *out,
                              int *bad_year);

/* Holidays of C in the closed interval [A, B], in order, up to MAX written to
 * OUT (which may be NULL when MAX is 0); returns how many there are in all
 * (for --explain). 0 when C is NULL or B < A. */
size_t cal_holidays_in(const cal_calendar *c, cal_day a, cal_day b, cal_day *out,
                       size_t max);

#endif
