/*
 * fuzz_parse.c — libFuzzer harness for the front end: every input is parsed
 * and checked (program_load_string runs parse_file, the import loader and the
 * checker) into a buffering sink, then everything is freed. Crashes, sanitizer
 * findings and leaks are the bugs; diagnostics are expected.
 *
 * Build (from the repository root, independent of the Makefile; the generated
 * scanner and parser come from `make build/gen/parser.c build/gen/lexer.c`):
 *
 *   make build/gen/parser.c build/gen/lexer.c
 *   mkdir -p build/fuzz
 *   clang -std=c11 -D_POSIX_C_SOURCE=200809L -g -O1 \
 *     -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
 *     -Ibuild -Ilang -Ibuild/gen \
 *     tests/fuzz/fuzz_parse.c lang/[a-z]*.c build/gen/lexer.c build/gen/parser.c \
 *     -o build/fuzz/fuzz_parse
 *   mkdir -p build/fuzz/corpus
 *   cp policies/examples/[a-z]*.docket tests/golden/check/[a-z]*.docket build/fuzz/corpus/
 *   build/fuzz/fuzz_parse -max_total_time=60 -max_len=4096 build/fuzz/corpus
 *
 * The input is given the name "fuzz/input.docket" so that an `import` in it
 * resolves under a directory that does not exist: the loader reports it and
 * reads no real file.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lang/program.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 1 << 16)
        return 0;
    /* program_load_string takes a NUL-terminated text: stop at the first NUL. */
    char *text = malloc(size + 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    diag_sink sink;
    diag_init_buffer(&sink);
    ast_program *p = program_load_string("fuzz/input.docket", text, &sink);
    /* Render every diagnostic too: caret widths and line excerpts. */
    FILE *null = fopen("/dev/null", "w");
    if (null) {
        for (size_t i = 0; i < sink.count; i++)
            diag_print_text(null, &sink.items[i], false);
        fclose(null);
    }
    program_free(p);
    diag_free(&sink);
    free(text);
    return 0;
}
