/*
 * fuzz_mapping.c — libFuzzer harness for mapping files (lang/mapping.c):
 * every input is parsed and, when it parses, checked against the shared
 * vocabulary (loaded once), into a buffering sink; then everything is
 * freed. Crashes, sanitizer findings and leaks are the bugs; diagnostics
 * are expected. Built by `make fuzz` (libFuzzer; seeded with the shipped
 * mappings and the mapping goldens) and by `make test` with the replay
 * driver over tests/fuzz/corpus/mapping/.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lang/mapping.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static ast_program *vocabulary;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 1 << 16)
        return 0;
    diag_sink sink;
    diag_init_buffer(&sink);
    if (!vocabulary)
        vocabulary = program_load("policies/common/vocabulary.docket", &sink);
    src_file *f = src_file_from_string("fuzz/input.docket", (const char *)data, size);
    mapping *m = mapping_parse(f, &sink);
    if (m && vocabulary && !vocabulary->errors)
        mapping_check(m, vocabulary, &sink);
    mapping_free(m);
    diag_free(&sink);
    return 0;
}
