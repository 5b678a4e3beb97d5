/*
 * test_lsp.c — the language server's framing (interpreter/lsp/rpc.h), the
 * diagnostic code table (lang/diag_codes.h) and the CI formats
 * (interpreter/ci/ci.h). The server's answers are tested end to end by
 * tests/lsp.sh.
 */
#define _GNU_SOURCE /* fmemopen, open_memstream on older C libraries */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "interpreter/ci/ci.h"
#include "interpreter/lsp/rpc.h"

/* The frames of TEXT read one by one: each status in ST, each body read
 * in BODY (NULL for a frame that is not RPC_OK). */
static void expect_frames(const char *text, size_t n, const rpc_status *st, const char *const *body)
{
    FILE *in = fmemopen((void *)(uintptr_t)text, strlen(text), "rb");
    assert_non_null(in);
    for (size_t i = 0; i < n; i++) {
        char *b;
        size_t len;
        const char *why;
        rpc_status s = rpc_read(in, &b, &len, &why);
        assert_int_equal(s, st[i]);
        if (s == RPC_OK) {
            assert_string_equal(b, body[i]);
            assert_int_equal(len, strlen(body[i]));
        } else {
            assert_null(b);
        }
        if (s == RPC_BAD)
            assert_non_null(why);
        free(b);
    }
    fclose(in);
}

static void test_rpc_good_frames(void **state)
{
    (void)state;
    /* Two frames, header names in any case, a Content-Type header, a stray
     * blank line between frames. */
    const char *t = "Content-Length: 2\r\n\r\n{}"
                    "\r\ncontent-length: 7\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n[1,2,3]";
    expect_frames(t, 3, (const rpc_status[]){RPC_OK, RPC_OK, RPC_EOF}, (const char *const[]){"{}", "[1,2,3]", NULL});
}

static void test_rpc_bad_headers(void **state)
{
    (void)state;
    /* No Content-Length; a length that is not a number; a negative one;
     * trailing junk: each frame is skipped, the next one still read. */
    const char *t = "Content-Type: x\r\n\r\n"
                    "Content-Length: ten\r\n\r\n"
                    "Content-Length: -4\r\n\r\n"
                    "Content-Length: 3x\r\n\r\n"
                    "no colon here\r\n\r\n"
                    "Content-Length: 4\r\n\r\ntrue";
    expect_frames(t, 7, (const rpc_status[]){RPC_BAD, RPC_BAD, RPC_BAD, RPC_BAD, RPC_BAD, RPC_OK, RPC_EOF},
                  (const char *const[]){NULL, NULL, NULL, NULL, NULL, "true", NULL});
}

static void test_rpc_limits(void **state)
{
    (void)state;
    /* A header line over 1 KiB is refused (and consumed). */
    char *t = malloc(4000);
    memset(t, 'a', 2000);
    strcpy(t + 2000, ": 1\r\nContent-Length: 1\r\n\r\n1");
    expect_frames(t, 1, (const rpc_status[]){RPC_BAD}, (const char *const[]){NULL});
    free(t);
    /* A body over the limit is skipped, not kept; a body cut short by the
     * end of the stream is the end. */
    expect_frames("Content-Length: 99999999999\r\n\r\n{}", 1, (const rpc_status[]){RPC_EOF},
                  (const char *const[]){NULL});
    expect_frames("Content-Length: 10\r\n\r\n{\"a\"", 1, (const rpc_status[]){RPC_EOF}, (const char *const[]){NULL});
    /* The end of the stream inside the headers. */
    expect_frames("Content-Length: 10\r\n", 1, (const rpc_status[]){RPC_EOF}, (const char *const[]){NULL});
    expect_frames("", 1, (const rpc_status[]){RPC_EOF}, (const char *const[]){NULL});
}

static void test_rpc_write(void **state)
{
    (void)state;
    char *buf = NULL;
    size_t n = 0;
    FILE *out = open_memstream(&buf, &n);
    json_t *m = json_pack("{s:s,s:i,s:s}", "jsonrpc", "2.0", "id", 1, "result", "\xc3\xa9");
    assert_int_equal(rpc_write(out, m), 0);
    json_decref(m);
    fclose(out);
    assert_string_equal(buf, "Content-Length: 42\r\n\r\n{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":\"\\u00E9\"}");
    free(buf);
}

static void test_codes_table(void **state)
{
    (void)state;
    /* Every code is a distinct kebab-case word with a summary; the table
     * has warnings and errors. */
    int warnings = 0;
    for (int i = 0; i < DIAG_NCODES; i++) {
        const char *id = diag_code_id((diag_code)i);
        assert_true(id[0] >= 'a' && id[0] <= 'z');
        for (const char *c = id; *c; c++)
            assert_true((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || *c == '-');
        assert_true(strlen(diag_code_summary((diag_code)i)) > 0);
        for (int k = 0; k < i; k++)
            assert_string_not_equal(id, diag_code_id((diag_code)k));
        warnings += diag_code_severity((diag_code)i) == DIAG_WARNING;
    }
    assert_true(warnings > 0 && warnings < DIAG_NCODES);
    assert_string_equal(diag_code_id(DC_UNKNOWN_NAME), "unknown-name");
    assert_int_equal(diag_code_severity(DC_UNUSED), DIAG_WARNING);
    assert_string_equal(diag_code_id(DIAG_NCODES), "unknown");
}

static void test_github_escapes(void **state)
{
    (void)state;
    const char *t = "rule a,b\n";
    src_file *f = src_file_from_string("dir/p:1,2.docket", t, strlen(t));
    diag_sink s;
    diag_init_buffer(&s);
    diag_span(&s, DC_UNKNOWN_NAME, f, 5, 3, "100%% wrong: a,b");
    diag_hint(&s, "two\nlines");
    diag_at(&s, DC_CALENDAR_YEAR_EMPTY, NULL, 0, 0, "no file");
    char *buf = NULL;
    size_t n = 0;
    FILE *out = open_memstream(&buf, &n);
    ci_write_github(out, &s);
    fclose(out);
    assert_string_equal(buf, "::error file=dir/p%3A1%2C2.docket,line=1,col=6,endLine=1,endColumn=9,title=docket "
                             "unknown-name::100%25 wrong: a,b%0Ahint: two%0Alines\n"
                             "::warning title=docket calendar-year-empty::no file\n");
    free(buf);
    diag_free(&s);
    src_file_free(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rpc_good_frames),
        cmocka_unit_test(test_rpc_bad_headers),
        cmocka_unit_test(test_rpc_limits),
        cmocka_unit_test(test_rpc_write),
        cmocka_unit_test(test_codes_table),
        cmocka_unit_test(test_github_escapes),
    };
    return cmocka_run_group_tests_name("lsp", tests, NULL, NULL);
}
