/*
 * table.c — streaming CSV (RFC 4180) and JSON Lines readers; see table.h.
 *
 * Input is read through a fixed 64 KiB chunk buffer (fread for files, a copy
 * loop for in-memory data, so both take the same path across chunk
 * boundaries). Only the current record is held in memory: its bytes go to a
 * buffer that grows when one record needs more.
 *
 * Positions: lines are counted by LF; a column is the byte offset in its
 * physical line + 1. A UTF-8 byte-order mark at the start of the input is
 * skipped and does not count towards columns.
 *
 * Where errors point (CSV):
 *   - a quote inside an unquoted field, text after a closing quote: that byte;
 *   - an unterminated quoted field: the end of the input, the message naming
 *     the line where the quote was opened;
 *   - a row with too many or too few fields: the row's first byte;
 *   - an empty or duplicate header name: that name's first byte.
 * Only the first quoting error of a record is reported (an unterminated quote
 * always is); the rest of the record is read with quotes taken literally so
 * reading resumes at the next record.
 *
 * Limits (lang/input_limits.h): a field of more than DOCKET_MAX_FIELD_BYTES,
 * a record of more than DOCKET_MAX_RECORD_BYTES or DOCKET_MAX_FIELDS fields,
 * and more than DOCKET_MAX_LINES lines are errors; past the record or line
 * limit the rest of the input is not read (it cannot be resynchronised, and
 * an endless input such as /dev/zero must not grow memory). Every field and
 * header name must be UTF-8 without NUL bytes: the error points at the
 * field and names the byte.
 *
 * An input without a single record (nothing, or only blank lines) is an
 * error in both formats: "empty file".
 *
 * JSON Lines: a field's column is that of its key's opening quote. Integers
 * and reals are given as their source text (lossless: "1.50" stays "1.50").
 * Invalid JSON points at jansson's byte position (the last byte it read).
 */
#include "table.h"

#include <sys/stat.h>

#include "lang/input_limits.h"
#include "lang/util.h"

#include <errno.h>
#include <jansson.h>
#if defined(__SSE2__) && !defined(DOCKET_NO_SIMD)
#include <emmintrin.h>
#endif
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define TBL_CHUNK ((size_t)64 * 1024)
#define TBL_SEEK_CHUNK ((size_t)4 * 1024) /* the first read after a seek */

typedef struct span {
    size_t off, len;
    int line, col;
} span;

struct tbl_reader {
    tbl_format format;
    diag_sink *sink;
    char *path;

    /* source: a FILE (fp) or a private copy of memory (mem) */
    FILE *fp;
    bool close_fp;
    char *mem;
    size_t mem_len, mem_pos;

    /* chunk buffer */
    char *buf;
    size_t buf_len, buf_pos;
    bool eof;
    uint64_t base;  /* input offset of buf[0] */
    uint64_t rec_off; /* input offset where the last record returned starts */
    int rec_line;

    int line, col; /* position of the next unread byte */

    /* current record's bytes (CSV field bytes, or a JSONL line) */
    char *data;
    size_t data_len, data_cap;
    span *spans;
    size_t nspans, spans_cap;
    tbl_field *fields;
    size_t fields_cap;
    bool fields_named; /* fields[i].name is names[i] for every i < nnames */

    /* CSV header */
    char **names;
    size_t nnames;

    json_t *json; /* JSONL: the current record's object */
    size_t errors;
    size_t records;  /* records handed out */
    uint64_t end;    /* tbl_set_end: no record starting here or after is read */
    bool sought;     /* tbl_seek left the chunk: the next read is a short one */
    bool stop;       /* a limit was reached: the rest is not read */
    const char *stop_why;
    int stop_line, stop_col; /* where it was reached */
};

/* ------------------------------------------------------------ utilities */

/* Stop reading: WHY (static) is reported by the record reader. */
static void rd_stop(tbl_reader *r, const char *why)
{
    if (!r->stop) {
        r->stop = true;
        r->stop_why = why;
        r->stop_line = r->line;
        r->stop_col = r->col;
    }
}

static void data_push(tbl_reader *r, char c)
{
    if (r->data_len > DOCKET_MAX_RECORD_BYTES) {
        rd_stop(r, "a record is longer than 1 MiB (1048576 bytes), the limit");
        return;
    }
    if (r->data_len == r->data_cap) {
        r->data_cap = r->data_cap ? r->data_cap * 2 : 256;
        r->data = xrealloc(r->data, r->data_cap);
    }
    r->data[r->data_len++] = c;
}

static void data_append(tbl_reader *r, const char *s, size_t n)
{
    if (n == 0)
        return;
    if (r->data_len + n > DOCKET_MAX_RECORD_BYTES + 1) {
        rd_stop(r, "a line is longer than 1 MiB (1048576 bytes), the limit");
        return;
    }
    if (r->data_cap - r->data_len < n) {
        size_t cap = r->data_cap ? r->data_cap : 256;
        while (cap - r->data_len < n)
            cap *= 2;
        r->data = xrealloc(r->data, cap);
        r->data_cap = cap;
    }
    memcpy(r->data + r->data_len, s, n);
    r->data_len += n;
}

