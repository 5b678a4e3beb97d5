/*
 * test_lang.c — the front end: line table, diagnostics, parser and checker.
 *
 * The scanner is tested through the parser (parse_file + the tree it
 * builds) so that nothing private needs exposing. Checker tests load a
 * program from a string with a buffering sink and look at sink.items.
 */
#define _GNU_SOURCE /* open_memstream on older C libraries */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "lang/parse.h"
#include "lang/check.h"
#include "lang/program.h"
#include "lang/words.h"

/* ------------------------------------------------------------ helpers */

static ast_file *parse(const char *text, diag_sink *s)
{
    diag_init_buffer(s);
    return parse_file(src_file_from_string("t.docket", text, strlen(text)), s);
}

static ast_program *load(const char *text, diag_sink *s)
{
    diag_init_buffer(s);
    return program_load_string("t.docket", text, s);
}

/* The first error, or fail. */
static const diag *first_error(const diag_sink *s)
{
    for (size_t i = 0; i < s->count; i++)
        if (s->items[i].sev == DIAG_ERROR)
            return &s->items[i];
    fail_msg("no error reported");
    return NULL;
}

/* TEXT must load with exactly one error: MSG at LINE:COL. */
static void one_error(const char *text, int line, int col, const char *msg)
{
    diag_sink s;
    ast_program *p = load(text, &s);
    const diag *e0 = s.count ? first_error(&s) : NULL;
    if (s.errors != 1 || !e0 || e0->line != line || e0->col != col || strcmp(e0->message, msg) != 0) {
        for (size_t i = 0; i < s.count; i++)
            print_message("  %d:%d: %s\n", s.items[i].line, s.items[i].col, s.items[i].message);
    }
    assert_int_equal(s.errors, 1);
    const diag *d = first_error(&s);
    assert_string_equal(d->message, msg);
    assert_int_equal(d->line, line);
    assert_int_equal(d->col, col);
    assert_non_null(d->hint == NULL ? "no hint is fine" : d->hint);
    program_free(p);
    diag_free(&s);
}

/* Vocabulary used by checker tests: eight lines, so a rule starts at line 9
 * and its first clause after cite/says is line 12. */
#define VOCAB                                        \
    "role sw \"Social worker\"\n"                    \
    "role manager \"Manager\"\n"                     \
    "enum decision (lapse, extend)\n"                \
    "event referral (urgent: bool, n: int)\n"        \
    "event visit (seen_alone: bool, decision: decision)\n" \
    "event closed\n"                                 \
    "state open from referral until closed\n"        \
    "\n"
#define RULE "rule r\n  cite \"1\"\n  says \"s\"\n"

static decl *nth_decl(ast_file *f, int n)
{
    decl *d = f->decls;
    while (d && n-- > 0)
        d = d->next;
    assert_non_null(d);
    return d;
}

/* The rule of a one-rule text, parsed (not checked). */
static ast_file *parse_rule(const char *clauses, diag_sink *s, rule_decl **out)
{
    static char buf[4096];
    snprintf(buf, sizeof buf, "rule r\n%s\n", clauses);
    ast_file *f = parse(buf, s);
    assert_int_equal(s->errors, 0);
    assert_int_equal(f->decls->kind, D_RULE);
    *out = &f->decls->u.rule;
    return f;
}

static expr *parse_cond(const char *text, diag_sink *s, ast_file **f)
{
    char buf[512];
    snprintf(buf, sizeof buf, "  if %s", text);
    rule_decl *r;
    *f = parse_rule(buf, s, &r);
    assert_non_null(r->conds);
    return r->conds->e;
}

static const char *span_text(span sp)
{
    static char buf[256];
    snprintf(buf, sizeof buf, "%.*s", (int)sp.len, sp.file->text + sp.off);
    return buf;
}

/* ------------------------------------------------------------ line table */

static void test_position_first_line(void **state)
{
    (void)state;
    src_file *f = src_file_from_string("f", "abc\ndef", 7);
    int l, c;
    src_file_position(f, 0, &l, &c);
    assert_int_equal(l, 1); assert_int_equal(c, 1);
    src_file_position(f, 2, &l, &c);
    assert_int_equal(l, 1); assert_int_equal(c, 3);
    src_file_position(f, 3, &l, &c); /* the newline itself */
    assert_int_equal(l, 1); assert_int_equal(c, 4);
    src_file_free(f);
}

static void test_position_after_newlines(void **state)
{
    (void)state;
    src_file *f = src_file_from_string("f", "a\n\nbc\nd", 7);
    int l, c;
    src_file_position(f, 2, &l, &c);
    assert_int_equal(l, 2); assert_int_equal(c, 1);
    src_file_position(f, 4, &l, &c);
    assert_int_equal(l, 3); assert_int_equal(c, 2);
    src_file_position(f, 6, &l, &c);
    assert_int_equal(l, 4); assert_int_equal(c, 1);
    src_file_position(f, 7, &l, &c); /* end of file */
    assert_int_equal(l, 4); assert_int_equal(c, 2);
    src_file_position(f, 1000, &l, &c); /* clipped to the end */
    assert_int_equal(l, 4); assert_int_equal(c, 2);
    assert_int_equal(f->nlines, 4);
    src_file_free(f);
}

static void test_position_tabs(void **state)
{
    (void)state;
    const char *t = "\tx\nab\ty\n12345678\tz\n1234567\tw";
    src_file *f = src_file_from_string("f", t, strlen(t));
    int l, c;
    src_file_position(f, 1, &l, &c);
    assert_int_equal(l, 1); assert_int_equal(c, 9);
    src_file_position(f, 6, &l, &c); /* y after "ab\t" */
    assert_int_equal(l, 2); assert_int_equal(c, 9);
    src_file_position(f, 17, &l, &c); /* z after 8 chars and a tab */
    assert_int_equal(l, 3); assert_int_equal(c, 17);
    src_file_position(f, 27, &l, &c); /* w after 7 chars and a tab */
    assert_int_equal(l, 4); assert_int_equal(c, 9);
    src_file_free(f);
}

static void test_position_utf8(void **state)
{
    (void)state;
    /* "é" is 2 bytes, "€" 3: columns count code points. */
    const char *t = "\xc3\xa9=x \xe2\x82\xac y";
    src_file *f = src_file_from_string("f", t, strlen(t));
    int l, c;
    src_file_position(f, 2, &l, &c); /* '=' */
    assert_int_equal(c, 2);
    src_file_position(f, 3, &l, &c); /* 'x' */
    assert_int_equal(c, 3);
    src_file_position(f, 8, &l, &c); /* the space after € */
    assert_int_equal(c, 6);
    src_file_position(f, 9, &l, &c); /* 'y' */
    assert_int_equal(l, 1); assert_int_equal(c, 7);
    src_file_free(f);
}

static void test_position_crlf(void **state)
{
    (void)state;
    const char *t = "ab\r\ncd\r\n";
    src_file *f = src_file_from_string("f", t, strlen(t));
    int l, c;
    src_file_position(f, 4, &l, &c);
    assert_int_equal(l, 2); assert_int_equal(c, 1);
    src_file_position(f, 5, &l, &c);
    assert_int_equal(l, 2); assert_int_equal(c, 2);
    size_t n;
    const char *s = src_file_line(f, 1, &n);
    assert_int_equal(n, 2);
    assert_memory_equal(s, "ab", 2);
    s = src_file_line(f, 2, &n);
    assert_int_equal(n, 2);
    assert_memory_equal(s, "cd", 2);
    src_file_free(f);
}

static void test_file_line(void **state)
{
    (void)state;
    const char *t = "one\ntwo\n\nlast";
    src_file *f = src_file_from_string("f", t, strlen(t));
    size_t n;
    const char *s = src_file_line(f, 2, &n);
    assert_int_equal(n, 3);
    assert_memory_equal(s, "two", 3);
    src_file_line(f, 3, &n);
    assert_int_equal(n, 0);
    s = src_file_line(f, 4, &n);
    assert_int_equal(n, 4);
    assert_memory_equal(s, "last", 4);
    s = src_file_line(f, 0, &n);
    assert_int_equal(n, 0);
    assert_string_equal(s, "");
    src_file_line(f, 5, &n);
    assert_int_equal(n, 0);
    src_file_free(f);
}

/* ------------------------------------------------------------ diagnostics */

