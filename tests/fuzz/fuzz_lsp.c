/*
 * fuzz_lsp.c — libFuzzer harness for the language server: each input is a
 * byte stream on the server's standard input (frames, headers, JSON bodies,
 * policies inside them, all of it arbitrary); the answers go to /dev/null.
 * Crashes, sanitizer findings and leaks are the bugs; error answers are
 * expected. `make fuzz` builds and runs it with the session of tests/lsp/
 * as its seed corpus.
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