/* A new span at the end (its fields are set by the caller). */
static inline span *span_push(tbl_reader *r)
{
    if (r->nspans >= DOCKET_MAX_FIELDS) {
        rd_stop(r, "a record has more than 1024 fields, the limit");
        return &r->spans[r->nspans - 1]; /* reused; the record is dropped */
    }
    if (r->nspans == r->spans_cap) {
        r->spans_cap = r->spans_cap ? r->spans_cap * 2 : 16;
        r->spans = xrealloc(r->spans, r->spans_cap * sizeof *r->spans);
    }
    return &r->spans[r->nspans++];
}

static void fields_reserve(tbl_reader *r, size_t n)
{
    if (r->fields_cap < n) {
        r->fields_cap = n;
        r->fields = xrealloc(r->fields, n * sizeof *r->fields);
        r->fields_named = false;
    }
}

/* ------------------------------------------------------------ input */

/* Refill the chunk buffer when it is used up; false at end of input. */
static bool rd_fill(tbl_reader *r)
{
    if (r->buf_pos < r->buf_len)
        return true;
    if (r->eof)
        return false;
    r->base += r->buf_len;
    r->buf_pos = r->buf_len = 0;
    if (r->fp) {
        /* after a seek, a case's rows are often all that is wanted there */
        size_t n = fread(r->buf, 1, r->sought ? TBL_SEEK_CHUNK : TBL_CHUNK, r->fp);
        r->sought = false;
        if (n == 0) {
            if (ferror(r->fp)) {
                int e = errno;
                diag_at(r->sink, DC_READ_ERROR, r->path, r->line, r->col,
                        "read error: %s", e ? strerror(e) : "unknown error");
                r->errors++;
            }
            r->eof = true;
            return false;
        }
        r->buf_len = n;
    } else {
        size_t n = r->mem_len - r->mem_pos;
        if (n > TBL_CHUNK)
            n = TBL_CHUNK;
        if (n == 0) {
            r->eof = true;
            return false;
        }
        memcpy(r->buf, r->mem + r->mem_pos, n);
        r->mem_pos += n;
        r->buf_len = n;
    }
    return true;
}

static inline int rd_peek(tbl_reader *r)
{
    if (r->stop)
        return EOF;
    if (r->buf_pos == r->buf_len && !rd_fill(r))
        return EOF;
    return (unsigned char)r->buf[r->buf_pos];
}

static inline int rd_get(tbl_reader *r)
{
    if (r->stop)
        return EOF;
    if (r->buf_pos == r->buf_len && !rd_fill(r))
        return EOF;
    int c = (unsigned char)r->buf[r->buf_pos++];
    if (c == '\n') {
        if (r->line >= DOCKET_MAX_LINES)
            rd_stop(r, "the file has more than 2000000000 lines, the limit");
        r->line++;
        r->col = 1;
    } else {
        r->col++;
    }
    return c;
}

/* Skip a UTF-8 byte-order mark at the very start (columns unaffected). */
static void rd_skip_bom(tbl_reader *r)
{
    if (!rd_fill(r))
        return;
    /* the first chunk holds the whole BOM unless the input is shorter */
    if (r->buf_len - r->buf_pos >= 3 && memcmp(r->buf + r->buf_pos, "\xEF\xBB\xBF", 3) == 0)
        r->buf_pos += 3;
}

/* ------------------------------------------------------------ CSV */

typedef enum { CSV_EOF, CSV_OK, CSV_BAD } csv_status;

static void csv_error_once(tbl_reader *r, bool *bad, int line, int col, const char *msg)
{
    if (!*bad)
        diag_at(r->sink, DC_CSV_SYNTAX, r->path, line, col, "%s", msg);
    *bad = true;
}

/* Split the line copied to data (LEN bytes) that has quotes: quoted
 * fields are unquoted in place ("" to "); false when the line is not a
 * whole well-formed record (a quote left open: the field goes on to the
 * next line; a quote inside an unquoted field or text after a closing
 * one: an error), for the byte-at-a-time reader to handle. */
static bool csv_split_quoted(tbl_reader *r, size_t len, int line, int col0)
{
    char *d = r->data;
    size_t i = 0, w = 0;
    for (;;) {
        span *sp = span_push(r);
        sp->line = line;
        sp->col = col0 + (int)i;
        sp->off = w;
        if (i < len && d[i] == '"') {
            i++;
            for (;;) {
                char *q = memchr(d + i, '"', len - i);
                if (!q)
                    return false; /* open to the next line */
                size_t k = (size_t)(q - (d + i));
                memmove(d + w, d + i, k);
                w += k;
                i += k + 1;
                if (i < len && d[i] == '"') { /* a doubled quote */
                    d[w++] = '"';
                    i++;
                    continue;
                }
                break;
            }
            if (i < len && d[i] != ',')
                return false; /* text after the closing quote */
        } else {
            char *q = memchr(d + i, ',', len - i);
            size_t end = q ? (size_t)(q - d) : len;
            if (memchr(d + i, '"', end - i))
                return false; /* a quote inside an unquoted field */
            memmove(d + w, d + i, end - i);
            w += end - i;
            i = end;
        }
        sp->len = w - sp->off;
        d[w++] = '\0';
        if (i >= len)
            return true;
        i++; /* the comma */
    }
}

