/*
 * srcfile.c — a source file's text and its line table (see srcfile.h).
 */
#include "srcfile.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

src_file *src_file_read(const char *path)
{
    FILE *fp = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    if (!fp)
        return NULL;
    size_t cap = 4096, len = 0;
    char *buf = xmalloc(cap);
    for (;;) {
        if (len + 1 >= cap) {
            cap *= 2;
            buf = xrealloc(buf, cap);
        }
        size_t n = fread(buf + len, 1, cap - len - 1, fp);
        len += n;
        if (n == 0)
            break;
    }
    int err = ferror(fp) ? EIO : 0;
    if (fp != stdin)
        fclose(fp);
    if (err) {
        free(buf);
        errno = err;
        return NULL;
    }
    src_file *f = src_file_from_string(strcmp(path, "-") == 0 ? "<stdin>" : path, buf, len);
    free(buf);
    return f;
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
    for (size_t i = start; i < end; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '\t')
            col = (col / 8 + 1) * 8;
        else if ((c & 0xC0) != 0x80)
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