static void test_diag_token_width(void **state)
{
    (void)state;
    const char *t = "rule first_visit\n  cite \"x\"\n";
    src_file *f = src_file_from_string("p.docket", t, strlen(t));
    diag_sink s;
    diag_init_buffer(&s);
    diag_span(&s, DC_SYNTAX, f, 5, 11, "bad %s", "name");
    assert_int_equal(s.count, 1);
    assert_int_equal(s.errors, 1);
    assert_int_equal(s.items[0].line, 1);
    assert_int_equal(s.items[0].col, 6);
    assert_int_equal(s.items[0].width, 11);
    assert_string_equal(s.items[0].source_line, "rule first_visit");
    assert_string_equal(s.items[0].message, "bad name");
    assert_string_equal(s.items[0].file, "p.docket");
    /* Zero length: one caret. */
    diag_span(&s, DC_UNUSED, f, 0, 0, "w");
    assert_int_equal(s.items[1].width, 1);
    assert_int_equal(s.warnings, 1);
    diag_free(&s);
    src_file_free(f);
}

static void test_diag_width_clipped_at_line_end(void **state)
{
    (void)state;
    const char *t = "a = b +\n  c\n";
    src_file *f = src_file_from_string("p", t, strlen(t));
    diag_sink s;
    diag_init_buffer(&s);
    diag_span(&s, DC_TYPE, f, 4, 7, "across lines"); /* "b +\n  c" */
    assert_int_equal(s.items[0].col, 5);
    assert_int_equal(s.items[0].width, 3);
    /* The end of the span is on the next line. */
    assert_int_equal(s.items[0].end_line, 2);
    assert_int_equal(s.items[0].end_col, 4);
    diag_free(&s);
    src_file_free(f);
}

static void test_diag_width_utf8_and_tabs(void **state)
{
    (void)state;
    const char *t = "\t\xc3\xa9t\xc3\xa9 x";
    src_file *f = src_file_from_string("p", t, strlen(t));
    diag_sink s;
    diag_init_buffer(&s);
    diag_span(&s, DC_SYNTAX, f, 1, 5, "word"); /* "été": 5 bytes, 3 columns */
    assert_int_equal(s.items[0].col, 9);
    assert_int_equal(s.items[0].width, 3);
    assert_string_equal(s.items[0].source_line, "        \xc3\xa9t\xc3\xa9 x");
    diag_free(&s);
    src_file_free(f);
}

static char *render(const diag *d)
{
    char *buf = NULL;
    size_t n = 0;
    FILE *m = open_memstream(&buf, &n);
    assert_non_null(m);
    diag_print_text(m, d, false);
    fclose(m);
    return buf;
}

static void test_diag_print_text(void **state)
{
    (void)state;
    const char *t = "rule r\n  cp_coordinater must so_meeting\n";
    src_file *f = src_file_from_string("p.docket", t, strlen(t));
    diag_sink s;
    diag_init_buffer(&s);
    diag_span(&s, DC_UNKNOWN_NAME, f, 9, 14, "unknown role '%s'", "cp_coordinater");
    diag_hint(&s, "Did you mean '%s'?", "cp_coordinator");
    char *out = render(&s.items[0]);
    assert_string_equal(out,
                        "p.docket:2:3: error: unknown role 'cp_coordinater'\n"
                        "    cp_coordinater must so_meeting\n"
                        "    ^^^^^^^^^^^^^^\n"
                        "hint: Did you mean 'cp_coordinator'?\n");
    free(out);
    diag_at(&s, DC_TEST_EVENT_ORDER, "cases.csv", 3, 0, "short row");
    out = render(&s.items[1]);
    assert_string_equal(out, "cases.csv:3: warning: short row\n");
    free(out);
    diag_at(&s, DC_OUTPUT, NULL, 0, 0, "no file");
    out = render(&s.items[2]);
    assert_string_equal(out, "error: no file\n");
    free(out);
    diag_free(&s);
    src_file_free(f);
}

static void test_diag_print_tab_caret(void **state)
{
    (void)state;
    const char *t = "\tx = y\n";
    src_file *f = src_file_from_string("p", t, strlen(t));
    diag_sink s;
    diag_init_buffer(&s);
    diag_span(&s, DC_SYNTAX, f, 5, 1, "m");
    char *out = render(&s.items[0]);
    assert_string_equal(out, "p:1:13: error: m\n"
                             "          x = y\n"
                             "              ^\n");
    free(out);
    diag_free(&s);
    src_file_free(f);
}

static void test_diag_warnings_as_errors(void **state)
{
    (void)state;
    src_file *f = src_file_from_string("p", "x", 1);
    diag_sink s;
    diag_init_buffer(&s);
    s.warnings_as_errors = true;
    diag_span(&s, DC_NO_CITE, f, 0, 1, "w");
    assert_int_equal(s.errors, 1);
    assert_int_equal(s.warnings, 0);
    assert_int_equal(s.items[0].sev, DIAG_ERROR);
    diag_free(&s);
    src_file_free(f);
}

static void test_diag_json(void **state)
{
    (void)state;
    src_file *f = src_file_from_string("p", "ab \"c\"", 6);
    char *buf = NULL;
    size_t n = 0;
    FILE *m = open_memstream(&buf, &n);
    diag_sink s;
    diag_init(&s, m, DIAG_JSON);
    diag_span(&s, DC_QUOTE_NOT_FOUND, f, 3, 3, "bad \"%s\"", "c");
    diag_at(&s, DC_CALENDAR_YEAR_EMPTY, NULL, 0, 0, "w");
    diag_hint(&s, "h");
    diag_flush(&s);
    diag_free(&s);
    fclose(m);
    assert_string_equal(buf, "{\"format_version\": 1, \"diagnostics\": [\n"
                             "  {\"severity\": \"error\", \"code\": \"quote-not-found\", \"message\": \"bad \\\"c\\\"\", "
                             "\"hint\": null, \"file\": \"p\", \"line\": 1, \"column\": 4, \"end_line\": 1, \"end_column\": 7},\n"
                             "  {\"severity\": \"warning\", \"code\": \"calendar-year-empty\", \"message\": \"w\", "
                             "\"hint\": \"h\", \"file\": null, \"line\": 0, \"column\": 0, \"end_line\": 0, \"end_column\": 0}\n"
                             "], \"errors\": 1, \"warnings\": 1}\n");
    free(buf);
    src_file_free(f);
}

static void test_diag_closest(void **state)
{
    (void)state;
    const char *const c[] = {"cp_coordinator", "social_worker", "manager"};
    assert_string_equal(diag_closest("cp_coordinater", c, 3), "cp_coordinator");
    assert_string_equal(diag_closest("managr", c, 3), "manager");
    assert_null(diag_closest("chair", c, 3));
    assert_null(diag_closest("x", c, 0));
    const char *const d[] = {"days", "weeks"};
    assert_string_equal(diag_closest("dyas", d, 2), "days");
    const char *const e[] = {"ab", "xyz"};
    assert_string_equal(diag_closest("ac", e, 2), "ab");  /* short: 1 edit */
    assert_null(diag_closest("cd", e, 2));
}

/* ------------------------------------------------------------ parser */

static void test_parse_policy_header(void **state)
{
    (void)state;
    diag_sink s;
    ast_file *f = parse("# comment\npolicy islington.supervision_orders\n"
                        "  title \"T\"\n  authority \"A\"\n  version \"1.2\"\n"
                        "  review 2024-02-29\n  calendar england_and_wales\n  source \"g.txt\"\n",
                        &s);
    assert_int_equal(s.count, 0);
    decl *d = f->decls;
    assert_int_equal(d->kind, D_POLICY);
    policy_decl *p = &d->u.policy;
    assert_string_equal(p->qualified.text, "islington.supervision_orders");
    assert_string_equal(p->title.text, "T");
    assert_true(p->title.present);
    assert_string_equal(p->authority.text, "A");
    assert_string_equal(p->version.text, "1.2");
    assert_true(p->has_review);
    assert_int_equal(p->review, 20240229);
    assert_true(p->has_calendar);
    assert_string_equal(p->calendar.text, "england_and_wales");
    assert_string_equal(p->source.text, "g.txt");
    assert_null(d->next);
    /* The comment is kept, with its span. */
    assert_non_null(f->comments);
    assert_string_equal(span_text(f->comments->sp), "# comment");
    ast_file_free(f);
    diag_free(&s);
}

