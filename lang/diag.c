/*
 * diag.c — the diagnostic sink: collecting, printing and counting.
 */
#include "diag.h"

#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "util.h"

/* ------------------------------------------------------------ codes */

static const struct {
    const char *id;
    diag_severity sev;
    const char *summary;
} code_table[] = {
#define DIAG_CODE_ROW(e, id, sev, summary) {id, sev, summary},
    DIAG_CODES(DIAG_CODE_ROW)
#undef DIAG_CODE_ROW
};

const char *diag_code_id(diag_code code)
{
    return code < DIAG_NCODES ? code_table[code].id : "unknown";
}

diag_severity diag_code_severity(diag_code code)
{
    return code < DIAG_NCODES ? code_table[code].sev : DIAG_ERROR;
}

const char *diag_code_summary(diag_code code)
{
    return code < DIAG_NCODES ? code_table[code].summary : "";
}

/* ------------------------------------------------------------ sink */

void diag_init(diag_sink *s, FILE *out, diag_format format)
{
    memset(s, 0, sizeof *s);
    s->out = out;
    s->format = format;
    s->buffer = format == DIAG_JSON;
}

void diag_init_buffer(diag_sink *s)
{
    memset(s, 0, sizeof *s);
    s->buffer = true;
}

static void diag_item_free(diag *d)
{
    free(d->file);
    free(d->source_line);
    free(d->message);
    free(d->hint);
}

void diag_free(diag_sink *s)
{
    for (size_t i = 0; i < s->count; i++)
        diag_item_free(&s->items[i]);
    free(s->items);
    s->items = NULL;
    s->count = s->cap = 0;
}

/* Expand tabs in a source line so the caret lines up. */
static char *expand_tabs(const char *line, size_t len)
{
    sbuf b;
    sbuf_init(&b);
    int col = 0;
    size_t i = 0;
    while (i < len) {
        unsigned char c = (unsigned char)line[i];
        if (c == '\t') {
            int next = (col / 8 + 1) * 8;
            while (col < next) {
                sbuf_putc(&b, ' ');
                col++;
            }
            i++;
            continue;
        }
        /* Control characters and bytes that are not UTF-8 are shown as
         * '?', one column each, so the caret still lines up and nothing
         * reaches the terminal raw. */
        size_t k = c < 0x80 ? 1 : utf8_seq_len(line + i, len - i);
        if (k == 0 || c < 0x20 || c == 0x7F) {
            sbuf_putc(&b, '?');
            k = 1;
        } else {
            sbuf_putn(&b, line + i, k);
        }
        i += k;
        col++;
    }
    return sbuf_take(&b);
}

/* The last diagnostic, kept only until the next one when not buffering: we
 * print a diagnostic when the next arrives or at flush, so a hint can still
 * be attached. */
static diag *push(diag_sink *s)
{
    if (!s->buffer && s->count > 0) {
        diag_print_text(s->out, &s->items[0], s->color);
        diag_item_free(&s->items[0]);
        s->count = 0;
    }
    s->items = xgrow(s->items, &s->cap, s->count, sizeof *s->items, 8);
    diag *d = &s->items[s->count++];
    memset(d, 0, sizeof *d);
    return d;
}

/* With warnings_as_errors a warning is reported (and counted) as an error. */
static diag_severity severity(const diag_sink *s, diag_severity sev)
{
    return sev == DIAG_WARNING && s->warnings_as_errors ? DIAG_ERROR : sev;
}

static void count(diag_sink *s, diag_severity sev)
{
    if (sev == DIAG_ERROR)
        s->errors++;
    else
        s->warnings++;
}

