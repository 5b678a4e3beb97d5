/*
 * test_fmt.c — the canonical formatter (lang/fmt.c) and the tree dump
 * (lang/dump.c): exact output for each construct, minimal parentheses,
 * comments and blank lines; for every case, idempotence and
 * dump(parse(x)) == dump(parse(fmt(x))); the same for the shipped sample.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lang/parse.h"
#include "lang/ast.h"
#include "lang/dump.h"
#include "lang/fmt.h"

/* ------------------------------------------------------------ helpers */

static ast_file *parse_ok(const char *text)
{
    diag_sink sink;
    diag_init_buffer(&sink);
    ast_file *f = parse_file(src_file_from_string("t.docket", text, strlen(text)), &sink);
    if (sink.errors) {
        for (size_t i = 0; i < sink.count; i++)
            fprintf(stderr, "%d:%d: %s\n", sink.items[i].line, sink.items[i].col,
                    sink.items[i].message);
        fprintf(stderr, "in:\n%s\n", text);
    }
    assert_int_equal(sink.errors, 0);
    diag_free(&sink);
    return f;
}

static char *fmt_text(const char *text)
{
    ast_file *f = parse_ok(text);
    char *out = fmt_file(f);
    ast_file_free(f);
    return out;
}

static char *dump_text(const char *text)
{
    ast_file *f = parse_ok(text);
    char *out = ast_dump(f);
    ast_file_free(f);
    return out;
}

/* Formatting TEXT is stable and keeps the tree. */
static void check_roundtrip(const char *text)
{
    char *once = fmt_text(text);
    char *twice = fmt_text(once);
    if (strcmp(once, twice) != 0)
        fprintf(stderr, "not idempotent:\n--- once\n%s--- twice\n%s", once, twice);
    assert_string_equal(once, twice);
    char *d1 = dump_text(text), *d2 = dump_text(once);
    if (strcmp(d1, d2) != 0)
        fprintf(stderr, "tree changed:\n--- in\n%s--- formatted\n%s", text, once);
    assert_string_equal(d1, d2);
    free(once);
    free(twice);
    free(d1);
    free(d2);
}

/* fmt(IN) is exactly WANT, and IN round-trips. */
static void expect_fmt(const char *in, const char *want)
{
    char *got = fmt_text(in);
    if (strcmp(got, want) != 0)
        fprintf(stderr, "--- want\n%s--- got\n%s---\n", want, got);
    assert_string_equal(got, want);
    free(got);
    check_roundtrip(in);
}

/* The formatted condition of `rule r` / `require COND`. */
static void expect_cond(const char *cond_in, const char *cond_want)
{
    char *in = xasprintf("rule r\n  require %s\n", cond_in);
    char *want = xasprintf("rule r\n  require %s\n", cond_want);
    expect_fmt(in, want);
    free(in);
    free(want);
}

/* ------------------------------------------------------------ declarations */

static void test_empty(void **state)
{
    (void)state;
    expect_fmt("", "");
    expect_fmt("\n\n  \n", "");
}

static void test_policy(void **state)
{
    (void)state;
    expect_fmt("policy a.b.c source \"s.txt\" calendar england_and_wales\n"
               "review 2026-03-01 version \"1\" authority \"Council\" title \"T\"",
               "policy a.b.c\n"
               "  title \"T\"\n"
               "  authority \"Council\"\n"
               "  version \"1\"\n"
               "  review 2026-03-01\n"
               "  calendar england_and_wales\n"
               "  source \"s.txt\"\n");
    expect_fmt("policy   x\n\n\n", "policy x\n");
}

static void test_role_enum_import_uncited(void **state)
{
    (void)state;
    expect_fmt("import \"common/roles.docket\"\n\n\nimport \"b.docket\"\n"
               "role   sw \"Social worker\"\n\nrole manager\n"
               "enum decision(lapse,seek_extension ,  other)\n"
               "uncited \"A \\\"quoted\\\" sentence\"   because \"back\\\\ground\\tx\"\n",
               "import \"common/roles.docket\"\n"
               "import \"b.docket\"\n"
               "\n"
               "role sw \"Social worker\"\n"
               "role manager\n"
               "\n"
               "enum decision (lapse, seek_extension, other)\n"
               "\n"
               "uncited \"A \\\"quoted\\\" sentence\" because \"back\\\\ground\\tx\"\n");
}

