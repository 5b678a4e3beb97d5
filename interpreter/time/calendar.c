/*
 * calendar.c — day numbers, month and working-day arithmetic, holiday
 * calendars read from CSV.
 *
 * Civil dates use Howard Hinnant's days_from_civil / civil_from_days
 * (http://howardhinnant.github.io/date_algorithms.html), computed in 64 bits
 * so that no int32 day number can overflow an intermediate.
 *
 * Working days are counted, never walked. With an anchor Monday M0,
 *
 *     W(x) = weekdays in [M0, x)              closed form, O(1)
 *     H(x) = weekday holidays < x             binary search, O(log h)
 *     F(x) = W(x) - H(x)                      working days in [M0, x)
 *
 * F is non-decreasing and rises by one exactly after each working day, so
 * "the Nth working day after D" is first_reaching(F(D + 1) + N) - 1, where
 * first_reaching(t) is the smallest x with F(x) >= t. That inverse is found
 * by a binary search over k, the number of weekday holidays before the
 * answer (see first_reaching), so one call costs O(log^2 h) whatever N is.
 */
#include "calendar.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lang/input_limits.h"
#include "lang/util.h"

/* ------------------------------------------------------------------ civil */

static int64_t floor_div(int64_t a, int64_t b)
{
    int64_t q = a / b;
    if ((a % b != 0) && ((a < 0) != (b < 0)))
        q--;
    return q;
}

static int64_t days_from_civil(int64_t y, int64_t m, int64_t d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;                                   /* [0, 399] */
    int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1; /* [0, 365] */
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;           /* [0, 146096] */
    return era * 146097 + doe - 719468;
}

static void civil_from_days(int64_t z, int64_t *y, int *m, int *d)
{
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    int dd = (int)(doy - (153 * mp + 2) / 5 + 1);
    int mm = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = yoe + era * 400 + (mm <= 2);
    *m = mm;
    *d = dd;
}

static bool is_leap64(int64_t y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month64(int64_t y, int m)
{
    static const int len[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m < 1 || m > 12)
        return 0;
    return m == 2 && is_leap64(y) ? 29 : len[m - 1];
}

bool cal_is_leap(int y)
{
    return is_leap64(y);
}

int cal_days_in_month(int y, int m)
{
    return days_in_month64(y, m);
}

cal_day cal_from_ymd(int y, int m, int d)
{
    return (cal_day)days_from_civil(y, m, d);
}

cal_day cal_from_packed(int32_t yyyymmdd)
{
    return cal_from_ymd(yyyymmdd / 10000, yyyymmdd / 100 % 100, yyyymmdd % 100);
}

void cal_to_ymd(cal_day day, int *y, int *m, int *d)
{
    int64_t yy;
    civil_from_days(day, &yy, m, d);
    *y = (int)yy;
}

/* The year of day X (X may lie outside int32 in intermediate results). */
static int year_of(int64_t x)
{
    int64_t y;
    int m, d;
    civil_from_days(x, &y, &m, &d);
    return (int)y;
}

int cal_weekday(cal_day d)
{
    /* 1970-01-01 (day 0) was a Thursday, 3 with Monday 0. */
    return (int)(((int64_t)d % 7 + 7 + 3) % 7);
}

static int digit(char c)
{
    return c >= '0' && c <= '9' ? c - '0' : -1;
}

/* The value of the N digits at S, or -1 when one of them is not a digit. */
static int digits(const char *s, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        int dg = digit(s[i]);
        if (dg < 0)
            return -1;
        v = v * 10 + dg;
    }
    return v;
}

bool cal_parse_date(const char *s, size_t len, cal_day *out)
{
    if (s == NULL || len != 10 || s[4] != '-' || s[7] != '-')
        return false;
    int y = digits(s, 4), m = digits(s + 5, 2), d = digits(s + 8, 2);
    if (y < 1 || m < 1 || m > 12 || d < 1 || d > cal_days_in_month(y, m))
        return false;
    *out = cal_from_ymd(y, m, d);
    return true;
}

