/*
 * cli_test.c — `docket test [--filter TEXT] FILE...`: run the test blocks of
 * policy files. Each test is one case: its `given` events, judged `as of`
 * its date, against the expectations it lists.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "interpreter/report.h"
#include "interpreter/mutate.h"
#include "interpreter/testrun.h"

static const char test_usage[] =
    "usage: docket test [--filter TEXT] [--format text|json|junit] FILE...\n"
    "       docket test --coverage [--format text|json] [--coverage-min PCT] FILE...\n"
    "       docket test --mutants [--jobs N] FILE...\n\n"
    "Run every test block in each policy file (and the files it imports).\n"
    "For each failure, print the test's file:line, the expectation and what\n"
    "the interpreter produced. Ends with the line \"N passed, N failed\".\n\n"
    "  --filter TEXT       run only tests whose name contains TEXT\n"
    "  --coverage          after the run, report per rule: triggered or not,\n"
    "                      the statuses its obligations reached, and whether\n"
    "                      each condition (where, if, unless, while,\n"
    "                      overrides ... when) was seen both true and false\n"
    "  --format F          text (default); json: every test with its file:line,\n"
    "                      status, duration and what a failure produced (and\n"
    "                      the coverage, with --coverage); junit: JUnit XML\n"
    "  --coverage-min PCT  fail when coverage is below PCT percent\n"
    "  --mutants           change the policy one small thing at a time and\n"
    "                      list the changes no test notices\n"
    "  --jobs N            run each mutant's tests on N threads (default: the\n"
    "                      online CPUs); the results do not depend on N\n\n"
    "Exit status: 0 all passed (and coverage/mutants met), 1 otherwise, 2 usage.\n";

typedef struct cov_total {
    size_t points, hit;
} cov_total;

static void point(cov_total *t, bool hit)
{
    t->points++;
    t->hit += hit;
}

static const char *seen(uint8_t bits)
{
    switch (bits & 3) {
    case 3: return "true and false";
    case 1: return "only true";
    case 2: return "only false";
    default: return "never evaluated";
    }
}

/* Coverage of P's main-file rules from COV; prints text or JSON. */
static void coverage_report(const ast_program *p, const eval_cov *cov, bool json, bool first_file, cov_total *tot)
{
    (void)first_file;
    if (json)
        printf(", \"rules\": [");
    else
        printf("coverage of %s\n", p->main->src->name);
    bool firstr = true;
    for (size_t i = 0; i < p->rules.count; i++) {
        const decl *d = p->rules.items[i];
        if (d->sp.file != p->main->src && !(p->policy && d->sp.file == p->policy->sp.file))
            continue;
        const rule_decl *r = &d->u.rule;
        const rule_cov *c = &cov->rules[i];
        point(tot, c->triggered);
        if (r->trigger_where)
            point(tot, (c->trigger_where & 3) == 3);
        if (r->has_overrides)
            point(tot, (c->overrides_when & 3) == 3);
        /* A `while` whose state is opened by the trigger itself cannot be
         * false at the trigger: no point to cover. */
        bool while_point = r->has_while && r->while_decl;
        if (while_point && r->eff_trigger)
            for (const name_list *f = r->while_decl->u.state.from; f; f = f->next)
                if (f->decl == r->eff_trigger)
                    while_point = false;
        if (while_point)
            point(tot, (c->while_state & 3) == 3);
        int ci = 0;
        for (const cond *k = r->conds; k; k = k->next, ci++)
            point(tot, ci < 16 && (c->conds[ci] & 3) == 3);
        int line, col;
        src_file_position(d->sp.file, d->sp.off, &line, &col);
        if (json) {
            printf("%s\n    {\"rule\": ", firstr ? "" : ",");
            json_fput_string(stdout, d->name.text);
            printf(", \"file\": ");
            json_fput_string(stdout, d->sp.file->name);
            printf(", \"line\": %d, \"triggered\": %s, \"statuses\": [", line, c->triggered ? "true" : "false");
            bool fs = true;
            for (int st = 0; st <= ST_CANCELLED; st++)
                if (c->statuses & (1u << st)) {
                    printf("%s\"%s\"", fs ? "" : ", ", status_name((ob_status)st));
                    fs = false;
                }
            printf("], \"conditions\": [");
            bool fc = true;
#define JC(name, bits)                                                                                  \
    do {                                                                                                \
        printf("%s{\"clause\": \"%s\", \"true\": %s, \"false\": %s}", fc ? "" : ", ", name,          \
               (bits) & 1 ? "true" : "false", (bits) & 2 ? "true" : "false");                          \
        fc = false;                                                                                     \
    } while (0)
            if (r->trigger_where)
                JC("when ... where", c->trigger_where);
            ci = 0;
            for (const cond *k = r->conds; k; k = k->next, ci++)
                JC(k->kind == COND_IF ? "if" : "unless", ci < 16 ? c->conds[ci] : 0);
            if (while_point)
                JC("while", c->while_state);
            if (r->has_overrides)
                JC("overrides ... when", c->overrides_when);
#undef JC
            printf("]}");
            firstr = false;
            continue;
        }
        printf("  %-36s %s:%d  %s", d->name.text, d->sp.file->name, line, c->triggered ? "triggered" : "NOT TRIGGERED");
        if (c->statuses) {
            printf(";");
            for (int st = 0; st <= ST_CANCELLED; st++)
                if (c->statuses & (1u << st))
                    printf(" %s", status_name((ob_status)st));
        }
        printf("\n");
        if (r->trigger_where)
            printf("      when ... where %.*s: %s\n", (int)r->trigger_where->sp.len,
                   r->trigger_where->sp.file->text + r->trigger_where->sp.off, seen(c->trigger_where));
        ci = 0;
        for (const cond *k = r->conds; k; k = k->next, ci++)
            printf("      %s %.*s: %s\n", k->kind == COND_IF ? "if" : "unless", (int)k->e->sp.len,
                   k->e->sp.file->text + k->e->sp.off, seen(ci < 16 ? c->conds[ci] : 0));
        if (while_point)
            printf("      while %s: %s\n", r->while_state.text, seen(c->while_state));
        if (r->has_overrides)
            printf("      overrides %s when %.*s: %s\n", r->overrides.text, (int)r->overrides_when->sp.len,
                   r->overrides_when->sp.file->text + r->overrides_when->sp.off, seen(c->overrides_when));
    }
    if (json)
        printf("\n  ]");
}

