/*
 * srcfile.c — a source file's text and its line table (see srcfile.h).
 */
#include "srcfile.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "input_limits.h"
#include "util.h"

static void build_lines(src_file *f)
{
    size_t cap = 64;
    f->lines = xmalloc(cap * sizeof *f->lines);
    f->nlines = 0;
    f->lines[f->nlines++] = 0;
    for (size_t i = 0; i < f->len; i++) {
        if (f->text[i] == '\n' && i + 1 <= f->len) {
            if (f->nlines == cap) {
                cap *= 2;
                f->lines = xrealloc(f->lines, cap * sizeof *f->lines);
            }
            f->lines[f->nlines++] = (uint32_t)(i + 1);
        }
    }
}

src_file *src_file_from_string(const char *name, const char *text, size_t len)
{
    src_file *f = xcalloc(1, sizeof *f);
    f->name = xstrdup(name);
    f->text = xmalloc(len + 1);
    memcpy(f->text, text, len);
    f->text[len] = '\0';
    f->len = len;
    build_lines(f);
    return f;
}

src_file *src_file_read_max(const char *path, size_t max)
{
    bool is_stdin = strcmp(path, "-") == 0;
    FILE *fp = is_stdin ? stdin : fopen(path, "rb");
    if (!fp)
        return NULL;
    struct stat st;
    if (fstat(fileno(fp), &st) == 0 && S_ISDIR(st.st_mode)) {
        if (!is_stdin)
            fclose(fp);
        errno = EISDIR;
        return NULL;
    }
    /* Read at most MAX + 1 bytes: one more than the limit says "too large"
     * without reading the rest (/dev/zero never ends). */
    size_t cap = 4096, len = 0;
    char *buf = xmalloc(cap);
    int err = 0;
    for (;;) {
        if (len + 1 >= cap) {
            cap *= 2;
            buf = xrealloc(buf, cap);
        }
        size_t want = cap - len - 1;
        if (want > max + 1 - len)
            want = max + 1 - len;
        size_t n = fread(buf + len, 1, want, fp);
        len += n;
        if (len > max) {
            err = EFBIG;
            break;
        }
        if (n == 0)
            break;
    }
    if (!err && ferror(fp))
        err = errno ? errno : EIO;
    if (!is_stdin)
        fclose(fp);
    if (err) {
        free(buf);
        errno = err;
        return NULL;
    }
    src_file *f = src_file_from_string(is_stdin ? "<stdin>" : path, buf, len);
    free(buf);
    return f;
}

src_file *src_file_read(const char *path)
{
    return src_file_read_max(path, DOCKET_MAX_POLICY_BYTES);
}

const char *src_file_error(int err, size_t max)
{
    static char buf[96];
    if (err == EFBIG) {
        snprintf(buf, sizeof buf, "the file is larger than %zu MiB, the limit", max >> 20);
        return buf;
    }
    if (err == EISDIR)
        return "it is a directory, not a file";
    return strerror(err);
}

void src_file_free(src_file *f)
{
    if (!f)
        return;
    free(f->name);
    free(f->text);
    free(f->lines);
    free(f);
}

static size_t line_index(const src_file *f, uint32_t off)
{
    size_t lo = 0, hi = f->nlines;
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (f->lines[mid] <= off)
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

int src_text_columns(const char *s, size_t start, size_t end, int col)
{
    size_t i = start;
    while (i < end) {
        unsigned char c = (unsigned char)s[i];
        if (c == '\t') {
            col = (col / 8 + 1) * 8;
            i++;
            continue;
        }
        /* A valid sequence is one column; so is each byte of an invalid
         * one (shown as '?' in a diagnostic's excerpt). */
        size_t k = c < 0x80 ? 1 : utf8_seq_len(s + i, end - i);
        i += k ? k : 1;
        col++;
    }
    return col;
}

void src_file_position(const src_file *f, uint32_t off, int *line, int *col)
{
    if (off > f->len)
        off = (uint32_t)f->len;
    size_t li = line_index(f, off);
    *line = (int)li + 1;
    *col = src_text_columns(f->text, f->lines[li], off, 0) + 1;
}

const char *src_file_line(const src_file *f, int line, size_t *len)
{
    if (line < 1 || (size_t)line > f->nlines) {
        *len = 0;
        return "";
    }
    size_t start = f->lines[line - 1];
    size_t end = start;
    while (end < f->len && f->text[end] != '\n')
        end++;
    if (end > start && f->text[end - 1] == '\r')
        end--;
    *len = end - start;
    return f->text + start;
}
