/*
 * util.h — allocation that cannot fail silently, growable strings, and the
 * per-file arena the front end allocates from.
 *
 * Ownership: x* functions return memory the caller frees with free().
 * sbuf_take hands the buffer to the caller. Everything allocated from an
 * arena is released at once by arena_free; nothing in it is freed alone.
 * Out of memory prints a message and exits with status 70.
 */
#ifndef DOCKET_UTIL_H
#define DOCKET_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* ITEMS with room for at least COUNT + 1 elements of ELEM bytes: when it is
 * full (COUNT == *CAP) it is reallocated to twice the size (INITIAL the
 * first time) and *CAP updated. For `items = xgrow(items, &cap, n, sizeof
 * *items, 16); items[n++] = x;`. */
void *xgrow(void *items, size_t *cap, size_t count, size_t elem, size_t initial);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *xvasprintf(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));

typedef struct sbuf {
    char *data;
    size_t len, cap;
} sbuf;

void sbuf_init(sbuf *b);
void sbuf_putc(sbuf *b, char c);
void sbuf_puts(sbuf *b, const char *s);
void sbuf_putn(sbuf *b, const char *s, size_t n);
void sbuf_printf(sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The NUL-terminated contents; the sbuf is left empty. */
char *sbuf_take(sbuf *b);
void sbuf_free(sbuf *b);

typedef struct arena_block arena_block;
typedef struct arena {
    arena_block *head;
} arena;

void arena_init(arena *a);
/* Zeroed, aligned for any type. */
void *arena_alloc(arena *a, size_t n);
char *arena_strndup(arena *a, const char *s, size_t n);
char *arena_strdup(arena *a, const char *s);
void arena_free(arena *a);

/* The one HTML escaper: S to OUT with &, <, >, " and ' written as
 * entities, so that the result is safe both as element text and inside a
 * quoted attribute value. html_put_escaped_n writes the first N bytes. */
void html_put_escaped(FILE *out, const char *s);
void html_put_escaped_n(FILE *out, const char *s, size_t n);

/* The length of the valid UTF-8 sequence (1 to 4 bytes) at S, which has N
 * bytes; 0 when S does not start one (a stray continuation byte, an
 * overlong form, a surrogate, a code point past U+10FFFF, a truncated
 * sequence). N must be at least 1. */
size_t utf8_seq_len(const char *s, size_t n);
/* The byte offset of the first invalid UTF-8 sequence in S[0..N), or N when
 * it is all valid. A NUL byte is valid UTF-8; callers that refuse it look
 * for it themselves. */
size_t utf8_invalid_at(const char *s, size_t n);

/* S in a form safe for a terminal or a text report: control characters
 * (C0: U+0000 to U+001F, tab and line ends included; U+007F; C1: U+0080 to
 * U+009F, which terminals such as xterm obey as CSI and the like, each of
 * its two bytes as \xC2\xNN) and bytes that are not valid UTF-8 are
 * written as \xNN; everything else as is. The one helper every text output
 * of user-controlled strings goes through, and the CSV report's fields
 * (interpreter/report.c). */
void text_put_escaped(FILE *out, const char *s);
/* The same into a buffer. */
void sbuf_put_escaped(sbuf *b, const char *s);
/* Whether S needs escaping (text_put_escaped would change it). */
int text_needs_escape(const char *s);

/* A string-keyed hash map (open addressing). Keys are not copied: they must
 * outlive the map (arena strings do). Values are opaque pointers. */
typedef struct strmap {
    const char **keys;
    void **vals;
    size_t cap, count;
} strmap;

void strmap_init(strmap *m);
void strmap_free(strmap *m);
/* The value for KEY, or NULL. */
void *strmap_get(const strmap *m, const char *key);
/* Insert or replace. */
void strmap_put(strmap *m, const char *key, void *val);

#endif
