/*
 * doc.c — a checked policy as a quick guide (what, who, by when, condition,
 * rule, one table per cited section) and the coverage of its guidance
 * document's normative sentences (`docket doc`).
 */
#include "doc.h"

#include <stdlib.h>
#include <string.h>

#include "fmt.h"

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

/* A duration that may take its number from the case (`order.months months`). */
static void put_dur_count(out *o, duration d, const expr *count)
{
    if (!count) {
        put_dur(o, d);
        return;
    }
    sbuf b;
    sbuf_init(&b);
    fmt_put_dur_count(&b, d, count);
    char *t = sbuf_take(&b);
    put(o, t);
    free(t);
}

static void when_text(out *o, const decl *d)
{
    const rule_decl *r = &d->u.rule;
    if (r->has_trigger) {
        put(o, "when ");
        put(o, r->trigger.text);
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
}

static void by_when(out *o, const rule_decl *r)
{
    const deadline *dl = &r->due;
    switch (dl->kind) {
    case DL_NONE:
        put(o, r->require ? "at the trigger" : !r->has_duty ? "—" : "no timescale given");
        break;
    case DL_WITHIN:
        put(o, "within ");
        put_dur_count(o, dl->within, dl->within_count);
        put(o, " of ");
        put_src(o, &dl->of->sp);
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
            put_dur_count(o, m->dur, m->count);
            put(o, m->next ? (m->next->next ? ", " : " and ") : "");
        }
        put(o, " after ");
        put_src(o, &dl->of->sp);
        if (dl->has_window) {
            put(o, ", each counted from ");
            put_dur(o, dl->window);
            put(o, " before its date");
        }
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
    put(o, r->action.text);
    if (r->duty_where) {
        put(o, " where ");
        put_src(o, &r->duty_where->sp);
    }
}

void doc_guide(FILE *f, const ast_program *p, bool html)
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
            if (r->says.present) {
                fputs(html ? "<blockquote>“" : "<br>“", f);
                put(&o, r->says.text);
                fputs(html ? "”</blockquote>" : "”", f);
            }
            if (r->note.present) {
                fputs(html ? "<p class=\"note\">Note: " : "<br>*Note: ", f);
                put(&o, r->note.text);
                fputs(html ? "</p>" : "*", f);
            }
            fputs(html ? "</td><td>" : " | ", f);
            put(&o, r->has_duty ? r->role.text : "—");
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

size_t doc_coverage(FILE *f, const ast_program *p, const src_doc *doc)
{
    /* Folded quotations of every rule and every uncited declaration. */
    size_t nq = p->rules.count + p->uncited.count;
    char **q = xcalloc(nq + 1, sizeof *q);
    bool *is_uncited = xcalloc(nq + 1, sizeof *is_uncited);
    size_t k = 0;
    for (size_t i = 0; i < p->rules.count; i++)
        if (p->rules.items[i]->u.rule.says.present)
            q[k++] = src_fold(p->rules.items[i]->u.rule.says.text);
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
            fprintf(f, "%s:%d: uncited: \"%s\"\n", doc->path, sen->line, sen->text);
        }
    }
    fprintf(f, "%zu normative sentences: %zu cited by rules, %zu uncited with a reason, %zu uncited\n", normative,
            cited, justified, missing);
    if (missing)
        fprintf(f, "hint: encode each as a rule with says \"...\", or account for it with uncited \"...\" because \"...\"\n");
    for (size_t i = 0; i < k; i++)
        free(q[i]);
    free(q);
    free(is_uncited);
    return missing;
}
