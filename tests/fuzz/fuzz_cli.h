/*
 * fuzz_cli.h — what the harnesses that drive docket's commands share
 * (fuzz_date_args, fuzz_eval, fuzz_policy): writing an input to a file,
 * running a command with its output thrown away, and the shipped
 * calendars. Static functions: each harness is one translation unit.
 */
#ifndef DOCKET_FUZZ_CLI_H
#define DOCKET_FUZZ_CLI_H

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Write S[0..N) to PATH (abort on failure: the harness cannot go on). */
static inline void put(const char *path, const char *s, size_t n)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        abort();
    if (n && fwrite(s, 1, n, f) != n)
        abort();
    fclose(f);
}

/* Run CMD with ARGV (NULL-terminated), its output to /dev/null for the
 * call only (the replay driver prints). */
static inline void quietly(int (*cmd)(int, char **), char **argv)
{
    int argc = 0;
    while (argv[argc])
        argc++;
    fflush(stdout);
    fflush(stderr);
    int out = dup(1), err = dup(2), null = open("/dev/null", O_WRONLY);
    if (out < 0 || err < 0 || null < 0)
        abort();
    dup2(null, 1);
    dup2(null, 2);
    (void)cmd(argc, argv);
    fflush(stdout);
    fflush(stderr);
    dup2(out, 1);
    dup2(err, 2);
    close(out);
    close(err);
    close(null);
}

/* DOCKET_CALENDARS, unless set: the repository's calendars. */
static inline void calendars(void)
{
    static char path[4096];
    if (getenv("DOCKET_CALENDARS") || !getcwd(path, sizeof path - 32))
        return;
    strcat(path, "/policies/calendars");
    setenv("DOCKET_CALENDARS", path, 0);
}

#endif