/* Mutation checks of P; prints survivors; returns how many survived. */
static size_t mutants(FILE *mo, ast_program *p, const cal_calendar *cal, int jobs, size_t *total,
                      size_t *accepted_n, size_t *stale_n)
{
    mutant_list ml;
    mut_collect(p, &ml);
    size_t survived = 0;
    bool *accepted_used = xcalloc(p->mutants.count + 1, sizeof *accepted_used);
    for (size_t i = 0; i < ml.count; i++) {
        mutant *m = &ml.items[i];
        mut_apply(m);
        size_t failed = testrun_all_quiet_jobs(p, cal, NULL, jobs);
        mut_revert(m);
        if (failed != 0)
            continue;
        char *full = xasprintf("%s%s%s", m->desc, m->rule ? " in rule " : "", m->rule ? m->rule->name.text : "");
        bool accepted = false;
        for (size_t k = 0; k < p->mutants.count; k++)
            if (strcmp(p->mutants.items[k]->u.uncited.sentence.text, full) == 0) {
                accepted = accepted_used[k] = true;
            }
        if (accepted)
            (*accepted_n)++;
        if (!accepted) {
            int line, col;
            src_file_position(m->sp.file, m->sp.off, &line, &col);
            fprintf(mo, "%s:%d:%d: mutant survived: %s\n", m->sp.file->name, line, col, full);
            survived++;
        }
        free(full);
    }
    for (size_t k = 0; k < p->mutants.count; k++) {
        if (accepted_used[k])
            continue;
        const decl *d = p->mutants.items[k];
        int line, col;
        src_file_position(d->sp.file, d->sp.off, &line, &col);
        fprintf(mo, "%s:%d:%d: no surviving mutant matches this accepted one (the tests now catch it, or the text differs): remove or correct it\n",
               d->sp.file->name, line, col);
        (*stale_n)++;
    }
    free(accepted_used);
    *total = ml.count;
    mut_free(&ml);
    return survived;
}

typedef enum { TF_TEXT, TF_JSON, TF_JUNIT } test_format;