static void test_parse_import_role_enum(void **state)
{
    (void)state;
    diag_sink s;
    ast_file *f = parse("import \"common/roles.docket\"\nrole sw \"Social \\\"worker\\\"\\n\"\n"
                        "role chair\nenum outcome (lapse, extend, discharge)\n",
                        &s);
    assert_int_equal(s.count, 0);
    decl *d = nth_decl(f, 0);
    assert_int_equal(d->kind, D_IMPORT);
    assert_string_equal(d->u.import.path.text, "common/roles.docket");
    d = nth_decl(f, 1);
    assert_int_equal(d->kind, D_ROLE);
    assert_string_equal(d->name.text, "sw");
    assert_string_equal(d->u.role.description.text, "Social \"worker\"\n");
    d = nth_decl(f, 2);
    assert_string_equal(d->name.text, "chair");
    assert_false(d->u.role.description.present);
    d = nth_decl(f, 3);
    assert_int_equal(d->kind, D_ENUM);
    assert_int_equal(d->u.enm.count, 3);
    assert_string_equal(d->u.enm.values->name.text, "lapse");
    assert_string_equal(d->u.enm.values->next->next->name.text, "discharge");
    ast_file_free(f);
    diag_free(&s);
}

static void test_parse_event_attrs(void **state)
{
    (void)state;
    diag_sink s;
    ast_file *f = parse("event made \"order made\" (months: int, chair: role, on: date, until: date)\n"
                        "event ended ()\nevent plain\n",
                        &s);
    assert_int_equal(s.count, 0);
    decl *d = nth_decl(f, 0);
    assert_int_equal(d->kind, D_EVENT);
    assert_string_equal(d->u.event.description.text, "order made");
    assert_int_equal(d->u.event.nattrs, 4);
    attr_decl *a = d->u.event.attrs;
    assert_string_equal(a->name.text, "months"); /* a unit word as attribute */
    assert_string_equal(a->type_name.text, "int");
    a = a->next;
    assert_string_equal(a->name.text, "chair");
    assert_string_equal(a->type_name.text, "role");
    assert_string_equal(a->next->name.text, "on");
    assert_string_equal(a->next->next->name.text, "until");
    assert_int_equal(nth_decl(f, 1)->u.event.nattrs, 0);
    assert_null(nth_decl(f, 2)->u.event.attrs);
    ast_file_free(f);
    diag_free(&s);
}

static void test_parse_state(void **state)
{
    (void)state;
    diag_sink s;
    ast_file *f = parse("state a from x or y until z for 12 months\n"
                        "state b from x\nstate c from x for 3 working days\nstate d from x until y or z\n",
                        &s);
    assert_int_equal(s.count, 0);
    decl *d = nth_decl(f, 0);
    assert_int_equal(d->kind, D_STATE);
    assert_string_equal(d->u.state.from->name.text, "x");
    assert_string_equal(d->u.state.from->next->name.text, "y");
    assert_string_equal(d->u.state.until->name.text, "z");
    assert_true(d->u.state.has_for);
    assert_int_equal(d->u.state.for_dur.n, 12);
    assert_int_equal(d->u.state.for_dur.unit, DUR_MONTHS);
    assert_string_equal(span_text(d->u.state.for_sp), "12 months");
    d = nth_decl(f, 1);
    assert_null(d->u.state.until);
    assert_false(d->u.state.has_for);
    d = nth_decl(f, 2);
    assert_int_equal(d->u.state.for_dur.unit, DUR_WORKING_DAYS);
    assert_null(d->u.state.until);
    d = nth_decl(f, 3);
    assert_false(d->u.state.has_for);
    assert_string_equal(d->u.state.until->next->name.text, "z");
    ast_file_free(f);
    diag_free(&s);
}

static void test_parse_rule_clauses(void **state)
{
    (void)state;
    diag_sink s;
    rule_decl *r;
    ast_file *f = parse_rule("  cite \"3. Meetings\"\n  says \"S\"\n  note \"N\"\n"
                             "  when made as order where months > 9\n"
                             "  if a\n  unless b\n  if c\n  while in_force\n"
                             "  overrides base when cp_plan\n"
                             "  cp_coordinator must so_meeting where chair = cp_coordinator\n"
                             "  due within 15 working days of order",
                             &s, &r);
    assert_string_equal(r->cite.text, "3. Meetings");
    assert_string_equal(r->says.text, "S");
    assert_string_equal(r->note.text, "N");
    assert_true(r->has_trigger);
    assert_string_equal(r->trigger.text, "made");
    assert_string_equal(r->binding.text, "order");
    assert_non_null(r->trigger_where);
    assert_int_equal(r->trigger_where->u.bin.op, OP_GT);
    cond *k = r->conds;
    assert_int_equal(k->kind, COND_IF);
    assert_string_equal(k->e->u.name.name.text, "a");
    assert_int_equal(k->next->kind, COND_UNLESS);
    assert_int_equal(k->next->next->kind, COND_IF);
    assert_null(k->next->next->next);
    assert_true(r->has_while);
    assert_string_equal(r->while_state.text, "in_force");
    assert_true(r->has_overrides);
    assert_string_equal(r->overrides.text, "base");
    assert_int_equal(r->overrides_when->kind, EX_NAME);
    assert_true(r->has_duty);
    assert_string_equal(r->role.text, "cp_coordinator");
    assert_string_equal(r->action.text, "so_meeting");
    assert_false(r->is_next);
    assert_int_equal(r->duty_where->u.bin.op, OP_EQ);
    assert_null(r->require);
    assert_int_equal(r->due.kind, DL_WITHIN);
    ast_file_free(f);
    diag_free(&s);
}

static void test_parse_duty_next_and_require(void **state)
{
    (void)state;
    diag_sink s;
    rule_decl *r;
    ast_file *f = parse_rule("  when visit\n  sw must next visit where seen_alone", &s, &r);
    assert_true(r->is_next);
    assert_string_equal(r->action.text, "visit");
    assert_null(r->binding.text);
    assert_int_equal(r->duty_where->kind, EX_NAME);
    ast_file_free(f);
    diag_free(&s);
    f = parse_rule("  when made as o\n  require o.months <= 12", &s, &r);
    assert_false(r->has_duty);
    assert_int_equal(r->require->u.bin.op, OP_LE);
    assert_int_equal(r->require->u.bin.l->kind, EX_ATTR);
    assert_string_equal(r->require->u.bin.l->u.attr.attr.text, "months");
    ast_file_free(f);
    diag_free(&s);
}

static void test_parse_deadlines(void **state)
{
    (void)state;
    diag_sink s;
    rule_decl *r;
    ast_file *f = parse_rule("  due within 5 days of o", &s, &r);
    assert_int_equal(r->due.kind, DL_WITHIN);
    assert_int_equal(r->due.within.n, 5);
    assert_int_equal(r->due.within.unit, DUR_DAYS);
    assert_string_equal(span_text(r->due.within_sp), "5 days");
    assert_int_equal(r->due.of->kind, EX_NAME);
    assert_string_equal(span_text(r->due.sp), "due within 5 days of o");
    ast_file_free(f);
    diag_free(&s);

    f = parse_rule("  due by o + 10 days", &s, &r);
    assert_int_equal(r->due.kind, DL_BY);
    assert_int_equal(r->due.by->u.bin.op, OP_ADD);
    ast_file_free(f);
    diag_free(&s);

    f = parse_rule("  due between o + 9 months - 2 weeks and o + 9 months", &s, &r);
    assert_int_equal(r->due.kind, DL_BETWEEN);
    assert_int_equal(r->due.by->u.bin.op, OP_SUB);
    assert_int_equal(r->due.to->u.bin.op, OP_ADD);
    ast_file_free(f);
    diag_free(&s);

    f = parse_rule("  due before order_ended", &s, &r);
    assert_int_equal(r->due.kind, DL_BEFORE);
    assert_string_equal(r->due.before.text, "order_ended");
    ast_file_free(f);
    diag_free(&s);

    f = parse_rule("  due at 3 months, 6 months and 1 year after o", &s, &r);
    assert_int_equal(r->due.kind, DL_SCHEDULE);
    milestone *m = r->due.milestones;
    assert_int_equal(m->dur.n, 3);
    assert_int_equal(m->next->dur.n, 6);
    assert_int_equal(m->next->next->dur.unit, DUR_YEARS);
    assert_string_equal(span_text(m->next->next->sp), "1 year");
    assert_null(m->next->next->next);
    assert_int_equal(r->due.of->kind, EX_NAME);
    ast_file_free(f);
    diag_free(&s);
}

static void test_parse_durations(void **state)
{
    (void)state;
    diag_sink s;
    rule_decl *r;
    ast_file *f = parse_rule("  if x = 1 day or x = 2 weeks or x = 3 hours or x = 4 working days", &s, &r);
    /* ((a or b) or c) or d: left-associative. */
    expr *e = r->conds->e;
    assert_int_equal(e->u.bin.op, OP_OR);
    assert_int_equal(e->u.bin.r->u.bin.r->u.dur.unit, DUR_WORKING_DAYS);
    assert_int_equal(e->u.bin.r->u.bin.r->u.dur.n, 4);
    assert_int_equal(e->u.bin.l->u.bin.r->u.bin.r->u.dur.unit, DUR_HOURS);
    ast_file_free(f);
    diag_free(&s);
}