/* The common record, split at memchr speed: a whole line in the chunk
 * buffer, not blank, with no CR but an optional one before its LF, and no
 * quoted field running on to the next line. Its bytes are copied to data
 * with each comma turned into the NUL that ends a field (quoted fields
 * unquoted in place). False (nothing consumed) for any other record, which
 * the byte-at-a-time reader below handles, errors included. */
static bool csv_fast_record(tbl_reader *r, int *rec_line)
{
    if (r->buf_pos >= r->buf_len)
        return false;
    const char *p = r->buf + r->buf_pos;
    size_t avail = r->buf_len - r->buf_pos;
    const char *nl = memchr(p, '\n', avail);
    uint64_t start = r->base + r->buf_pos;
    if (!nl)
        return false;
    size_t len = (size_t)(nl - p), used = len + 1;
    if (len && p[len - 1] == '\r')
        len--;
    if (len == 0 || memchr(p, '\r', len))
        return false;
    r->data_len = 0;
    r->nspans = 0;
    data_append(r, p, len);
    data_push(r, '\0');
    char *d = r->data;
    int line = r->line, col0 = r->col;
    if (memchr(p, '"', len)) {
        if (!csv_split_quoted(r, len, line, col0))
            return false;
    } else {
        size_t off = 0;
        for (;;) {
            span *sp = span_push(r);
            sp->line = line;
            sp->col = col0 + (int)off;
            sp->off = off;
            char *comma = memchr(d + off, ',', len - off);
            if (!comma) {
                sp->len = len - off;
                break;
            }
            size_t end = (size_t)(comma - d);
            sp->len = end - off;
            *comma = '\0';
            off = end + 1;
        }
    }
    r->buf_pos += used;
    r->line++;
    r->col = 1;
    *rec_line = line;
    r->rec_off = start;
    return true;
}

/* Skip blank lines (LF or CRLF alone) before a record; false at the end
 * of the input. *START_LINE and *START_COL get where the record begins;
 * *PENDING_CR is set when it begins with a CR that is data. */
static bool csv_skip_blank(tbl_reader *r, int *start_line, int *start_col, bool *pending_cr)
{
    for (;;) {
        *start_line = r->line;
        *start_col = r->col;
        int c = rd_peek(r);
        r->rec_off = r->base + r->buf_pos;
        if (c == EOF)
            return false;
        if (c == '\n') {
            rd_get(r);
            continue;
        }
        if (c == '\r') {
            rd_get(r);
            if (rd_peek(r) == '\n') {
                rd_get(r);
                continue;
            }
            *pending_cr = true;
        }
        return true;
    }
}

/* The rest of a quoted field opened on line FLINE (its opening quote
 * read) into data. Returns 1 when the field ends (*END_RECORD: and the
 * record with it), or 0 when text follows the closing quote: reported
 * once, and the field goes on unquoted from the byte in *C. */
static int csv_quoted(tbl_reader *r, int fline, bool *bad, bool *end_record, int *c)
{
    for (;;) {
        int b = rd_get(r);
        if (b == EOF) {
            if (!r->stop)
                diag_at(r->sink, DC_CSV_SYNTAX, r->path, r->line, r->col,
                        "unterminated quoted field (opened at line %d)", fline);
            *bad = true;
            *end_record = true;
            return 1;
        }
        if (b != '"') {
            data_push(r, (char)b);
            continue;
        }
        if (rd_peek(r) == '"') { /* a doubled quote */
            rd_get(r);
            data_push(r, '"');
            continue;
        }
        /* the closing quote */
        int cl = r->line, cc = r->col;
        b = rd_get(r);
        if (b == ',')
            return 1;
        if (b == '\n' || b == EOF || (b == '\r' && rd_peek(r) == '\n')) {
            if (b == '\r')
                rd_get(r);
            *end_record = true;
            return 1;
        }
        csv_error_once(r, bad, cl, cc, "unexpected text after a closing quote");
        *c = b;
        return 0;
    }
}

/* The rest of an unquoted field, from the byte C already read, into
 * data; *END_RECORD when the record ends with it. */
static void csv_unquoted(tbl_reader *r, int c, bool *bad, bool *end_record)
{
    for (;; c = rd_get(r)) {
        if (c == ',')
            return;
        if (c == '\n' || c == EOF) {
            *end_record = true;
            return;
        }
        if (c == '\r' && rd_peek(r) == '\n') {
            rd_get(r);
            *end_record = true;
            return;
        }
        if (c == '"') /* r->col has moved past the quote */
            csv_error_once(r, bad, r->line, r->col - 1, "unexpected quote inside an unquoted field");
        data_push(r, (char)c);
    }
}

