/*
 * doc.c — a checked policy as a quick guide in plain words (the procedure
 * in the order it runs, each step from the policy's event and role
 * descriptions and the wording module, the quotations rendered by cmark in
 * HTML; contents, roles, interpretations, and the sentences not encoded)
 * and the coverage of its guidance document's normative sentences
 * (`docket doc`).
 */
#include "doc.h"

#include <stdlib.h>
#include <string.h>

#include <cmark.h>

#include "words.h"

typedef struct out {
    FILE *f;
    bool html;
    const ast_program *p;   /* for put_plain's names */
} out;

/* Text escaped for the output format: HTML's special characters in both
 * (Markdown renders raw HTML, so a policy's strings must not become markup
 * in a rendered guide), and '|' and line breaks in Markdown tables. */
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
        } else if (*s == '<' || *s == '>' || *s == '&') {
            html_put_escaped_n(o->f, s, 1);
            continue;
        } else if (*s == '\n') {
            fputc(' ', o->f);
            continue;
        }
        fputc(*s, o->f);
    }
}

/* The quick guide says expressions as written, for a practitioner. */
static const words_style doc_words = {.as_written = true, .reader = true, .group_units = true};
/* The "In the policy" line quotes the duty in the policy's own words
 * (`must next visit`, `must not order_ended before ...`). */
static const words_style policy_words = {.as_written = true};

/* The words in B, emptied, escaped, with the names a reader does not know
 * put plainly: a role by its description ("chair = child protection
 * coordinator"), a state in words ("if awaiting first meeting at meeting -
 * 1 day"). Attributes after a dot, events and everything else stay as
 * written. */
static void put_plain(out *o, sbuf *b)
{
    char *t = sbuf_take(b);
    sbuf r;
    sbuf_init(&r);
    for (const char *c = t; *c;) {
        bool start = (*c >= 'a' && *c <= 'z') || *c == '_';
        if (!start || (c > t && (c[-1] == '.' || (c[-1] >= '0' && c[-1] <= '9')))) {
            sbuf_putc(&r, *c++);
            continue;
        }
        const char *e = c;
        while ((*e >= 'a' && *e <= 'z') || (*e >= '0' && *e <= '9') || *e == '_')
            e++;
        char *name = xstrndup(c, (size_t)(e - c));
        const decl *role = o->p ? strmap_get(&o->p->role_map, name) : NULL;
        const decl *state = o->p ? strmap_get(&o->p->state_map, name) : NULL;
        if (role && role->u.role.description.present) {
            const char *d = role->u.role.description.text;
            sbuf_putc(&r, d[0] >= 'A' && d[0] <= 'Z' ? (char)(d[0] - 'A' + 'a') : d[0]);
            if (d[0])
                sbuf_puts(&r, d + 1);
        } else if (role || state) {
            for (char *q = name; *q; q++)
                sbuf_putc(&r, *q == '_' ? ' ' : *q);
        } else {
            sbuf_puts(&r, name);
        }
        free(name);
        c = e;
    }
    free(t);
    char *plain = sbuf_take(&r);
    put(o, plain ? plain : "");
    free(plain);
}


/* TEXT with its first letter capitalised (ASCII letters only), escaped. */
static void put_capital(out *o, const char *text)
{
    char first[2] = {text[0], '\0'};
    if (first[0] >= 'a' && first[0] <= 'z')
        first[0] = (char)(first[0] - 'a' + 'A');
    if (first[0]) {
        put(o, first);
        put(o, text + 1);
    }
}

/* IDENT with its underscores as spaces; the caller frees it. */
static char *spaced(const char *ident)
{
    char *t = xstrdup(ident);
    for (char *q = t; *q; q++)
        if (*q == '_')
            *q = ' ';
    return t;
}

/* An identifier in words ("legal_status_recorded" -> "Legal status
 * recorded"), escaped. */
static void put_ident_words(out *o, const char *ident)
{
    char *t = spaced(ident);
    put_capital(o, t);
    free(t);
}

/* An identifier with its underscores as spaces, case kept, escaped. */
static void put_spaced(out *o, const char *ident)
{
    char *t = spaced(ident);
    put(o, t);
    free(t);
}

/* An event as people say it: its description, else its name in words. */
static void put_event(out *o, const decl *ev)
{
    if (ev->u.event.description.present)
        put_capital(o, ev->u.event.description.text);
    else
        put_ident_words(o, ev->name.text);
}

