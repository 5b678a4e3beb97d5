/*
 * fuzz_policy.c — libFuzzer harness for the commands that take a policy
 * alone and write something from it: the input is a policy, written to a
 * temporary directory (beside a source document, guide.txt, for `source`
 * and `doc --coverage`), then, as the command line would,
 *   docket doc p.docket --format F        (F: markdown, html)
 *   docket doc p.docket --coverage
 *   docket graph p.docket
 *   docket test --format F --coverage --jobs 1 p.docket   (F: text, json, junit)
 *   docket test --mutants --jobs 1 p.docket
 *   docket check p.docket --format F      (F: text, json, sarif, github)
 * run, their output to /dev/null. Crashes, sanitizer findings and leaks
 * are the bugs; diagnostics and failing tests are expected. Calendars are
 * found in policies/calendars/ (DOCKET_CALENDARS, unless set: the harness
 * runs from the repository root). Built by
 * `make fuzz` (libFuzzer) and by `make test` with the replay driver over
 * tests/fuzz/corpus/policy/.
 */
#include <fcntl.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz_cli.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
/* The commands (interpreter/cli/; declared here because only
 * interpreter/cli/ includes its header). */
int cmd_doc(int argc, char **argv);
int cmd_graph(int argc, char **argv);
int cmd_test(int argc, char **argv);
int cmd_check(int argc, char **argv);

static char dir[] = "/tmp/docket-fuzz-policy.XXXXXX";
static char pol[64], guide[64];

/* Remove the temporary files at exit. */
static void cleanup(void)
{
    unlink(pol);
    unlink(guide);
    rmdir(dir);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 1 << 14)
        return 0;
    if (!pol[0]) {
        if (!mkdtemp(dir))
            abort();
        snprintf(pol, sizeof pol, "%s/p.docket", dir);
        snprintf(guide, sizeof guide, "%s/guide.txt", dir);
        static const char text[] =
            "1. Visits\n\nA visit must take place within 5 days of a referral.\n\n"
            "2. Plans\n\nThe plan should be reviewed every 3 months.\n\n"
            "3. Meetings\n\nThe record of supervision order meetings should be circulated by the social "
            "worker to all participants within 5 working days. A supervision order can be made for a "
            "period of up to a year.\n";
        put(guide, text, sizeof text - 1);
        atexit(cleanup);
        calendars();
    }
    put(pol, (const char *)data, size);
    static char doc[] = "doc", graph[] = "graph", test[] = "test", check[] = "check", format[] = "--format",
                coverage[] = "--coverage", mutants[] = "--mutants", jobs[] = "--jobs", one[] = "1";
    static char f_md[] = "markdown", f_html[] = "html", f_text[] = "text", f_json[] = "json", f_junit[] = "junit",
                f_sarif[] = "sarif", f_github[] = "github";
    char *docf[] = {f_md, f_html};
    for (size_t k = 0; k < 2; k++) {
        char *argv[] = {doc, pol, format, docf[k], NULL};
        quietly(cmd_doc, argv);
    }
    {
        char *argv[] = {doc, pol, coverage, NULL};
        quietly(cmd_doc, argv);
    }
    {
        char *argv[] = {graph, pol, NULL};
        quietly(cmd_graph, argv);
    }
    char *testf[] = {f_text, f_json, f_junit};
    for (size_t k = 0; k < 3; k++) {
        char *argv[] = {test, format, testf[k], coverage, jobs, one, pol, NULL};
        quietly(cmd_test, argv);
    }
    {
        char *argv[] = {test, mutants, jobs, one, pol, NULL};
        quietly(cmd_test, argv);
    }
    char *checkf[] = {f_text, f_json, f_sarif, f_github};
    for (size_t k = 0; k < 4; k++) {
        char *argv[] = {check, pol, format, checkf[k], NULL};
        quietly(cmd_check, argv);
    }
    return 0;
}