static void test_event_decl(void **state)
{
    (void)state;
    expect_fmt("event a \"made\" (months:int,chair : role)\nevent b ()\nevent c \"x\"\n"
               "event d(until: date, on: date)\n",
               "event a \"made\" (months: int, chair: role)\n"
               "event b\n"
               "event c \"x\"\n"
               "event d (until: date, on: date)\n");
}

static void test_state_decl(void **state)
{
    (void)state;
    expect_fmt("state s from a or b until c for 1 month\n"
               "state t from a\nstate u from a until b or c\nstate v from a for 15 working days\n",
               "state s from a or b until c for 1 month\n"
               "state t from a\n"
               "state u from a until b or c\n"
               "state v from a for 15 working days\n");
}

static void test_grouping(void **state)
{
    (void)state;
    /* Same single-line kind: together; kind changes, rules, tests: a blank. */
    expect_fmt("role a\nrole b\nevent e\n\n\n\nevent f\nstate s from e\n"
               "rule r\n  require true\nrule q\n  require false\n"
               "uncited \"a\" because \"b\"\nuncited \"c\" because \"d\"\n",
               "role a\nrole b\n\nevent e\nevent f\n\nstate s from e\n\n"
               "rule r\n  require true\n\nrule q\n  require false\n\n"
               "uncited \"a\" because \"b\"\nuncited \"c\" because \"d\"\n");
}

/* ------------------------------------------------------------ rules */

static void test_rule_clause_order(void **state)
{
    (void)state;
    expect_fmt("rule r\n"
               "  due within 15 working days of order\n"
               "  note \"n\"\n"
               "  unless b\n"
               "  while in_force\n"
               "  sw must next visit where seen_alone\n"
               "  if a\n"
               "  overrides q when cp_plan\n"
               "  when order_made as order where order.months > 3\n"
               "  unless c\n"
               "  says \"s\"\n"
               "  cite \"3. Meetings\"\n",
               "rule r\n"
               "  cite \"3. Meetings\"\n"
               "  says \"s\"\n"
               "  note \"n\"\n"
               "  when order_made as order where order.months > 3\n"
               "  overrides q when cp_plan\n"
               "  unless b\n"
               "  if a\n"
               "  unless c\n"
               "  while in_force\n"
               "  sw must next visit where seen_alone\n"
               "  due within 15 working days of order\n");
    expect_fmt("rule r when e require x.n <= 12 cite \"c\"",
               "rule r\n  cite \"c\"\n  when e\n  require x.n <= 12\n");
    expect_fmt("rule r\n", "rule r\n");
}

static void test_deadlines(void **state)
{
    (void)state;
    expect_fmt("rule r\n  due within 1 day of o\n",
               "rule r\n  due within 1 day of o\n");
    expect_fmt("rule r\n  due by o + 10 days\n", "rule r\n  due by o + 10 days\n");
    expect_fmt("rule r\n  due between (o + 9 months) - 2 weeks and o+9 months\n",
               "rule r\n  due between o + 9 months - 2 weeks and o + 9 months\n");
    expect_fmt("rule r\n  due before order_ended\n", "rule r\n  due before order_ended\n");
    expect_fmt("rule r\n  due at 3 months after o\n", "rule r\n  due at 3 months after o\n");
    expect_fmt("rule r\n  due at 3 months and 6 months after o\n",
               "rule r\n  due at 3 months and 6 months after o\n");
    expect_fmt("rule r\n  due at 3 months and 6 months, 9 months and 1 year after o\n",
               "rule r\n  due at 3 months, 6 months, 9 months and 1 year after o\n");
    expect_fmt("rule r\n  due by (first e after o) + 1 week\n",
               "rule r\n  due by (first e after o) + 1 week\n");
    expect_fmt("rule r\n  due between first e after o and o + 1 year\n",
               "rule r\n  due between first e after o and o + 1 year\n");
}

/* ------------------------------------------------------------ expressions */

