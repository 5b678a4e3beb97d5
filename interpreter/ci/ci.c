/*
 * ci.c — SARIF and GitHub workflow commands; see ci.h.
 */
#include "ci.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

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

static json_t *sarif_rules(void)
{
    json_t *rules = json_array();
    for (int c = 0; c < DIAG_NCODES; c++) {
        json_t *r = json_object();
        json_object_set_new(r, "id", json_string(diag_code_id((diag_code)c)));
        json_object_set_new(r, "shortDescription", json_pack("{s:s}", "text", diag_code_summary((diag_code)c)));
        json_object_set_new(r, "defaultConfiguration",
                            json_pack("{s:s}", "level", level(diag_code_severity((diag_code)c))));
        json_array_append_new(rules, r);
    }
    return rules;
}

static json_t *sarif_result(const diag *d)
{
    json_t *r = json_object();
    json_object_set_new(r, "ruleId", json_string(diag_code_id(d->code)));
    json_object_set_new(r, "ruleIndex", json_integer((json_int_t)d->code));
    json_object_set_new(r, "level", json_string(level(d->sev)));
    char *text = result_text(d);
    json_object_set_new(r, "message", json_pack("{s:s}", "text", text));
    free(text);
    if (d->file) {
        json_t *phys = json_object();
        json_object_set_new(phys, "artifactLocation", json_pack("{s:s}", "uri", d->file));
        if (d->line > 0) {
            json_t *region = json_object();
            json_object_set_new(region, "startLine", json_integer(d->line));
            if (d->col > 0)
                json_object_set_new(region, "startColumn", json_integer(d->col));
            if (d->end_line >= d->line && (d->end_line > d->line || d->end_col > d->col)) {
                json_object_set_new(region, "endLine", json_integer(d->end_line));
                json_object_set_new(region, "endColumn", json_integer(d->end_col));
            }
            json_object_set_new(phys, "region", region);
        }
        json_t *loc = json_object();
        json_object_set_new(loc, "physicalLocation", phys);
        json_object_set_new(r, "locations", json_pack("[o]", loc));
    }
    return r;
}

bool ci_write_sarif(FILE *out, const diag_sink *s)
{
    json_t *driver = json_object();
    json_object_set_new(driver, "name", json_string("docket"));
    json_object_set_new(driver, "version", json_string(DOCKET_VERSION));
    json_object_set_new(driver, "rules", sarif_rules());
    json_t *results = json_array();
    for (size_t i = 0; i < s->count; i++)
        json_array_append_new(results, sarif_result(&s->items[i]));
    json_t *run = json_object();
    json_object_set_new(run, "tool", json_pack("{s:o}", "driver", driver));
    json_object_set_new(run, "columnKind", json_string("unicodeCodePoints"));
    json_object_set_new(run, "results", results);
    json_t *log = json_object();
    json_object_set_new(log, "$schema", json_string("https://json.schemastore.org/sarif-2.1.0.json"));
    json_object_set_new(log, "version", json_string("2.1.0"));
    json_object_set_new(log, "runs", json_pack("[o]", run));
    int rc = json_dumpf(log, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    json_decref(log);
    return rc == 0 && fputc('\n', out) != EOF;
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