/* A role as people say it: its description, else its name in words. */
static void put_role(out *o, const decl *role)
{
    if (role->u.role.description.present)
        put_capital(o, role->u.role.description.text);
    else
        put_ident_words(o, role->name.text);
}

/* Inline code: `x` in Markdown, <code> in HTML. A Markdown code span shows
 * its text literally (no HTML, no entities), so only line breaks are
 * folded; it is delimited by one more backtick than the longest run inside
 * S (padded with spaces when S starts or ends with one), so that nothing in
 * S can close it early. */
static void put_code(out *o, const char *s)
{
    if (o->html) {
        fputs("<code>", o->f);
        put(o, s);
        fputs("</code>", o->f);
        return;
    }
    size_t run = 0, longest = 0, n = strlen(s);
    for (size_t i = 0; i < n; i++) {
        run = s[i] == '`' ? run + 1 : 0;
        longest = run > longest ? run : longest;
    }
    bool pad = n && (s[0] == '`' || s[n - 1] == '`');
    for (size_t i = 0; i <= longest; i++)
        fputc('`', o->f);
    if (pad)
        fputc(' ', o->f);
    for (size_t i = 0; i < n; i++)
        fputc(s[i] == '\n' ? ' ' : s[i], o->f);
    if (pad)
        fputc(' ', o->f);
    for (size_t i = 0; i <= longest; i++)
        fputc('`', o->f);
}

/* A quotation of the guidance. In HTML its Markdown (emphasis, links) is
 * rendered by cmark, which drops raw HTML (safe by default); in Markdown
 * it is kept as written, in a block quote, but for HTML's special
 * characters. */
static void put_quote(out *o, const char *text)
{
    if (o->html) {
        char *h = cmark_markdown_to_html(text, strlen(text), CMARK_OPT_DEFAULT);
        fprintf(o->f, "<blockquote>%s</blockquote>\n", h);
        free(h);
    } else {
        /* Its Markdown is kept, but not raw HTML: < > & as entities. */
        fputs("\n> ", o->f);
        for (const char *c = text; *c; c++) {
            if (*c == '<' || *c == '>' || *c == '&')
                html_put_escaped_n(o->f, c, 1);
            else
                fputc(*c == '\n' ? ' ' : *c, o->f);
        }
        fputc('\n', o->f);
    }
}

/* One line of a rule's description list: "- **Who:** ..." or <dt>/<dd>. */
static void item_open(out *o, const char *label)
{
    fprintf(o->f, o->html ? "<dt>%s</dt><dd>" : "- **%s:** ", label);
}

static void item_close(out *o)
{
    fputs(o->html ? "</dd>\n" : "\n", o->f);
}

/* TEXT with its first letter in lower case (ASCII letters only), escaped. */
static void put_lower(out *o, const char *text)
{
    char first[2] = {text[0], '\0'};
    if (first[0] >= 'A' && first[0] <= 'Z')
        first[0] = (char)(first[0] - 'A' + 'a');
    if (first[0]) {
        put(o, first);
        put(o, text + 1);
    }
}

/* The heading of a rule: its name in words, then what must happen in the
 * policy's words ("First meeting: supervision order meeting held"). */
static void rule_heading(out *o, const decl *d)
{
    const rule_decl *r = &d->u.rule;
    put_ident_words(o, d->name.text);
    if (r->require) {
        put(o, ": a condition to check");
    } else if (r->has_duty && r->action_decl) {
        put(o, r->is_next ? ": the next " : ": ");
        const decl *ev = r->action_decl;
        if (ev->u.event.description.present)
            put_lower(o, ev->u.event.description.text);
        else
            put_spaced(o, ev->name.text);
    } else if (r->has_overrides) {
        put(o, ": no duty, instead of ");
        put(o, r->overrides.text);
    }
}

/* A rule's "By when" (or "When it is checked") line; B is scratch. */
static void rule_by_when(out *o, const rule_decl *r, sbuf *b)
{
    item_open(o, r->require ? "When it is checked" : "By when");
    if (r->due.kind == DL_NONE) {
        const char *none = words_no_deadline(r);
        put(o, none ? none : "no duty of its own");
    } else if (r->due.kind == DL_BEFORE && r->due.before_decl && !r->due.before_where &&
               r->due.before_decl->u.event.description.present) {
        /* "before order lapsed, discharged or replaced" */
        put(o, "before ");
        put_lower(o, r->due.before_decl->u.event.description.text);
    } else {
        words_deadline(b, &doc_words, &r->due, NULL);
        put_plain(o, b);
    }
    item_close(o);
}