static void test_expr_bool_levels(void **state)
{
    (void)state;
    expect_cond("a or b and c", "a or b and c");
    expect_cond("(a or b) and c", "(a or b) and c");
    expect_cond("a and (b or c)", "a and (b or c)");
    expect_cond("(a and b) or c", "a and b or c");
    expect_cond("a or (b or c)", "a or (b or c)");
    expect_cond("(a or b) or c", "a or b or c");
    expect_cond("a and (b and c)", "a and (b and c)");
    expect_cond("not (a or b)", "not (a or b)");
    expect_cond("not (a and b)", "not (a and b)");
    expect_cond("not (a = b)", "not a = b");
    expect_cond("not not a", "not not a");
    expect_cond("(not a) = b", "(not a) = b");
    expect_cond("not exists e", "not exists e");
    expect_cond("(exists e) and f", "exists e and f");
}

static void test_expr_comparisons(void **state)
{
    (void)state;
    expect_cond("(a = b) = c", "(a = b) = c");
    expect_cond("a != (b < c)", "a != (b < c)");
    expect_cond("a>=b", "a >= b");
    expect_cond("(a + 1) <= b - 2", "a + 1 <= b - 2");
    expect_cond("x in (a, b + c, \"t\")", "x in (a, b + c, \"t\")");
    expect_cond("x not in (a)", "x not in (a)");
    expect_cond("(x in (a)) = true", "(x in (a)) = true");
    expect_cond("x in ((a = b))", "x in ((a = b))");
}

static void test_expr_arithmetic(void **state)
{
    (void)state;
    expect_cond("a - (b + c) = d", "a - (b + c) = d");
    expect_cond("(a + b) - c = d", "a + b - c = d");
    expect_cond("a - (b - c) = d", "a - (b - c) = d");
    expect_cond("-(a + b) = c", "-(a + b) = c");
    expect_cond("-(-a) = b", "--a = b");
    expect_cond("a - -3 days = b", "a - -3 days = b");
    expect_cond("o.months > 9", "o.months > 9");
    expect_cond("(o.months) > 9", "o.months > 9");
    expect_cond("d = 2025-01-06", "d = 2025-01-06");
    expect_cond("x = \"a\\\"b\\\\c\\nd\"", "x = \"a\\\"b\\\\c\\nd\"");
    expect_cond("1 week + 1 year + 2 hours + 1 hour + 3 weeks > 0 days",
                "1 week + 1 year + 2 hours + 1 hour + 3 weeks > 0 days");
}

static void test_expr_queries(void **state)
{
    (void)state;
    /* A query's tail takes a following + or -, so a query followed by one
     * needs parentheses; as the last operand it does not. */
    expect_cond("(first e after x) + 3 days > y", "(first e after x) + 3 days > y");
    expect_cond("first e after (x + 3 days) > y", "first e after x + 3 days > y");
    expect_cond("a + (first e after x) > y", "a + first e after x > y");
    expect_cond("(a + first e after x) - b > y", "(a + first e after x) - b > y");
    expect_cond("(-first e after x) + 1 day > y", "(-first e after x) + 1 day > y");
    expect_cond("(last e before x) - 1 day > (first e) + 1 day",
                "(last e before x) - 1 day > first e + 1 day");
    expect_cond("(count e between a and b + 1 day) + 1 > 2",
                "(count e between a and b + 1 day) + 1 > 2");
    expect_cond("count e between (a = b) and c <= 1", "count e between (a = b) and c <= 1");
    expect_cond("count e between first f after a and b <= 1",
                "count e between first f after a and b <= 1");
    expect_cond("first e after (a or b) = c", "first e after (a or b) = c");
    expect_cond("exists e where (a and b)", "exists e where (a and b)");
    expect_cond("exists e where (a = b)", "exists e where a = b");
    expect_cond("exists e where (not a)", "exists e where (not a)");
    /* An `and`/`or` after an exists-where gets parentheses that show what
     * it joins (the checker warns without them). */
    expect_cond("first e where (a = b) after x <= y", "first e where (a = b) after x <= y");
    expect_cond("count e where a between x and y = 2", "count e where a between x and y = 2");
    expect_cond("last e where ((not a)) before x = y", "last e where (not a) before x = y");
    expect_cond("exists e where a = b and c", "(exists e where a = b) and c");
    expect_cond("not exists e where a or c", "(not exists e where a) or c");
    expect_cond("x and exists e where a and c", "(x and exists e where a) and c");
    expect_cond("exists e where a or exists f where b", "(exists e where a) or exists f where b");
    expect_cond("cp_plan at (v + 1 day)", "cp_plan at v + 1 day");
    expect_cond("cp_plan at (v = w)", "cp_plan at (v = w)");
    expect_cond("(cp_plan at v) or first m after s <= v", "cp_plan at v or first m after s <= v");
    expect_cond("(cp_plan at v) = true", "(cp_plan at v) = true");
}

