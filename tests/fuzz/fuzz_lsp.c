/*
 * fuzz_lsp.c — libFuzzer harness for the language server: each input is a
 * byte stream on the server's standard input (frames, headers, JSON bodies,
 * policies inside them, all of it arbitrary); the answers go to /dev/null.
 * Crashes, sanitizer findings and leaks are the bugs; error answers are
 * expected. Built by `make fuzz` (libFuzzer) and by `make test` with the
 * replay driver over tests/fuzz/corpus/lsp/, seeded with the session of
 * tests/lsp/ with its file URIs under a root that does not exist
 * (/docket-fuzz), so that an input does the same on every machine.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "interpreter/lsp/server.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    FILE *in = fmemopen((void *)(uintptr_t)data, size, "rb");
    FILE *out = fopen("/dev/null", "wb");
    if (in && out)
        lsp_serve(in, out);
    if (in)
        fclose(in);
    if (out)
        fclose(out);
    return 0;
}
