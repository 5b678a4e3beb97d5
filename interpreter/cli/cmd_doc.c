/*
 * cli_doc.c — `docket doc POLICY [--format markdown|html] [--coverage]`:
 * the policy as a quick guide (what, who, by when, condition, section), and
 * the coverage of the source document's normative sentences.
 */
#include <stdlib.h>
#include <string.h>

#include "lang/source.h"
#include "cli.h"

static const char doc_usage[] =
    "usage: docket doc POLICY [--format markdown|html]\n"
    "       docket doc POLICY --coverage\n\n"
    "Write the policy as a quick guide: one row per rule saying what must\n"
    "happen, who is responsible, by when, under which condition, and the\n"
    "section of the guidance it comes from. --format html gives a\n"
    "self-contained page.\n\n"
    "With --coverage, list the normative sentences of the policy's source\n"
    "document (those with must, should, will, shall, within, no later than,\n"
    "at least, every, required) that no rule quotes and no `uncited`\n"
    "declaration accounts for. Exit status 1 when any remain.\n";

typedef struct out {
    FILE *f;
    bool html;
} out;

/* Text escaped for the output format. */
static void put(out *o, const char *s)
{
    for (; *s; s++) {
        if (o->html) {
            switch (*s) {
            case '<': fputs("&lt;", o->f); continue;
            case '>': fputs("&gt;", o->f); continue;
            case '&': fputs("&amp;", o->f); continue;
            case '"': fputs("&quot;", o->f); continue;
            default: break;
            }
        } else if (*s == '|') {
            fputs("\\|", o->f);
            continue;
        } else if (*s == '\n') {
            fputc(' ', o->f);
            continue;
        }
        fputc(*s, o->f);
    }
}

static void put_src(out *o, const span *sp)
{
    char *t = xstrndup(sp->file->text + sp->off, sp->len);
    /* Fold line breaks inside the expression. */
    for (char *p = t; *p; p++)
        if (*p == '\n' || *p == '\t')
            *p = ' ';
    put(o, t);
    free(t);
}

static void put_dur(out *o, duration d)
{
    char buf[64];
    snprintf(buf, sizeof buf, "%lld %s", (long long)d.n, dur_unit_name(d.unit, d.n != 1));
    put(o, buf);
}

static void when_text(out *o, const decl *d)
{
    const rule_decl *r = &d->u.rule;
    if (r->has_trigger) {
        put(o, "when ");
        for (const name_list *n = r->triggers; n; n = n->next) {
            put(o, n->name.text);
            if (n->next)
                put(o, " or ");
        }
        if (r->trig != TRIG_EVENT)
            put(o, r->trig == TRIG_OVERDUE ? " is overdue (from the day after its due date)" : " is breached");
        if (r->trigger_where) {
            put(o, " where ");
            put_src(o, &r->trigger_where->sp);
        }
    } else if (r->overrides_decl && r->overrides_decl->u.rule.has_trigger) {
        put(o, "when ");
        put(o, r->overrides_decl->u.rule.trigger.text);
    }
    if (r->has_overrides) {
        put(o, "; instead of ");
        put(o, r->overrides.text);
        put(o, " when ");
        put_src(o, &r->overrides_when->sp);
    }
    for (const cond *k = r->conds; k; k = k->next) {
        put(o, k->kind == COND_IF ? "; if " : "; unless ");
        put_src(o, &k->e->sp);
    }
    if (r->has_while) {
        put(o, "; while ");
        put(o, r->while_state.text);
    }
    if (r->edition_decl) {
        put(o, "; edition ");
        put(o, r->edition_decl->name.text);
        put(o, " only");
    }
}

static void by_when(out *o, const rule_decl *r)
{
    const deadline *dl = &r->due;
    switch (dl->kind) {
    case DL_NONE:
        if (r->forbids) {
            put(o, "not before ");
            put_src(o, &r->not_before->sp);
            break;
        }
        put(o, r->require ? "at the trigger" : !r->has_duty ? "—" : "no timescale given");
        break;
    case DL_WITHIN:
        put(o, "within ");
        put_dur(o, dl->within);
        put(o, " of ");
        put_src(o, &dl->of->sp);
        if (dl->inclusive)
            put(o, " (that day counts as day 1)");
        break;
    case DL_BY:
        put(o, "by ");
        put_src(o, &dl->by->sp);
        break;
    case DL_BETWEEN:
        put(o, "between ");
        put_src(o, &dl->by->sp);
        put(o, " and ");
        put_src(o, &dl->to->sp);
        break;
    case DL_BEFORE:
        put(o, "before ");
        put(o, dl->before.text);
        if (dl->before_where) {
            put(o, " where ");
            put_src(o, &dl->before_where->sp);
        }
        break;
    case DL_SCHEDULE:
        put(o, "at ");
        for (const milestone *m = dl->milestones; m; m = m->next) {
            put_dur(o, m->dur);
            put(o, m->next ? (m->next->next ? ", " : " and ") : "");
        }
        put(o, " after ");
        put_src(o, &dl->of->sp);
        break;
    }
}