/* ------------------------------------------------------------ tests */

static void test_test_decl(void **state)
{
    (void)state;
    expect_fmt("test \"late \\\"one\\\"\"\n"
               "  expect a late, on 2025-02-03 ,due 2025-01-27, 5 days late\n"
               "  as of 2025-03-01\n"
               "  given 2025-01-06 made with months = 12, x = true\n"
               "  2025-01-07 m with chair = cp, n = -3, t = \"s\", d = 2 weeks, w = 2025-01-01\n"
               "  given 2025-02-01 ended\n"
               "  expect b met, met on 2025-01-08, due none, 1 days late\n"
               "  expect nothing from c\n"
               "  expect 1 obligations from d\n"
               "  expect 3 obligation from d\n"
               "  expect e pending\n",
               "test \"late \\\"one\\\"\"\n"
               "  given\n"
               "    2025-01-06 made with months = 12, x = true\n"
               "    2025-01-07 m with chair = cp, n = -3, t = \"s\", d = 2 weeks, w = 2025-01-01\n"
               "    2025-02-01 ended\n"
               "  as of 2025-03-01\n"
               "  expect a late, due 2025-01-27, met on 2025-02-03, 5 days late\n"
               "  expect b met, due none, met on 2025-01-08, 1 day late\n"
               "  expect nothing from c\n"
               "  expect 1 obligation from d\n"
               "  expect 3 obligations from d\n"
               "  expect e pending\n");
    expect_fmt("test \"t\"", "test \"t\"\n");
    expect_fmt("test \"a\"\ntest \"b\"\n", "test \"a\"\n\ntest \"b\"\n");
}

/* ------------------------------------------------------------ comments */

static void test_comments_leading_and_end(void **state)
{
    (void)state;
    expect_fmt("# header\n#  second line   \npolicy p\n# about roles\nrole a\nrole b\n# tail\n",
               "# header\n#  second line\npolicy p\n\n# about roles\nrole a\nrole b\n# tail\n");
    /* A blank line before a comment is kept; one between it and what follows
     * is not. */
    expect_fmt("role a\n\n\n# about b\n\nrole b\n\n# end 1\n# end 2\n\n\n\n# end 3",
               "role a\n\n# about b\nrole b\n\n# end 1\n# end 2\n\n# end 3\n");
    expect_fmt("# only a comment", "# only a comment\n");
    expect_fmt("\n\n# only a comment\n\n", "# only a comment\n");
}

static void test_comments_trailing(void **state)
{
    (void)state;
    expect_fmt("role a   # the first\nrole b\t# the second  \r\n",
               "role a # the first\nrole b # the second\n");
    expect_fmt("rule r # head\n  cite \"c\"# cite\n  due by o + 1 day # due\n  when e as o\n",
               "rule r # head\n  cite \"c\" # cite\n  when e as o\n  due by o + 1 day # due\n");
    expect_fmt("test \"t\" # name\n  given # events\n    2025-01-06 e # first\n"
               "  as of 2025-02-01 # date\n  expect r met # exp\n",
               "test \"t\" # name\n  given # events\n    2025-01-06 e # first\n"
               "  as of 2025-02-01 # date\n  expect r met # exp\n");
}