/* Read one record into spans/data, a byte at a time (after the fast
 * path declined it); *REC_LINE gets its first line. */
static csv_status csv_read_record(tbl_reader *r, int *rec_line)
{
    if (csv_fast_record(r, rec_line))
        return CSV_OK;
    r->data_len = 0;
    r->nspans = 0;
    bool pending_cr = false; /* a consumed CR that is data */
    int start_line, start_col;
    if (!csv_skip_blank(r, &start_line, &start_col, &pending_cr))
        return CSV_EOF;
    *rec_line = start_line;

    bool bad = false;
    bool first = true;
    for (;;) { /* one field per iteration */
        span *sp = span_push(r);
        size_t idx = r->nspans - 1;
        sp->line = first ? start_line : r->line;
        sp->col = first ? start_col : r->col;
        first = false;
        sp->off = r->data_len;
        bool end_record = false;
        int c;
        if (pending_cr) {
            pending_cr = false;
            data_push(r, '\r');
            csv_unquoted(r, rd_get(r), &bad, &end_record); /* from the byte after the CR */
        } else if ((c = rd_get(r)) == '"') {
            if (csv_quoted(r, sp->line, &bad, &end_record, &c) == 0)
                csv_unquoted(r, c, &bad, &end_record);
        } else {
            csv_unquoted(r, c, &bad, &end_record);
        }
        sp = &r->spans[idx]; /* span_push may not move it, but be safe */
        sp->len = r->data_len - sp->off;
        data_push(r, '\0');
        if (end_record)
            break;
    }
    return bad ? CSV_BAD : CSV_OK;
}

/* Report the reader's stop reason once (at the current position). */
static void report_stop(tbl_reader *r)
{
    diag_at(r->sink, DC_INPUT_LIMIT, r->path, r->stop_line, r->stop_col, "%s; the rest of the file is not read",
            r->stop_why);
    r->errors++;
}

/* Check that field S[0..N) (WHAT: "field" or "column name") is UTF-8 text
 * without NUL bytes and within the field limit; report at LINE:COL. */
static bool field_ok(tbl_reader *r, const char *s, size_t n, int line, int col, const char *what)
{
    if (n > DOCKET_MAX_FIELD_BYTES) {
        diag_at(r->sink, DC_INPUT_LIMIT, r->path, line, col, "%s longer than 256 KiB (262144 bytes), the limit", what);
        return false;
    }
    const char *z = memchr(s, '\0', n);
    size_t bad = utf8_invalid_at(s, z ? (size_t)(z - s) : n);
    if (z && bad == (size_t)(z - s)) {
        diag_at(r->sink, DC_ENCODING, r->path, line, col, "NUL byte in a %s (byte %zu of it)", what, bad + 1);
        diag_hint(r->sink, "A case event file is text; a NUL byte is usually a file saved as UTF-16 or a binary file.");
        return false;
    }
    if (bad < n) {
        diag_at(r->sink, DC_ENCODING, r->path, line, col, "invalid UTF-8 in a %s (byte %zu of it is 0x%02X)", what,
                bad + 1, (unsigned char)s[bad]);
        diag_hint(r->sink, "Save or export the file as UTF-8.");
        return false;
    }
    return true;
}

/* Check every field of the current CSV record (field_ok). */
static bool csv_fields_ok(tbl_reader *r, const char *what)
{
    bool ok = true;
    for (size_t i = 0; i < r->nspans && ok; i++) {
        const span *s = &r->spans[i];
        ok = field_ok(r, r->data + s->off, s->len, s->line, s->col, what);
    }
    return ok;
}

static void csv_fill_fields(tbl_reader *r, tbl_record *rec, int line)
{
    fields_reserve(r, r->nspans);
    for (size_t i = 0; i < r->nspans; i++) {
        tbl_field *f = &r->fields[i];
        f->name = i < r->nnames ? r->names[i] : NULL;
        f->value = r->data + r->spans[i].off;
        f->len = r->spans[i].len;
        f->line = r->spans[i].line;
        f->col = r->spans[i].col;
    }
    rec->line = line;
    rec->nfields = r->nspans;
    rec->fields = r->fields;
}

/* Read and check the header; false when it is unusable (reported). */
static bool csv_read_header(tbl_reader *r)
{
    int line = 0;
    csv_status st = csv_read_record(r, &line);
    if (r->stop) {
        report_stop(r);
        return false;
    }
    if (st == CSV_EOF) {
        diag_at(r->sink, DC_CSV_SYNTAX, r->path, 1, 1, "empty file: expected a header row");
        return false;
    }
    bool ok = st == CSV_OK && csv_fields_ok(r, "column name");
    r->nnames = r->nspans;
    r->names = xrealloc(NULL, r->nnames * sizeof *r->names);
    for (size_t i = 0; i < r->nnames; i++) {
        const span *s = &r->spans[i];
        r->names[i] = xstrndup(r->data + s->off, s->len);
    }
    if (!ok)
        return false;
    for (size_t i = 0; i < r->nnames; i++) {
        const span *s = &r->spans[i];
        if (s->len == 0) {
            diag_at(r->sink, DC_CSV_SYNTAX, r->path, s->line, s->col, "empty column name");
            ok = false;
            continue;
        }
        for (size_t j = 0; j < i; j++) {
            if (r->spans[j].len == s->len && strcmp(r->names[j], r->names[i]) == 0) {
                diag_at(r->sink, DC_CSV_SYNTAX, r->path, s->line, s->col,
                        "duplicate column \"%s\" (first at column %d)", r->names[i],
                        r->spans[j].col);
                ok = false;
                break;
            }
        }
    }
    return ok;
}

