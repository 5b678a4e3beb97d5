/*
 * fuzz_eval.c — libFuzzer harness for the evaluator and every report
 * format, and for diff. The input is a policy and a case event file in one:
 * the bytes before the first line "---" are the policy, those after it the
 * events (CSV; JSON Lines when the events start with '{'). Both are written
 * to a temporary directory, then, as the command line would,
 *   docket eval p.docket EVENTS --as-of 2025-06-01 --format F --null NULL
 *   (F: text, json, csv, html; and text with --explain --group-by rule;
 *   with --dates dmy too when the events hold a '/'), and
 *   docket diff p.docket q.docket --format F   (F: text, json, markdown)
 * run with q.docket a mutated copy of the policy (every digit one higher,
 * so durations and dates change). Their output goes to /dev/null. Crashes,
 * sanitizer findings and leaks are the bugs; diagnostics are expected.
 * Calendars are found in policies/calendars/ (DOCKET_CALENDARS, unless
 * set: the harness runs from the repository root), so that working-day
 * deadlines are evaluated too.
 * Built by `make fuzz` (libFuzzer) and by `make test` with the replay
 * driver over tests/fuzz/corpus/eval/.
 */
#include <fcntl.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fuzz_cli.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
/* The commands (interpreter/cli/; declared here because only
 * interpreter/cli/ includes its header). */
int cmd_eval(int argc, char **argv);
int cmd_diff(int argc, char **argv);

static char dir[] = "/tmp/docket-fuzz-eval.XXXXXX";
static char pol[64], mut[64], evc[64], evj[64];

/* Remove the temporary files at exit. */
static void cleanup(void)
{
    unlink(pol);
    unlink(mut);
    unlink(evc);
    unlink(evj);
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
        snprintf(mut, sizeof mut, "%s/q.docket", dir);
        snprintf(evc, sizeof evc, "%s/e.csv", dir);
        snprintf(evj, sizeof evj, "%s/e.jsonl", dir);
        atexit(cleanup);
        calendars();
    }
    const char *s = (const char *)data;
    size_t plen = size;
    const char *ev = "";
    size_t elen = 0;
    for (size_t i = 0; i + 4 <= size; i++)
        if ((i == 0 || s[i - 1] == '\n') && memcmp(s + i, "---\n", 4) == 0) {
            plen = i;
            ev = s + i + 4;
            elen = size - i - 4;
            break;
        }
    put(pol, s, plen);
    char *q = malloc(plen + 1);
    if (!q)
        return 0;
    for (size_t i = 0; i < plen; i++)
        q[i] = s[i] >= '0' && s[i] <= '8' ? (char)(s[i] + 1) : s[i];
    put(mut, q, plen);
    free(q);
    char *events = elen && ev[0] == '{' ? evj : evc;
    put(events, ev, elen);
    static char eval[] = "eval", diff[] = "diff", asof[] = "--as-of", date[] = "2025-06-01",
                format[] = "--format", jobs[] = "--jobs", one[] = "1", null[] = "--null", nulltext[] = "NULL",
                explain[] = "--explain", groupby[] = "--group-by", rule[] = "rule", dates[] = "--dates",
                f_dmy[] = "dmy";
    static char f_text[] = "text", f_json[] = "json", f_csv[] = "csv", f_html[] = "html", f_md[] = "markdown";
    /* Day-first dates when the events look like a UK export's. */
    bool dmy = memchr(ev, '/', elen) != NULL;
    char *eformats[] = {f_text, f_json, f_csv, f_html};
    for (size_t k = 0; k < 5; k++) {
        char *argv[20] = {eval, pol, events, asof, date, format, eformats[k % 4], jobs, one, null, nulltext};
        int n = 11;
        if (k == 4) { /* the text report again, explained and grouped */
            argv[n++] = explain;
            argv[n++] = groupby;
            argv[n++] = rule;
        }
        if (dmy) {
            argv[n++] = dates;
            argv[n++] = f_dmy;
        }
        argv[n] = NULL;
        quietly(cmd_eval, argv);
    }
    char *dformats[] = {f_text, f_json, f_md};
    for (size_t k = 0; k < 3; k++) {
        char *argv[] = {diff, pol, mut, format, dformats[k], NULL};
        quietly(cmd_diff, argv);
    }
    return 0;
}