/* Seconds on a monotonic clock. */
static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* S with the five XML special characters escaped, to OUT. Control
 * characters other than tab and newline (not allowed in XML 1.0) become
 * '?'. */
static void xml_put(FILE *out, const char *s)
{
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        switch (c) {
        case '&': fputs("&amp;", out); break;
        case '<': fputs("&lt;", out); break;
        case '>': fputs("&gt;", out); break;
        case '"': fputs("&quot;", out); break;
        case '\'': fputs("&apos;", out); break;
        default: fputc(c < 0x20 && c != '\t' && c != '\n' ? '?' : c, out); break;
        }
    }
}

/* One test's result in the JSON report (one object) or as a JUnit
 * <testcase> on OUT. STATUS is passed, failed, error or skipped. */
static void report_test(FILE *out, test_format tf, bool first, const decl *td, const test_outcome *oc,
                        const char *status, double secs)
{
    int line, col;
    src_file_position(td->sp.file, td->sp.off, &line, &col);
    const char *file = td->sp.file->name;
    if (tf == TF_JSON) {
        fprintf(out, "%s\n      {\"name\": ", first ? "" : ",");
        json_fput_string(out, td->u.test.name.text);
        fputs(", \"file\": ", out);
        json_fput_string(out, file);
        fprintf(out, ", \"line\": %d, \"status\": \"%s\", \"duration\": %.6f, \"failures\": [", line, status, secs);
        for (size_t i = 0; oc && i < oc->count; i++) {
            const test_miss *m = &oc->misses[i];
            fprintf(out, "%s{\"file\": ", i ? ", " : "");
            json_fput_string(out, m->file);
            fprintf(out, ", \"line\": %d, \"expectation\": ", m->line);
            json_fput_string(out, m->expectation);
            fputs(", \"got\": [", out);
            for (size_t k = 0; k < m->ngot; k++) {
                fputs(k ? ", " : "", out);
                json_fput_string(out, m->got[k]);
            }
            fputs("]}", out);
        }
        fputs("]}", out);
        return;
    }
    fputs("    <testcase name=\"", out);
    xml_put(out, td->u.test.name.text);
    fputs("\" classname=\"", out);
    xml_put(out, file);
    fputs("\" file=\"", out);
    xml_put(out, file);
    fprintf(out, "\" line=\"%d\" time=\"%.6f\"", line, secs);
    if (strcmp(status, "passed") == 0) {
        fputs("/>\n", out);
        return;
    }
    fputs(">\n", out);
    if (strcmp(status, "skipped") == 0) {
        fputs("      <skipped message=\"not selected by --filter\"/>\n", out);
    } else if (strcmp(status, "error") == 0) {
        fputs("      <error message=\"evaluation error\" type=\"evaluation\">the evaluation stopped: a date outside the calendar's years (run docket test for the diagnostic)</error>\n", out);
    } else {
        fprintf(out, "      <failure message=\"%zu expectation%s not met\" type=\"expectation\">", oc->count,
                oc->count == 1 ? "" : "s");
        for (size_t i = 0; i < oc->count; i++) {
            const test_miss *m = &oc->misses[i];
            fprintf(out, "%s", i ? "\n" : "");
            xml_put(out, m->file);
            fprintf(out, ":%d: ", m->line);
            xml_put(out, m->expectation);
            for (size_t k = 0; k < m->ngot; k++) {
                fputs("\n  got: ", out);
                xml_put(out, m->got[k]);
            }
        }
        fputs("</failure>\n", out);
    }
    fputs("    </testcase>\n", out);
}

/* What `docket test` was asked. */
typedef struct test_opts {
    const char *filter;
    test_format tf;
    bool want_cov, want_mut;
    double cov_min;      /* -1: no minimum */
    int jobs;            /* threads for each mutant's run of the suite */
} test_opts;

/* One run of `docket test` over its files: options, outputs and totals. */
typedef struct test_session {
    test_opts o;
    diag_sink sink;
    /* With --format json or junit, failures are in the report, mutants on
     * standard error, so that standard output is one document. */
    FILE *out;           /* failures as text, or NULL */
    FILE *mo;            /* mutants */
    FILE *rep;           /* JUnit: the suites, in memory (the counts come first) */
    /* JUnit's counts: test cases, failures and errors (a test whose
     * evaluation stopped, or a file that does not check). */
    size_t j_tests, j_failures;
    size_t passed, failed, errored, skipped, survived, nmutants, naccepted, nstale;
    cov_total tot;
    bool broken;         /* a file did not check */
} test_session;

