/*
 * json.h — the one output path for reports and JSON: a buffered writer
 * (wbuf) and, on top of it, JSON values written straight into it.
 *
 * A wbuf either drains into a FILE (the buffer is written out whenever it
 * fills, and by wb_flush) or, with no FILE, grows in memory (a worker's
 * chunk of report, handed over with wb_append). Writes never fail at the
 * call: a failed fwrite is remembered and reported by wb_flush / wb_failed.
 *
 * JSON strings: runs of bytes that need no escape are copied whole; '"',
 * '\\' and control characters are escaped (\b \f \n \r \t, else \u00XX);
 * well-formed UTF-8 is copied as is; every byte that is not part of a
 * well-formed UTF-8 sequence (stray continuation, overlong form, surrogate,
 * beyond U+10FFFF, truncated) is written as \ufffd, so the output is always
 * valid UTF-8 and valid JSON.
 *
 * The structured writer (jw_*) lays out nested values as jansson's
 * JSON_INDENT(N) does: each member or element on its own line indented N
 * spaces per level, "key": value, and {} or [] when empty.
 *
 * Ownership: a wbuf owns its buffer (wb_free); nothing written is retained
 * by reference.
 */
#ifndef DOCKET_JSON_H
#define DOCKET_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

typedef struct wbuf {
    FILE *fp;         /* destination; NULL: in memory */
    char *p;
    size_t len, cap;
    bool failed;      /* a write to fp failed */
} wbuf;

/* A writer into FP (buffered), or into memory when FP is NULL. */
void wb_init(wbuf *b, FILE *fp);
/* Release the buffer (without flushing). */
void wb_free(wbuf *b);
/* Room for N more bytes (drains to fp first when it has one). */
void wb_reserve(wbuf *b, size_t n);
/* Write what is buffered to fp and fflush it; false when any write failed. */
bool wb_flush(wbuf *b);
bool wb_failed(const wbuf *b);

static inline void wb_putc(wbuf *b, char c)
{
    if (b->len == b->cap)
        wb_reserve(b, 1);
    b->p[b->len++] = c;
}

/* The N bytes at S (inline when they fit; wb_write_slow otherwise). */
void wb_write_slow(wbuf *b, const void *s, size_t n);
static inline void wb_write(wbuf *b, const void *s, size_t n)
{
    if (b->cap - b->len >= n) {
        memcpy(b->p + b->len, s, n);
        b->len += n;
        return;
    }
    wb_write_slow(b, s, n);
}
void wb_puts(wbuf *b, const char *s);
void wb_printf(wbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* A decimal integer. */
void wb_int(wbuf *b, long long v);
/* S left-justified in WIDTH columns (as printf's %-*s, by bytes). */
void wb_pad(wbuf *b, const char *s, int width);
/* Move the contents of FROM (an in-memory wbuf) to the end of B; FROM is
 * left empty, its buffer kept for reuse. */
void wb_append(wbuf *b, wbuf *from);

/* ------------------------------------------------------------ JSON values */

/* S (NUL-terminated) as a JSON string literal, quotes included. */
void json_str(wbuf *b, const char *s);
/* The N bytes at S as a JSON string literal. */
void json_strn(wbuf *b, const char *s, size_t n);
/* json_str, or null when S is NULL. */
void json_str_or_null(wbuf *b, const char *s);
/* S as a JSON string literal to a stdio stream. */
void json_fput_string(FILE *out, const char *s);

/* ------------------------------------------------------------ structured */

/* Values nest at most JW_MAX_DEPTH levels (the callers nest four). */
#define JW_MAX_DEPTH 32

typedef struct json_writer {
    wbuf *b;
    int indent;                  /* spaces per level */
    int depth;
    bool has_items[JW_MAX_DEPTH];
    char closer[JW_MAX_DEPTH];   /* the bracket that closes each level */
    bool after_key;              /* the next value follows "key": */
} json_writer;

void jw_init(json_writer *w, wbuf *b, int indent);
void jw_object(json_writer *w);
void jw_array(json_writer *w);
/* Close the innermost object or array. */
void jw_end(json_writer *w);
/* The key of the next member of the current object. */
void jw_key(json_writer *w, const char *key);
void jw_string(json_writer *w, const char *s);   /* NULL writes null */
void jw_int(json_writer *w, long long v);
void jw_bool(json_writer *w, bool v);
void jw_null(json_writer *w);

#endif
