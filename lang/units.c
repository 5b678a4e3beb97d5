/*
 * units.c — the table of duration units (see units.h).
 */
#include "units.h"

#include <stdio.h>
#include <string.h>

/* One row per dur_unit, in the enum's order. A hundred years is 36525
 * days, 5218 weeks, 1200 months, 100 years or 876600 hours; a working day
 * is taken as 1.4 calendar days and a month as 30.437 for ordering. */
static const unit_info units[] = {
    {DUR_DAYS, "day", "days", UNIT_CALENDAR_DAYS, 1, 36525, 1000, 1},
    {DUR_WEEKS, "week", "weeks", UNIT_CALENDAR_DAYS, 7, 5218, 7000, 1},
    {DUR_MONTHS, "month", "months", UNIT_MONTHS, 1, 1200, 30437, 1},
    {DUR_YEARS, "year", "years", UNIT_MONTHS, 12, 100, 365250, 1},
    {DUR_WORKING_DAYS, "working day", "working days", UNIT_WORKING_DAYS, 1, 36525, 1400, 1},
    {DUR_HOURS, "hour", "hours", UNIT_HOURS, 1, 876600, 1000, 24},
};

enum { NUNITS = sizeof units / sizeof units[0] };

const unit_info *unit_table(size_t *n)
{
    *n = NUNITS;
    return units;
}

const unit_info *unit_info_of(dur_unit u)
{
    return &units[u];
}

const char *dur_unit_name(dur_unit u, bool plural)
{
    return plural ? units[u].plural : units[u].singular;
}

bool unit_from_word(const char *word, size_t len, dur_unit *out)
{
    for (size_t i = 0; i < NUNITS; i++) {
        const unit_info *u = &units[i];
        if ((strlen(u->singular) == len && memcmp(u->singular, word, len) == 0) ||
            (strlen(u->plural) == len && memcmp(u->plural, word, len) == 0)) {
            *out = u->unit;
            return true;
        }
    }
    return false;
}

char *dur_format(duration d, char *buf, size_t n)
{
    snprintf(buf, n, "%lld %s", (long long)d.n, dur_unit_name(d.unit, d.n != 1));
    return buf;
}

bool unit_working(dur_unit u, dur_unit *out)
{
    if (u != DUR_DAYS)
        return false;
    *out = DUR_WORKING_DAYS;
    return true;
}

dur_unit unit_base(dur_unit u)
{
    for (size_t i = 0; i < NUNITS; i++)
        if (units[i].kind == units[u].kind && units[i].per == 1)
            return units[i].unit;
    return u;
}

duration dur_in_base(duration d)
{
    return (duration){d.n * units[d.unit].per, unit_base(d.unit)};
}

bool dur_within_limit(duration d)
{
    int64_t max = units[d.unit].max;
    return d.n <= max && d.n >= -max;
}

int64_t dur_approx_millidays(duration d)
{
    return d.n * units[d.unit].approx_num / units[d.unit].approx_den;
}

dur_parse_status dur_parse(const char *text, size_t len, duration *out)
{
    size_t i = 0;
    while (i < len && (text[i] == ' ' || text[i] == '\t'))
        i++;
    bool negative = i < len && text[i] == '-';
    if (i < len && (text[i] == '+' || text[i] == '-'))
        i++;
    size_t digits = i;
    int64_t n = 0;
    while (i < len && text[i] >= '0' && text[i] <= '9') {
        int d = text[i++] - '0';
        n = n > (INT64_MAX - d) / 10 ? INT64_MAX : n * 10 + d;
    }
    if (i == digits || (negative && n != 0))
        return DUR_NOT_A_DURATION;
    while (i < len && text[i] == ' ')
        i++;
    dur_unit u;
    if (!unit_from_word(text + i, len - i, &u))
        return DUR_NOT_A_DURATION;
    *out = (duration){n, u};
    return dur_within_limit(*out) ? DUR_PARSED : DUR_TOO_LONG;
}