static void test_parse_literals(void **state)
{
    (void)state;
    diag_sink s;
    rule_decl *r;
    ast_file *f = parse_rule("  if x in (2025-01-06, 42, \"t\\tx\", true, false, -3)", &s, &r);
    expr *e = r->conds->e;
    assert_int_equal(e->kind, EX_IN);
    assert_false(e->u.in.negated);
    expr *i = e->u.in.items;
    assert_int_equal(i->kind, EX_DATE);
    assert_int_equal(i->u.date, 20250106);
    i = i->next;
    assert_int_equal(i->kind, EX_INT);
    assert_int_equal(i->u.i, 42);
    i = i->next;
    assert_int_equal(i->kind, EX_TEXT);
    assert_string_equal(i->u.text, "t\tx");
    i = i->next;
    assert_true(i->kind == EX_BOOL && i->u.b);
    i = i->next;
    assert_true(i->kind == EX_BOOL && !i->u.b);
    i = i->next;
    assert_int_equal(i->kind, EX_NEG);
    assert_int_equal(i->u.un.e->u.i, 3);
    ast_file_free(f);
    diag_free(&s);
}

static void test_parse_queries(void **state)
{
    (void)state;
    diag_sink s;
    rule_decl *r;
    ast_file *f = parse_rule("  if first v after o + 3 days < last v before o and count v between o and o + 1 year = 2"
                             " and x not in (a, b) and open at o",
                             &s, &r);
    expr *e = r->conds->e; /* ((lt and eq) and notin) and at */
    assert_int_equal(e->u.bin.op, OP_AND);
    assert_int_equal(e->u.bin.r->kind, EX_STATE_AT);
    assert_string_equal(e->u.bin.r->u.state_at.state.text, "open");
    expr *notin = e->u.bin.l->u.bin.r;
    assert_int_equal(notin->kind, EX_IN);
    assert_true(notin->u.in.negated);
    expr *lt = e->u.bin.l->u.bin.l->u.bin.l;
    assert_int_equal(lt->u.bin.op, OP_LT);
    assert_int_equal(lt->u.bin.l->kind, EX_FIRST);
    assert_int_equal(lt->u.bin.l->u.query.a->u.bin.op, OP_ADD); /* longest tail */
    assert_int_equal(lt->u.bin.r->kind, EX_LAST);
    expr *eq = e->u.bin.l->u.bin.l->u.bin.r;
    assert_int_equal(eq->u.bin.l->kind, EX_COUNT);
    assert_non_null(eq->u.bin.l->u.query.b);
    ast_file_free(f);
    diag_free(&s);
}

static void test_prec_or_and(void **state)
{
    (void)state;
    diag_sink s;
    ast_file *f;
    expr *e = parse_cond("a or b and c", &s, &f);
    assert_int_equal(e->u.bin.op, OP_OR);
    assert_string_equal(e->u.bin.l->u.name.name.text, "a");
    assert_int_equal(e->u.bin.r->u.bin.op, OP_AND);
    ast_file_free(f);
    diag_free(&s);
}

static void test_prec_not_eq(void **state)
{
    (void)state;
    diag_sink s;
    ast_file *f;
    expr *e = parse_cond("not a = b", &s, &f);
    assert_int_equal(e->kind, EX_NOT);
    assert_int_equal(e->u.un.e->kind, EX_BINARY);
    assert_int_equal(e->u.un.e->u.bin.op, OP_EQ);
    assert_string_equal(span_text(e->sp), "not a = b");
    ast_file_free(f);
    diag_free(&s);
}

static void test_prec_sum(void **state)
{
    (void)state;
    diag_sink s;
    ast_file *f;
    expr *e = parse_cond("x + 1 month - 2 days", &s, &f);
    assert_int_equal(e->u.bin.op, OP_SUB);
    assert_int_equal(e->u.bin.l->u.bin.op, OP_ADD);
    assert_int_equal(e->u.bin.l->u.bin.r->u.dur.unit, DUR_MONTHS);
    assert_int_equal(e->u.bin.r->u.dur.n, 2);
    ast_file_free(f);
    diag_free(&s);
}

static void test_prec_exists_where(void **state)
{
    (void)state;
    diag_sink s;
    ast_file *f;
    /* The where-condition of exists is one comparison: `and c` is outside. */
    expr *e = parse_cond("exists e where a = b and c", &s, &f);
    assert_int_equal(e->u.bin.op, OP_AND);
    expr *x = e->u.bin.l;
    assert_int_equal(x->kind, EX_EXISTS);
    assert_string_equal(x->u.query.event.text, "e");
    assert_int_equal(x->u.query.cond->u.bin.op, OP_EQ);
    assert_string_equal(e->u.bin.r->u.name.name.text, "c");
    ast_file_free(f);
    diag_free(&s);
}

static void test_prec_parens(void **state)
{
    (void)state;
    diag_sink s;
    ast_file *f;
    expr *e = parse_cond("(a or b) and c", &s, &f);
    assert_int_equal(e->u.bin.op, OP_AND);
    assert_int_equal(e->u.bin.l->u.bin.op, OP_OR);
    assert_string_equal(span_text(e->u.bin.l->sp), "(a or b)");
    ast_file_free(f);
    diag_free(&s);
}

static void test_parse_test_block(void **state)
{
    (void)state;
    diag_sink s;
    ast_file *f = parse("test \"late\"\n  given\n"
                        "    2025-01-06 made with months = 12, chair = cp, label = \"x\", n = -2\n"
                        "    2025-02-03 meeting\n"
                        "  as of 2025-03-01\n"
                        "  expect one late, due 2025-01-27, met on 2025-02-03, 5 days late\n"
                        "  expect second pending due none\n"
                        "  expect third met on 2025-01-02\n"
                        "  expect nothing from fourth\n"
                        "  expect 3 obligations from fifth\n"
                        "  expect sixth overdue 1 day late\n"
                        "uncited \"S\" because \"R\"\n",
                        &s);
    assert_int_equal(s.count, 0);
    decl *d = nth_decl(f, 0);
    assert_int_equal(d->kind, D_TEST);
    test_decl *t = &d->u.test;
    assert_string_equal(t->name.text, "late");
    test_event *te = t->events;
    assert_int_equal(te->date, 20250106);
    assert_string_equal(te->kind.text, "made");
    test_attr *a = te->attrs;
    assert_string_equal(a->name.text, "months");
    assert_int_equal(a->value->u.i, 12);
    assert_int_equal(a->next->value->kind, EX_NAME);
    assert_int_equal(a->next->next->value->kind, EX_TEXT);
    assert_int_equal(a->next->next->next->value->u.i, -2);
    assert_string_equal(te->next->kind.text, "meeting");
    assert_null(te->next->attrs);
    assert_true(t->has_as_of);
    assert_int_equal(t->as_of, 20250301);
    expectation *x = t->expects;
    assert_int_equal(x->kind, EXP_STATUS);
    assert_string_equal(x->rule.text, "one");
    assert_int_equal(x->status, ST_LATE);
    assert_true(x->has_due && !x->due_none);
    assert_int_equal(x->due, 20250127);
    assert_true(x->has_met);
    assert_int_equal(x->met, 20250203);
    assert_true(x->has_days_late);
    assert_int_equal(x->days_late, 5);
    x = x->next;
    assert_int_equal(x->status, ST_PENDING);
    assert_true(x->has_due && x->due_none);
    x = x->next;
    assert_int_equal(x->status, ST_MET);
    assert_int_equal(x->met, 20250102);
    x = x->next;
    assert_int_equal(x->kind, EXP_NOTHING);
    assert_string_equal(x->rule.text, "fourth");
    x = x->next;
    assert_int_equal(x->kind, EXP_COUNT);
    assert_int_equal(x->count, 3);
    assert_string_equal(x->rule.text, "fifth");
    x = x->next;
    assert_int_equal(x->status, ST_OVERDUE);
    assert_int_equal(x->days_late, 1);
    d = nth_decl(f, 1);
    assert_int_equal(d->kind, D_UNCITED);
    assert_string_equal(d->u.uncited.sentence.text, "S");
    assert_string_equal(d->u.uncited.reason.text, "R");
    ast_file_free(f);
    diag_free(&s);
}

/* A duration's number from the case in a state's length, a schedule's
 * window and (QUERY).ATTRIBUTE: the tree keeps each count expression. */