void diag_span(diag_sink *s, diag_code code, const src_file *f, uint32_t off,
               uint32_t len, const char *fmt, ...)
{
    diag *d = push(s);
    diag_severity sev = severity(s, diag_code_severity(code));
    d->sev = sev;
    d->code = code;
    d->file = xstrdup(f->name);
    src_file_position(f, off, &d->line, &d->col);
    if (off > f->len)
        off = (uint32_t)f->len;
    if (len > f->len - off)
        len = (uint32_t)(f->len - off);
    d->has_span = true;
    d->off = off;
    d->len = len;
    src_file_position(f, off + len, &d->end_line, &d->end_col);
    size_t llen;
    const char *ltext = src_file_line(f, d->line, &llen);
    d->source_line = expand_tabs(ltext, llen);
    /* Width: columns covered by the span, clipped to the end of the line. */
    size_t lstart = (size_t)(ltext - f->text);
    size_t end = (size_t)off + len;
    if (end > lstart + llen)
        end = lstart + llen;
    int c0 = d->col - 1;
    int c1 = end > off ? src_text_columns(f->text, off, end, c0) : c0;
    d->width = c1 - c0 > 0 ? c1 - c0 : 1;
    va_list ap;
    va_start(ap, fmt);
    d->message = xvasprintf(fmt, ap);
    va_end(ap);
    count(s, sev);
}

void diag_at(diag_sink *s, diag_code code, const char *file, int line, int col,
             const char *fmt, ...)
{
    diag *d = push(s);
    diag_severity sev = severity(s, diag_code_severity(code));
    d->sev = sev;
    d->code = code;
    d->file = file ? xstrdup(file) : NULL;
    d->line = d->end_line = line;
    d->col = d->end_col = col;
    va_list ap;
    va_start(ap, fmt);
    d->message = xvasprintf(fmt, ap);
    va_end(ap);
    count(s, sev);
}

void diag_hint(diag_sink *s, const char *fmt, ...)
{
    if (s->count == 0)
        return;
    diag *d = &s->items[s->count - 1];
    free(d->hint);
    va_list ap;
    va_start(ap, fmt);
    d->hint = xvasprintf(fmt, ap);
    va_end(ap);
}

void diag_copy(diag_sink *s, const diag *d, int line_shift)
{
    diag *c = push(s);
    *c = *d;
    c->sev = severity(s, diag_code_severity(d->code));
    c->file = d->file ? xstrdup(d->file) : NULL;
    c->source_line = d->source_line ? xstrdup(d->source_line) : NULL;
    c->message = xstrdup(d->message);
    c->hint = d->hint ? xstrdup(d->hint) : NULL;
    if (c->line > 0)
        c->line += line_shift;
    if (c->end_line > 0)
        c->end_line += line_shift;
    count(s, c->sev);
}

void diag_print_text(FILE *out, const diag *d, bool color)
{
    const char *bold = color ? "\033[1m" : "", *reset = color ? "\033[0m" : "";
    const char *sevc = color ? (d->sev == DIAG_ERROR ? "\033[1;31m" : "\033[1;35m") : "";
    const char *caretc = color ? "\033[1;32m" : "";
    fputs(bold, out);
    if (d->file) {
        text_put_escaped(out, d->file);
        if (d->line > 0) {
            fprintf(out, ":%d", d->line);
            if (d->col > 0)
                fprintf(out, ":%d", d->col);
        }
        fputs(": ", out);
    }
    fprintf(out, "%s%s%s: %s", sevc, d->sev == DIAG_ERROR ? "error" : "warning", reset, bold);
    text_put_escaped(out, d->message);
    fprintf(out, "%s\n", reset);
    if (d->source_line && d->width > 0) {
        /* A long line is shown as a window of EXCERPT columns around the
         * caret, with "..." where it was cut (one column per code point:
         * the excerpt has tabs expanded and odd bytes replaced). */
        enum { EXCERPT = 160, BEFORE = 60 };
        const char *l = d->source_line;
        int ncols = 0;
        for (const char *q = l; *q; q++)
            ncols += ((unsigned char)*q & 0xC0) != 0x80;
        int from = 0, to = ncols, caret = d->col - 1, width = d->width;
        if (ncols > EXCERPT) {
            from = caret > BEFORE ? caret - BEFORE : 0;
            to = from + EXCERPT < ncols ? from + EXCERPT : ncols;
        }
        if (caret + width > to)
            width = to - caret > 1 ? to - caret : 1;
        fputs(from > 0 ? "  ..." : "  ", out);
        int c = 0;
        const char *q = l, *start = NULL, *end = NULL;
        for (; *q; q++) {
            if (((unsigned char)*q & 0xC0) != 0x80) {
                if (c == from)
                    start = q;
                if (c == to)
                    end = q;
                c++;
            }
        }
        if (!start)
            start = q;
        if (!end)
            end = q;
        char *piece = xstrndup(start, (size_t)(end - start));
        text_put_escaped(out, piece);
        free(piece);
        fputs(to < ncols ? "...\n" : "\n", out);
        fprintf(out, "  %*s%s", caret - from + (from > 0 ? 3 : 0), "", caretc);
        for (int i = 0; i < width; i++)
            fputc('^', out);
        fprintf(out, "%s\n", reset);
    }
    if (d->hint) {
        fputs("hint: ", out);
        text_put_escaped(out, d->hint);
        fputc('\n', out);
    }
}


