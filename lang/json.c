/*
 * json.c — see json.h.
 */
#include "json.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

#define WB_CHUNK ((size_t)64 * 1024)
#define WB_MEMORY_START ((size_t)1024)

void wb_init(wbuf *b, FILE *fp)
{
    b->fp = fp;
    b->len = 0;
    b->cap = fp ? WB_CHUNK : WB_MEMORY_START; /* a buffer in memory grows as it needs */
    b->p = xmalloc(b->cap);
    b->failed = false;
}

void wb_free(wbuf *b)
{
    free(b->p);
    b->p = NULL;
    b->len = b->cap = 0;
}

/* Write the buffer to fp; remember a failure. */
static void wb_drain(wbuf *b)
{
    if (b->len && fwrite(b->p, 1, b->len, b->fp) != b->len)
        b->failed = true;
    b->len = 0;
}

void wb_reserve(wbuf *b, size_t n)
{
    if (b->cap - b->len >= n)
        return;
    if (b->fp) {
        wb_drain(b);
        if (b->cap >= n)
            return;
    }
    size_t cap = b->cap ? b->cap : WB_CHUNK;
    while (cap - b->len < n)
        cap *= 2;
    b->p = xrealloc(b->p, cap);
    b->cap = cap;
}

bool wb_flush(wbuf *b)
{
    if (b->fp) {
        wb_drain(b);
        if (fflush(b->fp) != 0 || ferror(b->fp))
            b->failed = true;
    }
    return !b->failed;
}

bool wb_failed(const wbuf *b)
{
    return b->failed;
}

void wb_write_slow(wbuf *b, const void *s, size_t n)
{
    if (b->cap - b->len < n) {
        if (b->fp && n >= b->cap) { /* larger than the buffer: straight out */
            wb_drain(b);
            if (fwrite(s, 1, n, b->fp) != n)
                b->failed = true;
            return;
        }
        wb_reserve(b, n);
    }
    memcpy(b->p + b->len, s, n);
    b->len += n;
}

void wb_puts(wbuf *b, const char *s)
{
    wb_write(b, s, strlen(s));
}