/* The fast paths below scan a copy of the line followed by SCAN_BLOCK
 * zero bytes, so that the last block can be read whole. */
#define SCAN_BLOCK 16

/* Field K of F: D + START, LEN bytes, at LINE:COL. */
static inline void field_set(tbl_field *restrict f, const char *d, size_t start, size_t len, int line, int col)
{
    f->value = d + start;
    f->len = len;
    f->line = line;
    f->col = col;
}

/* Split D[0..LEN) (see SCAN_BLOCK) at its commas into at most NF fields
 * of F, turning each comma into the NUL that ends a field; LINE and COL0
 * place the line. The number of fields, or 0 when the line has a quote,
 * CR or NUL, or more than NF fields. *HIGH: a byte of 0x80 or more was
 * seen. One pass: SSE2 compares of 16 bytes at a time where the compiler
 * targets it (every x86-64), a byte at a time otherwise. */
static size_t split_plain(char *restrict d, size_t len, tbl_field *restrict f, size_t nf, int line, int col0,
                          bool *high)
{
    size_t k = 0, start = 0;
    bool hi = false;
#if defined(__SSE2__) && !defined(DOCKET_NO_SIMD)
    const __m128i comma = _mm_set1_epi8(','), quote = _mm_set1_epi8('"'), cr = _mm_set1_epi8('\r'),
                  zero = _mm_setzero_si128();
    for (size_t i = 0; i < len; i += SCAN_BLOCK) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(d + i));
        unsigned c = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, comma));
        unsigned x = (unsigned)_mm_movemask_epi8(
            _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, cr)), _mm_cmpeq_epi8(v, zero)));
        unsigned h = (unsigned)_mm_movemask_epi8(v);
        if (len - i < SCAN_BLOCK) {
            unsigned keep = (1u << (len - i)) - 1;
            c &= keep;
            x &= keep;
            h &= keep;
        }
        if (x)
            return 0;
        hi |= h != 0;
        for (; c; c &= c - 1) {
            size_t pos = i + (size_t)__builtin_ctz(c);
            if (k + 1 >= nf)
                return 0;
            field_set(&f[k++], d, start, pos - start, line, col0 + (int)start);
            d[pos] = '\0';
            start = pos + 1;
        }
    }
#else
    for (size_t i = 0; i < len; i++) {
        unsigned char b = (unsigned char)d[i];
        if (b == ',') {
            if (k + 1 >= nf)
                return 0;
            field_set(&f[k++], d, start, i - start, line, col0 + (int)start);
            d[i] = '\0';
            start = i + 1;
        } else if (b == '"' || b == '\r' || b == '\0') {
            return 0;
        } else {
            hi |= b >= 0x80;
        }
    }
#endif
    field_set(&f[k], d, start, len - start, line, col0 + (int)start);
    *high = hi;
    return k + 1;
}

/* The same for a line with quotes, a byte at a time: quoted fields are
 * unquoted in place ("" to "). 0 also when the line is not a whole
 * well-formed record (a quote left open runs on to the next line; a quote
 * inside an unquoted field or text after a closing one is an error; a CR
 * inside quotes is data), for the byte-at-a-time reader to take. */
static size_t split_quoted(char *restrict d, size_t len, tbl_field *restrict f, size_t nf, int line, int col0,
                           bool *high)
{
    size_t i = 0, w = 0, k = 0;
    unsigned hi = 0;
    for (;;) {
        if (k >= nf)
            return 0;
        size_t from = w, col = i;
        if (i < len && d[i] == '"') {
            for (i++;; i++) {
                if (i >= len)
                    return 0;
                unsigned char b = (unsigned char)d[i];
                if (b == '"') {
                    if (i + 1 < len && d[i + 1] == '"') {
                        d[w++] = '"';
                        i++;
                        continue;
                    }
                    i++;
                    break;
                }
                if (b == '\r' || b == '\0')
                    return 0;
                hi |= b;
                d[w++] = (char)b;
            }
            if (i < len && d[i] != ',')
                return 0;
        } else {
            for (; i < len && d[i] != ','; i++) {
                unsigned char b = (unsigned char)d[i];
                if (b == '"' || b == '\r' || b == '\0')
                    return 0;
                hi |= b;
                d[w++] = (char)b;
            }
        }
        field_set(&f[k++], d, from, w - from, line, col0 + (int)col);
        d[w++] = '\0';
        if (i >= len) {
            *high = (hi & 0x80) != 0;
            return k;
        }
        i++; /* the comma */
    }
}