static void what(out *o, const rule_decl *r)
{
    if (r->require) {
        put(o, "require ");
        put_src(o, &r->require->sp);
        return;
    }
    if (!r->has_duty) {
        if (r->has_overrides) {
            put(o, "no duty: cancels ");
            put(o, r->overrides.text);
        }
        return;
    }
    if (r->is_next)
        put(o, "the next ");
    if (r->forbids)
        put(o, "no ");
    put(o, r->action_text);
    if (r->duty_where) {
        put(o, " where ");
        put_src(o, &r->duty_where->sp);
    }
}

/* The editions of the procedure, each with its period and source. */
static void editions(out *o, const ast_program *p)
{
    if (p->editions.count == 0)
        return;
    char b[11];
    fputs(o->html ? "<h2>Editions</h2>\n<ul>\n" : "\n## Editions\n\n", o->f);
    for (size_t i = 0; i < p->editions.count; i++) {
        const decl *e = p->editions.items[i];
        fputs(o->html ? "<li>" : "- ", o->f);
        put(o, "Edition ");
        put(o, e->name.text);
        put(o, ", “");
        put(o, e->u.edition.title.text);
        put(o, "”: in force from ");
        put(o, ast_date_format(e->u.edition.from, b));
        if (e->u.edition.until) {
            put(o, " until ");
            put(o, ast_date_format(ast_date_add_days(e->u.edition.until, -1), b));
        } else {
            put(o, " onwards");
        }
        put(o, "; source ");
        put(o, e->u.edition.source.text);
        put(o, ". Rules marked \"edition ");
        put(o, e->name.text);
        put(o, " only\" apply to triggers in this period.");
        fputs(o->html ? "</li>\n" : "\n", o->f);
    }
}

static void guide(FILE *f, const ast_program *p, bool html)
{
    out o = {f, html};
    const policy_decl *pd = p->policy ? &p->policy->u.policy : NULL;
    const char *title = pd && pd->title.present ? pd->title.text : (pd ? pd->qualified.text : p->main->src->name);
    char b[11];
    if (html) {
        fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>", f);
        put(&o, title);
        fputs("</title>\n<style>\nbody{font-family:system-ui,sans-serif;margin:2em;max-width:75em;color:#222}\n"
              "table{border-collapse:collapse;width:100%;margin-bottom:2em}\n"
              "th,td{border:1px solid #bbb;padding:.4em;vertical-align:top;text-align:left}\n"
              "th{background:#eee}\nblockquote{margin:0;color:#555;font-style:italic}\n.note{color:#805000}\n"
              "</style>\n</head>\n<body>\n<h1>", f);
        put(&o, title);
        fputs(" — quick guide</h1>\n<p>", f);
    } else {
        fputs("# ", f);
        put(&o, title);
        fputs(" — quick guide\n\n", f);
    }
    if (pd) {
        if (pd->authority.present) {
            put(&o, pd->authority.text);
            put(&o, ". ");
        }
        if (pd->version.present) {
            put(&o, "Version ");
            put(&o, pd->version.text);
            put(&o, ". ");
        }
        if (pd->has_review) {
            put(&o, "To be reviewed by ");
            put(&o, ast_date_format(pd->review, b));
            put(&o, ". ");
        }
    }
    put(&o, "Generated by docket doc from ");
    put(&o, p->main->src->name);
    put(&o, "; every row is one rule.");
    fputs(html ? "</p>\n" : "\n", f);
    editions(&o, p);
    /* Sections in order of first appearance. */
    const char **sections = xcalloc(p->rules.count + 1, sizeof *sections);
    size_t ns = 0;
    for (size_t i = 0; i < p->rules.count; i++) {
        const rule_decl *r = &p->rules.items[i]->u.rule;
        const char *c = r->cite.present ? r->cite.text : "(no section cited)";
        bool seen = false;
        for (size_t j = 0; j < ns; j++)
            if (strcmp(sections[j], c) == 0)
                seen = true;
        if (!seen)
            sections[ns++] = c;
    }
    for (size_t s = 0; s < ns; s++) {
        if (html) {
            fputs("<h2>", f);
            put(&o, sections[s]);
            fputs("</h2>\n<table>\n<tr><th>What</th><th>Who</th><th>By when</th><th>Condition</th><th>Rule</th></tr>\n", f);
        } else {
            fputs("\n## ", f);
            put(&o, sections[s]);
            fputs("\n\n| What | Who | By when | Condition | Rule |\n|---|---|---|---|---|\n", f);
        }
        for (size_t i = 0; i < p->rules.count; i++) {
            const decl *d = p->rules.items[i];
            const rule_decl *r = &d->u.rule;
            const char *c = r->cite.present ? r->cite.text : "(no section cited)";
            if (strcmp(c, sections[s]) != 0)
                continue;
            fputs(html ? "<tr><td>" : "| ", f);
            what(&o, r);
            for (const says_item *si = r->says_all; si; si = si->next) {
                fputs(html ? "<blockquote>“" : "<br>“", f);
                put(&o, si->s.text);
                fputs(html ? "”</blockquote>" : "”", f);
            }
            if (r->note.present) {
                fputs(html ? "<p class=\"note\">Note: " : "<br>*Note: ", f);
                put(&o, r->note.text);
                fputs(html ? "</p>" : "*", f);
            }
            fputs(html ? "</td><td>" : " | ", f);
            put(&o, r->has_duty ? r->role_text : "—");
            fputs(html ? "</td><td>" : " | ", f);
            by_when(&o, r);
            fputs(html ? "</td><td>" : " | ", f);
            when_text(&o, d);
            fputs(html ? "</td><td>" : " | ", f);
            put(&o, d->name.text);
            fputs(html ? "</td></tr>\n" : " |\n", f);
        }
        if (html)
            fputs("</table>\n", f);
    }
    free(sections);
    if (html)
        fputs("</body>\n</html>\n", f);
}