void wb_printf(wbuf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char tmp[256];
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    if ((size_t)n < sizeof tmp) {
        wb_write(b, tmp, (size_t)n);
        return;
    }
    wb_reserve(b, (size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

void wb_int(wbuf *b, long long v)
{
    char tmp[24];
    char *e = tmp + sizeof tmp, *q = e;
    unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
    do {
        *--q = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (v < 0)
        *--q = '-';
    wb_write(b, q, (size_t)(e - q));
}

void wb_pad(wbuf *b, const char *s, int width)
{
    size_t n = strlen(s);
    wb_write(b, s, n);
    if (width > 0 && (size_t)width > n) {
        size_t k = (size_t)width - n;
        wb_reserve(b, k);
        memset(b->p + b->len, ' ', k);
        b->len += k;
    }
}

void wb_append(wbuf *b, wbuf *from)
{
    wb_write(b, from->p, from->len);
    from->len = 0;
}

/* ------------------------------------------------------------ JSON values */

/* 1: copied as is inside a JSON string; 0: needs an escape or a UTF-8 check. */
static const uint8_t plain[256] = {
#define R16(v) v, v, v, v, v, v, v, v, v, v, v, v, v, v, v, v
    R16(0), R16(0),                                  /* 0x00-0x1F control */
    1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,  /* 0x20-0x2F: '"' */
    R16(1), R16(1),                                  /* 0x30-0x4F */
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1,  /* 0x50-0x5F: '\\' */
    R16(1), R16(1),                                  /* 0x60-0x7F */
    R16(0), R16(0), R16(0), R16(0), R16(0), R16(0), R16(0), R16(0), /* 0x80-0xFF */
#undef R16
};

/* Length of the well-formed UTF-8 sequence at S[0..N) (N >= 1, S[0] >=
 * 0x80), or 0 when it is not one (RFC 3629). */
static size_t utf8_len(const unsigned char *s, size_t n)
{
    unsigned c = s[0];
    size_t len;
    unsigned lo = 0x80, hi = 0xBF; /* range of the second byte */
    if (c >= 0xC2 && c <= 0xDF)
        len = 2;
    else if (c >= 0xE0 && c <= 0xEF) {
        len = 3;
        if (c == 0xE0)
            lo = 0xA0;
        else if (c == 0xED)
            hi = 0x9F; /* no surrogates */
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4;
        if (c == 0xF0)
            lo = 0x90;
        else if (c == 0xF4)
            hi = 0x8F;
    } else
        return 0;
    if (n < len || s[1] < lo || s[1] > hi)
        return 0;
    for (size_t i = 2; i < len; i++)
        if (s[i] < 0x80 || s[i] > 0xBF)
            return 0;
    return len;
}

void json_strn(wbuf *b, const char *str, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    const unsigned char *s = (const unsigned char *)str;
    wb_putc(b, '"');
    size_t i = 0;
    while (i < n) {
        size_t j = i;
        while (j < n && plain[s[j]])
            j++;
        if (j > i)
            wb_write(b, s + i, j - i);
        if (j == n)
            break;
        unsigned c = s[j];
        if (c >= 0x80) {
            size_t k = utf8_len(s + j, n - j);
            if (k) {
                wb_write(b, s + j, k);
                i = j + k;
            } else {
                wb_write(b, "\\ufffd", 6);
                i = j + 1;
            }
            continue;
        }
        char esc[6] = {'\\', 0, 0, 0, 0, 0};
        size_t en = 2;
        switch (c) {
        case '"': esc[1] = '"'; break;
        case '\\': esc[1] = '\\'; break;
        case '\b': esc[1] = 'b'; break;
        case '\f': esc[1] = 'f'; break;
        case '\n': esc[1] = 'n'; break;
        case '\r': esc[1] = 'r'; break;
        case '\t': esc[1] = 't'; break;
        default:
            esc[1] = 'u';
            esc[2] = '0';
            esc[3] = '0';
            esc[4] = hex[c >> 4];
            esc[5] = hex[c & 15];
            en = 6;
            break;
        }
        wb_write(b, esc, en);
        i = j + 1;
    }
    wb_putc(b, '"');
}

void json_str(wbuf *b, const char *s)
{
    json_strn(b, s, strlen(s));
}

void json_str_or_null(wbuf *b, const char *s)
{
    if (s)
        json_str(b, s);
    else
        wb_write(b, "null", 4);
}

void json_fput_string(FILE *out, const char *s)
{
    /* A small buffer of our own that drains into OUT: every write either
     * fits in it after a drain or goes straight to OUT (wb_write_slow), so
     * it is never reallocated. */
    char buf[256];
    wbuf b = {out, buf, 0, sizeof buf, false};
    json_str(&b, s);
    if (b.len)
        fwrite(b.p, 1, b.len, out);
}

/* ------------------------------------------------------------ structured */

void jw_init(json_writer *w, wbuf *b, int indent)
{
    memset(w, 0, sizeof *w);
    w->b = b;
    w->indent = indent;
}

static void jw_newline(json_writer *w, int depth)
{
    wb_putc(w->b, '\n');
    for (int i = 0; i < depth * w->indent; i++)
        wb_putc(w->b, ' ');
}

/* Before a value: the separator and line of an array element (a member's
 * separator was written by jw_key). */
static void jw_before_value(json_writer *w)
{
    if (w->after_key) {
        w->after_key = false;
        return;
    }
    if (w->depth == 0)
        return;
    if (w->has_items[w->depth - 1])
        wb_putc(w->b, ',');
    w->has_items[w->depth - 1] = true;
    jw_newline(w, w->depth);
}

static void jw_open(json_writer *w, char c)
{
    jw_before_value(w);
    wb_putc(w->b, c);
    if (w->depth >= JW_MAX_DEPTH) {
        fputs("docket: JSON nested too deeply\n", stderr);
        abort();
    }
    w->has_items[w->depth] = false;
    w->closer[w->depth] = c == '{' ? '}' : ']';
    w->depth++;
}

void jw_object(json_writer *w)
{
    jw_open(w, '{');
}

void jw_array(json_writer *w)
{
    jw_open(w, '[');
}

void jw_end(json_writer *w)
{
    w->depth--;
    if (w->has_items[w->depth])
        jw_newline(w, w->depth);
    wb_putc(w->b, w->closer[w->depth]);
}

void jw_key(json_writer *w, const char *key)
{
    if (w->has_items[w->depth - 1])
        wb_putc(w->b, ',');
    w->has_items[w->depth - 1] = true;
    jw_newline(w, w->depth);
    json_str(w->b, key);
    wb_write(w->b, ": ", 2);
    w->after_key = true;
}

void jw_string(json_writer *w, const char *s)
{
    jw_before_value(w);
    json_str_or_null(w->b, s);
}

void jw_int(json_writer *w, long long v)
{
    jw_before_value(w);
    wb_int(w->b, v);
}

void jw_bool(json_writer *w, bool v)
{
    jw_before_value(w);
    wb_puts(w->b, v ? "true" : "false");
}

void jw_null(json_writer *w)
{
    jw_before_value(w);
    wb_write(w->b, "null", 4);
}