/* The commonest records of all, straight into the record's fields: a
 * whole line in the buffer, without NUL or stray CR, in valid UTF-8, with
 * as many fields as the header and no quoted field running on to the
 * next line. False (nothing consumed) otherwise: the reader below takes
 * it, and reports what is wrong with it. */
static bool csv_fast_fields(tbl_reader *r, tbl_record *rec)
{
    if (r->buf_pos >= r->buf_len || r->nnames == 0)
        return false;
    const char *p = r->buf + r->buf_pos;
    size_t avail = r->buf_len - r->buf_pos;
    const char *nl = memchr(p, '\n', avail);
    if (!nl)
        return false;
    size_t len = (size_t)(nl - p), used = len + 1;
    if (len && p[len - 1] == '\r')
        len--;
    if (len == 0)
        return false;
    /* the line fits the chunk, so it is within the record and field limits */
    if (r->data_cap < len + 1 + SCAN_BLOCK) {
        r->data_cap = (len + 1 + SCAN_BLOCK) * 2 > 256 ? (len + 1 + SCAN_BLOCK) * 2 : 256;
        r->data = xrealloc(r->data, r->data_cap);
    }
    char *d = r->data;
    memcpy(d, p, len);
    memset(d + len, 0, SCAN_BLOCK + 1);
    r->data_len = len + 1;
    fields_reserve(r, r->nnames);
    int line = r->line;
    bool high = false;
    if (split_plain(d, len, r->fields, r->nnames, line, r->col, &high) != r->nnames) {
        if (!memchr(p, '"', len))
            return false;
        memcpy(d, p, len); /* split_plain may have cut it */
        if (split_quoted(d, len, r->fields, r->nnames, line, r->col, &high) != r->nnames)
            return false;
    }
    if (high && utf8_invalid_at(d, len) < len) /* NULs now end the fields: the check steps over them */
        return false;
    if (!r->fields_named) { /* the names stay: every record has the header's */
        for (size_t k = 0; k < r->nnames; k++)
            r->fields[k].name = r->names[k];
        r->fields_named = true;
    }
    r->rec_off = r->base + r->buf_pos;
    r->buf_pos += used;
    r->line++;
    r->col = 1;
    rec->line = line;
    rec->nfields = r->nnames;
    rec->fields = r->fields;
    return true;
}

static int csv_next(tbl_reader *r, tbl_record *rec)
{
    if (csv_fast_fields(r, rec))
        return 1;
    for (;;) {
        int line = 0;
        csv_status st = csv_read_record(r, &line);
        if (r->stop) {
            report_stop(r);
            return 0;
        }
        if (st == CSV_EOF)
            return 0;
        if (st == CSV_BAD || !csv_fields_ok(r, "field")) {
            r->errors++;
            continue;
        }
        if (r->nspans != r->nnames) {
            diag_at(r->sink, DC_CSV_SYNTAX, r->path, line, 1, "row has %zu field%s; the header has %zu",
                    r->nspans, r->nspans == 1 ? "" : "s", r->nnames);
            r->errors++;
            continue;
        }
        csv_fill_fields(r, rec, line);
        r->records++;
        return 1;
    }
}

/* ------------------------------------------------------------ JSON Lines */

/* Read one physical line (without its LF) into data; false at end of input. */
static bool jl_read_line(tbl_reader *r)
{
    r->data_len = 0;
    if (rd_peek(r) == EOF)
        return false;
    r->rec_off = r->base + r->buf_pos;
    for (;;) {
        if (r->stop || !rd_fill(r))
            break;
        const char *p = r->buf + r->buf_pos;
        size_t avail = r->buf_len - r->buf_pos;
        const char *nl = memchr(p, '\n', avail);
        size_t n = nl ? (size_t)(nl - p) : avail;
        data_append(r, p, n);
        r->buf_pos += n;
        if (nl) {
            r->buf_pos++;
            break;
        }
    }
    r->line++;
    r->col = 1;
    data_push(r, '\0');
    r->data_len--;
    return true;
}

static size_t jl_skip_ws(const char *s, size_t i, size_t n)
{
    while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n'))
        i++;
    return i;
}

/* Past the string starting at S[I] == '"'. */
static size_t jl_skip_string(const char *s, size_t i, size_t n)
{
    for (i++; i < n; i++) {
        if (s[i] == '\\')
            i++;
        else if (s[i] == '"')
            return i + 1;
    }
    return n;
}

/* Past the value starting at S[I] (already validated by jansson). */
static size_t jl_skip_value(const char *s, size_t i, size_t n)
{
    if (i >= n)
        return n;
    if (s[i] == '"')
        return jl_skip_string(s, i, n);
    if (s[i] == '{' || s[i] == '[') {
        int depth = 0;
        while (i < n) {
            char c = s[i];
            if (c == '"') {
                i = jl_skip_string(s, i, n);
                continue;
            }
            if (c == '{' || c == '[')
                depth++;
            else if (c == '}' || c == ']') {
                if (--depth == 0)
                    return i + 1;
            }
            i++;
        }
        return n;
    }
    while (i < n && s[i] != ',' && s[i] != '}' && s[i] != ']' && s[i] != ' ' && s[i] != '\t' &&
           s[i] != '\r' && s[i] != '\n')
        i++;
    return i;
}

