/*
 * diag.h — the one sink every diagnostic of Docket goes through.
 *
 * Ownership: a diag_sink copies every string handed to it; callers keep
 * ownership of what they pass.
 *
 * Format (text):   file:line:col: error: message
 *                    <source line>
 *                    <caret underline as wide as the offending token>
 *                  hint: a full sentence.
 * Format (json):   {"format_version": 1, "diagnostics": [...], "errors": N,
 *                  "warnings": M}, printed by diag_flush.
 *
 * Locations are byte offsets into a src_file (srcfile.h); its line table
 * turns an offset into line:column only when a diagnostic is printed.
 */
#ifndef DOCKET_DIAG_H
#define DOCKET_DIAG_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "diag_codes.h"
#include "srcfile.h"

typedef enum { DIAG_ERROR, DIAG_WARNING } diag_severity;
typedef enum { DIAG_TEXT, DIAG_JSON } diag_format;

/* The kinds of diagnostic (diag_codes.h): DC_UNKNOWN_NAME, DC_SYNTAX, ... */
#define DIAG_CODE_ENUM(e, id, sev, summary) e,
typedef enum diag_code { DIAG_CODES(DIAG_CODE_ENUM) DIAG_NCODES } diag_code;
#undef DIAG_CODE_ENUM

/* The stable identifier of CODE ("unknown-name"), its severity and a phrase
 * saying what it reports. */
const char *diag_code_id(diag_code code);
diag_severity diag_code_severity(diag_code code);
const char *diag_code_summary(diag_code code);

typedef struct diag {
    diag_severity sev;
    diag_code code;
    char *file;          /* may be NULL for diagnostics about no file */
    int line, col;       /* 0 when unknown */
    int end_line, end_col; /* where the span ends (exclusive); = line, col without a span */
    bool has_span;       /* off and len are a byte span of the file's text */
    uint32_t off, len;
    int width;           /* caret width in columns, 0 = no source excerpt */
    char *source_line;   /* copy of the offending line, or NULL */
    char *message;
    char *hint;          /* or NULL */
} diag;

typedef struct diag_sink {
    diag_format format;
    FILE *out;           /* where text diagnostics are printed as they come */
    bool color;
    bool buffer;         /* keep diagnostics in items (tests, json) */
    diag *items;
    size_t count, cap;
    size_t errors, warnings;
    bool warnings_as_errors;
    bool print_empty;    /* JSON: print the document even when nothing was reported */
} diag_sink;

/* Initialise a sink that prints to OUT in FORMAT. JSON sinks buffer and print
 * on diag_flush. */
void diag_init(diag_sink *s, FILE *out, diag_format format);
/* A sink that only buffers (for tests). */
void diag_init_buffer(diag_sink *s);
void diag_free(diag_sink *s);

/* Report a problem of kind CODE (its severity from diag_codes.h) at a span
 * [off, off+len) of F. */
void diag_span(diag_sink *s, diag_code code, const src_file *f, uint32_t off,
               uint32_t len, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));
/* Report a problem of kind CODE at FILE:LINE:COL with no source excerpt
 * (data files; FILE may be NULL, LINE/COL 0). */
void diag_at(diag_sink *s, diag_code code, const char *file, int line, int col,
             const char *fmt, ...) __attribute__((format(printf, 6, 7)));
/* Attach a hint to the most recent diagnostic. */
void diag_hint(diag_sink *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Report D (a diagnostic another sink buffered) to S, with its hint, its
 * lines moved by LINE_SHIFT (0, no line, stays 0) and its severity as S
 * gives it (warnings_as_errors): for a file checked in parts, each part's
 * diagnostics kept apart and then reported in order (interpreter/run.c). */
void diag_copy(diag_sink *s, const diag *d, int line_shift);

/* Print buffered diagnostics (the JSON document below) and, for text, the
 * closing count line "N errors, M warnings" when anything was reported.
 * JSON: {"format_version": 1, "diagnostics": [...], "errors": N,
 * "warnings": M}, one diagnostic object a line (docs/cli.md,
 * docs/schemas/diagnostics.schema.json). */
void diag_flush(diag_sink *s);
/* One diagnostic as a JSON object (no newline) to OUT. */
void diag_print_json(FILE *out, const diag *d);
/* Render one diagnostic in text form to OUT (no colour). */
void diag_print_text(FILE *out, const diag *d, bool color);

/* Edit distance helper for "did you mean" hints: the candidate closest to
 * NAME, or NULL when none is close enough. */
const char *diag_closest(const char *name, const char *const *cands, size_t n);

#endif