static void test_parse_data_durations(void **state)
{
    (void)state;
    diag_sink s;
    ast_file *f = parse("state st from referral as x until closed for (x.n - 1) months\n"
                        "rule r\n  when referral as x\n  sw must visit\n"
                        "  due at 1 month and 2 months after x from x.n working days before\n"
                        "rule q\n  when visit as v\n  sw must visit\n"
                        "  due within (last referral before v + 1 day).n days of v\n",
                        &s);
    assert_int_equal(s.count, 0);
    decl *st = nth_decl(f, 0);
    assert_int_equal(st->kind, D_STATE);
    assert_string_equal(st->u.state.binding.text, "x");
    assert_true(st->u.state.has_for);
    assert_int_equal(st->u.state.for_dur.unit, DUR_MONTHS);
    assert_non_null(st->u.state.for_count);
    assert_int_equal(st->u.state.for_count->kind, EX_BINARY);
    assert_string_equal(st->u.state.until->name.text, "closed");
    deadline *dl = &nth_decl(f, 1)->u.rule.due;
    assert_true(dl->has_window);
    assert_int_equal(dl->window.unit, DUR_WORKING_DAYS);
    assert_non_null(dl->window_count);
    assert_int_equal(dl->window_count->kind, EX_ATTR);
    deadline *dq = &nth_decl(f, 2)->u.rule.due;
    assert_non_null(dq->within_count);
    assert_int_equal(dq->within_count->kind, EX_ATTR);
    assert_int_equal(dq->within_count->u.attr.base->kind, EX_LAST);
    assert_string_equal(dq->within_count->u.attr.attr.text, "n");
    ast_file_free(f);
    diag_free(&s);
}

/* `must not A where C before D`: a prohibition with the candidate's
 * condition; a `last E` at the end of C takes the `before` unless
 * parenthesised. */
static void test_parse_prohibition_where(void **state)
{
    (void)state;
    diag_sink s;
    rule_decl *r;
    ast_file *f = parse_rule("  when referral as x\n  sw must not visit where seen_alone and date > x before x + 3 days", &s, &r);
    assert_true(r->forbids);
    assert_non_null(r->duty_where);
    assert_int_equal(r->duty_where->kind, EX_BINARY);
    assert_non_null(r->not_before);
    assert_int_equal(r->not_before->kind, EX_BINARY);
    ast_file_free(f);
    diag_free(&s);
    f = parse_rule("  when referral as x\n  sw must not visit where date > (last visit) before x + 3 days", &s, &r);
    assert_int_equal(r->duty_where->u.bin.r->kind, EX_LAST);
    assert_null(r->duty_where->u.bin.r->u.query.a);
    ast_file_free(f);
    diag_free(&s);
}

static void test_parse_sample_policy(void **state)
{
    (void)state;
    diag_sink s;
    diag_init_buffer(&s);
    ast_program *p = program_load("policies/examples/sample.docket", &s);
    if (!p) {
        diag_free(&s);
        skip(); /* run from elsewhere than the repository root */
    }
    assert_int_equal(s.count, 0);
    assert_int_equal(p->errors, 0);
    assert_int_equal(p->rules.count, 21);
    assert_int_equal(p->tests.count, 1);
    assert_int_equal(p->roles.count, 3);
    assert_non_null(p->calendar_path);
    assert_non_null(p->source_path);
    program_free(p);
    diag_free(&s);
}

/* ------------------------------------------------------------ syntax errors */

static void test_syntax_missing_unit(void **state)
{
    (void)state;
    one_error(VOCAB RULE "  when referral as x\n  sw must visit\n  due within 5 of x\n", 14, 16,
              "unexpected 'of'");
}

static void test_syntax_unit_typo_hint(void **state)
{
    (void)state;
    diag_sink s;
    ast_file *f = parse("rule r\n  due within 10 dyas of x\n", &s);
    assert_int_equal(s.errors, 1);
    assert_string_equal(s.items[0].message, "unexpected name 'dyas'");
    assert_int_equal(s.items[0].line, 2);
    assert_int_equal(s.items[0].col, 17);
    assert_non_null(strstr(s.items[0].hint, "Did you mean 'days'?"));
    assert_non_null(strstr(s.items[0].hint, "the 'rule' that starts at line 1"));
    ast_file_free(f);
    diag_free(&s);
}

static void test_syntax_reserved_word(void **state)
{
    (void)state;
    diag_sink s;
    ast_file *f = parse("role review\n", &s);
    assert_int_equal(s.errors, 1);
    assert_string_equal(s.items[0].message, "'review' is a reserved word and cannot be a name");
    assert_int_equal(s.items[0].col, 6);
    ast_file_free(f);
    diag_free(&s);
}

static void test_syntax_lexical(void **state)
{
    (void)state;
    diag_sink s;
    ast_file *f = parse("role a \"unterminated\nrole b 'x'\npolicy p review 2025-02-30\nrole c \"bad \\q\"\n"
                        "rule d\n  due within 5days of x\nrole \xe2\x80\x9c" "e\n",
                        &s);
    assert_int_equal(s.errors, 6);
    assert_string_equal(s.items[0].message, "unterminated string");
    assert_int_equal(s.items[0].col, 8);
    assert_string_equal(s.items[1].message, "strings are written in double quotes, not single");
    assert_int_equal(s.items[1].width, 3);
    assert_string_equal(s.items[1].hint, "Write \"x\".");
    assert_int_equal(s.items[1].line, 2);
    assert_string_equal(s.items[2].message, "no such date 2025-02-30");
    assert_int_equal(s.items[2].col, 17);
    assert_int_equal(s.items[2].width, 10);
    assert_string_equal(s.items[3].message, "unknown escape '\\q' in a string");
    assert_int_equal(s.items[3].col, 13); /* at the backslash */
    assert_int_equal(s.items[3].width, 2);
    assert_string_equal(s.items[4].message, "'5days' is not a number or a name");
    assert_string_equal(s.items[5].message, "unexpected character '\xe2\x80\x9c'");
    assert_int_equal(s.items[5].line, 7);
    assert_int_equal(s.items[5].width, 1);
    /* Recovery: the declarations around the mistakes survive. */
    assert_int_equal(nth_decl(f, 0)->kind, D_ROLE);
    ast_file_free(f);
    diag_free(&s);
}

static void test_syntax_recovery_reports_each(void **state)
{
    (void)state;
    diag_sink s;
    ast_file *f = parse("role a\nrole = b\nrole c\nevent (x)\nrole d\n", &s);
    assert_int_equal(s.errors, 2);
    assert_int_equal(s.items[0].line, 2);
    assert_int_equal(s.items[1].line, 4);
    int roles = 0;
    for (decl *d = f->decls; d; d = d->next)
        roles += d->kind == D_ROLE;
    assert_int_equal(roles, 3);
    ast_file_free(f);
    diag_free(&s);
}

/* The unit table: every word names its unit, both numbers; `working` goes
 * with days only; each limit is a hundred years (36525 days, give or take
 * a week); case-file text parses by the same table. */
static void test_units_table(void **state)
{
    (void)state;
    static const dur_unit all[] = {DUR_DAYS, DUR_WEEKS, DUR_MONTHS, DUR_YEARS, DUR_WORKING_DAYS, DUR_HOURS};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) {
        const unit_info *u = unit_info_of(all[i]);
        assert_int_equal(u->unit, all[i]);
        dur_unit got;
        assert_true(unit_from_word(u->plural, strlen(u->plural), &got));
        assert_int_equal(got, all[i]);
        assert_true(unit_from_word(u->singular, strlen(u->singular), &got));
        assert_int_equal(got, all[i]);
        assert_true(dur_within_limit((duration){u->max, all[i]}));
        assert_true(dur_within_limit((duration){-u->max, all[i]}));
        assert_false(dur_within_limit((duration){u->max + 1, all[i]}));
        int64_t days = all[i] == DUR_WORKING_DAYS ? u->max : dur_approx_millidays((duration){u->max, all[i]}) / 1000;
        assert_in_range(days, 36500, 36530);
    }
    dur_unit w;
    assert_true(unit_working(DUR_DAYS, &w));
    assert_int_equal(w, DUR_WORKING_DAYS);
    assert_false(unit_working(DUR_WEEKS, &w));
    assert_false(unit_from_word("fortnight", 9, &w));
    duration d = dur_in_base((duration){2, DUR_YEARS});
    assert_int_equal(d.n, 24);
    assert_int_equal(d.unit, DUR_MONTHS);
    d = dur_in_base((duration){3, DUR_WEEKS});
    assert_int_equal(d.n, 21);
    assert_int_equal(d.unit, DUR_DAYS);
    char buf[64];
    assert_string_equal(dur_format((duration){1, DUR_MONTHS}, buf, sizeof buf), "1 month");
    assert_string_equal(dur_format((duration){15, DUR_WORKING_DAYS}, buf, sizeof buf), "15 working days");
    assert_string_equal(dur_format((duration){0, DUR_HOURS}, buf, sizeof buf), "0 hours");
    assert_int_equal(dur_parse("15 working days", 15, &d), DUR_PARSED);
    assert_int_equal(d.n, 15);
    assert_int_equal(d.unit, DUR_WORKING_DAYS);
    assert_int_equal(dur_parse("100 years", 9, &d), DUR_PARSED);
    assert_int_equal(dur_parse("101 years", 9, &d), DUR_TOO_LONG);
    assert_int_equal(dur_parse("36525 years", 11, &d), DUR_TOO_LONG);
    assert_int_equal(d.n, 36525);
    assert_int_equal(dur_parse("99999999999999999999999 days", 28, &d), DUR_TOO_LONG);
    assert_int_equal(dur_parse("-0 days", 7, &d), DUR_PARSED);
    assert_int_equal(dur_parse("-1 days", 7, &d), DUR_NOT_A_DURATION);
    assert_int_equal(dur_parse("days", 4, &d), DUR_NOT_A_DURATION);
    assert_int_equal(dur_parse("15 days ", 8, &d), DUR_NOT_A_DURATION);
    assert_int_equal(dur_parse("15 working weeks", 16, &d), DUR_NOT_A_DURATION);
}