static int coverage(const ast_program *p, const char *path)
{
    if (!p->source_path) {
        fprintf(stderr, "docket doc: %s names no source document (add `source \"FILE\"` to its policy header)\n", path);
        return 1;
    }
    src_doc *doc = src_doc_load(p->source_path);
    if (!doc) {
        fprintf(stderr, "docket doc: cannot read %s\n", p->source_path);
        return 1;
    }
    /* Folded quotations of every rule and every uncited declaration. */
    size_t nq = p->rules.count + p->uncited.count;
    char **q = xcalloc(nq + 1, sizeof *q);
    bool *is_uncited = xcalloc(nq + 1, sizeof *is_uncited);
    size_t k = 0;
    for (size_t i = 0; i < p->rules.count; i++)
        for (const says_item *si = p->rules.items[i]->u.rule.says_all; si; si = si->next)
            nq++;
    q = xrealloc(q, (nq + 1) * sizeof *q);
    is_uncited = xrealloc(is_uncited, (nq + 1) * sizeof *is_uncited);
    memset(is_uncited, 0, (nq + 1) * sizeof *is_uncited);
    for (size_t i = 0; i < p->rules.count; i++)
        for (const says_item *si = p->rules.items[i]->u.rule.says_all; si; si = si->next)
            q[k++] = src_fold(si->s.text);
    for (size_t i = 0; i < p->uncited.count; i++) {
        is_uncited[k] = true;
        q[k++] = src_fold(p->uncited.items[i]->u.uncited.sentence.text);
    }
    size_t normative = 0, cited = 0, justified = 0, missing = 0;
    for (size_t s = 0; s < doc->count; s++) {
        const src_sentence *sen = &doc->sentences[s];
        if (!sen->normative)
            continue;
        normative++;
        int how = 0; /* 1 cited, 2 justified */
        for (size_t i = 0; i < k && how != 1; i++)
            if (src_sentence_cited(sen, q[i]))
                how = is_uncited[i] ? 2 : 1;
        if (how == 1)
            cited++;
        else if (how == 2)
            justified++;
        else {
            missing++;
            printf("%s:%d: uncited: \"%s\"\n", doc->path, sen->line, sen->text);
        }
    }
    printf("%zu normative sentences: %zu cited by rules, %zu uncited with a reason, %zu uncited\n", normative,
           cited, justified, missing);
    if (missing)
        printf("hint: encode each as a rule with says \"...\", or account for it with uncited \"...\" because \"...\"\n");
    for (size_t i = 0; i < k; i++)
        free(q[i]);
    free(q);
    free(is_uncited);
    src_doc_free(doc);
    return missing ? 1 : 0;
}

int cmd_doc(int argc, char **argv)
{
    const char *path = NULL;
    bool html = false, cov = false;
    for (int i = 1; i < argc; i++) {
        if (cli_is_help(argv[i])) {
            fputs(doc_usage, stdout);
            return 0;
        } else if (cli_value_missing(argc, argv, i, "doc", (const char *const[]){"--format", NULL})) {
            return 2;
        } else if (strcmp(argv[i], "--format") == 0 && i + 1 < argc) {
            const char *f = argv[++i];
            if (strcmp(f, "html") == 0)
                html = true;
            else if (strcmp(f, "markdown") == 0 || strcmp(f, "md") == 0)
                html = false;
            else
                return cli_usage_error("doc", "unknown format '%s' (markdown or html)", f);
        } else if (strcmp(argv[i], "--coverage") == 0) {
            cov = true;
        } else if (argv[i][0] == '-' && argv[i][1]) {
            return cli_usage_error("doc", "unknown option '%s'", argv[i]);
        } else if (!path) {
            path = argv[i];
        } else {
            return cli_usage_error("doc", "one policy at a time");
        }
    }
    if (!path)
        return cli_usage_error("doc", "expected a policy file");
    diag_sink sink;
    diag_init(&sink, stderr, DIAG_TEXT);
    sink.color = cli_color(stderr);
    ast_program *p = program_load(path, &sink);
    int rc = 1;
    if (p && !p->errors) {
        if (cov)
            rc = coverage(p, path);
        else {
            guide(stdout, p, html);
            rc = 0;
        }
    }
    diag_flush(&sink);
    diag_free(&sink);
    program_free(p);
    return rc;
}
