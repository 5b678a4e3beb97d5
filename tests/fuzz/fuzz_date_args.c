/*
 * fuzz_date_args.c — libFuzzer harness for `docket date`'s argument
 * parsing and arithmetic: the input is split at NUL and space bytes into at
 * most 10 words, which are given to cmd_date as its argv (run from the
 * repository root, so the default calendar is found). Its standard output
 * and standard error go to /dev/null. Crashes, sanitizer findings (overflow in
 * N or in the arithmetic) and leaks are the bugs; usage errors are
 * expected. Built by `make fuzz` (libFuzzer) and by `make test` with the
 * replay driver over tests/fuzz/corpus/date_args/.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <unistd.h>

#include "fuzz_cli.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
/* `docket date` (interpreter/cli/cmd_eval.c; declared here because only
 * interpreter/cli/ includes its header). */
int cmd_date(int argc, char **argv);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 256)
        return 0;
    char *text = malloc(size + 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    static char name[] = "date";
    char *argv[12] = {name};
    int argc = 1;
    char *p = text, *end = text + size;
    while (p < end && argc < 11) {
        while (p < end && (*p == ' ' || *p == '\0'))
            p++;
        if (p == end)
            break;
        argv[argc++] = p;
        while (p < end && *p != ' ' && *p != '\0')
            p++;
        if (p < end)
            *p++ = '\0';
    }
    argv[argc] = NULL;
    quietly(cmd_date, argv);
    free(text);
    return 0;
}
