/*
 * ci.c — SARIF and GitHub workflow commands; see ci.h.
 */
#include "ci.h"

#include <stdlib.h>
#include <string.h>

#include "lang/json.h"
#include "lang/util.h"

static const char *level(diag_severity sev)
{
    return sev == DIAG_ERROR ? "error" : "warning";
}

/* The text of a result: the message, and the hint on a line of its own. */
static char *result_text(const diag *d)
{
    return d->hint ? xasprintf("%s\nhint: %s", d->message, d->hint) : xstrdup(d->message);
}

static void sarif_rules(json_writer *w)
{
    jw_key(w, "rules");
    jw_array(w);
    for (int c = 0; c < DIAG_NCODES; c++) {
        jw_object(w);
        jw_key(w, "id");
        jw_string(w, diag_code_id((diag_code)c));
        jw_key(w, "shortDescription");
        jw_object(w);
        jw_key(w, "text");
        jw_string(w, diag_code_summary((diag_code)c));
        jw_end(w);
        jw_key(w, "defaultConfiguration");
        jw_object(w);
        jw_key(w, "level");
        jw_string(w, level(diag_code_severity((diag_code)c)));
        jw_end(w);
        jw_end(w);
    }
    jw_end(w);
}

static void sarif_region(json_writer *w, const diag *d)
{
    jw_key(w, "region");
    jw_object(w);
    jw_key(w, "startLine");
    jw_int(w, d->line);
    if (d->col > 0) {
        jw_key(w, "startColumn");
        jw_int(w, d->col);
    }
    if (d->end_line >= d->line && (d->end_line > d->line || d->end_col > d->col)) {
        jw_key(w, "endLine");
        jw_int(w, d->end_line);
        jw_key(w, "endColumn");
        jw_int(w, d->end_col);
    }
    jw_end(w);
}

static void sarif_result(json_writer *w, const diag *d)
{
    jw_object(w);
    jw_key(w, "ruleId");
    jw_string(w, diag_code_id(d->code));
    jw_key(w, "ruleIndex");
    jw_int(w, (long long)d->code);
    jw_key(w, "level");
    jw_string(w, level(d->sev));
    char *text = result_text(d);
    jw_key(w, "message");
    jw_object(w);
    jw_key(w, "text");
    jw_string(w, text);
    jw_end(w);
    free(text);
    if (d->file) {
        jw_key(w, "locations");
        jw_array(w);
        jw_object(w);
        jw_key(w, "physicalLocation");
        jw_object(w);
        jw_key(w, "artifactLocation");
        jw_object(w);
        jw_key(w, "uri");
        jw_string(w, d->file);
        jw_end(w);
        if (d->line > 0)
            sarif_region(w, d);
        jw_end(w);
        jw_end(w);
        jw_end(w);
    }
    jw_end(w);
}

bool ci_write_sarif(FILE *out, const diag_sink *s)
{
    wbuf b;
    wb_init(&b, out);
    json_writer w;
    jw_init(&w, &b, 2);
    jw_object(&w);
    jw_key(&w, "$schema");
    jw_string(&w, "https://json.schemastore.org/sarif-2.1.0.json");
    jw_key(&w, "version");
    jw_string(&w, "2.1.0");
    jw_key(&w, "runs");
    jw_array(&w);
    jw_object(&w);
    jw_key(&w, "tool");
    jw_object(&w);
    jw_key(&w, "driver");
    jw_object(&w);
    jw_key(&w, "name");
    jw_string(&w, "docket");
    jw_key(&w, "version");
    jw_string(&w, DOCKET_VERSION);
    sarif_rules(&w);
    jw_end(&w);
    jw_end(&w);
    jw_key(&w, "columnKind");
    jw_string(&w, "unicodeCodePoints");
    jw_key(&w, "results");
    jw_array(&w);
    for (size_t i = 0; i < s->count; i++)
        sarif_result(&w, &s->items[i]);
    jw_end(&w);
    jw_end(&w);
    jw_end(&w);
    jw_end(&w);
    wb_putc(&b, '\n');
    bool ok = wb_flush(&b) && !wb_failed(&b);
    wb_free(&b);
    return ok;
}

/* S escaped as a workflow command's message (DATA) or property value. */
static void gh_put(FILE *out, const char *s, bool property)
{
    for (; *s; s++) {
        switch (*s) {
        case '%': fputs("%25", out); break;
        case '\r': fputs("%0D", out); break;
        case '\n': fputs("%0A", out); break;
        case ':':
            if (property) {
                fputs("%3A", out);
                break;
            }
            fputc(*s, out);
            break;
        case ',':
            if (property) {
                fputs("%2C", out);
                break;
            }
            fputc(*s, out);
            break;
        default: fputc(*s, out); break;
        }
    }
}

void ci_write_github(FILE *out, const diag_sink *s)
{
    for (size_t i = 0; i < s->count; i++) {
        const diag *d = &s->items[i];
        fprintf(out, "::%s ", level(d->sev));
        if (d->file) {
            fputs("file=", out);
            gh_put(out, d->file, true);
            if (d->line > 0) {
                fprintf(out, ",line=%d", d->line);
                if (d->col > 0)
                    fprintf(out, ",col=%d", d->col);
                if (d->end_line > d->line || (d->end_line == d->line && d->end_col > d->col))
                    fprintf(out, ",endLine=%d,endColumn=%d", d->end_line, d->end_col);
            }
            fputc(',', out);
        }
        fputs("title=docket ", out);
        gh_put(out, diag_code_id(d->code), true);
        fputs("::", out);
        char *text = result_text(d);
        gh_put(out, text, false);
        free(text);
        fputc('\n', out);
    }
}