static void test_comments_in_rules(void **state)
{
    (void)state;
    /* A comment travels with the clause it precedes, at its indentation. */
    expect_fmt("rule r\n"
               "  # the deadline\n"
               "  due by o\n"
               "\n"
               "  # the trigger\n"
               "  when e as o\n"
               "    # the duty\n"
               "sw must v\n",
               "rule r\n"
               "\n"
               "  # the trigger\n"
               "  when e as o\n"
               "  # the duty\n"
               "  sw must v\n"
               "  # the deadline\n"
               "  due by o\n");
    /* Inside a clause: before it. */
    expect_fmt("rule r\n  require a and # why b\n    b\n",
               "rule r\n  # why b\n  require a and b\n");
    /* Before `given` and between events. */
    expect_fmt("test \"t\"\n  # events\n  given\n  # one\n  2025-01-06 e\n\n  # two\n  2025-01-07 e\n",
               "test \"t\"\n  # events\n  given\n    # one\n    2025-01-06 e\n\n    # two\n"
               "    2025-01-07 e\n");
    /* Between declarations that are separated anyway. */
    expect_fmt("rule a\n  require x\n# about b\nrule b\n  require y\n",
               "rule a\n  require x\n\n# about b\nrule b\n  require y\n");
    /* A comment after the last clause of the last rule goes to the end. */
    expect_fmt("rule a\n  require x\n  # todo\n", "rule a\n  require x\n# todo\n");
}

/* ------------------------------------------------------------ dump */

static void test_dump_rule(void **state)
{
    (void)state;
    char *d = dump_text("rule first_meeting\n"
                        "  cite \"3. Meetings\"\n"
                        "  when supervision_order_made as order where order.months > 9\n"
                        "  unless exists order_ended where x in (a, b)\n"
                        "  cp_coordinator must next so_meeting where not chair = cp_coordinator\n"
                        "  due at 3 months and 1 year after first e after order - -2 days\n");
    assert_string_equal(
        d, "(rule first_meeting (cite \"3. Meetings\")"
           " (when supervision_order_made order (where (> (attr (name order) months) 9)))"
           " (unless (exists order_ended (in (name x) ((name a) (name b)))))"
           " (duty cp_coordinator next so_meeting (not (= (name chair) (name cp_coordinator))))"
           " (due at ((3 months) (1 year)) (first e (- (name order) (neg (2 days))))))\n");
    free(d);
    d = dump_text("rule first_meeting\n  cite \"3. ...\"\n  when supervision_order_made as order\n"
                  "  cp_coordinator must so_meeting where chair = cp_coordinator\n"
                  "  due within 15 working days of order\n"
                  "test \"t\"\n  given\n    2025-01-06 m with months = 12, c = cp\n"
                  "  as of 2025-03-01\n  expect r late, due none, on 2025-02-03, 5 days late\n"
                  "  expect nothing from q\n  expect 2 obligations from q\n");
    assert_string_equal(
        d, "(rule first_meeting (cite \"3. ...\") (when supervision_order_made order)"
           " (duty cp_coordinator must so_meeting (= (name chair) (name cp_coordinator)))"
           " (due within (15 working days) (name order)))\n"
           "(test \"t\" (given (2025-01-06 m (months 12) (c (name cp)))) (as-of 2025-03-01)"
           " (expect r late (due none) (met 2025-02-03) (late 5))"
           " (expect-nothing q) (expect-count 2 q))\n");
    free(d);
}

static void test_dump_distinguishes_trees(void **state)
{
    (void)state;
    char *a = dump_text("rule r\n  require (a or b) and c\n");
    char *b = dump_text("rule r\n  require a or b and c\n");
    assert_string_not_equal(a, b);
    free(a);
    free(b);
}

/* ------------------------------------------------------------ generated */

/* Random expression trees written with a parenthesis around every node: the
 * formatter drops most of them, and what it prints must parse back to the
 * same tree. */
static unsigned long rng_state;

static unsigned rnd(unsigned n)
{
    rng_state = rng_state * 6364136223846793005UL + 1442695040888963407UL;
    return (unsigned)((rng_state >> 33) % n);
}

