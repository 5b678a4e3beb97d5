/*
 * test_json.c — the buffered writer and JSON values (lang/json.c): escapes,
 * runs of plain bytes, every kind of ill-formed UTF-8 written as \ufffd,
 * the jansson-like indented layout, and a writer that drains into a FILE.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lang/json.h"

/* JSON for the N bytes at S, as a NUL-terminated string the caller frees. */
static char *js(const char *s, size_t n)
{
    wbuf b;
    wb_init(&b, NULL);
    json_strn(&b, s, n);
    wb_putc(&b, '\0');
    char *r = strdup(b.p);
    wb_free(&b);
    return r;
}

static void check(const char *in, size_t n, const char *want)
{
    char *got = js(in, n);
    assert_string_equal(got, want);
    free(got);
}

static void test_plain_and_escapes(void **state)
{
    (void)state;
    check("", 0, "\"\"");
    check("abc def", 7, "\"abc def\"");
    check("a\"b\\c", 5, "\"a\\\"b\\\\c\"");
    check("\n\r\t\b\f", 5, "\"\\n\\r\\t\\b\\f\"");
    check("\x01\x1f", 2, "\"\\u0001\\u001f\"");
    check("a\0b", 3, "\"a\\u0000b\"");
    check("/", 1, "\"/\"");
}

static void test_utf8_kept(void **state)
{
    (void)state;
    check("caf\xc3\xa9", 5, "\"caf\xc3\xa9\"");                 /* U+00E9 */
    check("\xe2\x86\x92", 3, "\"\xe2\x86\x92\"");               /* U+2192 */
    check("\xf0\x9f\x98\x80", 4, "\"\xf0\x9f\x98\x80\"");       /* U+1F600 */
    check("\xf4\x8f\xbf\xbf", 4, "\"\xf4\x8f\xbf\xbf\"");       /* U+10FFFF */
}

static void test_utf8_invalid_replaced(void **state)
{
    (void)state;
    check("\x80", 1, "\"\\ufffd\"");                    /* stray continuation */
    check("a\xff" "b", 3, "\"a\\ufffdb\"");             /* never valid */
    check("\xc0\xaf", 2, "\"\\ufffd\\ufffd\"");         /* overlong '/' */
    check("\xe0\x80\xaf", 3, "\"\\ufffd\\ufffd\\ufffd\""); /* overlong */
    check("\xed\xa0\x80", 3, "\"\\ufffd\\ufffd\\ufffd\""); /* surrogate D800 */
    check("\xf4\x90\x80\x80", 4, "\"\\ufffd\\ufffd\\ufffd\\ufffd\""); /* > U+10FFFF */
    check("\xe2\x86", 2, "\"\\ufffd\\ufffd\"");         /* truncated at the end */
    check("\xc3" "a", 2, "\"\\ufffda\"");               /* truncated mid-string */
}

static void test_long_runs(void **state)
{
    (void)state;
    size_t n = 200000;
    char *s = malloc(n);
    memset(s, 'x', n);
    s[n / 2] = '"';
    char *got = js(s, n);
    assert_int_equal(strlen(got), n + 3);
    assert_memory_equal(got + 1 + n / 2, "\\\"", 2);
    free(got);
    free(s);
}

static void test_layout(void **state)
{
    (void)state;
    wbuf b;
    wb_init(&b, NULL);
    json_writer w;
    jw_init(&w, &b, 2);
    jw_object(&w);
    jw_key(&w, "a");
    jw_int(&w, -12);
    jw_key(&w, "b");
    jw_array(&w);
    jw_string(&w, "x");
    jw_null(&w);
    jw_object(&w);
    jw_end(&w);
    jw_end(&w);
    jw_key(&w, "c");
    jw_array(&w);
    jw_end(&w);
    jw_key(&w, "d");
    jw_bool(&w, true);
    jw_end(&w);
    wb_putc(&b, '\0');
    assert_string_equal(b.p, "{\n  \"a\": -12,\n  \"b\": [\n    \"x\",\n    null,\n    {}\n  ],\n  \"c\": [],\n  \"d\": true\n}");
    wb_free(&b);
}

static void test_file_writer(void **state)
{
    (void)state;
    FILE *f = tmpfile();
    assert_non_null(f);
    wbuf b;
    wb_init(&b, f);
    for (int i = 0; i < 100000; i++) {
        wb_int(&b, i);
        wb_putc(&b, '\n');
    }
    wb_pad(&b, "ab", 5);
    wb_printf(&b, "%s|", "cd");
    assert_true(wb_flush(&b));
    wb_free(&b);
    long size = ftell(f);
    assert_int_equal(size, 588890 + 5 + 3);
    fseek(f, -8, SEEK_END);
    char tail[9] = {0};
    assert_int_equal(fread(tail, 1, 8, f), 8);
    assert_string_equal(tail, "ab   cd|");
    fclose(f);
}

static void test_fput_string(void **state)
{
    (void)state;
    /* longer than the function's own buffer, with escapes on both sides of
     * its boundary */
    char in[1200], want[2600];
    size_t w = 0;
    want[w++] = '"';
    for (size_t i = 0; i < sizeof in - 1; i++) {
        in[i] = i % 7 == 0 ? '"' : (char)('a' + i % 26);
        if (in[i] == '"')
            want[w++] = '\\';
        want[w++] = in[i];
    }
    in[sizeof in - 1] = '\0';
    want[w++] = '"';
    want[w] = '\0';
    FILE *f = tmpfile();
    assert_non_null(f);
    json_fput_string(f, in);
    long n = ftell(f);
    assert_int_equal(n, (long)w);
    rewind(f);
    char got[2600] = {0};
    assert_int_equal(fread(got, 1, (size_t)n, f), (size_t)n);
    assert_string_equal(got, want);
    fclose(f);
}

static void test_append(void **state)
{
    (void)state;
    wbuf a, b;
    wb_init(&a, NULL);
    wb_init(&b, NULL);
    wb_puts(&a, "one ");
    wb_puts(&b, "two");
    wb_append(&a, &b);
    assert_int_equal(b.len, 0);
    wb_putc(&a, '\0');
    assert_string_equal(a.p, "one two");
    wb_free(&a);
    wb_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plain_and_escapes),
        cmocka_unit_test(test_utf8_kept),
        cmocka_unit_test(test_utf8_invalid_replaced),
        cmocka_unit_test(test_long_runs),
        cmocka_unit_test(test_layout),
        cmocka_unit_test(test_file_writer),
        cmocka_unit_test(test_append),
        cmocka_unit_test(test_fput_string),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
