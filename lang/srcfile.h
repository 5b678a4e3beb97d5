/*
 * srcfile.h — a source file: its name, its bytes and a line table that turns
 * a byte offset into line:column when a diagnostic is printed. Columns count
 * characters (UTF-8 code points), a tab advancing to the next multiple of 8.
 *
 * Ownership: a src_file owns a copy of its text and its line table;
 * src_file_free releases both.
 */
#ifndef DOCKET_SRCFILE_H
#define DOCKET_SRCFILE_H

#include <stddef.h>
#include <stdint.h>

typedef struct src_file {
    char *name;          /* path as given by the user */
    char *text;          /* NUL-terminated copy of the file's bytes */
    size_t len;
    uint32_t *lines;     /* byte offset where each line starts */
    size_t nlines;
} src_file;

/* Read PATH ("-" is standard input), at most MAX bytes. NULL on failure
 * with errno set: EISDIR for a directory, EFBIG past MAX (reading stops
 * there, so an endless device costs MAX bytes of memory). */
src_file *src_file_read_max(const char *path, size_t max);
/* src_file_read_max with the limit for policies (DOCKET_MAX_POLICY_BYTES). */
src_file *src_file_read(const char *path);
/* A phrase for a read error ERR of src_file_read_max with limit MAX
 * ("it is a directory, not a file"; a static buffer). */
const char *src_file_error(int err, size_t max);
/* Wrap an in-memory text (copied). */
src_file *src_file_from_string(const char *name, const char *text, size_t len);
void src_file_free(src_file *f);

/* Offset to 1-based line and column (column in characters, tabs to 8). */
void src_file_position(const src_file *f, uint32_t off, int *line, int *col);
/* The text of 1-based line LINE, without its newline. */
const char *src_file_line(const src_file *f, int line, size_t *len);

/* Display columns from byte START to byte END of S, starting at 0-based
 * column COL: a valid UTF-8 sequence takes one column, and so does each
 * byte that is not valid UTF-8; a tab advances to the next multiple of 8. Returns the 0-based column reached. */
int src_text_columns(const char *s, size_t start, size_t end, int col);

#endif