/* The options of ARGV into O and the index of the first file into *FIRST.
 * Returns -1 to go on, or the exit status (help printed, usage error). */
static int parse_test_args(int argc, char **argv, test_opts *o, int *first)
{
    const char *format = "text", *jobs_s = NULL;
    *o = (test_opts){.tf = TF_TEXT, .cov_min = -1};
    *first = argc;
    for (int i = 1; i < argc; i++) {
        if (cli_is_help(argv[i])) {
            fputs(test_usage, stdout);
            return 0;
        } else if (cli_value_missing(argc, argv, i, "test", (const char *const[]){"--filter", "--format", "--coverage-min", "--jobs", NULL})) {
            return 2;
        } else if (strcmp(argv[i], "--jobs") == 0 && i + 1 < argc) {
            jobs_s = argv[++i];
        } else if (strcmp(argv[i], "--filter") == 0 && i + 1 < argc) {
            o->filter = argv[++i];
        } else if (strcmp(argv[i], "--coverage") == 0) {
            o->want_cov = true;
        } else if (strcmp(argv[i], "--mutants") == 0) {
            o->want_mut = true;
        } else if (strcmp(argv[i], "--format") == 0 && i + 1 < argc) {
            format = argv[++i];
            if (strcmp(format, "text") != 0 && strcmp(format, "json") != 0 && strcmp(format, "junit") != 0)
                return cli_usage_error("test", "unknown format '%s' (text, json or junit)", format);
        } else if (strcmp(argv[i], "--coverage-min") == 0 && i + 1 < argc) {
            char *end;
            o->cov_min = strtod(argv[++i], &end);
            if (*end || o->cov_min < 0 || o->cov_min > 100)
                return cli_usage_error("test", "--coverage-min takes a percentage from 0 to 100");
            o->want_cov = true;
        } else if (strcmp(argv[i], "--") == 0) {
            *first = i + 1;
            break;
        } else if (argv[i][0] == '-' && argv[i][1]) {
            return cli_usage_error("test", "unknown option '%s'", argv[i]);
        } else {
            *first = i;
            break;
        }
    }
    if (*first >= argc)
        return cli_usage_error("test", "no files to test");
    if (!cli_jobs(jobs_s, "test", &o->jobs))
        return 2;
    o->tf = strcmp(format, "json") == 0 ? TF_JSON : strcmp(format, "junit") == 0 ? TF_JUNIT : TF_TEXT;
    if (o->tf == TF_JUNIT && o->want_cov)
        return cli_usage_error("test", "--coverage reports as text or json, not junit");
    return -1;
}

/* A file that does not check: no tests in the JSON report, one error test
 * case in the JUnit one, holding the diagnostics FS collected for it. */
static void report_unchecked(test_session *s, const char *path, const diag_sink *fs)
{
    s->broken = true;
    if (s->o.tf == TF_JSON)
        printf("]%s}", s->o.want_cov ? ", \"rules\": []" : "");
    if (s->o.tf != TF_JUNIT)
        return;
    FILE *rep = s->rep;
    fputs("  <testsuite name=\"", rep);
    xml_put(rep, path);
    fputs("\" tests=\"1\" failures=\"0\" errors=\"1\" skipped=\"0\" time=\"0\">\n"
          "    <testcase name=\"docket check\" classname=\"", rep);
    xml_put(rep, path);
    fputs("\" file=\"", rep);
    xml_put(rep, path);
    fprintf(rep, "\" time=\"0\">\n      <error message=\"the policy does not check: %zu error%s\" type=\"check\">",
            fs->errors, fs->errors == 1 ? "" : "s");
    char *text = NULL;
    size_t tlen = 0;
    FILE *m = open_memstream(&text, &tlen);
    if (m) {
        for (size_t i = 0; i < fs->count; i++)
            diag_print_text(m, &fs->items[i], false);
        fclose(m);
        xml_put(rep, text ? text : "");
        free(text);
    }
    fputs("</error>\n    </testcase>\n  </testsuite>\n", rep);
    s->errored++;
    s->j_tests++;
}

