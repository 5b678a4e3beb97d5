/*
 * fuzz_fmt.c — libFuzzer harness for the formatter's round trip. An input
 * that parses without errors is formatted; the formatted text must parse
 * without errors to the same tree (ast_dump, which leaves out layout and
 * comments' places), and formatting it again must change nothing. Any
 * difference aborts, with both texts on standard error. Built by
 * `make fuzz` (libFuzzer) and by `make test` with the replay driver over
 * tests/fuzz/corpus/fmt/.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lang/dump.h"
#include "lang/fmt.h"
#include "lang/parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Parse LEN bytes of TEXT; NULL (freed) when there are errors. */
static ast_file *parse(const char *text, size_t len)
{
    diag_sink sink;
    diag_init_buffer(&sink);
    ast_file *af = parse_file(src_file_from_string("fuzz.docket", text, len), &sink);
    size_t errors = sink.errors;
    diag_free(&sink);
    if (errors) {
        ast_file_free(af);
        return NULL;
    }
    return af;
}

static void fail(const char *what, const char *a, const char *b)
{
    fprintf(stderr, "fuzz_fmt: %s\n--- first\n%s\n--- second\n%s\n", what, a, b);
    abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 1 << 15)
        return 0;
    ast_file *a = parse((const char *)data, size);
    if (!a)
        return 0;
    char *once = fmt_file(a);
    ast_file *b = parse(once, strlen(once));
    if (!b)
        fail("the formatted text does not parse", (const char *)a->src->text, once);
    char *da = ast_dump(a), *db = ast_dump(b);
    if (strcmp(da, db) != 0)
        fail("formatting changed the tree", da, db);
    char *twice = fmt_file(b);
    if (strcmp(once, twice) != 0)
        fail("formatting twice differs from once", once, twice);
    free(da);
    free(db);
    free(once);
    free(twice);
    ast_file_free(a);
    ast_file_free(b);
    return 0;
}