char *cal_format(cal_day d, char *buf)
{
    int y, m, dd;
    cal_to_ymd(d, &y, &m, &dd);
    if (y < 0 || y > 9999) {
        memcpy(buf, "####-##-##", 11);
        return buf;
    }
    const int v[3] = {y, m, dd};
    const int w[3] = {4, 2, 2};
    char *p = buf;
    for (int i = 0; i < 3; i++) {
        if (i > 0)
            *p++ = '-';
        int x = v[i];
        for (int k = w[i] - 1; k >= 0; k--) {
            p[k] = (char)('0' + x % 10);
            x /= 10;
        }
        p += w[i];
    }
    *p = '\0';
    return buf;
}

/* ----------------------------------------------------------------- months */

static cal_day add_months64(cal_day d, int64_t n)
{
    int64_t y;
    int m, dd;
    civil_from_days(d, &y, &m, &dd);
    int64_t total = y * 12 + (m - 1) + n;
    int64_t ny = floor_div(total, 12);
    int nm = (int)(total - ny * 12) + 1;
    int dim = days_in_month64(ny, nm);
    if (dd > dim)
        dd = dim;
    return (cal_day)days_from_civil(ny, nm, dd);
}

cal_day cal_add_months(cal_day d, int n)
{
    return add_months64(d, n);
}

cal_day cal_add_years(cal_day d, int n)
{
    return add_months64(d, (int64_t)n * 12);
}

/* -------------------------------------------------------------- calendars */

typedef struct cal_holiday {
    cal_day day;
    size_t name; /* offset of the NUL-terminated name in cal_calendar.names */
} cal_holiday;

struct cal_calendar {
    char *name;
    int first_year, last_year;
    cal_day lo, hi;        /* first_year-01-01 and last_year-12-31 */
    cal_holiday *hol;      /* every holiday, strictly increasing days */
    size_t nhol;
    cal_day *wh;           /* the holidays that fall Monday to Friday */
    size_t nwh;
    char *names;           /* all holiday names, each NUL-terminated */
};

void cal_free(cal_calendar *c)
{
    if (c == NULL)
        return;
    free(c->name);
    free(c->hol);
    free(c->wh);
    free(c->names);
    free(c);
}

const char *cal_name(const cal_calendar *c)
{
    return c->name;
}

int cal_first_year(const cal_calendar *c)
{
    return c->first_year;
}

int cal_last_year(const cal_calendar *c)
{
    return c->last_year;
}

/* Index of the first holiday on or after D (nhol when none). */
static size_t hol_lower_bound(const cal_calendar *c, int64_t d)
{
    size_t lo = 0, hi = c->nhol;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (c->hol[mid].day < d)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

const char *cal_holiday_name(const cal_calendar *c, cal_day d)
{
    if (c == NULL)
        return NULL;
    size_t i = hol_lower_bound(c, d);
    return i < c->nhol && c->hol[i].day == d ? c->names + c->hol[i].name : NULL;
}

bool cal_is_working_day(const cal_calendar *c, cal_day d)
{
    return cal_weekday(d) < 5 && cal_holiday_name(c, d) == NULL;
}

size_t cal_holidays_in(const cal_calendar *c, cal_day a, cal_day b, cal_day *out,
                       size_t max)
{
    if (c == NULL || a > b)
        return 0;
    size_t i = hol_lower_bound(c, a), j = hol_lower_bound(c, (int64_t)b + 1);
    for (size_t k = i; k < j && k - i < max; k++)
        out[k - i] = c->hol[k].day;
    return j - i;
}

/* ----------------------------------------------------------- working days */

/* Day -3, 1969-12-29, was a Monday: the anchor of W. */
#define ANCHOR_OFFSET 3

/* W(x): weekdays in [anchor, x); negative before the anchor. */
static int64_t weekdays_before(int64_t x)
{
    int64_t t = x + ANCHOR_OFFSET;
    int64_t q = floor_div(t, 7), r = t - q * 7;
    return 5 * q + (r < 5 ? r : 5);
}

/* The smallest x with W(x) >= N; day x - 1 is then a weekday. */
static int64_t weekdays_inverse(int64_t n)
{
    int64_t q = floor_div(n, 5), r = n - q * 5;
    int64_t t = r == 0 ? 7 * q - 2 : 7 * q + r;
    return t - ANCHOR_OFFSET;
}

/* H(x): weekday holidays of C before day X. */
static int64_t holidays_before(const cal_calendar *c, int64_t x)
{
    if (c == NULL)
        return 0;
    size_t lo = 0, hi = c->nwh;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (c->wh[mid] < x)
            lo = mid + 1;
        else
            hi = mid;
    }
    return (int64_t)lo;
}