/* A rule's deadline and conditions in words, in the styles of the quick
 * guide (as written), the graph (binding left out, units grouped) and the
 * diff (canonical syntax). */
static void test_words(void **state)
{
    (void)state;
    diag_sink s;
    diag_init_buffer(&s);
    ast_program *p = program_load_string("w.docket",
                                         "role a\nevent e\nevent f\nstate open from e until f for 12 months\n"
                                         "rule r\n  cite \"c\"\n  says \"s\"\n  when e as t\n  unless open at t\n"
                                         "  a must next f\n  due at 3 months, 6 months and 9 months after t\n"
                                         "rule q\n  cite \"c\"\n  says \"s\"\n  when e as t\n  a must f\n"
                                         "  due within 1 working day of t+2   days\n",
                                         &s);
    assert_non_null(p);
    assert_int_equal(p->errors, 0);
    const rule_decl *r = &p->rules.items[0]->u.rule, *q = &p->rules.items[1]->u.rule;
    static const words_style doc = {.as_written = true, .reader = true};
    static const words_style graph = {.omit_binding = true, .group_units = true};
    static const words_style diff = {.say_binding = true};
    struct {
        const words_style *st;
        const rule_decl *r;
        const char *deadline, *duty, *trigger;
    } cases[] = {
        {&doc, r, "at 3 months, 6 months and 9 months after t", "the next f", "when e"},
        {&graph, r, "at 3, 6 and 9 months", "next f", "when e"},
        {&diff, r, "at 3 months, 6 months and 9 months after t", "next f", "when e as t"},
        {&doc, q, "within 1 working day of t+2   days", "f", "when e"},
        {&graph, q, "within 1 working day of t + 2 days", "f", "when e"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        sbuf b;
        sbuf_init(&b);
        words_deadline(&b, cases[i].st, &cases[i].r->due, cases[i].r->eff_binding);
        sbuf_puts(&b, "|");
        words_duty(&b, cases[i].st, cases[i].r);
        sbuf_puts(&b, "|");
        words_trigger(&b, cases[i].st, cases[i].r);
        char *got = sbuf_take(&b);
        char *want = xasprintf("%s|%s|%s", cases[i].deadline, cases[i].duty, cases[i].trigger);
        assert_string_equal(got, want);
        free(got);
        free(want);
    }
    sbuf b;
    sbuf_init(&b);
    words_condition(&b, &doc, r->conds);
    sbuf_puts(&b, "|");
    words_state_limit(&b, p->states.items[0]);
    sbuf_puts(&b, "|");
    sbuf_puts(&b, words_no_deadline(q));
    char *got = sbuf_take(&b);
    assert_string_equal(got, "unless open at t|for at most 12 months|no timescale given");
    free(got);
    program_free(p);
    diag_free(&s);
}

/* Durations longer than a hundred years are refused, whatever the unit. */
static void test_check_duration_too_long(void **state)
{
    (void)state;
    diag_sink s;
    diag_init_buffer(&s);
    ast_program *p = program_load_string("long.docket",
                                         "role a\nevent e\nevent f\nrule r\n  cite \"c\"\n  says \"s\"\n"
                                         "  when e as t\n  if t + 1201 months > t\n  a must f\n  due within 101 years of t\n",
                                         &s);
    assert_non_null(p);
    assert_int_equal(s.errors, 2);
    assert_string_equal(s.items[0].message, "1201 months is more than a hundred years");
    assert_int_equal(s.items[0].line, 8);
    assert_string_equal(s.items[1].message, "101 years is more than a hundred years");
    program_free(p);
    diag_free(&s);
}

/* A rule with a syntax error keeps its name: the exception and the test
 * that name it report nothing more. */
static void test_syntax_broken_rule_keeps_name(void **state)
{
    (void)state;
    diag_sink s;
    diag_init_buffer(&s);
    ast_program *p = program_load_string("broken.docket",
                                         "role a\nevent e\nevent f\n"
                                         "rule r1\n  cite \"x\"\n  says \"y\"\n  when e as t\n  a must f\n"
                                         "    within 3 days of t\n\n"
                                         "rule r2\n  cite \"x\"\n  says \"y\"\n  overrides r1 when exists f\n  a must f\n\n"
                                         "test \"t\"\n  given\n    2025-01-06 e\n  as of 2025-01-07\n  expect r1 pending\n",
                                         &s);
    assert_non_null(p);
    assert_int_equal(s.errors, 1);
    assert_string_equal(s.items[0].message, "a deadline starts with 'due'");
    assert_int_equal(s.items[0].line, 9);
    assert_int_equal(p->rules.count, 2);
    assert_true(p->rules.items[0]->broken);
    assert_string_equal(p->rules.items[0]->name.text, "r1");
    program_free(p);
    diag_free(&s);
}

static void test_syntax_duplicate_clause(void **state)
{
    (void)state;
    diag_sink s;
    ast_file *f = parse("rule r\n  cite \"a\"\n  cite \"b\"\n  sw must x\n  require y\n", &s);
    assert_int_equal(s.errors, 2);
    assert_string_equal(s.items[0].message, "rule r has more than one 'cite' clause");
    assert_int_equal(s.items[0].line, 3);
    assert_string_equal(s.items[0].hint, "The first is at line 2; keep one.");
    assert_string_equal(s.items[1].message, "rule r has both a duty and a 'require' constraint");
    ast_file_free(f);
    diag_free(&s);
}

static void test_syntax_end_of_file(void **state)
{
    (void)state;
    diag_sink s;
    ast_file *f = parse("event e (a: int,", &s);
    assert_int_equal(s.errors, 1);
    assert_string_equal(s.items[0].message, "unexpected end of file");
    ast_file_free(f);
    diag_free(&s);
}

/* ------------------------------------------------------------ checker */

static void test_check_clean(void **state)
{
    (void)state;
    diag_sink s;
    ast_program *p = load(VOCAB RULE "  when referral as x where urgent\n  while open\n  if x.n > 2\n"
                          "  sw must next visit where decision in (lapse, extend)\n  due within 5 days of x\n"
                          "rule r2\n  cite \"2\"\n  says \"t\"\n  when closed\n  manager must visit\n",
                          &s);
    for (size_t i = 0; i < s.count; i++)
        print_message("%d:%d: %s\n", s.items[i].line, s.items[i].col, s.items[i].message);
    assert_int_equal(s.count, 0);
    assert_int_equal(p->errors, 0);
    assert_int_equal(p->rules.count, 2);
    rule_decl *r = &p->rules.items[0]->u.rule;
    assert_ptr_equal(r->trigger_decl, p->events.items[0]);
    assert_ptr_equal(r->eff_trigger, p->events.items[0]);
    assert_ptr_equal(r->action_decl, p->events.items[1]);
    assert_ptr_equal(r->role_decl, p->roles.items[0]);
    assert_ptr_equal(r->while_decl, p->states.items[0]);
    assert_int_equal(r->trigger_where->u.name.res, RES_ATTR);
    assert_int_equal(r->trigger_where->u.name.index, 0);
    expr *cmp = r->conds->e;
    assert_int_equal(cmp->u.bin.l->u.attr.index, 1);
    assert_int_equal(cmp->u.bin.l->ty.k, T_INT);
    expr *in = r->duty_where;
    assert_int_equal(in->u.in.lhs->u.name.res, RES_ATTR);
    assert_int_equal(in->u.in.items->next->u.name.res, RES_ENUM_VALUE);
    assert_int_equal(in->u.in.items->next->u.name.index, 1);
    program_free(p);
    diag_free(&s);
}

static void test_check_unknown_role(void **state)
{
    (void)state;
    diag_sink s;
    ast_program *p = load(VOCAB RULE "  when referral\n  mangaer must visit\n  manager must visit\n", &s);
    /* the second duty is a parse error; use one duty */
    program_free(p);
    diag_free(&s);
    p = load(VOCAB RULE "  when referral\n  mangaer must visit\n", &s);
    const diag *d = first_error(&s);
    assert_string_equal(d->message, "unknown role 'mangaer'");
    assert_int_equal(d->line, 13);
    assert_int_equal(d->col, 3);
    assert_int_equal(d->width, 7);
    assert_string_equal(d->hint, "Did you mean 'manager'?");
    assert_int_equal(s.errors, 1);
    /* The intended role is not also reported as unused. */
    for (size_t i = 0; i < s.count; i++)
        assert_null(strstr(s.items[i].message, "'manager' is declared but never used"));
    program_free(p);
    diag_free(&s);
}

static void test_check_unknown_event(void **state)
{
    (void)state;
    one_error(VOCAB RULE "  when referal as x\n  sw must visit\n", 12, 8, "unknown event 'referal'");
    one_error(VOCAB RULE "  when referral\n  sw must vist\n", 13, 11, "unknown event 'vist'");
    one_error(VOCAB RULE "  when referral\n  if exists nothing_like_it\n  sw must visit\n", 13, 13,
              "unknown event 'nothing_like_it'");
}

static void test_check_unknown_attribute(void **state)
{
    (void)state;
    one_error(VOCAB RULE "  when referral as x\n  if x.urgnt\n  sw must visit\n", 13, 8,
              "event referral has no attribute 'urgnt'");
    one_error(VOCAB RULE "  when referral as x\n  if y.urgent\n  sw must visit\n", 13, 6,
              "'y' is not the name of an event in this rule");
}

static void test_check_unknown_name(void **state)
{
    (void)state;
    diag_sink s;
    ast_program *p = load(VOCAB RULE "  when visit where not seen_alon\n  sw must visit\n", &s);
    const diag *d = first_error(&s);
    assert_string_equal(d->message, "unknown name 'seen_alon'");
    assert_int_equal(d->line, 12);
    assert_int_equal(d->col, 24);
    assert_string_equal(d->hint, "Did you mean 'seen_alone'?");
    program_free(p);
    diag_free(&s);
}

static void test_check_duplicates(void **state)
{
    (void)state;
    one_error(VOCAB RULE "  when referral\n  sw must visit\n" RULE "  when referral\n  sw must visit\n", 14, 6,
              "duplicate rule 'r'");
    one_error("role sw\nevent e\nrole sw\n" RULE "  when e\n  sw must e\n", 3, 6, "duplicate role 'sw'");
    one_error("enum a (x, y, x)\nrole sw\nevent e (v: a)\n" RULE "  when e\n  sw must e\n", 1, 15,
              "duplicate value 'x' in enum a");
}

static void test_check_shared_namespace(void **state)
{
    (void)state;
    one_error("role lapse\nenum decision (lapse)\nevent e (d: decision)\n" RULE "  when e\n  lapse must e\n", 2,
              16, "'lapse' is already declared as a role");
    one_error("enum decision (lapse)\nrole lapse\nevent e (d: decision)\n" RULE "  when e\n  lapse must e\n", 2, 6,
              "'lapse' is already declared as an enum value");
}

static void test_check_action_not_event(void **state)
{
    (void)state;
    one_error(VOCAB RULE "  when referral\n  sw must manager\n", 13, 11,
              "the action 'manager' is a role, not an event");
    one_error(VOCAB RULE "  when referral\n  sw must open\n", 13, 11, "the action 'open' is a state, not an event");
}

static void test_check_rule_shape(void **state)
{
    (void)state;
    one_error(VOCAB RULE "  sw must visit\n", 9, 6, "rule r has no trigger");
    one_error(VOCAB RULE "  when referral\n", 9, 6, "rule r asks nothing of anyone");
    one_error(VOCAB RULE "  when referral as x\n  require x.n > 1\n  due within 1 day of x\n", 14, 3,
              "a constraint has no deadline");
}

static void test_check_type_errors(void **state)
{
    (void)state;
    one_error(VOCAB RULE "  when referral as x\n  if x.date > 10\n  sw must visit\n", 13, 6,
              "cannot compare date with int");
    one_error(VOCAB RULE "  when referral as x\n  if x.n + 2 weeks > 9\n  sw must visit\n", 13, 6,
              "cannot add duration to int");
    one_error(VOCAB RULE "  when visit where decision\n  sw must visit\n", 12, 20,
              "the condition after 'where' must be a condition (true or false), not enum decision");
    one_error(VOCAB RULE "  when referral as x\n  if x.n\n  sw must visit\n", 13, 6,
              "the condition after 'if' must be a condition (true or false), not int");
    one_error(VOCAB RULE "  when referral as x\n  sw must visit\n  due within 5 days of 3\n", 14, 24,
              "the date after 'of' must be a date, not int");
    one_error(VOCAB RULE "  when referral as x\n  if x.n < 1 month\n  sw must visit\n", 13, 6,
              "cannot compare int with duration");
    one_error(VOCAB RULE "  when referral as x\n  if x.urgent < true\n  sw must visit\n", 13, 6,
              "'<' orders dates, numbers and durations, not bool");
    one_error(VOCAB RULE "  when referral as x\n  sw must visit\n  due by x + (1 month + 2 days)\n", 14, 14,
              "cannot combine months and days");
}

static void test_check_enum_condition_hint(void **state)
{
    (void)state;
    diag_sink s;
    ast_program *p = load(VOCAB RULE "  when visit where decision\n  sw must visit\n", &s);
    assert_string_equal(first_error(&s)->hint, "Compare it with a value: decision = lapse.");
    program_free(p);
    diag_free(&s);
}

static void test_check_in_list(void **state)
{
    (void)state;
    one_error(VOCAB RULE "  when visit where decision in (lapse, 3)\n  sw must visit\n", 12, 40,
              "'3' is int; the list needs enum decision values");
}

static void test_check_schedule(void **state)
{
    (void)state;
    one_error(VOCAB RULE "  when referral as x\n  sw must visit\n  due at 3 months, 9 months and 6 months after x\n",
              14, 33, "schedule out of order: 6 months comes after 9 months");
    one_error(VOCAB RULE "  when referral as x\n  sw must visit\n  due within 0 days of x\n", 14, 14,
              "a deadline must be longer than zero");
}

static void test_check_state_and_while(void **state)
{
    (void)state;
    one_error(VOCAB RULE "  when referral\n  while opne\n  sw must visit\n", 13, 9, "unknown state 'opne'");
    one_error("event a\nstate s from a until b\n", 2, 22, "unknown event 'b'");
    one_error(VOCAB RULE "  when referral as x\n  if opne at x\n  sw must visit\n", 13, 6, "unknown state 'opne'");
}

static void test_check_overrides(void **state)
{
    (void)state;
    diag_sink s;
    ast_program *p = load(VOCAB RULE "  when referral as x\n  sw must visit\n"
                                     "rule exc\n  cite \"2\"\n  says \"t\"\n  overrides r when open\n  manager must visit\n",
                          &s);
    assert_int_equal(s.count, 0);
    rule_decl *e = &p->rules.items[1]->u.rule;
    assert_ptr_equal(e->overrides_decl, p->rules.items[0]);
    assert_ptr_equal(e->eff_trigger, p->events.items[0]);
    assert_string_equal(e->eff_binding, "x");
    program_free(p);
    diag_free(&s);
    one_error(VOCAB RULE "  overrides r when open\n  sw must visit\n", 12, 13, "rule r cannot override itself");
    one_error(VOCAB RULE "  overrides nope when open\n  sw must visit\n", 12, 13, "unknown rule 'nope'");
}

static void test_check_binding_clash(void **state)
{
    (void)state;
    one_error(VOCAB RULE "  when referral as open\n  sw must visit\n", 12, 20, "'open' is already a state");
}

static void test_check_tests(void **state)
{
    (void)state;
    one_error(VOCAB RULE "  when referral\n  sw must visit\n"
                         "test \"t\"\n  given\n    2025-01-01 referral with urgnt = true\n  as of 2025-02-01\n",
              16, 30, "event referral has no attribute 'urgnt'");
    one_error(VOCAB RULE "  when referral\n  sw must visit\n"
                         "test \"t\"\n  given\n    2025-01-01 referral with n = true\n  as of 2025-02-01\n",
              16, 34, "attribute 'n' is int, not bool");
    one_error(VOCAB RULE "  when referral\n  sw must visit\n"
                         "test \"t\"\n  as of 2025-02-01\n  expect q met\n",
              16, 10, "unknown rule 'q'");
    one_error(VOCAB RULE "  when referral\n  sw must visit\n" "test \"t\"\n  expect r met\n", 14, 6,
              "test t has no 'as of' date");
}

static void test_check_unknown_type(void **state)
{
    (void)state;
    one_error("event e (a: dat)\n", 1, 13, "unknown type 'dat'");
}

static void test_check_unknown_calendar_and_source(void **state)
{
    (void)state;
    one_error("policy p\n  calendar narnia\n", 2, 12, "unknown calendar 'narnia'");
    one_error("policy p\n  source \"no-such-guidance.txt\"\n", 2, 10,
              "source document \"no-such-guidance.txt\" not found");
}

static void test_check_import_not_found(void **state)
{
    (void)state;
    diag_sink s;
    ast_program *p = load("import \"no/such/file.docket\"\n", &s);
    assert_int_equal(s.errors, 1);
    assert_string_equal(s.items[0].message, "cannot import \"no/such/file.docket\": No such file or directory");
    assert_int_equal(s.items[0].col, 8);
    assert_int_equal(s.items[0].width, 21);
    program_free(p);
    diag_free(&s);
}

static void test_check_import_cycle(void **state)
{
    (void)state;
    diag_sink s;
    diag_init_buffer(&s);
    ast_program *p = program_load("tests/golden/check/cycle/a.docket", &s);
    if (!p) {
        diag_free(&s);
        skip();
    }
    assert_int_equal(s.errors, 1);
    assert_string_equal(s.items[0].message,
                        "import cycle: tests/golden/check/cycle/a.docket -> tests/golden/check/cycle/b.docket"
                        " -> tests/golden/check/cycle/a.docket");
    assert_string_equal(s.items[0].file, "tests/golden/check/cycle/b.docket");
    assert_int_equal(s.items[0].line, 2);
    program_free(p);
    diag_free(&s);
}

static void test_check_warnings(void **state)
{
    (void)state;
    diag_sink s;
    ast_program *p = load("role sw\nrole unused\nevent e\nrule r\n  when e\n  sw must e\n", &s);
    assert_int_equal(s.errors, 0);
    assert_int_equal(s.warnings, 3);
    assert_int_equal(p->errors, 0);
    assert_string_equal(s.items[0].message, "rule r has no 'cite'");
    assert_int_equal(s.items[0].line, 4);
    assert_string_equal(s.items[1].message, "rule r has no 'says'");
    assert_string_equal(s.items[2].message, "role 'unused' is declared but never used");
    assert_int_equal(s.items[2].line, 2);
    assert_int_equal(s.items[2].col, 6);
    program_free(p);
    diag_free(&s);
}

static void test_check_no_unused_after_syntax_error(void **state)
{
    (void)state;
    diag_sink s;
    ast_program *p = load("role sw \"x\"\nevent e\nrule r\n  cite \"1\"\n  says \"s\"\n  when e\n  sw must e\n  due within 5 dyas of e\n", &s);
    assert_int_equal(s.errors, 1);
    assert_int_equal(s.warnings, 0);
    program_free(p);
    diag_free(&s);
}

static void test_check_three_mistakes(void **state)
{
    (void)state;
    diag_sink s;
    ast_program *p = load(VOCAB RULE "  when referral as x\n  sw must vist\n"
                                     "rule q\n  cite \"1\"\n  says \"s\"\n  when referral as x\n  if x.n > 1 month\n  mangr must visit\n",
                          &s);
    assert_int_equal(s.errors, 3);
    assert_string_equal(s.items[0].message, "unknown event 'vist'");
    assert_int_equal(s.items[0].line, 13);
    assert_string_equal(s.items[1].message, "cannot compare int with duration");
    assert_int_equal(s.items[1].line, 18);
    assert_string_equal(s.items[2].message, "unknown role 'mangr'");
    assert_int_equal(s.items[2].line, 19);
    assert_int_equal(p->errors, 3);
    program_free(p);
    diag_free(&s);
}

static void test_type_name(void **state)
{
    (void)state;
    char buf[64];
    decl en = {0};
    en.name.text = "outcome";
    type t = {T_ENUM, &en, NULL};
    assert_string_equal(type_name(t, buf, sizeof buf), "enum outcome");
    type u = {T_EVENT, NULL, &en};
    assert_string_equal(type_name(u, buf, sizeof buf), "event outcome");
    type v = {T_DURATION, NULL, NULL};
    assert_string_equal(type_name(v, buf, sizeof buf), "duration");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_position_first_line),
        cmocka_unit_test(test_position_after_newlines),
        cmocka_unit_test(test_position_tabs),
        cmocka_unit_test(test_position_utf8),
        cmocka_unit_test(test_position_crlf),
        cmocka_unit_test(test_file_line),
        cmocka_unit_test(test_diag_token_width),
        cmocka_unit_test(test_diag_width_clipped_at_line_end),
        cmocka_unit_test(test_diag_width_utf8_and_tabs),
        cmocka_unit_test(test_diag_print_text),
        cmocka_unit_test(test_diag_print_tab_caret),
        cmocka_unit_test(test_diag_warnings_as_errors),
        cmocka_unit_test(test_diag_json),
        cmocka_unit_test(test_diag_closest),
        cmocka_unit_test(test_parse_policy_header),
        cmocka_unit_test(test_parse_import_role_enum),
        cmocka_unit_test(test_parse_event_attrs),
        cmocka_unit_test(test_parse_state),
        cmocka_unit_test(test_parse_rule_clauses),
        cmocka_unit_test(test_parse_duty_next_and_require),
        cmocka_unit_test(test_parse_deadlines),
        cmocka_unit_test(test_parse_durations),
        cmocka_unit_test(test_parse_literals),
        cmocka_unit_test(test_parse_queries),
        cmocka_unit_test(test_prec_or_and),
        cmocka_unit_test(test_prec_not_eq),
        cmocka_unit_test(test_prec_sum),
        cmocka_unit_test(test_prec_exists_where),
        cmocka_unit_test(test_prec_parens),
        cmocka_unit_test(test_parse_test_block),
        cmocka_unit_test(test_parse_data_durations),
        cmocka_unit_test(test_parse_prohibition_where),
        cmocka_unit_test(test_parse_sample_policy),
        cmocka_unit_test(test_syntax_missing_unit),
        cmocka_unit_test(test_syntax_unit_typo_hint),
        cmocka_unit_test(test_syntax_reserved_word),
        cmocka_unit_test(test_syntax_lexical),
        cmocka_unit_test(test_syntax_recovery_reports_each),
        cmocka_unit_test(test_syntax_broken_rule_keeps_name),
        cmocka_unit_test(test_units_table),
        cmocka_unit_test(test_words),
        cmocka_unit_test(test_check_duration_too_long),
        cmocka_unit_test(test_syntax_duplicate_clause),
        cmocka_unit_test(test_syntax_end_of_file),
        cmocka_unit_test(test_check_clean),
        cmocka_unit_test(test_check_unknown_role),
        cmocka_unit_test(test_check_unknown_event),
        cmocka_unit_test(test_check_unknown_attribute),
        cmocka_unit_test(test_check_unknown_name),
        cmocka_unit_test(test_check_duplicates),
        cmocka_unit_test(test_check_shared_namespace),
        cmocka_unit_test(test_check_action_not_event),
        cmocka_unit_test(test_check_rule_shape),
        cmocka_unit_test(test_check_type_errors),
        cmocka_unit_test(test_check_enum_condition_hint),
        cmocka_unit_test(test_check_in_list),
        cmocka_unit_test(test_check_schedule),
        cmocka_unit_test(test_check_state_and_while),
        cmocka_unit_test(test_check_overrides),
        cmocka_unit_test(test_check_binding_clash),
        cmocka_unit_test(test_check_tests),
        cmocka_unit_test(test_check_unknown_type),
        cmocka_unit_test(test_check_unknown_calendar_and_source),
        cmocka_unit_test(test_check_import_not_found),
        cmocka_unit_test(test_check_import_cycle),
        cmocka_unit_test(test_check_warnings),
        cmocka_unit_test(test_check_no_unused_after_syntax_error),
        cmocka_unit_test(test_check_three_mistakes),
        cmocka_unit_test(test_type_name),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
