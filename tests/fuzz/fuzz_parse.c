/*
 * fuzz_parse.c — libFuzzer harness for the front end: every input, all of
 * its bytes (NUL bytes included), is parsed and checked (program_load_mem
 * runs parse_file, the import loader and the checker) into a buffering sink,
 * every diagnostic is rendered, then everything is freed. Crashes,
 * sanitizer findings and leaks are the bugs; diagnostics are expected.
 *
 * Imports resolve inside a fuzz tree: a temporary directory made once, with
 * a vocabulary file and a sub-directory, in which the input is named
 * input.docket. `import "vocab.docket"`, `import "sub/roles.docket"` and
 * `source "guide.txt"` find real files there, and an import that leaves the
 * tree (or is absolute) is refused by the loader, as for any policy.
 * Built by `make fuzz` (libFuzzer) and by `make test` with the replay
 * driver over tests/fuzz/corpus/parse/.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lang/program.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Write TEXT to DIR/NAME (best effort: a missing file is just an import
 * error for the fuzzer). */
static void put(const char *dir, const char *name, const char *text)
{
    char *p = xasprintf("%s/%s", dir, name);
    FILE *f = fopen(p, "w");
    if (f) {
        fputs(text, f);
        fclose(f);
    }
    free(p);
}

static char *tree; /* the fuzz tree's directory */

/* Remove the fuzz tree at exit. */
static void remove_tree(void)
{
    static const char *const files[] = {"sub/roles.docket", "vocab.docket", "guide.txt", "sub"};
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        char *p = xasprintf("%s/%s", tree, files[i]);
        remove(p);
        free(p);
    }
    rmdir(tree);
}

/* The fuzz tree, made once per process; the name the input is given. */
static const char *input_name(void)
{
    static char *name;
    if (name)
        return name;
    char tmpl[] = "/tmp/docket-fuzz-tree.XXXXXX";
    char *dir = mkdtemp(tmpl);
    if (!dir)
        abort();
    tree = xstrdup(dir);
    atexit(remove_tree);
    put(dir, "vocab.docket", "role social_worker \"Social worker\"\nevent visit (seen: bool)\n");
    char *sub = xasprintf("%s/sub", dir);
    if (mkdir(sub, 0700) == 0)
        put(sub, "roles.docket", "role manager \"Manager\"\nimport \"../vocab.docket\"\n");
    free(sub);
    put(dir, "guide.txt", "1. Visits\n\nA visit must take place within 5 days.\n");
    name = xasprintf("%s/input.docket", dir);
    return name;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 1 << 16)
        return 0;
    diag_sink sink;
    diag_init_buffer(&sink);
    ast_program *p = program_load_mem(input_name(), (const char *)data, size, &sink);
    /* Render every diagnostic too: caret widths, excerpts, escaping. */
    FILE *null = fopen("/dev/null", "w");
    if (null) {
        for (size_t i = 0; i < sink.count; i++)
            diag_print_text(null, &sink.items[i], false);
        fclose(null);
    }
    program_free(p);
    diag_free(&sink);
    return 0;
}
