/*
 * table.h — streaming readers for case event files: CSV (RFC 4180) and JSON
 * Lines. Both yield records of named fields, one record at a time, so a
 * caseload of millions of rows is read in constant memory.
 *
 * Ownership: a tbl_reader owns every string it hands out; a record's field
 * names and values stay valid until the next tbl_next call or tbl_close.
 *
 * CSV: the first record is the header (field names). RFC 4180 quoting:
 * quoted fields may hold commas, doubled quotes and newlines; CRLF or LF line
 * ends; a UTF-8 byte-order mark at the start is skipped; a final line without
 * a newline is a record; blank lines (zero bytes between two line ends) are
 * skipped. A duplicate or empty header name, a record with more or fewer
 * fields than the header, a quote inside an unquoted field, text after a
 * closing quote and an unterminated quoted field are errors reported to the
 * sink with file:line:col. A record in error is reported and skipped; reading
 * goes on with the next record where that is possible.
 *
 * JSON Lines: each non-blank line is one JSON object (parsed with jansson).
 * Strings give their text; integers and reals their decimal text; true/false
 * "true"/"false"; null is an absent field. Arrays, nested objects, a line
 * that is not an object and invalid JSON are errors with file:line:col.
 */
#ifndef DOCKET_TABLE_H
#define DOCKET_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "lang/diag.h"

typedef enum { TBL_CSV, TBL_JSONL } tbl_format;

typedef struct tbl_field {
    const char *name;   /* header name (CSV) or object key (JSONL) */
    const char *value;  /* NUL-terminated; NULL when absent (JSON null) */
    size_t len;         /* bytes in value (values may contain NUL in JSON: rejected) */
    int col;            /* 1-based column (bytes+1 in its physical line) where the field starts */
    int line;           /* physical line where the field starts */
} tbl_field;

typedef struct tbl_record {
    int line;           /* physical line where the record starts */
    size_t nfields;
    tbl_field *fields;
} tbl_record;

typedef struct tbl_reader tbl_reader;

/* Open PATH ("-" = standard input) in FORMAT. Errors go to SINK; NULL when the
 * file cannot be opened (reported) or, for CSV, the header is unusable. */
tbl_reader *tbl_open(const char *path, tbl_format format, diag_sink *sink);
/* Open over an in-memory buffer (tests); NAME is used in messages. */
tbl_reader *tbl_open_mem(const char *name, const char *data, size_t len,
                         tbl_format format, diag_sink *sink);
/* CSV only: the header's field names (after tbl_open). */
size_t tbl_header(const tbl_reader *r, const char *const **names);
/* 1 a record was read into *REC; 0 end of input; records in error are
 * reported and skipped (tbl_errors counts them). */
int tbl_next(tbl_reader *r, tbl_record *rec);
size_t tbl_errors(const tbl_reader *r);
/* The input offset (in bytes, from the start of the file) at which the
 * record last returned by tbl_next begins; with its line (rec->line), a
 * place tbl_seek can return to. */
uint64_t tbl_record_offset(const tbl_reader *r);
/* Read on from input offset OFF, the start of a record on line LINE (as
 * tbl_record_offset gave it). False when the input cannot seek. */
bool tbl_seek(tbl_reader *r, uint64_t off, int line);
/* Whether tbl_seek can work: a named file or memory, not standard input. */
bool tbl_seekable(const tbl_reader *r);
/* Read no record that starts at or after input offset END (tbl_next then
 * returns 0); UINT64_MAX lifts the limit. For reading one part of a file
 * (interpreter/run.c checks a large file in parts, in parallel). */
void tbl_set_end(tbl_reader *r, uint64_t end);
/* The input offset of the next unread byte and its line: where the last
 * record returned ends (after its line break). */
uint64_t tbl_position(const tbl_reader *r, int *line);
void tbl_close(tbl_reader *r);

/* Format from a file name: ".jsonl"/".ndjson"/".json" -> JSONL, else CSV. */
tbl_format tbl_format_for(const char *path);

#endif
