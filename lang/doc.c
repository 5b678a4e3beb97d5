/*
 * doc.c — a checked policy as a quick guide (what, who, by when, condition,
 * rule, one table per cited section) and the coverage of its guidance
 * document's normative sentences (`docket doc`).
 */
#include "doc.h"

#include <stdlib.h>
#include <string.h>

#include "words.h"

typedef struct out {
    FILE *f;
    bool html;
} out;

/* Text escaped for the output format. */
static void put(out *o, const char *s)
{
    if (o->html) {
        html_put_escaped(o->f, s);
        return;
    }
    for (; *s; s++) {
        if (*s == '|') {
            fputs("\\|", o->f);
            continue;
        } else if (*s == '\n') {
            fputc(' ', o->f);
            continue;
        }
        fputc(*s, o->f);
    }
}

/* The quick guide says expressions as written, for a practitioner. */
static const words_style doc_words = {.as_written = true, .reader = true};

/* The text of B, escaped for the output format; B is emptied. */
static void put_words(out *o, sbuf *b)
{
    char *s = sbuf_take(b);
    put(o, s);
    free(s);
}

/* The Condition column: the trigger (an exception without one of its own
 * takes the overridden rule's), then "; instead of ...", "; if ...",
 * "; unless ...", "; while ...". */
static void when_text(out *o, const decl *d)
{
    const rule_decl *r = &d->u.rule;
    sbuf b;
    sbuf_init(&b);
    if (r->has_trigger)
        words_trigger(&b, &doc_words, r);
    else if (r->overrides_decl && r->overrides_decl->u.rule.has_trigger)
        sbuf_printf(&b, "when %s", r->overrides_decl->u.rule.trigger.text);
    if (r->has_overrides) {
        sbuf_puts(&b, "; ");
        words_exception(&b, &doc_words, r);
    }
    for (const cond *k = r->conds; k; k = k->next) {
        sbuf_puts(&b, "; ");
        words_condition(&b, &doc_words, k);
    }
    if (r->has_while) {
        sbuf_puts(&b, "; ");
        words_while(&b, r);
    }
    if (r->edition_decl)
        sbuf_printf(&b, "; edition %s only", r->edition_decl->name.text);
    put_words(o, &b);
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
            put(o, " to ");
            put(o, ast_date_format(ast_date_add_days(e->u.edition.until, -1), b));
        } else {
            put(o, " onwards");
        }
        put(o, "; source ");
        put(o, e->u.edition.source.text);
        put(o, ". Rules marked \"edition ");
        put(o, e->name.text);
        put(o, " only\" apply to triggers dated in this period.");
        fputs(o->html ? "</li>\n" : "\n", o->f);
    }
}

/* The By when column. */
static void by_when(out *o, const rule_decl *r)
{
    if (r->due.kind == DL_NONE) {
        const char *none = words_no_deadline(r);
        put(o, none ? none : "—");
        return;
    }
    sbuf b;
    sbuf_init(&b);
    words_deadline(&b, &doc_words, &r->due, r->eff_binding);
    put_words(o, &b);
}

/* The What column: the duty's event, the constraint, or what an exception
 * with no duty of its own cancels. */
static void what(out *o, const rule_decl *r)
{
    sbuf b;
    sbuf_init(&b);
    if (r->require)
        words_require(&b, &doc_words, r);
    else if (r->has_duty)
        words_duty(&b, &doc_words, r);
    else if (r->has_overrides)
        sbuf_printf(&b, "no duty: cancels %s", r->overrides.text);
    put_words(o, &b);
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

size_t doc_coverage(FILE *f, const ast_program *p, const src_doc *doc)
{
    /* Folded quotations of every rule (each `says`) and every uncited
     * declaration. */
    size_t nq = p->uncited.count;
    for (size_t i = 0; i < p->rules.count; i++)
        for (const says_item *si = p->rules.items[i]->u.rule.says_all; si; si = si->next)
            nq++;
    char **q = xcalloc(nq + 1, sizeof *q);
    bool *is_uncited = xcalloc(nq + 1, sizeof *is_uncited);
    size_t k = 0;
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