/* D as one JSON object into B. */
static void diag_json(wbuf *b, const diag *d)
{
    wb_puts(b, "{\"severity\": ");
    json_str(b, d->sev == DIAG_ERROR ? "error" : "warning");
    wb_puts(b, ", \"code\": ");
    json_str(b, diag_code_id(d->code));
    wb_puts(b, ", \"message\": ");
    json_str(b, d->message);
    wb_puts(b, ", \"hint\": ");
    json_str_or_null(b, d->hint);
    wb_puts(b, ", \"file\": ");
    json_str_or_null(b, d->file);
    wb_puts(b, ", \"line\": ");
    wb_int(b, d->line);
    wb_puts(b, ", \"column\": ");
    wb_int(b, d->col);
    wb_puts(b, ", \"end_line\": ");
    wb_int(b, d->end_line);
    wb_puts(b, ", \"end_column\": ");
    wb_int(b, d->end_col);
    wb_putc(b, '}');
}

void diag_print_json(FILE *out, const diag *d)
{
    wbuf b;
    wb_init(&b, out);
    diag_json(&b, d);
    wb_flush(&b);
    wb_free(&b);
}

void diag_flush(diag_sink *s)
{
    if (s->format == DIAG_JSON) {
        if (!s->out || (s->count == 0 && !s->print_empty))
            return;
        wbuf out;
        wb_init(&out, s->out);
        wb_puts(&out, "{\"format_version\": 1, \"diagnostics\": [");
        for (size_t i = 0; i < s->count; i++) {
            wb_puts(&out, i ? ",\n  " : "\n  ");
            diag_json(&out, &s->items[i]);
        }
        wb_printf(&out, "%s], \"errors\": %zu, \"warnings\": %zu}\n", s->count ? "\n" : "", s->errors, s->warnings);
        wb_flush(&out);
        wb_free(&out);
        diag_free(s);
        return;
    }
    if (s->out && s->count > 0) {
        for (size_t i = 0; i < s->count; i++)
            diag_print_text(s->out, &s->items[i], s->color);
        diag_free(s);
    }
    if (s->out && (s->errors || s->warnings)) {
        fprintf(s->out, "%zu error%s, %zu warning%s\n", s->errors, s->errors == 1 ? "" : "s",
                s->warnings, s->warnings == 1 ? "" : "s");
    }
}

/* ------------------------------------------------------------ suggestions */

static size_t edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 64 || lb > 64)
        return (size_t)-1;
    size_t prev[65], cur[65];
    for (size_t j = 0; j <= lb; j++)
        prev[j] = j;
    for (size_t i = 1; i <= la; i++) {
        cur[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t sub = prev[j - 1] + (a[i - 1] != b[j - 1]);
            size_t del = prev[j] + 1, ins = cur[j - 1] + 1;
            size_t m = sub < del ? sub : del;
            cur[j] = m < ins ? m : ins;
        }
        memcpy(prev, cur, (lb + 1) * sizeof prev[0]);
    }
    return prev[lb];
}

const char *diag_closest(const char *name, const char *const *cands, size_t n)
{
    const char *best = NULL;
    size_t bestd = (size_t)-1;
    size_t len = strlen(name);
    size_t limit = len < 4 ? 1 : len / 3 + 1;
    for (size_t i = 0; i < n; i++) {
        size_t d = edit_distance(name, cands[i]);
        if (d < bestd) {
            bestd = d;
            best = cands[i];
        }
    }
    return bestd <= limit ? best : NULL;
}