/* A rule's "Only if" line, when it has conditions: the exception, the
 * trigger's where, if/unless, while. B is scratch. */
static void rule_only_if(out *o, const rule_decl *r, sbuf *b)
{
    if (!(r->trigger_where || r->conds || r->has_while || r->has_overrides || r->edition_decl))
        return;
    item_open(o, "Only if");
    const char *sep = "";
    if (r->has_overrides) {
        put(o, "instead of ");
        put_spaced(o, r->overrides.text);
        put(o, ", when ");
        words_expr(b, &doc_words, r->overrides_when);
        put_plain(o, b);
        sep = "; ";
    }
    if (r->trigger_where) {
        put(o, sep);
        put(o, "where ");
        words_expr(b, &doc_words, r->trigger_where);
        put_plain(o, b);
        sep = "; ";
    }
    for (const cond *k = r->conds; k; k = k->next) {
        put(o, sep);
        words_condition(b, &doc_words, k);
        put_plain(o, b);
        sep = "; ";
    }
    if (r->has_while) {
        put(o, sep);
        put(o, "while ");
        put_spaced(o, r->while_state.text);
        put(o, " lasts");
        sep = "; ";
    }
    if (r->edition_decl) {
        put(o, sep);
        put(o, "in edition ");
        put(o, r->edition_decl->name.text);
        put(o, " of the procedure (see Editions)");
    }
    item_close(o);
}

/* A rule's "In the policy" line: its duty or constraint as written, its
 * name and section. B is scratch. */
static void rule_in_policy(out *o, const decl *d, sbuf *b)
{
    const rule_decl *r = &d->u.rule;
    item_open(o, "In the policy");
    if (r->require)
        words_require(b, &doc_words, r);
    else if (r->has_duty) {
        sbuf_printf(b, "%s must ", r->role_text);
        words_duty(b, &policy_words, r);
    }
    if (b->len) {
        char *t = sbuf_take(b);
        put_code(o, t);
        free(t);
        put(o, ", ");
    }
    put(o, "rule ");
    put_code(o, d->name.text);
    if (r->cite.present) {
        put(o, ", section ");
        put(o, r->cite.text);
    }
    item_close(o);
}

/* One rule, as a block: heading, who, by when, only if, in the policy,
 * the quotation and the note. */
static void rule_block(out *o, const decl *d, const char *anchor)
{
    const rule_decl *r = &d->u.rule;
    sbuf b;
    sbuf_init(&b);
    if (o->html) {
        fprintf(o->f, "<section class=\"rule\" id=\"rule-%s\">\n<h3>", anchor);
        rule_heading(o, d);
        fputs("</h3>\n<dl>\n", o->f);
    } else {
        fputs("\n### ", o->f);
        rule_heading(o, d);
        fputs("\n\n", o->f);
    }
    if (r->has_duty) {
        /* Every role of `x or y must`: any of them may do it. */
        item_open(o, "Who");
        for (const name_list *n = r->roles; n; n = n->next) {
            if (n != r->roles)
                put(o, " or ");
            if (n->decl)
                put_role(o, n->decl);
            else
                put(o, n->name.text);
        }
        item_close(o);
    }
    if (r->has_trigger && (r->trig != TRIG_EVENT || r->triggers->next)) {
        /* Several triggers, or another rule's failure. */
        item_open(o, "Starts");
        words_trigger(&b, &doc_words, r);
        put_plain(o, &b);
        if (r->trig == TRIG_OVERDUE)
            put(o, " (from the day after its due date)");
        item_close(o);
    }
    rule_by_when(o, r, &b);
    rule_only_if(o, r, &b);
    rule_in_policy(o, d, &b);
    if (o->html)
        fputs("</dl>\n", o->f);
    for (const says_item *si = r->says_all; si; si = si->next)
        put_quote(o, si->s.text);
    if (r->note.present) {
        fputs(o->html ? "<p class=\"note\"><strong>Interpretation:</strong> " : "\n*Interpretation:* ", o->f);
        put(o, r->note.text);
        fputs(o->html ? "</p>\n" : "\n", o->f);
    }
    if (o->html)
        fputs("</section>\n", o->f);
    sbuf_free(&b);
}

/* The editions of the procedure, each with its period and source. */
static void editions(out *o, const ast_program *p)
{
    if (p->editions.count == 0)
        return;
    char b[11];
    fputs(o->html ? "<h2 id=\"editions\">Editions</h2>\n<ul>\n" : "\n## Editions\n\n", o->f);
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
        put(o, ". Its rules apply to what happens in this period.");
        fputs(o->html ? "</li>\n" : "\n", o->f);
    }
}