/* Scan the top-level members of a validated JSON object in S[I..N): each
 * member's key offset and value span go to the span array (off = value,
 * len = value length, col = key column). */
static void jl_scan_members(tbl_reader *r, const char *s, size_t i, size_t n)
{
    r->nspans = 0;
    i = jl_skip_ws(s, i, n);
    if (i >= n || s[i] != '{')
        return;
    i = jl_skip_ws(s, i + 1, n);
    while (i < n && s[i] == '"') {
        span *sp = span_push(r);
        sp->line = r->line - 1;
        sp->col = (int)(i + 1);
        i = jl_skip_ws(s, jl_skip_string(s, i, n), n);
        if (i < n && s[i] == ':')
            i = jl_skip_ws(s, i + 1, n);
        sp->off = i;
        i = jl_skip_value(s, i, n);
        sp->len = i - sp->off;
        i = jl_skip_ws(s, i, n);
        if (i < n && s[i] == ',')
            i = jl_skip_ws(s, i + 1, n);
    }
}

static bool jl_blank(const char *s, size_t n)
{
    return jl_skip_ws(s, 0, n) == n;
}

/* The members of object J (parsed from line LINE, S[0..N)) as the
 * record's fields: strings as they are, numbers as their source text,
 * booleans as "true"/"false", null as no value. False (reported) when a
 * member holds an array or an object. */
static bool jl_fields(tbl_reader *r, json_t *j, char *s, size_t n, int line)
{
    jl_scan_members(r, s, 0, n);
    size_t count = json_object_size(j);
    bool scanned = r->nspans == count; /* always, for valid JSON */
    fields_reserve(r, count);
    bool bad = false;
    size_t i = 0;
    const char *key;
    json_t *v;
    json_object_foreach(j, key, v)
    {
        tbl_field *f = &r->fields[i];
        const span *sp = scanned ? &r->spans[i] : NULL;
        f->name = key;
        f->line = line;
        f->col = sp ? sp->col : 1;
        f->value = NULL;
        f->len = 0;
        switch (json_typeof(v)) {
        case JSON_STRING:
            f->value = json_string_value(v);
            f->len = json_string_length(v);
            break;
        case JSON_INTEGER:
        case JSON_REAL:
            if (sp) {
                /* the number's source text, terminated in place: the byte
                 * after it is a separator (',', '}' or a space) that is
                 * no longer needed once the line has been parsed */
                s[sp->off + sp->len] = '\0';
                f->value = s + sp->off;
                f->len = sp->len;
            } else { /* unreachable; keep a sane value */
                f->value = json_is_integer(v) ? "0" : "0.0";
                f->len = strlen(f->value);
            }
            break;
        case JSON_TRUE:
            f->value = "true";
            f->len = 4;
            break;
        case JSON_FALSE:
            f->value = "false";
            f->len = 5;
            break;
        case JSON_NULL:
            break;
        case JSON_ARRAY:
        case JSON_OBJECT:
            if (!bad)
                diag_at(r->sink, DC_JSON_SYNTAX, r->path, line, f->col,
                        "field \"%s\" holds %s; expected a string, number, boolean or null",
                        key, json_is_array(v) ? "an array" : "an object");
            bad = true;
            break;
        }
        i++;
    }
    return !bad;
}

static int jl_next(tbl_reader *r, tbl_record *rec)
{
    for (;;) {
        if (r->json) {
            json_decref(r->json);
            r->json = NULL;
        }
        if (!jl_read_line(r) || r->stop) {
            if (r->stop)
                report_stop(r);
            else if (r->records == 0 && r->errors == 0)
                diag_at(r->sink, DC_JSON_SYNTAX, r->path, 1, 1, "empty file: expected a JSON object on each line");
            if (!r->stop && r->records == 0 && r->errors == 0)
                r->errors++;
            return 0;
        }
        if (r->line >= DOCKET_MAX_LINES) {
            rd_stop(r, "the file has more than 2000000000 lines, the limit");
            report_stop(r);
            return 0;
        }
        int line = r->line - 1;
        char *s = r->data;
        size_t n = r->data_len;
        if (jl_blank(s, n))
            continue;

        json_error_t err;
        json_t *j = json_loadb(s, n, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, &err);
        if (!j) {
            int col = err.position > 0 ? err.position : 1;
            diag_at(r->sink, DC_JSON_SYNTAX, r->path, line, col, "invalid JSON: %s", err.text);
            r->errors++;
            continue;
        }
        r->json = j;
        if (!json_is_object(j)) {
            diag_at(r->sink, DC_JSON_SYNTAX, r->path, line, (int)jl_skip_ws(s, 0, n) + 1,
                    "expected a JSON object on each line");
            r->errors++;
            continue;
        }

        size_t count = json_object_size(j);
        if (!jl_fields(r, j, s, n, line)) {
            r->errors++;
            continue;
        }
        rec->line = line;
        rec->nfields = count;
        rec->fields = r->fields;
        r->records++;
        return 1;
    }
}

