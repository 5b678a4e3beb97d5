/*
 * cli_test.c — `docket test [--filter TEXT] FILE...`: run the test blocks of
 * policy files. Each test is one case: its `given` events, judged `as of`
 * its date, against the expectations it lists.
 */
#include <string.h>

#include "cli.h"
#include "eval.h"

static const char test_usage[] =
    "usage: docket test [--filter TEXT] FILE...\n\n"
    "Run every test block in each policy file (and the files it imports).\n"
    "For each failure, print the test's file:line, the expectation and what\n"
    "the interpreter produced. Ends with the line \"N passed, N failed\".\n\n"
    "  --filter TEXT   run only tests whose name contains TEXT\n\n"
    "Exit status: 0 all passed, 1 a test failed or a file has errors, 2 usage.\n";

static void describe(char *buf, size_t n, const obligation *ob)
{
    char b1[11], b2[11];
    int k = snprintf(buf, n, "%s", status_name(ob->status));
    if (ob->has_due)
        k += snprintf(buf + k, n - (size_t)k, ", due %s", cal_format(ob->due, b1));
    else
        k += snprintf(buf + k, n - (size_t)k, ", due none");
    if (ob->met_by && (ob->status == ST_MET || ob->status == ST_LATE))
        k += snprintf(buf + k, n - (size_t)k, ", met on %s", cal_format(ob->met_by->date, b2));
    if (ob->status == ST_LATE || ob->status == ST_OVERDUE)
        k += snprintf(buf + k, n - (size_t)k, ", %lld %s late", (long long)ob->days_late,
                      ob->days_late == 1 ? "day" : "days");
    if (ob->rule->u.rule.role_decl)
        snprintf(buf + k, n - (size_t)k, ", by %s", ob->rule->u.rule.role_decl->name.text);
}

static bool matches(const expectation *x, const obligation *ob)
{
    if (ob->status != x->status)
        return false;
    if (x->has_due) {
        if (x->due_none ? ob->has_due : (!ob->has_due || ob->due != eval_ast_date(x->due)))
            return false;
    }
    if (x->has_met) {
        if (!ob->met_by || ob->met_by->date != eval_ast_date(x->met))
            return false;
    }
    if (x->has_days_late && ob->days_late != x->days_late)
        return false;
    if (x->has_role && ob->rule->u.rule.role_decl != x->role_decl)
        return false;
    return true;
}

/* Run test T; print failures; return true when it passed. */
static bool run_test(const ast_program *p, const cal_calendar *cal, const decl *td, diag_sink *sink)
{
    const test_decl *t = &td->u.test;
    ev_store st;
    ev_store_init(&st, p);
    ev_add_test_events(&st, t);
    ev_store_finish(&st);
    eval_result res = {0};
    eval_ctx ctx = {p, cal, eval_ast_date(t->as_of), sink, td->sp.file->name};
    if (st.ncases)
        eval_case(&ctx, &st.cases[0], &res);
    bool pass = true, header = false;
    char got[160], want[160];
    int line, col;
    if (res.errors) {
        /* A runtime error (calendar range) fails the test, with its name. */
        printf("FAIL %s (%s:%d)\n", t->name.text, td->sp.file->name,
               (src_file_position(td->sp.file, td->sp.off, &line, &col), line));
        printf("  evaluation error (reported below)\n");
        pass = false;
        header = true;
    }
    for (const expectation *x = t->expects; x; x = x->next) {
        size_t n = 0;
        const obligation *only = NULL;
        bool found = false;
        for (size_t i = 0; i < res.count; i++)
            if (res.items[i].rule == x->rule_decl) {
                n++;
                only = &res.items[i];
                if (x->kind == EXP_STATUS && matches(x, &res.items[i]))
                    found = true;
            }
        bool ok = x->kind == EXP_NOTHING ? n == 0 : x->kind == EXP_COUNT ? (int64_t)n == x->count : found;
        if (ok)
            continue;
        if (!header)
            printf("FAIL %s (%s:%d)\n", t->name.text, td->sp.file->name,
                   (src_file_position(td->sp.file, td->sp.off, &line, &col), line));
        header = true;
        src_file_position(x->sp.file, x->sp.off, &line, &col);
        pass = false;
        printf("  %s:%d: %.*s\n", x->sp.file->name, line, (int)x->sp.len, x->sp.file->text + x->sp.off);
        if (x->kind == EXP_STATUS) {
            if (n == 0)
                printf("    got: no obligation from %s\n", x->rule.text);
            for (size_t i = 0; i < res.count; i++)
                if (res.items[i].rule == x->rule_decl) {
                    describe(got, sizeof got, &res.items[i]);
                    printf("    got: %s\n", got);
                }
            (void)want;
        } else {
            printf("    got: %zu obligation%s from %s\n", n, n == 1 ? "" : "s", x->rule.text);
            if (only && n == 1) {
                describe(got, sizeof got, only);
                printf("         %s\n", got);
            }
        }
    }
    eval_result_free(&res);
    ev_store_free(&st);
    return pass;
}

int cmd_test(int argc, char **argv)
{
    const char *filter = NULL;
    int first = argc;
    for (int i = 1; i < argc; i++) {
        if (cli_is_help(argv[i])) {
            fputs(test_usage, stdout);
            return 0;
        } else if (strcmp(argv[i], "--filter") == 0 && i + 1 < argc) {
            filter = argv[++i];
        } else if (argv[i][0] == '-' && argv[i][1]) {
            return cli_usage_error("test", "unknown option '%s'", argv[i]);
        } else {
            first = i;
            break;
        }
    }
    if (first >= argc)
        return cli_usage_error("test", "no files to test");
    diag_sink sink;
    diag_init(&sink, stderr, DIAG_TEXT);
    sink.color = cli_color(stderr);
    size_t passed = 0, failed = 0;
    bool broken = false;
    for (int i = first; i < argc; i++) {
        ast_program *p = program_load(argv[i], &sink);
        if (!p || p->errors) {
            broken = true;
            program_free(p);
            continue;
        }
        cal_calendar *cal = NULL;
        if (p->calendar_path) {
            cal = cal_load(p->calendar_path, p->policy->u.policy.calendar.text, &sink);
            if (!cal) {
                broken = true;
                program_free(p);
                continue;
            }
        }
        for (size_t k = 0; k < p->tests.count; k++) {
            const decl *td = p->tests.items[k];
            if (filter && !strstr(td->u.test.name.text, filter))
                continue;
            if (run_test(p, cal, td, &sink))
                passed++;
            else
                failed++;
        }
        cal_free(cal);
        program_free(p);
    }
    diag_flush(&sink);
    diag_free(&sink);
    printf("%zu passed, %zu failed\n", passed, failed);
    return failed || broken ? 1 : 0;
}