static void gen_expr(sbuf *b, int depth)
{
    static const char *const leaves[] = {
        "a", "3", "2 days", "1 working day", "2025-01-06", "\"t\"", "true", "o.months",
        "first e", "last e", "count e", "(exists e)",
    };
    static const char *const ops[] = {
        "or", "and", "=", "!=", "<", "<=", ">", ">=", "+", "-",
    };
    if (depth <= 0 || rnd(5) == 0) {
        sbuf_puts(b, leaves[rnd(sizeof leaves / sizeof leaves[0])]);
        return;
    }
    sbuf_putc(b, '(');
    switch (rnd(10)) {
    case 0: case 1: case 2: case 3:
        gen_expr(b, depth - 1);
        sbuf_printf(b, " %s ", ops[rnd(sizeof ops / sizeof ops[0])]);
        gen_expr(b, depth - 1);
        break;
    case 4:
        sbuf_puts(b, rnd(2) ? "not " : "-");
        gen_expr(b, depth - 1);
        break;
    case 5:
        gen_expr(b, depth - 1);
        sbuf_puts(b, rnd(2) ? " in (" : " not in (");
        gen_expr(b, depth - 1);
        sbuf_puts(b, ", ");
        gen_expr(b, depth - 1);
        sbuf_putc(b, ')');
        break;
    case 6:
        sbuf_puts(b, "s at ");
        gen_expr(b, depth - 1);
        break;
    case 7:
        sbuf_puts(b, rnd(2) ? "first e after " : "last e before ");
        gen_expr(b, depth - 1);
        break;
    case 8:
        sbuf_puts(b, "count e between ");
        gen_expr(b, depth - 1);
        sbuf_puts(b, " and ");
        gen_expr(b, depth - 1);
        break;
    default:
        sbuf_puts(b, "exists e where ");
        gen_expr(b, depth - 1);
        break;
    }
    sbuf_putc(b, ')');
}

static void test_generated_expressions(void **state)
{
    (void)state;
    rng_state = 12345;
    for (int i = 0; i < 3000; i++) {
        sbuf b;
        sbuf_init(&b);
        sbuf_puts(&b, "rule r\n  require ");
        gen_expr(&b, 1 + i % 6);
        sbuf_puts(&b, "\n  due between ");
        gen_expr(&b, i % 4);
        sbuf_puts(&b, " and ");
        gen_expr(&b, i % 3);
        sbuf_putc(&b, '\n');
        char *text = sbuf_take(&b);
        check_roundtrip(text);
        free(text);
    }
}

/* ------------------------------------------------------------ sample */

static char *read_sample(void)
{
    const char *file = __FILE__;
    const char *slash = strrchr(file, '/');
    int dirlen = slash ? (int)(slash - file) : 1;
    char *path = xasprintf("%.*s/../../policies/examples/sample.docket", dirlen,
                           slash ? file : ".");
    src_file *f = src_file_read(path);
    if (!f) {
        path[0] = '\0';
        free(path);
        path = xstrdup("policies/examples/sample.docket");
        f = src_file_read(path);
    }
    free(path);
    assert_non_null(f);
    char *text = xstrdup(f->text);
    src_file_free(f);
    return text;
}

static void test_sample_roundtrip(void **state)
{
    (void)state;
    char *text = read_sample();
    check_roundtrip(text);
    /* Every comment of the sample survives. */
    char *out = fmt_text(text);
    assert_non_null(strstr(out, "# A small policy that uses every construct"));
    assert_non_null(strstr(out, "# a new policy.\npolicy example.supervision_orders\n"));
    free(out);
    free(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_empty),
        cmocka_unit_test(test_policy),
        cmocka_unit_test(test_role_enum_import_uncited),
        cmocka_unit_test(test_event_decl),
        cmocka_unit_test(test_state_decl),
        cmocka_unit_test(test_grouping),
        cmocka_unit_test(test_rule_clause_order),
        cmocka_unit_test(test_deadlines),
        cmocka_unit_test(test_expr_bool_levels),
        cmocka_unit_test(test_expr_comparisons),
        cmocka_unit_test(test_expr_arithmetic),
        cmocka_unit_test(test_expr_queries),
        cmocka_unit_test(test_test_decl),
        cmocka_unit_test(test_comments_leading_and_end),
        cmocka_unit_test(test_comments_trailing),
        cmocka_unit_test(test_comments_in_rules),
        cmocka_unit_test(test_dump_rule),
        cmocka_unit_test(test_dump_distinguishes_trees),
        cmocka_unit_test(test_generated_expressions),
        cmocka_unit_test(test_sample_roundtrip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