/* The procedure's order: the trigger events, each after the events whose
 * rules lead to it. Starting from the events that no rule asks for (the
 * order being made), breadth first along the duties (trigger -> the event
 * that fulfils it); events reached by no such path follow in declaration
 * order. Fills ORDER with event indexes; returns how many. */
static size_t procedure_order(const ast_program *p, size_t *order)
{
    size_t ne = p->events.count, n = 0;
    bool *trig = xcalloc(ne + 1, sizeof *trig), *asked = xcalloc(ne + 1, sizeof *asked);
    bool *queued = xcalloc(ne + 1, sizeof *queued);
    for (size_t i = 0; i < p->rules.count; i++) {
        const rule_decl *r = &p->rules.items[i]->u.rule;
        if (r->eff_trigger)
            trig[r->eff_trigger->index] = true;
        if (r->has_duty && r->action_decl && r->eff_trigger != r->action_decl)
            asked[r->action_decl->index] = true;
    }
    for (int pass = 0; pass < 2; pass++) {
        /* Pass 0 starts from the events no rule asks for; pass 1 picks up
         * whatever a cycle left out. */
        for (size_t i = 0; i < p->rules.count; i++) {
            const decl *t = p->rules.items[i]->u.rule.eff_trigger;
            if (!t || queued[t->index] || (pass == 0 && asked[t->index]))
                continue;
            queued[t->index] = true;
            order[n++] = (size_t)t->index;
            for (size_t head = n - 1; head < n; head++) {
                const decl *ev = p->events.items[order[head]];
                for (size_t j = 0; j < p->rules.count; j++) {
                    const rule_decl *r = &p->rules.items[j]->u.rule;
                    if (r->eff_trigger != ev || !r->has_duty || !r->action_decl)
                        continue;
                    size_t a = (size_t)r->action_decl->index;
                    if (trig[a] && !queued[a]) {
                        queued[a] = true;
                        order[n++] = a;
                    }
                }
            }
        }
    }
    free(trig);
    free(asked);
    free(queued);
    return n;
}

static const char guide_style[] =
    "body{font:16px/1.55 system-ui,-apple-system,\"Segoe UI\",Roboto,Arial,sans-serif;margin:0 auto;"
    "max-width:50rem;padding:1rem 1.5rem 3rem;color:#1f2328}\n"
    "h1{font-size:1.7rem}h2{font-size:1.35rem;margin-top:2.4rem;border-bottom:2px solid #d0d7de}"
    "h3{font-size:1.1rem;margin:1.6rem 0 .4rem}\n"
    "dl{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem;margin:.3rem 0}"
    "dt{font-weight:600}dd{margin:0}\n"
    "blockquote{margin:.5rem 0;padding:.1rem 1rem;border-left:4px solid #d0d7de;color:#3b434b}"
    "blockquote p{margin:.3rem 0}\n"
    "code{font-size:.88em;color:#57606a}.note{color:#6a4a00}\n"
    "table{border-collapse:collapse}th,td{border-bottom:1px solid #d0d7de;padding:.3rem .6rem;text-align:left;"
    "vertical-align:top}\n"
    "nav ol{padding-left:1.4rem}\n@media print{.rule{break-inside:avoid}}\n";

/* A heading of the guide, with an anchor in HTML. */
static void heading(out *o, int level, const char *id, const char *text)
{
    if (o->html) {
        fprintf(o->f, "<h%d id=\"%s\">", level, id);
        put(o, text);
        fprintf(o->f, "</h%d>\n", level);
    } else {
        fprintf(o->f, "\n%.*s ", level, "######");
        put(o, text);
        fputc('\n', o->f);
    }
}

