/*
 * test_util.c — the one escaper of control characters (lang/util.c:
 * text_needs_escape, sbuf_put_escaped, text_put_escaped), which the text
 * report, the text diagnostics and the CSV report's fields go through.
 * Each case gives the exact bytes in and out.
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

#include "lang/util.h"

/* IN escaped by both writers, and whether it needed it. */
static void check(const char *in, const char *want)
{
    sbuf b;
    sbuf_init(&b);
    sbuf_put_escaped(&b, in);
    assert_non_null(b.data);
    assert_string_equal(b.data, want);
    sbuf_free(&b);

    char *mem = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&mem, &len);
    assert_non_null(f);
    text_put_escaped(f, in);
    fclose(f);
    assert_string_equal(mem, want);
    free(mem);

    assert_int_equal(text_needs_escape(in), strcmp(in, want) != 0);
}

/* Text that needs nothing is written as is, UTF-8 included (an em dash's
 * 0x80 and 0x94 are continuation bytes, not C1 controls; U+00A0 follows
 * U+009F). */
static void test_escape_none(void **state)
{
    (void)state;
    check("", "");
    check("C-001", "C-001");
    check("caf\xC3\xA9 \xE2\x80\x94 \xF0\x9F\x98\x80", "caf\xC3\xA9 \xE2\x80\x94 \xF0\x9F\x98\x80");
    check("\xC2\xA0nbsp", "\xC2\xA0nbsp");
    check("a\\x1Bb", "a\\x1Bb"); /* a backslash stays: the rule is not reversible */
}

/* C0 controls, tab and line ends included, and DEL. */
static void test_escape_c0(void **state)
{
    (void)state;
    check("C\x1B[2J1", "C\\x1B[2J1");
    check("a\tb\r\nc", "a\\x09b\\x0D\\x0Ac");
    check("\x01\x1F\x7F", "\\x01\\x1F\\x7F");
}

/* C1 controls, U+0080 to U+009F, both bytes of each (xterm obeys U+009B
 * as CSI). */
static void test_escape_c1(void **state)
{
    (void)state;
    check("C\xC2\x9B" "2J", "C\\xC2\\x9B2J");
    check("\xC2\x80\xC2\x9F", "\\xC2\\x80\\xC2\\x9F");
    check("\xC2\x85next line", "\\xC2\\x85next line");
}

/* Bytes that are not UTF-8, one by one (a lone 0xC2 at the end). */
static void test_escape_invalid(void **state)
{
    (void)state;
    check("a\xFF" "b", "a\\xFFb");
    check("end\xC2", "end\\xC2");
    check("\xC0\xAF", "\\xC0\\xAF"); /* overlong '/' */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_escape_none),
        cmocka_unit_test(test_escape_c0),
        cmocka_unit_test(test_escape_c1),
        cmocka_unit_test(test_escape_invalid),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