/* F(x): working days in [anchor, x). */
static int64_t working_before(const cal_calendar *c, int64_t x)
{
    return weekdays_before(x) - holidays_before(c, x);
}

/*
 * The smallest x with F(x) >= T. Writing x_k = weekdays_inverse(T + k) for
 * the answer if exactly k weekday holidays preceded it, the answer is x_k for
 * the smallest k with H(x_k) <= k: H(x_k) rises by at most one when k does
 * (one weekday lies in [x_k, x_{k+1})), so the test is monotone in k, and it
 * holds at k = nwh.
 */
static int64_t first_reaching(const cal_calendar *c, int64_t t)
{
    if (c == NULL || c->nwh == 0)
        return weekdays_inverse(t);
    int64_t lo = 0, hi = (int64_t)c->nwh;
    while (lo < hi) {
        int64_t mid = lo + (hi - lo) / 2;
        if (holidays_before(c, weekdays_inverse(t + mid)) <= mid)
            hi = mid;
        else
            lo = mid + 1;
    }
    return weekdays_inverse(t + lo);
}

/* The days and years within which C answers: its known years, or every
 * representable year when C is NULL. */
static void known_range(const cal_calendar *c, int64_t *lo, int64_t *hi, int *fy, int *ly)
{
    if (c != NULL) {
        *lo = c->lo;
        *hi = c->hi;
        *fy = c->first_year;
        *ly = c->last_year;
    } else {
        *fy = 1;
        *ly = 9999;
        *lo = days_from_civil(1, 1, 1);
        *hi = days_from_civil(9999, 12, 31);
    }
}

static bool out_of_range(int year, int *bad_year)
{
    if (bad_year != NULL)
        *bad_year = year;
    return false;
}

bool cal_add_working_days(const cal_calendar *c, cal_day d, int n, cal_day *out,
                          int *bad_year)
{
    int64_t lo, hi;
    int fy, ly;
    known_range(c, &lo, &hi, &fy, &ly);
    if (d < lo || d > hi)
        return out_of_range(year_of(d), bad_year);
    int64_t r;
    if (n > 0)
        r = first_reaching(c, working_before(c, (int64_t)d + 1) + n) - 1;
    else if (n < 0)
        r = first_reaching(c, working_before(c, d) + n + 1) - 1;
    else
        r = d;
    if (r > hi)
        return out_of_range(ly + 1, bad_year);
    if (r < lo)
        return out_of_range(fy - 1, bad_year);
    *out = (cal_day)r;
    return true;
}

bool cal_working_days_between(const cal_calendar *c, cal_day a, cal_day b, int *out,
                              int *bad_year)
{
    int64_t lo, hi;
    int fy, ly;
    known_range(c, &lo, &hi, &fy, &ly);
    if (a < lo || a > hi)
        return out_of_range(year_of(a), bad_year);
    if (b > hi)
        return out_of_range(ly + 1, bad_year);
    if (b < lo)
        return out_of_range(fy - 1, bad_year);
    /* Both in years 1..9999 at most, so the count fits an int. */
    *out = (int)(working_before(c, (int64_t)b + 1) - working_before(c, (int64_t)a + 1));
    return true;
}

/* ---------------------------------------------------------------- loading */