/* The guide's title and its opening paragraph. */
static void guide_head(out *o, const ast_program *p, const char *title)
{
    FILE *f = o->f;
    bool html = o->html;
    const policy_decl *pd = p->policy ? &p->policy->u.policy : NULL;
    char b[11];
    if (html) {
        fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
              "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>",
              f);
        put(o, title);
        fprintf(f, " — quick guide</title>\n<style>\n%s</style>\n</head>\n<body>\n<h1>", guide_style);
        put(o, title);
        fputs(" — quick guide</h1>\n<p>", f);
    } else {
        fputs("# ", f);
        put(o, title);
        fputs(" — quick guide\n\n", f);
    }
    if (pd) {
        if (pd->authority.present) {
            put(o, pd->authority.text);
            put(o, ". ");
        }
        if (pd->version.present) {
            put(o, "Version ");
            put(o, pd->version.text);
            put(o, ". ");
        }
        if (pd->has_review) {
            put(o, "To be reviewed by ");
            put(o, ast_date_format(pd->review, b));
            put(o, ". ");
        }
    }
    put(o, "Generated by docket doc from ");
    put(o, p->main->src->name);
    put(o, ". The procedure is in the order it runs: what follows from each event, and who must do it by when, "
            "with the sentence of guidance behind each step.");
    fputs(html ? "</p>\n" : "\n", f);

}

/* The contents: one entry per step of the procedure (ORDER, NSTEPS), then
 * the other sections there are. */
static void guide_contents(out *o, const ast_program *p, const size_t *order, size_t nsteps, bool orphans,
                           size_t nnotes)
{
    FILE *f = o->f;
    bool html = o->html;
    heading(o, 2, "contents", "Contents");
    fputs(html ? "<nav aria-label=\"Contents\"><ol>\n" : "\n", f);
    for (size_t s = 0; s < nsteps; s++) {
        const decl *ev = p->events.items[order[s]];
        if (html)
            fprintf(f, "<li><a href=\"#after-%s\">After: ", ev->name.text);
        else
            fprintf(f, "%zu. After: ", s + 1);
        put_event(o, ev);
        fputs(html ? "</a></li>\n" : "\n", f);
    }
    static const char *const tail[][2] = {{"other", "Other rules"},
                                          {"glossary", "Who is who"},
                                          {"interpretations", "How the guidance was read"},
                                          {"not-encoded", "Sentences not encoded, and why"}};
    size_t num = nsteps;
    for (size_t t = 0; t < 4; t++) {
        if ((t == 0 && !orphans) || (t == 2 && !nnotes) || (t == 3 && !p->uncited.count))
            continue;
        if (html)
            fprintf(f, "<li><a href=\"#%s\">%s</a></li>\n", tail[t][0], tail[t][1]);
        else
            fprintf(f, "%zu. %s\n", ++num, tail[t][1]);
    }
    fputs(html ? "</ol></nav>\n" : "", f);

}

/* The procedure, step by step: after each event (ORDER, NSTEPS), the rules
 * it triggers; then the rules without a trigger, if any (ORPHANS). */
static void guide_steps(out *o, const ast_program *p, const size_t *order, size_t nsteps, bool orphans)
{
    FILE *f = o->f;
    bool html = o->html;
    for (size_t s = 0; s < nsteps; s++) {
        const decl *ev = p->events.items[order[s]];
        if (html) {
            fprintf(f, "<h2 id=\"after-%s\">After: ", ev->name.text);
            put_event(o, ev);
            fputs("</h2>\n", f);
        } else {
            fprintf(f, "\n## %zu. After: ", s + 1);
            put_event(o, ev);
            fputc('\n', f);
        }
        for (size_t i = 0; i < p->rules.count; i++)
            if (p->rules.items[i]->u.rule.eff_trigger == ev)
                rule_block(o, p->rules.items[i], p->rules.items[i]->name.text);
    }
    if (orphans) {
        heading(o, 2, "other", "Other rules");
        for (size_t i = 0; i < p->rules.count; i++)
            if (!p->rules.items[i]->u.rule.eff_trigger)
                rule_block(o, p->rules.items[i], p->rules.items[i]->name.text);
    }

}

/* Who is who: the roles the rules name, with how many steps each has. */
static void guide_glossary(out *o, const ast_program *p)
{
    FILE *f = o->f;
    bool html = o->html;
    heading(o, 2, "glossary", "Who is who");
    fputs(html ? "<table>\n<thead><tr><th scope=\"col\">Role</th><th scope=\"col\">In the policy</th>"
                 "<th scope=\"col\">Steps</th></tr></thead>\n<tbody>\n"
               : "\n| Role | In the policy | Steps |\n|---|---|---|\n",
          f);
    for (size_t i = 0; i < p->roles.count; i++) {
        const decl *role = p->roles.items[i];
        size_t n = 0;
        for (size_t j = 0; j < p->rules.count; j++)
            for (const name_list *x = p->rules.items[j]->u.rule.has_duty ? p->rules.items[j]->u.rule.roles : NULL; x;
                 x = x->next)
                n += x->decl == role;
        if (!n)
            continue;
        fputs(html ? "<tr><td>" : "| ", f);
        put_role(o, role);
        fputs(html ? "</td><td>" : " | ", f);
        put_code(o, role->name.text);
        fprintf(f, html ? "</td><td>%zu</td></tr>\n" : " | %zu |\n", n);
    }
    fputs(html ? "</tbody></table>\n" : "", f);

}