/* Every test of P (file PATH) selected by the filter, each reported as the
 * format says; coverage into COV when asked. Returns how many failed. */
static size_t run_tests(test_session *s, const ast_program *p, const cal_calendar *cal, eval_cov *cov,
                        const char *path)
{
    test_format tf = s->o.tf;
    size_t failed_here = 0, errors_here = 0, skipped_here = 0, ran = 0;
    double t_file = now_seconds();
    char *sbuf_ = NULL;
    size_t slen = 0;
    FILE *suite = tf == TF_JUNIT ? open_memstream(&sbuf_, &slen) : NULL;
    FILE *to = tf == TF_JSON ? stdout : suite;
    for (size_t k = 0; k < p->tests.count; k++) {
        const decl *td = p->tests.items[k];
        if (s->o.filter && !strstr(td->u.test.name.text, s->o.filter)) {
            skipped_here++;
            if (tf != TF_TEXT)
                report_test(to, tf, ran + skipped_here == 1, td, NULL, "skipped", 0);
            continue;
        }
        test_outcome oc;
        double t0 = now_seconds();
        bool pass = testrun_one_ex(p, cal, td, s->out, &s->sink, cov, tf != TF_TEXT ? &oc : NULL);
        double secs = now_seconds() - t0;
        ran++;
        if (pass)
            s->passed++;
        else
            failed_here++;
        if (tf != TF_TEXT) {
            const char *status = pass ? "passed" : oc.error ? "error" : "failed";
            if (!pass && oc.error)
                errors_here++;
            report_test(to, tf, ran + skipped_here == 1, td, &oc, status, secs);
            test_outcome_free(&oc);
        }
    }
    s->failed += failed_here;
    s->skipped += skipped_here;
    if (tf == TF_JSON)
        printf("\n    ]");
    if (suite) {
        fclose(suite);
        fputs("  <testsuite name=\"", s->rep);
        xml_put(s->rep, path);
        fprintf(s->rep, "\" tests=\"%zu\" failures=\"%zu\" errors=\"%zu\" skipped=\"%zu\" time=\"%.6f\">\n",
                ran + skipped_here, failed_here - errors_here, errors_here, skipped_here, now_seconds() - t_file);
        fwrite(sbuf_, 1, slen, s->rep);
        fputs("  </testsuite>\n", s->rep);
        free(sbuf_);
        s->errored += errors_here;
        s->j_tests += ran + skipped_here;
        s->j_failures += failed_here - errors_here;
    }
    return failed_here;
}

/* The file PATH: loaded and checked, its tests run, its coverage and its
 * mutants reported as asked. FIRST: it is the first file (JSON commas). */
static void test_file(test_session *s, const char *path, bool first)
{
    bool json = s->o.tf == TF_JSON;
    /* For JUnit, a file's own diagnostics are kept for its report (and
     * printed on standard error after it). */
    diag_sink fs;
    diag_sink *ls = &s->sink;
    if (s->o.tf == TF_JUNIT) {
        diag_init_buffer(&fs);
        ls = &fs;
    }
    ast_program *p = program_load(path, ls);
    cal_calendar *cal = NULL;
    bool ok = p && !p->errors;
    if (ok && p->calendar_path) {
        cal = cal_load(p->calendar_path, p->policy->u.policy.calendar.text, ls);
        ok = cal != NULL;
    }
    if (ls == &fs) {
        if (!ok)
            report_unchecked(s, path, &fs);
        fs.out = stderr;
        fs.format = cli_diagnostics;
        fs.color = cli_diagnostics == DIAG_TEXT && cli_color(stderr);
        diag_flush(&fs);
        diag_free(&fs);
        if (!ok) {
            cal_free(cal);
            program_free(p);
            return;
        }
    }
    if (json) {
        printf("%s\n  {\"file\": ", first ? "" : ",");
        json_fput_string(stdout, path);
        printf(", \"checked\": %s, \"tests\": [", ok ? "true" : "false");
    }
    if (!ok) {
        report_unchecked(s, path, &s->sink);
        cal_free(cal);
        program_free(p);
        return;
    }
    eval_cov cov = {NULL, 0};
    if (s->o.want_cov) {
        cov.nrules = p->rules.count;
        cov.rules = xcalloc(cov.nrules ? cov.nrules : 1, sizeof *cov.rules);
    }
    size_t failed_here = run_tests(s, p, cal, s->o.want_cov ? &cov : NULL, path);
    if (s->o.want_cov)
        coverage_report(p, &cov, json, first, &s->tot);
    if (json)
        printf("}");
    if (s->o.want_mut && failed_here) {
        fprintf(s->mo, "%s: mutation checks skipped: the tests must pass first\n", path);
    } else if (s->o.want_mut) {
        size_t n = 0;
        s->survived += mutants(s->mo, p, cal, s->o.jobs, &n, &s->naccepted, &s->nstale);
        s->nmutants += n;
    }
    free(cov.rules);
    cal_free(cal);
    program_free(p);
}

