/*
 * server.c — the Docket language server; see server.h.
 */
#define _XOPEN_SOURCE 700 /* realpath */
#include "server.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "index.h"
#include "interpreter/time/calendar.h"
#include "interpreter/time/duration.h"
#include "lang/fmt.h"
#include "lang/parse.h"
#include "lang/program.h"
#include "lang/words.h"
#include "rpc.h"

/* JSON-RPC error codes. */
enum {
    ERR_PARSE = -32700,
    ERR_INVALID_REQUEST = -32600,
    ERR_METHOD_NOT_FOUND = -32601,
    ERR_INVALID_PARAMS = -32602,
    ERR_NOT_INITIALIZED = -32002,
};

/* The date a hover's sample deadline counts from: a Monday. */
#define SAMPLE_DATE "2025-01-06"

typedef struct lsp_doc {
    char *uri;
    char *path;   /* the file the URI names (imports resolve beside it) */
    char *text;
} lsp_doc;

typedef struct server {
    FILE *out;
    lsp_doc *docs;
    size_t ndocs, cap;
    bool initialized, shut_down, exited;
} server;

/* ------------------------------------------------------------ URIs */

static int hexval(char c)
{
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* The path of a file: URI (percent-decoded), or the URI itself for any
 * other scheme (an untitled buffer keeps its name; imports then resolve
 * from the working directory). */
static char *uri_to_path(const char *uri)
{
    if (strncmp(uri, "file://", 7) != 0)
        return xstrdup(uri);
    const char *s = uri + 7;
    sbuf b;
    sbuf_init(&b);
    for (; *s; s++) {
        int h, l;
        if (*s == '%' && (h = hexval(s[1])) >= 0 && (l = hexval(s[2])) >= 0) {
            char c = (char)(h * 16 + l);
            if (c == '\0')
                c = '_';
            sbuf_putc(&b, c);
            s += 2;
        } else {
            sbuf_putc(&b, *s);
        }
    }
    return sbuf_take(&b);
}

static char *path_to_uri(const char *path)
{
    sbuf b;
    sbuf_init(&b);
    sbuf_puts(&b, "file://");
    for (const unsigned char *s = (const unsigned char *)path; *s; s++) {
        if ((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || strchr("/._~-", *s))
            sbuf_putc(&b, (char)*s);
        else
            sbuf_printf(&b, "%%%02X", *s);
    }
    return sbuf_take(&b);
}

/* ------------------------------------------------------------ positions */

/* The LSP position (0-based line, UTF-16 code units) of byte OFF of F. */
static json_t *position(const src_file *f, uint32_t off)
{
    if (off > f->len)
        off = (uint32_t)f->len;
    int line, col;
    src_file_position(f, off, &line, &col);
    uint32_t start = f->lines[line - 1];
    json_int_t ch = 0;
    for (uint32_t i = start; i < off; i++) {
        unsigned char c = (unsigned char)f->text[i];
        if ((c & 0xC0) != 0x80)
            ch += c >= 0xF0 ? 2 : 1;
    }
    return json_pack("{s:I,s:I}", "line", (json_int_t)(line - 1), "character", ch);
}

static json_t *range(const src_file *f, uint32_t off, uint32_t len)
{
    return json_pack("{s:o,s:o}", "start", position(f, off), "end", position(f, off + len));
}

/* The byte offset of LSP position LINE:CH in TEXT (LEN bytes), clamped to
 * the line's end and the text's end. */
static size_t offset_of(const char *text, size_t len, json_int_t line, json_int_t ch)
{
    size_t i = 0;
    for (json_int_t l = 0; l < line && i < len; i++)
        if (text[i] == '\n')
            l++;
    json_int_t u = 0;
    while (i < len && text[i] != '\n' && u < ch) {
        unsigned char c = (unsigned char)text[i];
        u += c >= 0xF0 ? 2 : 1;
        i++;
        while (i < len && ((unsigned char)text[i] & 0xC0) == 0x80)
            i++;
    }
    return i;
}

/* ------------------------------------------------------------ messages */

static void send(server *S, json_t *msg)
{
    rpc_write(S->out, msg);
    json_decref(msg);
}

static void reply(server *S, json_t *id, json_t *result)
{
    send(S, json_pack("{s:s,s:O,s:o}", "jsonrpc", "2.0", "id", id ? id : json_null(), "result",
                      result ? result : json_null()));
}

static void reply_error(server *S, json_t *id, int code, const char *message)
{
    send(S, json_pack("{s:s,s:O,s:{s:i,s:s}}", "jsonrpc", "2.0", "id", id ? id : json_null(), "error", "code", code,
                      "message", message));
}

static void notify(server *S, const char *method, json_t *params)
{
    send(S, json_pack("{s:s,s:s,s:o}", "jsonrpc", "2.0", "method", method, "params", params));
}

/* ------------------------------------------------------------ documents */

static lsp_doc *find_doc(server *S, const char *uri)
{
    for (size_t i = 0; i < S->ndocs; i++)
        if (strcmp(S->docs[i].uri, uri) == 0)
            return &S->docs[i];
    return NULL;
}

static void doc_free(lsp_doc *d)
{
    free(d->uri);
    free(d->path);
    free(d->text);
}

/* A document's text with NUL bytes replaced (the front end reads C
 * strings). */
static char *clean_text(const char *s, size_t n)
{
    char *t = xmalloc(n + 1);
    for (size_t i = 0; i < n; i++)
        t[i] = s[i] ? s[i] : ' ';
    t[n] = '\0';
    return t;
}

/* The analysis of one document: its program, diagnostics and index. */
typedef struct analysis {
    ast_program *p;
    diag_sink sink;
    lsp_index ix;
    const src_file *main;
} analysis;

static void analyse(const lsp_doc *d, analysis *a)
{
    diag_init_buffer(&a->sink);
    a->p = program_load_string(d->path, d->text, &a->sink);
    a->main = a->p->main->src;
    lsp_index_build(&a->ix, a->p);
}

static void analysis_free(analysis *a)
{
    lsp_index_free(&a->ix);
    program_free(a->p);
    diag_free(&a->sink);
}

/* ------------------------------------------------------------ diagnostics */

/* The import of A's main file that brings in FILE: the one
 * naming it, else the first import (FILE is imported through it or another
 * import), or NULL when the main file imports nothing. */
static const decl *import_of(const analysis *a, const char *file)
{
    char buf[PATH_MAX];
    if (realpath(file, buf))
        file = buf;
    const decl *first = NULL;
    for (const decl *d = a->p->main->decls; d; d = d->next) {
        if (d->kind != D_IMPORT)
            continue;
        if (!first)
            first = d;
        char *t = lsp_import_target(a->main, d);
        bool same = t && strcmp(t, file) == 0;
        free(t);
        if (same)
            return d;
    }
    return first;
}

static void publish(server *S, const lsp_doc *d)
{
    analysis a;
    analyse(d, &a);
    json_t *list = json_array();
    for (size_t i = 0; i < a.sink.count; i++) {
        const diag *g = &a.sink.items[i];
        bool here = g->file && strcmp(g->file, a.main->name) == 0;
        const decl *imp = here || !g->file ? NULL : import_of(&a, g->file);
        json_t *r;
        if (imp) {
            /* A problem in an imported file is shown on the import that
             * brings it in, with where it is. */
            r = range(a.main, imp->u.import.path.sp.off, imp->u.import.path.sp.len);
        } else if (here && g->has_span) {
            r = range(a.main, g->off, g->len);
        } else {
            json_int_t l = g->line > 0 ? g->line - 1 : 0, c = g->col > 0 ? g->col - 1 : 0;
            r = json_pack("{s:{s:I,s:I},s:{s:I,s:I}}", "start", "line", l, "character", c, "end", "line", l,
                          "character", c);
        }
        char *where = imp ? xasprintf("%s:%d:%d: ", g->file, g->line, g->col) : xstrdup("");
        char *msg = g->hint ? xasprintf("%s%s\nhint: %s", where, g->message, g->hint) : xasprintf("%s%s", where, g->message);
        free(where);
        json_array_append_new(list, json_pack("{s:o,s:i,s:s,s:s,s:s}", "range", r, "severity",
                                              g->sev == DIAG_ERROR ? 1 : 2, "code", diag_code_id(g->code), "source",
                                              "docket", "message", msg));
        free(msg);
    }
    notify(S, "textDocument/publishDiagnostics", json_pack("{s:s,s:o}", "uri", d->uri, "diagnostics", list));
    analysis_free(&a);
}

/* ------------------------------------------------------------ helpers */

static const char *str_param(json_t *params, const char *k1, const char *k2)
{
    json_t *o = json_object_get(params, k1);
    return json_string_value(k2 ? json_object_get(o, k2) : o);
}

/* The document and byte offset a TextDocumentPositionParams names. */
static lsp_doc *doc_position(server *S, json_t *params, size_t *off)
{
    const char *uri = str_param(params, "textDocument", "uri");
    lsp_doc *d = uri ? find_doc(S, uri) : NULL;
    json_t *pos = json_object_get(params, "position");
    json_t *line = json_object_get(pos, "line"), *ch = json_object_get(pos, "character");
    if (!d || !json_is_integer(line) || !json_is_integer(ch))
        return NULL;
    *off = offset_of(d->text, strlen(d->text), json_integer_value(line), json_integer_value(ch));
    return d;
}

static json_t *location(const span *sp)
{
    char *uri = path_to_uri(sp->file->name);
    json_t *loc = json_pack("{s:s,s:o}", "uri", uri, "range", range(sp->file, sp->off, sp->len));
    free(uri);
    return loc;
}

/* ------------------------------------------------------------ hover */

static void attr_types(sbuf *b, const decl *d)
{
    bool first = true;
    for (const attr_decl *a = d->u.event.attrs; a; a = a->next) {
        sbuf_printf(b, "%s`%s`: %s", first ? "\n\nAttributes: " : ", ", a->name.text,
                    a->type_name.text ? a->type_name.text : "?");
        first = false;
    }
}

/* The value of date expression E when the rule's trigger happened on day T,
 * under CAL: the trigger's binding, a date literal, or either plus or minus
 * a literal duration. False for anything else (an attribute, a query),
 * whose value depends on a case, and when the arithmetic leaves CAL. */
static bool sample_date(const expr *e, cal_day t, const cal_calendar *cal, cal_day *out)
{
    if (!e)
        return false;
    switch (e->kind) {
    case EX_NAME:
        if (e->u.name.res != RES_BINDING)
            return false;
        *out = t;
        return true;
    case EX_DATE: {
        char b[11];
        ast_date_format(e->u.date, b);
        return cal_parse_date(b, 10, out);
    }
    case EX_BINARY: {
        const expr *r = e->u.bin.r;
        cal_day base;
        int bad = 0;
        if ((e->u.bin.op != OP_ADD && e->u.bin.op != OP_SUB) || !r || r->kind != EX_DURATION ||
            !dur_within_limit(r->u.dur) || !sample_date(e->u.bin.l, t, cal, &base))
            return false;
        return dur_add(cal, base, r->u.dur, e->u.bin.op == OP_ADD ? 1 : -1, out, &bad);
    }
    case EX_INT:
    case EX_DURATION:
    case EX_BOOL:
    case EX_TEXT:
    case EX_ATTR:
    case EX_STATE_AT:
    case EX_NOT:
    case EX_NEG:
    case EX_IN:
    case EX_FIRST:
    case EX_LAST:
    case EX_COUNT:
    case EX_EXISTS:
        break;
    }
    return false;
}

/* Whether deadline DL counts working days. */
static bool counts_working_days(const deadline *dl)
{
    if (dl->kind == DL_WITHIN)
        return unit_base(dl->within.unit) == DUR_WORKING_DAYS;
    for (const milestone *m = dl->kind == DL_SCHEDULE ? dl->milestones : NULL; m; m = m->next)
        if (unit_base(m->dur.unit) == DUR_WORKING_DAYS)
            return true;
    const expr *e = dl->kind == DL_BY || dl->kind == DL_BETWEEN ? dl->by : NULL;
    return e && e->kind == EX_BINARY && e->u.bin.r && e->u.bin.r->kind == EX_DURATION &&
           unit_base(e->u.bin.r->u.dur.unit) == DUR_WORKING_DAYS;
}

/* The due date(s) of rule R's deadline for a trigger on the sample date, in
 * words, when they follow from the trigger's date alone (within N of a
 * date, by a date, between two dates, a schedule after a date, where each
 * date is the trigger, a literal, or one plus or minus a duration). */
static void sample_due(sbuf *b, const ast_program *p, const rule_decl *r)
{
    const deadline *dl = &r->due;
    if (dl->kind == DL_NONE || dl->kind == DL_BEFORE)
        return;
    cal_day t;
    cal_parse_date(SAMPLE_DATE, strlen(SAMPLE_DATE), &t);
    diag_sink quiet;
    diag_init_buffer(&quiet);
    cal_calendar *cal = p->calendar_path && p->policy
                            ? cal_load(p->calendar_path, p->policy->u.policy.calendar.text, &quiet)
                            : NULL;
    char b1[11], b2[11], b3[11];
    cal_day from, to;
    int bad = 0;
    sbuf dates;
    sbuf_init(&dates);
    if (dl->kind == DL_WITHIN && sample_date(dl->of, t, cal, &from) && dur_within_limit(dl->within) &&
        dur_add(cal, from, dl->within, 1, &to, &bad)) {
        sbuf_printf(&dates, "due %s", cal_format(to, b2));
    } else if (dl->kind == DL_BY && sample_date(dl->by, t, cal, &to)) {
        sbuf_printf(&dates, "due %s", cal_format(to, b2));
    } else if (dl->kind == DL_BETWEEN && sample_date(dl->by, t, cal, &from) && sample_date(dl->to, t, cal, &to)) {
        sbuf_printf(&dates, "between %s and %s", cal_format(from, b2), cal_format(to, b3));
    } else if (dl->kind == DL_SCHEDULE && sample_date(dl->of, t, cal, &from)) {
        int k = 0;
        for (const milestone *m = dl->milestones; m && k < 4; m = m->next, k++) {
            if (!dur_within_limit(m->dur) || !dur_add(cal, from, m->dur, 1, &to, &bad))
                break;
            sbuf_printf(&dates, "%s%s", k ? ", " : "due ", cal_format(to, b2));
        }
        if (k == 4)
            sbuf_puts(&dates, ", ...");
    }
    if (dates.len) {
        sbuf_printf(b, "\n\nFor a trigger on Monday %s: %s", cal_format(t, b1), dates.data);
        if (counts_working_days(dl))
            sbuf_printf(b, cal ? " (working days of calendar %s)" : " (working days: weekends only, no holiday calendar)",
                        cal ? cal_name(cal) : "");
        sbuf_putc(b, '.');
    }
    sbuf_free(&dates);
    cal_free(cal);
    diag_free(&quiet);
}

static void hover_rule(sbuf *b, const ast_program *p, const decl *d)
{
    const rule_decl *r = &d->u.rule;
    sbuf_printf(b, "**rule** `%s`", d->name.text);
    if (r->cite.present)
        sbuf_printf(b, " — %s", r->cite.text);
    if (r->says.present)
        sbuf_printf(b, "\n\n> %s", r->says.text);
    words_style st = {.as_written = true, .reader = true};
    sbuf w;
    sbuf_init(&w);
    words_deadline(&w, &st, &r->due, r->eff_binding);
    if (w.len) {
        sbuf_printf(b, "\n\nDeadline: %s.", w.data);
        sample_due(b, p, r);
    } else if (words_no_deadline(r)) {
        sbuf_printf(b, "\n\nDeadline: %s.", words_no_deadline(r));
    }
    sbuf_free(&w);
}

static json_t *hover(const analysis *a, const lsp_occ *o)
{
    const decl *d = o->d;
    sbuf b;
    sbuf_init(&b);
    switch (d->kind) {
    case D_ROLE:
        sbuf_printf(&b, "**role** `%s`", d->name.text);
        if (d->u.role.description.present)
            sbuf_printf(&b, " — %s", d->u.role.description.text);
        break;
    case D_EVENT:
        sbuf_printf(&b, "**event** `%s`", d->name.text);
        if (d->u.event.description.present)
            sbuf_printf(&b, " — %s", d->u.event.description.text);
        attr_types(&b, d);
        break;
    case D_ENUM:
        if (o->value >= 0) {
            const enum_value *v = d->u.enm.values;
            for (int i = 0; v && i < o->value; i++)
                v = v->next;
            sbuf_printf(&b, "**value** `%s` of enum `%s`", v ? v->name.text : "?", d->name.text);
        } else {
            sbuf_printf(&b, "**enum** `%s`:", d->name.text);
            for (const enum_value *v = d->u.enm.values; v; v = v->next)
                sbuf_printf(&b, " `%s`", v->name.text);
        }
        break;
    case D_STATE: {
        sbuf_printf(&b, "**state** `%s`: from", d->name.text);
        for (const name_list *n = d->u.state.from; n; n = n->next)
            sbuf_printf(&b, " `%s`", n->name.text);
        if (d->u.state.until) {
            sbuf_puts(&b, " until");
            for (const name_list *n = d->u.state.until; n; n = n->next)
                sbuf_printf(&b, " `%s`", n->name.text);
        }
        sbuf w;
        sbuf_init(&w);
        words_state_limit(&w, d);
        if (w.len)
            sbuf_printf(&b, ", %s", w.data);
        sbuf_free(&w);
        break;
    }
    case D_RULE:
        hover_rule(&b, a->p, d);
        break;
    case D_IMPORT: {
        char *t = lsp_import_target(o->sp.file, d);
        sbuf_printf(&b, "**import** %s", t ? t : "(not found)");
        free(t);
        break;
    }
    case D_EDITION: {
        char d1[11], d2[11];
        sbuf_printf(&b, "**edition** `%s` — %s: from %s", d->name.text, d->u.edition.title.text,
                    ast_date_format(d->u.edition.from, d1));
        if (d->u.edition.until)
            sbuf_printf(&b, " until %s", ast_date_format(d->u.edition.until, d2));
        sbuf_printf(&b, ", source `%s`", d->u.edition.source.text);
        break;
    }
    case D_POLICY:
    case D_TEST:
    case D_UNCITED:
    case D_MUTANT:
    case D_EXTEND:
        break;
    }
    json_t *h = json_pack("{s:{s:s,s:s},s:o}", "contents", "kind", "markdown", "value", b.data ? b.data : "",
                          "range", range(o->sp.file, o->sp.off, o->sp.len));
    sbuf_free(&b);
    return h;
}

/* A hover on a rule's deadline (outside any name): the deadline in words
 * and its date for the sample trigger. */
static json_t *hover_deadline(const analysis *a, uint32_t off)
{
    for (const decl *d = a->p->main->decls; d; d = d->next) {
        if (d->kind != D_RULE || d->u.rule.due.kind == DL_NONE)
            continue;
        const span *sp = &d->u.rule.due.sp;
        if (off < sp->off || off > sp->off + sp->len)
            continue;
        sbuf b;
        sbuf_init(&b);
        words_style st = {.as_written = true, .reader = true};
        sbuf w;
        sbuf_init(&w);
        words_deadline(&w, &st, &d->u.rule.due, d->u.rule.eff_binding);
        sbuf_printf(&b, "**deadline** of `%s`: %s.", d->name.text, w.data ? w.data : "");
        sbuf_free(&w);
        sample_due(&b, a->p, &d->u.rule);
        json_t *h = json_pack("{s:{s:s,s:s},s:o}", "contents", "kind", "markdown", "value", b.data, "range",
                              range(sp->file, sp->off, sp->len));
        sbuf_free(&b);
        return h;
    }
    return NULL;
}

/* ------------------------------------------------------------ completion */

static const char *const keywords[] = {
    "policy", "title", "authority", "version", "review", "calendar", "source", "import", "role", "enum",
    "event", "state", "from", "until", "extended", "to", "for", "rule", "cite", "says", "note", "when", "as", "where", "if",
    "unless", "while", "overrides", "must", "next", "require", "due", "within", "of", "by", "between",
    "before", "after", "at", "and", "or", "not", "in", "first", "last", "count", "exists", "true", "false",
    "test", "given", "with", "expect", "nothing", "obligation", "obligations", "on", "none", "met", "late",
    "overdue", "pending", "breached", "cancelled", "uncited", "mutant", "because", "working", "inclusive", "edition",
};

/* CompletionItemKind values. */
enum { CK_FUNCTION = 3, CK_CLASS = 7, CK_KEYWORD = 14, CK_ENUM = 13, CK_UNIT = 11, CK_ENUM_MEMBER = 20,
       CK_CONSTANT = 21, CK_EVENT = 23 };

static void complete_decls(json_t *items, const decl_array *a, int kind, const char *what)
{
    for (size_t i = 0; i < a->count; i++) {
        const decl *d = a->items[i];
        if (!d->name.text)
            continue;
        json_array_append_new(items, json_pack("{s:s,s:i,s:s}", "label", d->name.text, "kind", kind, "detail", what));
        if (d->kind == D_ENUM)
            for (const enum_value *v = d->u.enm.values; v; v = v->next)
                json_array_append_new(items, json_pack("{s:s,s:i,s:s}", "label", v->name.text, "kind",
                                                       CK_ENUM_MEMBER, "detail", d->name.text));
    }
}

static json_t *completion(const analysis *a)
{
    json_t *items = json_array();
    complete_decls(items, &a->p->roles, CK_CLASS, "role");
    complete_decls(items, &a->p->events, CK_EVENT, "event");
    complete_decls(items, &a->p->states, CK_CONSTANT, "state");
    complete_decls(items, &a->p->enums, CK_ENUM, "enum");
    complete_decls(items, &a->p->rules, CK_FUNCTION, "rule");
    size_t nu;
    const unit_info *u = unit_table(&nu);
    for (size_t i = 0; i < nu; i++)
        json_array_append_new(items, json_pack("{s:s,s:i,s:s}", "label", dur_unit_name(u[i].unit, true), "kind",
                                               CK_UNIT, "detail", "unit"));
    for (size_t i = 0; i < sizeof keywords / sizeof keywords[0]; i++)
        json_array_append_new(items, json_pack("{s:s,s:i}", "label", keywords[i], "kind", CK_KEYWORD));
    return json_pack("{s:b,s:o}", "isIncomplete", 0, "items", items);
}

/* ------------------------------------------------------------ symbols */

/* SymbolKind values. */
enum { SK_NAMESPACE = 3, SK_CLASS = 5, SK_METHOD = 6, SK_ENUM = 10, SK_FUNCTION = 12, SK_CONSTANT = 14,
       SK_MODULE = 2, SK_EVENT = 24 };

static json_t *symbol(const decl *d, const char *name, int kind, const char *detail)
{
    const span *sel = d->name.text ? &d->name.sp : &d->sp;
    json_t *s = json_pack("{s:s,s:i,s:o,s:o}", "name", name, "kind", kind, "range", range(d->sp.file, d->sp.off, d->sp.len),
                          "selectionRange", range(sel->file, sel->off, sel->len));
    if (detail)
        json_object_set_new(s, "detail", json_string(detail));
    return s;
}

static json_t *document_symbols(const analysis *a)
{
    json_t *out = json_array();
    /* Sections in order of their first rule; each holds its rules. */
    json_t *sections = json_object(); /* section name -> children array */
    for (const decl *d = a->p->main->decls; d; d = d->next) {
        switch (d->kind) {
        case D_POLICY:
            json_array_append_new(out, symbol(d, d->u.policy.qualified.text ? d->u.policy.qualified.text : "policy",
                                              SK_MODULE, d->u.policy.title.present ? d->u.policy.title.text : NULL));
            break;
        case D_IMPORT:
            json_array_append_new(out, symbol(d, d->u.import.path.text ? d->u.import.path.text : "import", SK_MODULE,
                                              "import"));
            break;
        case D_ROLE:
            json_array_append_new(out, symbol(d, d->name.text, SK_CLASS, "role"));
            break;
        case D_ENUM:
            json_array_append_new(out, symbol(d, d->name.text, SK_ENUM, "enum"));
            break;
        case D_EVENT:
            json_array_append_new(out, symbol(d, d->name.text, SK_EVENT, "event"));
            break;
        case D_STATE:
            json_array_append_new(out, symbol(d, d->name.text, SK_CONSTANT, "state"));
            break;
        case D_RULE: {
            const char *sec = d->u.rule.cite.present ? d->u.rule.cite.text : "(no section)";
            json_t *kids = json_object_get(sections, sec);
            if (!kids) {
                json_t *s = json_pack("{s:s,s:i,s:o,s:o,s:[]}", "name", sec, "kind", SK_NAMESPACE, "range",
                                      range(d->sp.file, d->sp.off, d->sp.len), "selectionRange",
                                      range(d->name.sp.file, d->name.sp.off, d->name.sp.len), "children");
                kids = json_object_get(s, "children");
                json_object_set(sections, sec, kids);
                json_array_append_new(out, s);
            } else {
                /* The section's range grows to cover its last rule. */
                size_t n = json_array_size(out);
                for (size_t i = 0; i < n; i++) {
                    json_t *s = json_array_get(out, i);
                    if (json_object_get(s, "children") == kids) {
                        json_t *r = json_object_get(s, "range");
                        json_object_set_new(r, "end", position(d->sp.file, d->sp.off + d->sp.len));
                    }
                }
            }
            json_array_append_new(kids, symbol(d, d->name.text, SK_FUNCTION, "rule"));
            break;
        }
        case D_TEST:
            json_array_append_new(out, symbol(d, d->u.test.name.text ? d->u.test.name.text : "test", SK_METHOD, "test"));
            break;
        case D_EDITION:
            json_array_append_new(out, symbol(d, d->name.text, SK_CONSTANT, "edition"));
            break;
        case D_EXTEND:
            json_array_append_new(out, symbol(d, d->u.extend.event.text, SK_EVENT, "extend event"));
            break;
        case D_UNCITED:
        case D_MUTANT:
            break;
        }
    }
    json_decref(sections);
    return out;
}

/* ------------------------------------------------------------ formatting */

static json_t *formatting(const lsp_doc *d)
{
    size_t len = strlen(d->text);
    src_file *src = src_file_from_string(d->path, d->text, len);
    diag_sink sink;
    diag_init_buffer(&sink);
    ast_file *af = parse_file(src, &sink);
    json_t *result;
    if (sink.errors) {
        result = json_null(); /* a file with syntax errors is left alone */
    } else {
        char *text = fmt_file(af);
        result = json_array();
        if (strcmp(text, d->text) != 0) {
            json_t *end = position(af->src, (uint32_t)len);
            json_array_append_new(result, json_pack("{s:{s:{s:i,s:i},s:o},s:s}", "range", "start", "line", 0,
                                                    "character", 0, "end", end, "newText", text));
        }
        free(text);
    }
    ast_file_free(af);
    diag_free(&sink);
    return result;
}

/* ------------------------------------------------------------ dispatch */

static json_t *capabilities(void)
{
    return json_pack("{s:{s:s,s:{s:b,s:i},s:b,s:b,s:b,s:b,s:b,s:{s:[]}},s:{s:s,s:s}}", "capabilities",
                     "positionEncoding", "utf-16", "textDocumentSync", "openClose", 1, "change", 1, "hoverProvider", 1,
                     "definitionProvider", 1, "referencesProvider", 1, "documentFormattingProvider", 1,
                     "documentSymbolProvider", 1, "completionProvider", "triggerCharacters", "serverInfo", "name",
                     "docket", "version", DOCKET_VERSION);
}

/* Apply one TextDocumentContentChangeEvent to D; false when malformed. */
static bool apply_change(lsp_doc *d, json_t *ch)
{
    json_t *text = json_object_get(ch, "text");
    if (!json_is_string(text))
        return false;
    const char *t = json_string_value(text);
    size_t tn = json_string_length(text);
    json_t *r = json_object_get(ch, "range");
    if (!r) {
        free(d->text);
        d->text = clean_text(t, tn);
        return true;
    }
    json_t *s = json_object_get(r, "start"), *e = json_object_get(r, "end");
    json_t *sl = json_object_get(s, "line"), *sc = json_object_get(s, "character");
    json_t *el = json_object_get(e, "line"), *ec = json_object_get(e, "character");
    if (!json_is_integer(sl) || !json_is_integer(sc) || !json_is_integer(el) || !json_is_integer(ec))
        return false;
    size_t len = strlen(d->text);
    size_t a = offset_of(d->text, len, json_integer_value(sl), json_integer_value(sc));
    size_t b = offset_of(d->text, len, json_integer_value(el), json_integer_value(ec));
    if (b < a)
        b = a;
    sbuf nb;
    sbuf_init(&nb);
    sbuf_putn(&nb, d->text, a);
    char *ins = clean_text(t, tn);
    sbuf_puts(&nb, ins);
    free(ins);
    sbuf_puts(&nb, d->text + b);
    free(d->text);
    d->text = sbuf_take(&nb);
    if (!d->text)
        d->text = xstrdup("");
    return true;
}

static void did_open(server *S, json_t *params)
{
    json_t *td = json_object_get(params, "textDocument");
    const char *uri = json_string_value(json_object_get(td, "uri"));
    json_t *text = json_object_get(td, "text");
    if (!uri || !json_is_string(text))
        return;
    lsp_doc *d = find_doc(S, uri);
    if (!d) {
        S->docs = xgrow(S->docs, &S->cap, S->ndocs, sizeof *S->docs, 4);
        d = &S->docs[S->ndocs++];
        d->uri = xstrdup(uri);
        d->path = uri_to_path(uri);
        d->text = NULL;
    }
    free(d->text);
    d->text = clean_text(json_string_value(text), json_string_length(text));
    publish(S, d);
}

static void did_change(server *S, json_t *params)
{
    lsp_doc *d = find_doc(S, str_param(params, "textDocument", "uri") ? str_param(params, "textDocument", "uri") : "");
    json_t *changes = json_object_get(params, "contentChanges");
    if (!d || !json_is_array(changes))
        return;
    size_t i;
    json_t *ch;
    json_array_foreach(changes, i, ch)
        if (!apply_change(d, ch))
            break;
    publish(S, d);
}

static void did_close(server *S, json_t *params)
{
    const char *uri = str_param(params, "textDocument", "uri");
    lsp_doc *d = uri ? find_doc(S, uri) : NULL;
    if (!d)
        return;
    notify(S, "textDocument/publishDiagnostics", json_pack("{s:s,s:[]}", "uri", d->uri, "diagnostics"));
    doc_free(d);
    *d = S->docs[--S->ndocs];
}

/* The references of import O: every place the importing file uses a
 * declaration of the imported file (and the import itself, WITH_DECL). */
static void import_references(const analysis *a, const lsp_occ *o, bool with_decl, json_t *result)
{
    char *target = lsp_import_target(o->sp.file, o->d);
    if (!target)
        return;
    if (with_decl)
        json_array_append_new(result, location(&o->sp));
    for (size_t i = 0; i < a->ix.count; i++) {
        const lsp_occ *x = &a->ix.items[i];
        char buf[PATH_MAX];
        if (x->is_def || x->sp.file != o->sp.file || !realpath(x->d->sp.file->name, buf))
            continue;
        if (strcmp(buf, target) == 0)
            json_array_append_new(result, location(&x->sp));
    }
    free(target);
}

/* A request on a position: hover, definition, references. */
static void position_request(server *S, json_t *id, const char *method, json_t *params)
{
    size_t off;
    lsp_doc *d = doc_position(S, params, &off);
    if (!d) {
        reply_error(S, id, ERR_INVALID_PARAMS, "expected an open document and a position");
        return;
    }
    analysis a;
    analyse(d, &a);
    const lsp_occ *o = lsp_index_at(&a.ix, a.main, (uint32_t)off);
    json_t *result = NULL;
    if (strcmp(method, "textDocument/hover") == 0) {
        const lsp_occ *def = o ? (o->is_def ? o : lsp_index_def(&a.ix, o)) : NULL;
        result = def ? hover(&a, def) : hover_deadline(&a, (uint32_t)off);
        if (def && o != def)
            json_object_set_new(result, "range", range(o->sp.file, o->sp.off, o->sp.len));
    } else if (strcmp(method, "textDocument/definition") == 0) {
        if (o && o->d->kind == D_IMPORT) {
            char *t = lsp_import_target(o->sp.file, o->d);
            if (t) {
                char *uri = path_to_uri(t);
                result = json_pack("{s:s,s:{s:{s:i,s:i},s:{s:i,s:i}}}", "uri", uri, "range", "start", "line", 0,
                                   "character", 0, "end", "line", 0, "character", 0);
                free(uri);
                free(t);
            }
        } else if (o) {
            const lsp_occ *def = o->is_def ? o : lsp_index_def(&a.ix, o);
            if (def)
                result = location(&def->sp);
        }
    } else {
        bool with_decl = json_is_true(json_object_get(json_object_get(params, "context"), "includeDeclaration"));
        result = json_array();
        if (o && o->d->kind == D_IMPORT)
            import_references(&a, o, with_decl, result);
        else if (o)
            for (size_t i = 0; i < a.ix.count; i++) {
                const lsp_occ *x = &a.ix.items[i];
                if (lsp_occ_same(x, o) && (with_decl || !x->is_def))
                    json_array_append_new(result, location(&x->sp));
            }
    }
    reply(S, id, result);
    analysis_free(&a);
}

static void document_request(server *S, json_t *id, const char *method, json_t *params)
{
    const char *uri = str_param(params, "textDocument", "uri");
    lsp_doc *d = uri ? find_doc(S, uri) : NULL;
    if (!d) {
        reply_error(S, id, ERR_INVALID_PARAMS, "expected an open document");
        return;
    }
    if (strcmp(method, "textDocument/formatting") == 0) {
        reply(S, id, formatting(d));
        return;
    }
    analysis a;
    analyse(d, &a);
    reply(S, id, strcmp(method, "textDocument/completion") == 0 ? completion(&a) : document_symbols(&a));
    analysis_free(&a);
}

static void request(server *S, json_t *id, const char *method, json_t *params)
{
    if (strcmp(method, "initialize") == 0) {
        S->initialized = true;
        reply(S, id, capabilities());
        return;
    }
    if (!S->initialized) {
        reply_error(S, id, ERR_NOT_INITIALIZED, "the server is not initialized");
        return;
    }
    if (S->shut_down) {
        reply_error(S, id, ERR_INVALID_REQUEST, "the server is shut down");
        return;
    }
    if (strcmp(method, "shutdown") == 0) {
        S->shut_down = true;
        reply(S, id, NULL);
    } else if (strcmp(method, "textDocument/hover") == 0 || strcmp(method, "textDocument/definition") == 0 ||
               strcmp(method, "textDocument/references") == 0) {
        position_request(S, id, method, params);
    } else if (strcmp(method, "textDocument/formatting") == 0 || strcmp(method, "textDocument/completion") == 0 ||
               strcmp(method, "textDocument/documentSymbol") == 0) {
        document_request(S, id, method, params);
    } else {
        reply_error(S, id, ERR_METHOD_NOT_FOUND, "method not found");
    }
}

static void notification(server *S, const char *method, json_t *params)
{
    if (strcmp(method, "exit") == 0) {
        S->exited = true;
        return;
    }
    if (!S->initialized || S->shut_down)
        return;
    if (strcmp(method, "textDocument/didOpen") == 0)
        did_open(S, params);
    else if (strcmp(method, "textDocument/didChange") == 0)
        did_change(S, params);
    else if (strcmp(method, "textDocument/didClose") == 0)
        did_close(S, params);
    /* initialized, didSave, $/cancelRequest, ...: nothing to do */
}

static void handle(server *S, const char *body, size_t len)
{
    json_error_t err;
    json_t *msg = json_loadb(body, len, JSON_REJECT_DUPLICATES, &err);
    if (!msg) {
        reply_error(S, NULL, ERR_PARSE, "the message is not JSON");
        return;
    }
    json_t *id = json_object_get(msg, "id");
    json_t *method = json_object_get(msg, "method");
    json_t *params = json_object_get(msg, "params");
    bool id_ok = id && (json_is_string(id) || json_is_integer(id));
    if (!json_is_object(msg) || (method && !json_is_string(method)) || (id && !id_ok && !json_is_null(id))) {
        reply_error(S, id_ok ? id : NULL, ERR_INVALID_REQUEST, "not a JSON-RPC request");
    } else if (!method) {
        /* A response to a request of ours: we send none. */
    } else if (params && !json_is_object(params) && !json_is_array(params)) {
        if (id_ok)
            reply_error(S, id, ERR_INVALID_PARAMS, "params must be an object");
    } else if (id_ok) {
        request(S, id, json_string_value(method), params ? params : json_null());
    } else {
        notification(S, json_string_value(method), params ? params : json_null());
    }
    json_decref(msg);
}

int lsp_serve(FILE *in, FILE *out)
{
    server S = {0};
    S.out = out;
    while (!S.exited) {
        char *body;
        size_t len;
        const char *why;
        rpc_status st = rpc_read(in, &body, &len, &why);
        if (st == RPC_EOF)
            break;
        if (st == RPC_BAD) {
            reply_error(&S, NULL, ERR_PARSE, why);
            continue;
        }
        handle(&S, body, len);
        free(body);
    }
    for (size_t i = 0; i < S.ndocs; i++)
        doc_free(&S.docs[i]);
    free(S.docs);
    return S.exited && S.shut_down ? 0 : 1;
}