/* How the guidance was read: every rule's note (there are NNOTES). */
static void guide_interpretations(out *o, const ast_program *p, size_t nnotes)
{
    FILE *f = o->f;
    bool html = o->html;
    if (nnotes) {
        heading(o, 2, "interpretations", "How the guidance was read");
        fputs(html ? "<p>" : "\n", f);
        put(o, "Where the guidance left something open, the policy's author wrote down how it was read:");
        fputs(html ? "</p>\n<ul>\n" : "\n\n", f);
        for (size_t i = 0; i < p->rules.count; i++) {
            const decl *d = p->rules.items[i];
            if (!d->u.rule.note.present)
                continue;
            if (html)
                fprintf(f, "<li><a href=\"#rule-%s\">", d->name.text);
            else
                fputs("- **", f);
            rule_heading(o, d);
            fputs(html ? "</a>: " : "**: ", f);
            put(o, d->u.rule.note.text);
            fputs(html ? "</li>\n" : "\n", f);
        }
        fputs(html ? "</ul>\n" : "", f);
    }

}

/* The appendix: the sentences deliberately not encoded, and why. */
static void guide_not_encoded(out *o, const ast_program *p)
{
    FILE *f = o->f;
    bool html = o->html;
    if (p->uncited.count) {
        heading(o, 2, "not-encoded", "Sentences not encoded, and why");
        fputs(html ? "<p>" : "\n", f);
        put(o, "These sentences of the guidance are not rules of the policy, on purpose:");
        fputs(html ? "</p>\n<table>\n<thead><tr><th scope=\"col\">The guidance says</th>"
                     "<th scope=\"col\">Why it is not a rule</th></tr></thead>\n<tbody>\n"
                   : "\n\n| The guidance says | Why it is not a rule |\n|---|---|\n",
              f);
        for (size_t i = 0; i < p->uncited.count; i++) {
            const decl *u = p->uncited.items[i];
            if (html) {
                char *h = cmark_markdown_to_html(u->u.uncited.sentence.text, strlen(u->u.uncited.sentence.text),
                                                 CMARK_OPT_DEFAULT);
                fprintf(f, "<tr><td>%s</td><td>", h);
                free(h);
            } else {
                fputs("| ", f);
                put(o, u->u.uncited.sentence.text);
                fputs(" | ", f);
            }
            put_capital(o, u->u.uncited.reason.text);
            fputs(html ? "</td></tr>\n" : " |\n", f);
        }
        fputs(html ? "</tbody></table>\n" : "", f);
    }
}

void doc_guide(FILE *f, const ast_program *p, bool html)
{
    out o = {f, html, p};
    const policy_decl *pd = p->policy ? &p->policy->u.policy : NULL;
    const char *title = pd && pd->title.present ? pd->title.text : (pd ? pd->qualified.text : p->main->src->name);
    size_t *order = xcalloc(p->events.count + 1, sizeof *order);
    size_t nsteps = procedure_order(p, order);
    size_t nnotes = 0;
    for (size_t i = 0; i < p->rules.count; i++)
        nnotes += p->rules.items[i]->u.rule.note.present;
    bool orphans = false;
    for (size_t i = 0; i < p->rules.count; i++)
        orphans = orphans || !p->rules.items[i]->u.rule.eff_trigger;
    guide_head(&o, p, title);
    editions(&o, p);
    guide_contents(&o, p, order, nsteps, orphans, nnotes);
    guide_steps(&o, p, order, nsteps, orphans);
    guide_glossary(&o, p);
    guide_interpretations(&o, p, nnotes);
    guide_not_encoded(&o, p);
    free(order);
    if (html)
        fputs("</body>\n</html>\n", f);
}

size_t doc_coverage(FILE *f, const ast_program *p, const src_doc *doc)
{
    /* Folded quotations of every rule and every uncited declaration. */
    size_t nq = p->uncited.count;
    for (size_t i = 0; i < p->rules.count; i++)
        for (const says_item *si = p->rules.items[i]->u.rule.says_all; si; si = si->next)
            nq++; /* every `says` of every rule */
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