/* ------------------------------------------------------------ public API */

static tbl_reader *reader_new(const char *name, tbl_format format, diag_sink *sink)
{
    tbl_reader *r = xrealloc(NULL, sizeof *r);
    memset(r, 0, sizeof *r);
    r->format = format;
    r->sink = sink;
    r->path = xstrndup(name, strlen(name));
    r->buf = xrealloc(NULL, TBL_CHUNK);
    r->line = 1;
    r->col = 1;
    r->end = UINT64_MAX;
    return r;
}

static tbl_reader *reader_start(tbl_reader *r)
{
    rd_skip_bom(r);
    if (r->format == TBL_CSV && !csv_read_header(r)) {
        tbl_close(r);
        return NULL;
    }
    return r;
}

tbl_reader *tbl_open(const char *path, tbl_format format, diag_sink *sink)
{
    FILE *fp;
    bool is_stdin = strcmp(path, "-") == 0;
    if (is_stdin) {
        fp = stdin;
    } else {
        fp = fopen(path, "rb");
        struct stat st;
        if (fp && fstat(fileno(fp), &st) == 0 && S_ISDIR(st.st_mode)) {
            fclose(fp);
            diag_at(sink, DC_FILE_UNREADABLE, path, 0, 0, "cannot open file: it is a directory, not a file");
            return NULL;
        }
        if (!fp) {
            char msg[256];
            snprintf(msg, sizeof msg, "%s", strerror(errno));
            if (msg[0] >= 'A' && msg[0] <= 'Z')
                msg[0] = (char)(msg[0] - 'A' + 'a');
            diag_at(sink, DC_FILE_UNREADABLE, path, 0, 0, "cannot open file: %s", msg);
            return NULL;
        }
    }
    tbl_reader *r = reader_new(path, format, sink);
    r->fp = fp;
    r->close_fp = !is_stdin;
    return reader_start(r);
}

tbl_reader *tbl_open_mem(const char *name, const char *data, size_t len, tbl_format format,
                         diag_sink *sink)
{
    tbl_reader *r = reader_new(name, format, sink);
    r->mem = xrealloc(NULL, len);
    if (len)
        memcpy(r->mem, data, len);
    r->mem_len = len;
    return reader_start(r);
}

size_t tbl_header(const tbl_reader *r, const char *const **names)
{
    if (names)
        *names = (const char *const *)r->names;
    return r->nnames;
}

int tbl_next(tbl_reader *r, tbl_record *rec)
{
    memset(rec, 0, sizeof *rec);
    if (r->base + r->buf_pos >= r->end)
        return 0;
    return r->format == TBL_CSV ? csv_next(r, rec) : jl_next(r, rec);
}

uint64_t tbl_record_offset(const tbl_reader *r)
{
    return r->rec_off;
}

bool tbl_seek(tbl_reader *r, uint64_t off, int line)
{
    if (off >= r->base && off - r->base <= r->buf_len && !r->stop) { /* within the chunk held */
        r->buf_pos = (size_t)(off - r->base);
        r->line = line;
        r->col = 1;
        return true;
    }
    if (r->fp) {
        if (fseeko(r->fp, (off_t)off, SEEK_SET) != 0)
            return false;
        clearerr(r->fp);
    } else {
        if (off > r->mem_len)
            return false;
        r->mem_pos = (size_t)off;
    }
    r->base = off;
    r->buf_pos = r->buf_len = 0;
    r->eof = false;
    r->sought = true;
    r->line = line;
    r->col = 1;
    return true;
}

void tbl_set_end(tbl_reader *r, uint64_t end)
{
    r->end = end;
}

uint64_t tbl_position(const tbl_reader *r, int *line)
{
    if (line)
        *line = r->line;
    return r->base + r->buf_pos;
}

bool tbl_seekable(const tbl_reader *r)
{
    return !r->fp || r->close_fp;
}

size_t tbl_errors(const tbl_reader *r)
{
    return r->errors;
}

void tbl_close(tbl_reader *r)
{
    if (!r)
        return;
    if (r->close_fp)
        fclose(r->fp);
    if (r->json)
        json_decref(r->json);
    for (size_t i = 0; i < r->nnames; i++)
        free(r->names[i]);
    free(r->names);
    free(r->mem);
    free(r->buf);
    free(r->data);
    free(r->spans);
    free(r->fields);
    free(r->path);
    free(r);
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    if (n < m)
        return false;
    for (size_t i = 0; i < m; i++) {
        char c = s[n - m + i];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if (c != suffix[i])
            return false;
    }
    return true;
}

tbl_format tbl_format_for(const char *path)
{
    if (ends_with(path, ".jsonl") || ends_with(path, ".ndjson") || ends_with(path, ".json"))
        return TBL_JSONL;
    return TBL_CSV;
}