/* The totals: the end of the JSON document, the coverage line, the JUnit
 * document around its suites (JUNIT, XLEN bytes), the mutants line, the
 * text summary. Returns the exit status. */
static int report_totals(test_session *s, const char *junit, size_t xlen, double t_all)
{
    const test_opts *o = &s->o;
    /* Nothing to cover counts as covered, unless a policy did not check. */
    double pct = s->tot.points ? 100.0 * (double)s->tot.hit / (double)s->tot.points : s->broken ? 0.0 : 100.0;
    if (o->tf == TF_JSON) {
        printf("\n], \"passed\": %zu, \"failed\": %zu, \"skipped\": %zu", s->passed, s->failed, s->skipped);
        if (o->want_cov)
            printf(", \"points\": %zu, \"covered\": %zu, \"percent\": %.1f", s->tot.points, s->tot.hit, pct);
        printf("}\n");
    } else if (o->want_cov) {
        printf("coverage: %zu of %zu points (rules triggered, conditions seen true and false): %.1f%%\n", s->tot.hit,
               s->tot.points, pct);
    }
    if (o->tf == TF_JUNIT) {
        printf("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
               "<testsuites name=\"docket test\" tests=\"%zu\" failures=\"%zu\" errors=\"%zu\" skipped=\"%zu\" "
               "time=\"%.6f\">\n",
               s->j_tests, s->j_failures, s->errored, s->skipped, now_seconds() - t_all);
        fwrite(junit, 1, xlen, stdout);
        printf("</testsuites>\n");
    }
    if (o->want_mut)
        fprintf(s->mo, "mutants: %zu generated, %zu killed, %zu accepted as equivalent, %zu survived%s\n",
                s->nmutants, s->nmutants - s->survived - s->naccepted, s->naccepted, s->survived,
                s->nstale ? " (and stale mutant declarations, listed above)" : "");
    bool cov_fail = o->want_cov && o->cov_min >= 0 && pct + 1e-9 < o->cov_min;
    if (cov_fail)
        fprintf(stderr, "docket test: coverage %.1f%% is below --coverage-min %.1f%%\n", pct, o->cov_min);
    if (o->tf == TF_TEXT)
        printf("%zu passed, %zu failed\n", s->passed, s->failed);
    return s->failed || s->broken || cov_fail || s->survived || s->nstale ? 1 : 0;
}

int cmd_test(int argc, char **argv)
{
    test_session s = {0};
    int first;
    int rc = parse_test_args(argc, argv, &s.o, &first);
    if (rc >= 0)
        return rc;
    test_format tf = s.o.tf;
    cli_diag_init(&s.sink, tf == TF_JSON);
    s.out = tf == TF_TEXT ? stdout : NULL;
    s.mo = tf == TF_TEXT ? stdout : stderr;
    char *xbuf = NULL;
    size_t xlen = 0;
    s.rep = tf == TF_JUNIT ? open_memstream(&xbuf, &xlen) : stdout;
    if (!s.rep) {
        fprintf(stderr, "docket test: cannot allocate the report\n");
        return 1;
    }
    double t_all = now_seconds();
    if (tf == TF_JSON)
        printf("{\"format_version\": 1, \"files\": [");
    for (int i = first; i < argc; i++)
        test_file(&s, argv[i], i == first);
    diag_flush(&s.sink);
    diag_free(&s.sink);
    if (tf == TF_JUNIT)
        fclose(s.rep);
    rc = report_totals(&s, xbuf, xlen, t_all);
    free(xbuf);
    return rc;
}