typedef struct load_ctx {
    diag_sink *sink;
    const char *path;
    size_t errors;
} load_ctx;

static void load_report(load_ctx *lx, diag_code code, int line, int col,
                        const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static void load_report(load_ctx *lx, diag_code code, int line, int col,
                        const char *fmt, ...)
{
    if (diag_code_severity(code) == DIAG_ERROR)
        lx->errors++;
    if (lx->sink == NULL)
        return;
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    diag_at(lx->sink, code, lx->path, line, col, "%s", msg);
}

static void load_hint(load_ctx *lx, const char *hint)
{
    if (lx->sink != NULL)
        diag_hint(lx->sink, "%s", hint);
}

/* Read the whole of PATH, at most DOCKET_MAX_CALENDAR_BYTES (a directory,
 * a device or a file past the limit is refused: see src_file_read_max);
 * false with errno set on failure. */
static bool read_file(const char *path, char **text, size_t *len, bool *opened)
{
    *opened = true;
    src_file *f = src_file_read_max(path, DOCKET_MAX_CALENDAR_BYTES);
    if (f == NULL) {
        *opened = errno != ENOENT && errno != EACCES;
        return false;
    }
    *text = f->text;
    *len = f->len;
    f->text = NULL;
    src_file_free(f);
    return true;
}

/* Column after a character: UTF-8 continuation bytes take no column, a tab
 * advances to the next multiple of 8 (as diag.h counts). */
static int next_col(int col, unsigned char ch)
{
    if ((ch & 0xC0) == 0x80)
        return col;
    if (ch == '\t')
        return ((col - 1) / 8 + 1) * 8 + 1;
    return col + 1;
}

#define CSV_MAX_FIELDS 8

typedef struct csv_field {
    const char *text; /* unquoted, NUL-terminated, in the caller's scratch */
    size_t len;
    int col;          /* column where the field starts (its quote if quoted) */
} csv_field;

typedef struct csv_record {
    csv_field f[CSV_MAX_FIELDS];
    size_t n;         /* fields on the line; only the first CSV_MAX_FIELDS kept */
    int end_col;      /* column just after the last character */
} csv_record;

/*
 * record -> field (',' field)*
 * field  -> '"' ([^"] | '""')* '"' | [^,"]*
 *
 * Splits LINE (no line end) into REC, unquoting into SCRATCH, which must hold
 * 2 * LEN + 2 bytes. A syntax error is reported and false returned.
 */
static bool csv_parse_line(load_ctx *lx, int lineno, const char *line, size_t len,
                           char *scratch, csv_record *rec)
{
    size_t i = 0;
    int col = 1;
    char *out = scratch;
    rec->n = 0;
    for (;;) {
        int fcol = col;
        char *start = out;
        if (i < len && line[i] == '"') {
            i++;
            col++;
            for (;;) {
                if (i >= len) {
                    load_report(lx, DC_CALENDAR_SYNTAX, lineno, fcol, "unterminated quoted field");
                    return false;
                }
                if (line[i] == '"') {
                    if (i + 1 < len && line[i + 1] == '"') {
                        *out++ = '"';
                        i += 2;
                        col += 2;
                        continue;
                    }
                    i++;
                    col++;
                    break;
                }
                *out++ = line[i];
                col = next_col(col, (unsigned char)line[i]);
                i++;
            }
            if (i < len && line[i] != ',') {
                load_report(lx, DC_CALENDAR_SYNTAX, lineno, col, "unexpected text after closing quote");
                return false;
            }
        } else {
            while (i < len && line[i] != ',') {
                if (line[i] == '"') {
                    load_report(lx, DC_CALENDAR_SYNTAX, lineno, col, "quote inside unquoted field");
                    load_hint(lx, "Enclose the whole field in double quotes and double the quotes inside it.");
                    return false;
                }
                *out++ = line[i];
                col = next_col(col, (unsigned char)line[i]);
                i++;
            }
        }
        if (rec->n < CSV_MAX_FIELDS)
            rec->f[rec->n] = (csv_field){start, (size_t)(out - start), fcol};
        rec->n++;
        *out++ = '\0';
        if (i >= len)
            break;
        i++; /* the comma */
        col++;
    }
    rec->end_col = col;
    return true;
}

static bool field_is(const csv_field *f, const char *s)
{
    return f->len == strlen(s) && memcmp(f->text, s, f->len) == 0;
}

/* Where offset OFF of TEXT is, 1-based. */
static void text_position(const char *text, size_t off, int *line, int *col)
{
    *line = 1;
    *col = 1;
    for (size_t i = 0; i < off; i++) {
        if (text[i] == '\n') {
            (*line)++;
            *col = 1;
        } else {
            *col = next_col(*col, (unsigned char)text[i]);
        }
    }
}

typedef struct hol_vec {
    cal_holiday *v;
    size_t n, cap;
} hol_vec;

static void hol_push(hol_vec *h, cal_day day, size_t name)
{
    if (h->n == h->cap) {
        h->cap = h->cap ? 2 * h->cap : 64;
        h->v = xrealloc(h->v, h->cap * sizeof *h->v);
    }
    h->v[h->n++] = (cal_holiday){day, name};
}

/* Longest field text quoted back in a message. */
#define SHOW_MAX 40

/* Parse the rows of TEXT into H and the names into NAMES, reporting every
 * problem. */
static void parse_calendar(load_ctx *lx, const char *text, size_t len, hol_vec *h,
                           sbuf *names)
{
    const char *nul = memchr(text, '\0', len);
    if (nul != NULL) {
        int line, col;
        text_position(text, (size_t)(nul - text), &line, &col);
        load_report(lx, DC_CALENDAR_SYNTAX, line, col, "calendar file contains a NUL byte");
        return;
    }
    size_t pos = 0;
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
        pos = 3; /* UTF-8 byte-order mark */
    char *scratch = xmalloc(2 * len + 2);
    size_t ncols = 0; /* 0 until the header is read */
    int lineno = 0, prev_line = 0;
    bool have_prev = false;
    cal_day prev = 0;
    while (pos < len) {
        const char *line = text + pos;
        const char *nl = memchr(line, '\n', len - pos);
        size_t ll = nl ? (size_t)(nl - line) : len - pos;
        pos += ll + (nl != NULL);
        lineno++;
        if (ll > 0 && line[ll - 1] == '\r')
            ll--;
        if (ll == 0)
            continue; /* blank line */
        csv_record rec;
        if (!csv_parse_line(lx, lineno, line, ll, scratch, &rec)) {
            if (ncols == 0)
                break; /* no header: nothing after it can be read */
            continue;
        }
        if (ncols == 0) {
            if (rec.n == 2 && field_is(&rec.f[0], "date") && field_is(&rec.f[1], "name")) {
                ncols = 2;
            } else if (rec.n == 3 && field_is(&rec.f[0], "date") &&
                       field_is(&rec.f[1], "name") && field_is(&rec.f[2], "source")) {
                ncols = 3;
            } else {
                load_report(lx, DC_CALENDAR_SYNTAX, lineno, 1,
                            "expected header \"date,name,source\" or \"date,name\", found \"%.*s\"",
                            (int)(ll < SHOW_MAX ? ll : SHOW_MAX), line);
                break;
            }
            continue;
        }
        if (rec.n != ncols) {
            int col = rec.n > ncols ? rec.f[ncols].col : rec.end_col;
            load_report(lx, DC_CALENDAR_SYNTAX, lineno, col, "expected %zu fields, found %zu", ncols,
                        rec.n);
            continue;
        }
        const csv_field *fd = &rec.f[0], *fn = &rec.f[1];
        cal_day day = 0;
        bool date_ok = false;
        if (fd->len == 0)
            load_report(lx, DC_CALENDAR_SYNTAX, lineno, fd->col, "missing date");
        else if (!(date_ok = cal_parse_date(fd->text, fd->len, &day)))
            load_report(lx, DC_CALENDAR_SYNTAX, lineno, fd->col, "invalid date \"%.*s\"",
                        (int)(fd->len < SHOW_MAX ? fd->len : SHOW_MAX), fd->text);
        if (fn->len == 0)
            load_report(lx, DC_CALENDAR_SYNTAX, lineno, fn->col, "missing holiday name");
        if (!date_ok)
            continue;
        if (have_prev && day <= prev) {
            char a[11], b[11];
            if (day == prev) {
                load_report(lx, DC_CALENDAR_ORDER, lineno, fd->col, "duplicate holiday %s",
                            cal_format(day, a));
                char hint[64];
                snprintf(hint, sizeof hint, "It is already listed on line %d.", prev_line);
                load_hint(lx, hint);
            } else {
                load_report(lx, DC_CALENDAR_ORDER, lineno, fd->col, "holidays out of order: %s after %s",
                            cal_format(day, a), cal_format(prev, b));
                load_hint(lx, "List the holidays in date order.");
            }
        }
        have_prev = true;
        prev = day;
        prev_line = lineno;
        if (fn->len > 0) {
            hol_push(h, day, names->len);
            sbuf_putn(names, fn->text, fn->len);
            sbuf_putc(names, '\0');
        }
    }
    free(scratch);
    if (lx->errors == 0 && ncols == 0)
        load_report(lx, DC_CALENDAR_EMPTY, 0, 0, "empty calendar file");
    /* A header and no rows is a calendar with no holidays, on purpose ("bank
     * holidays count as working days"): every weekday of every year works. */
}

cal_calendar *cal_load(const char *path, const char *name, diag_sink *sink)
{
    load_ctx lx = {sink, path, 0};
    char *text = NULL;
    size_t len = 0;
    bool opened;
    if (!read_file(path, &text, &len, &opened)) {
        load_report(&lx, DC_FILE_UNREADABLE, 0, 0, "cannot %s calendar file: %s",
                    opened ? "read" : "open", src_file_error(errno, DOCKET_MAX_CALENDAR_BYTES));
        return NULL;
    }
    hol_vec h = {NULL, 0, 0};
    sbuf names;
    sbuf_init(&names);
    parse_calendar(&lx, text, len, &h, &names);
    free(text);
    if (lx.errors > 0) {
        free(h.v);
        sbuf_free(&names);
        return NULL;
    }

    cal_calendar *c = xcalloc(1, sizeof *c);
    c->name = xstrdup(name != NULL ? name : path);
    c->hol = h.v;
    c->nhol = h.n;
    c->names = sbuf_take(&names);
    if (h.n == 0) {
        c->first_year = 1;
        c->last_year = 9999;
        c->lo = cal_from_ymd(1, 1, 1);
        c->hi = cal_from_ymd(9999, 12, 31);
        c->wh = NULL;
        return c;
    }
    int m, d;
    cal_to_ymd(h.v[0].day, &c->first_year, &m, &d);
    cal_to_ymd(h.v[h.n - 1].day, &c->last_year, &m, &d);
    c->lo = cal_from_ymd(c->first_year, 1, 1);
    c->hi = cal_from_ymd(c->last_year, 12, 31);
    c->wh = xmalloc(h.n * sizeof *c->wh);
    for (size_t i = 0; i < h.n; i++)
        if (cal_weekday(h.v[i].day) < 5)
            c->wh[c->nwh++] = h.v[i].day;

    /* A year inside the range with no row is most likely missing data. */
    size_t i = 0;
    for (int y = c->first_year; y <= c->last_year; y++) {
        cal_day end = cal_from_ymd(y, 12, 31);
        bool any = false;
        for (; i < h.n && h.v[i].day <= end; i++)
            any = true;
        if (!any) {
            load_report(&lx, DC_CALENDAR_YEAR_EMPTY, 0, 0, "no holidays in %d", y);
            char hint[96];
            snprintf(hint, sizeof hint,
                     "Every day of %d except weekends counts as a working day.", y);
            load_hint(&lx, hint);
        }
    }
    return c;
}
