/*
 * units.h — the one table of duration units: their words (singular and
 * plural), the most of each a duration may count (a hundred years), the
 * kind of date arithmetic each takes and how many of its kind's base unit
 * it holds. The lexer, the parser, the checker, the formatter, the semantic
 * diff, the case-file readers and `docket date` all read this table; the
 * date arithmetic by kind is in interpreter/time/duration.h.
 *
 * Adding a unit: a value of dur_unit and a row of the table in units.c (see
 * docs/architecture.md for the checklist). The table is static: nothing
 * here allocates.
 */
#ifndef DOCKET_UNITS_H
#define DOCKET_UNITS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum {
    DUR_DAYS, DUR_WEEKS, DUR_MONTHS, DUR_YEARS, DUR_WORKING_DAYS, DUR_HOURS
} dur_unit;

/* A number of a unit, as written (`15 working days`, `3 months`). */
typedef struct duration {
    int64_t n;
    dur_unit unit;
} duration;

/* How a date moves by a unit. Durations of one kind compare with each
 * other (in the kind's base unit); durations of different kinds do not. */
typedef enum {
    UNIT_CALENDAR_DAYS, /* base: a day (days, weeks) */
    UNIT_MONTHS,        /* base: a month, clamped to the month's end (months, years) */
    UNIT_WORKING_DAYS,  /* base: a working day of the holiday calendar */
    UNIT_HOURS,         /* base: an hour, rounded up to whole days on dates */
} unit_kind;

typedef struct unit_info {
    dur_unit unit;
    const char *singular, *plural; /* "working day", "working days" */
    unit_kind kind;
    int64_t per;          /* how many of the kind's base unit one holds: weeks 7, years 12 */
    int64_t max;          /* the most a duration may count: a hundred years */
    /* Approximate length in thousandths of a day, as NUM / DEN, to order
     * durations of different kinds (schedule milestones). */
    int64_t approx_num, approx_den;
} unit_info;

/* The whole table, one row per dur_unit in the enum's order; *N is set to
 * its length. */
const unit_info *unit_table(size_t *n);

/* The table row of U. */
const unit_info *unit_info_of(dur_unit u);

/* U's word: its plural when PLURAL, its singular otherwise. */
const char *dur_unit_name(dur_unit u, bool plural);

/* The unit whose singular or plural is exactly the LEN bytes at WORD
 * ("days", "working day"); false when none is. Singular and plural are
 * interchangeable, as in policies. */
bool unit_from_word(const char *word, size_t len, dur_unit *out);

/* D as written, "15 working days" or "1 month" (singular for one), into
 * BUF of N bytes (64 is always enough); returns BUF. */
char *dur_format(duration d, char *buf, size_t n);

/* The unit that `working` makes of U (days → working days); false when
 * `working` does not go with U. */
bool unit_working(dur_unit u, dur_unit *out);

/* The base unit of U's kind (weeks → days, years → months). */
dur_unit unit_base(dur_unit u);

/* D in its kind's base unit (2 weeks → 14 days, 1 year → 12 months). */
duration dur_in_base(duration d);

/* Whether D counts at most a hundred years of its unit, either way. */
bool dur_within_limit(duration d);

/* The approximate length of D in thousandths of a day (see unit_info). */
int64_t dur_approx_millidays(duration d);

typedef enum { DUR_PARSED, DUR_NOT_A_DURATION, DUR_TOO_LONG } dur_parse_status;

/* Parse the LEN bytes at TEXT as a duration written in a case file
 * ("15 working days": optional leading blanks and '+', digits, spaces, a
 * unit word). DUR_TOO_LONG (with *OUT set, its count saturated) when it is
 * well formed but over the limit; DUR_NOT_A_DURATION when it is not one,
 * or is negative. */
dur_parse_status dur_parse(const char *text, size_t len, duration *out);

#endif
