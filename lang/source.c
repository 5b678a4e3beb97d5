/*
 * source.c — see source.h.
 */
#include "source.h"

#include <errno.h>

#include "input_limits.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

char *src_fold(const char *t)
{
    sbuf b;
    sbuf_init(&b);
    bool space = false;
    const unsigned char *s = (const unsigned char *)t;
    while (*s) {
        /* Typographic quotes and dashes (UTF-8). */
        if (s[0] == 0xE2 && s[1] == 0x80 && s[2]) {
            unsigned char c = s[2];
            char rep = 0;
            if (c == 0x98 || c == 0x99 || c == 0xB2)
                rep = '\'';
            else if (c == 0x9C || c == 0x9D || c == 0xB3)
                rep = '"';
            else if (c == 0x93 || c == 0x94 || c == 0x90 || c == 0x91)
                rep = '-';
            if (rep) {
                if (space && b.len)
                    sbuf_putc(&b, ' ');
                space = false;
                sbuf_putc(&b, rep);
                s += 3;
                continue;
            }
        }
        if (s[0] == 0xC2 && s[1] == 0xA0) { /* no-break space */
            space = true;
            s += 2;
            continue;
        }
        if (*s == '*') {
            s++;
            continue;
        }
        if (isspace(*s)) {
            space = true;
            s++;
            continue;
        }
        if (space && b.len)
            sbuf_putc(&b, ' ');
        space = false;
        sbuf_putc(&b, (char)*s);
        s++;
    }
    return sbuf_take(&b);
}

static const char *const normative_words[] = {
    "must", "should", "will", "shall", "within", "no later than", "at least", "every", "required",
};

static bool has_word(const char *s, const char *w)
{
    size_t n = strlen(w);
    for (const char *p = s; (p = strstr(p, w)) != NULL; p++) {
        bool start = p == s || !isalpha((unsigned char)p[-1]);
        bool end = !isalpha((unsigned char)p[n]);
        if (start && end)
            return true;
    }
    return false;
}

static void add_sentence(src_doc *d, size_t *cap, const char *start, size_t len, int line)
{
    while (len && isspace((unsigned char)*start)) {
        start++;
        len--;
    }
    while (len && isspace((unsigned char)start[len - 1]))
        len--;
    if (len < 3)
        return;
    char *raw = xstrndup(start, len);
    char *f = src_fold(raw);
    free(raw);
    /* Bullets and headings markers. */
    char *t = f;
    while (*t == '-' || *t == '#' || *t == ' ')
        t++;
    if (strlen(t) < 3) {
        free(f);
        return;
    }
    d->sentences = xgrow(d->sentences, cap, d->count, sizeof *d->sentences, 64);
    src_sentence *s = &d->sentences[d->count++];
    s->text = xstrdup(t);
    free(f);
    char *lower = xstrdup(s->text);
    for (char *p = lower; *p; p++)
        *p = (char)tolower((unsigned char)*p);
    s->normative = false;
    for (size_t i = 0; i < sizeof normative_words / sizeof normative_words[0]; i++)
        if (has_word(lower, normative_words[i]))
            s->normative = true;
    free(lower);
    s->line = line;
}

src_doc *src_doc_load(const char *path)
{
    src_file *f = src_file_read_max(path, DOCKET_MAX_SOURCE_BYTES);
    if (!f)
        return NULL;
    src_doc *d = xcalloc(1, sizeof *d);
    d->path = xstrdup(path);
    d->folded = src_fold(f->text);
    size_t cap = 0;
    /* Paragraphs are separated by blank lines or bullets; sentences end at
     * '.', '?' or '!' followed by white space, or at a paragraph
     * end. */
    const char *t = f->text;
    size_t i = 0, start = 0;
    int line = 1, start_line = 1;
    while (i <= f->len) {
        char c = i < f->len ? t[i] : '\0';
        bool para_end = c == '\0' || (c == '\n' && (i + 1 >= f->len || t[i + 1] == '\n' ||
                                                    (t[i + 1] == ' ' && strchr(t + i + 1, '-') == NULL)));
        /* A new line starting with a bullet or heading also ends a sentence. */
        if (c == '\n' && i + 1 < f->len) {
            size_t j = i + 1;
            while (j < f->len && (t[j] == ' ' || t[j] == '\t'))
                j++;
            if (j < f->len && (t[j] == '-' || t[j] == '#' || t[j] == '\n' || (isdigit((unsigned char)t[j]) && j + 1 < f->len && t[j + 1] == '.')))
                para_end = true;
        }
        bool sent_end = (c == '.' || c == '?' || c == '!') && i + 1 < f->len &&
                        isspace((unsigned char)t[i + 1]);
        /* Do not split "e.g. " or numbered headings "3. " */
        if (sent_end && c == '.' && i >= 1 && isdigit((unsigned char)t[i - 1]) && (i < 2 || !isalnum((unsigned char)t[i - 2])))
            sent_end = false;
        if (sent_end && c == '.' && i >= 3 && strncmp(t + i - 3, "e.g", 3) == 0)
            sent_end = false;
        if (para_end || sent_end) {
            size_t end = sent_end ? i + 1 : i;
            add_sentence(d, &cap, t + start, end - start, start_line);
            start = end;
            start_line = line;
            /* Skip white space to the next sentence, counting lines. */
        }
        if (c == '\n')
            line++;
        if ((para_end || sent_end)) {
            size_t j = sent_end ? i + 1 : i;
            int l = line;
            while (j < f->len && isspace((unsigned char)t[j])) {
                if (t[j] == '\n' && j != i)
                    l++;
                j++;
            }
            start = j;
            start_line = l;
            if (j > i + 1) {
                line = l;
                i = j;
                continue;
            }
        }
        i++;
    }
    src_file_free(f);
    return d;
}

void src_doc_free(src_doc *d)
{
    if (!d)
        return;
    for (size_t i = 0; i < d->count; i++)
        free(d->sentences[i].text);
    free(d->sentences);
    free(d->folded);
    free(d->path);
    free(d);
}

bool src_doc_contains(const src_doc *d, const char *quote)
{
    char *q = src_fold(quote);
    bool ok = *q && strstr(d->folded, q) != NULL;
    free(q);
    return ok;
}

/* Length of the longest common substring of A and B (bounded work). */
static size_t common_run(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 2000 || lb > 2000)
        return 0;
    size_t *prev = xcalloc(lb + 1, sizeof *prev), *cur = xcalloc(lb + 1, sizeof *cur);
    size_t best = 0;
    for (size_t i = 1; i <= la; i++) {
        for (size_t j = 1; j <= lb; j++) {
            cur[j] = a[i - 1] == b[j - 1] ? prev[j - 1] + 1 : 0;
            if (cur[j] > best)
                best = cur[j];
        }
        size_t *tmp = prev;
        prev = cur;
        cur = tmp;
    }
    free(prev);
    free(cur);
    return best;
}

const src_sentence *src_doc_closest(const src_doc *d, const char *quote)
{
    char *q = src_fold(quote);
    const src_sentence *best = NULL;
    size_t bestn = 0;
    for (size_t i = 0; i < d->count; i++) {
        size_t n = common_run(q, d->sentences[i].text);
        if (n > bestn) {
            bestn = n;
            best = &d->sentences[i];
        }
    }
    free(q);
    return bestn >= 12 ? best : NULL;
}

bool src_sentence_cited(const src_sentence *s, const char *fq)
{
    if (!*fq)
        return false;
    if (strstr(s->text, fq) || strstr(fq, s->text))
        return true;
    return common_run(s->text, fq) >= 40;
}

static void check_quote(const src_doc *doc, const ast_string *q, const char *what, diag_sink *sink)
{
    if (!q->present || src_doc_contains(doc, q->text))
        return;
    diag_span(sink, DC_QUOTE_NOT_FOUND, q->sp.file, q->sp.off, q->sp.len, "%s not found in the source document %s", what,
              doc->path);
    const src_sentence *s = src_doc_closest(doc, q->text);
    if (s)
        diag_hint(sink, "The closest passage (line %d) reads: \"%s\"", s->line, s->text);
    else
        diag_hint(sink, "Quote the guidance word for word; white space, line breaks and typographic quotes are folded.");
}

/* Every `says` of rule D against DOC. */
static void check_says(const src_doc *doc, const decl *d, diag_sink *sink)
{
    for (const says_item *si = d->u.rule.says_all; si; si = si->next)
        check_quote(doc, &si->s, "quotation", sink);
}

void source_check(ast_program *p, diag_sink *sink)
{
    /* The editions' sources: a rule with `edition NAME` quotes its edition. */
    size_t ne = p->editions.count;
    src_doc **eds = xcalloc(ne ? ne : 1, sizeof *eds);
    for (size_t i = 0; i < ne; i++)
        if (p->editions.items[i]->u.edition.source_path)
            eds[i] = src_doc_load(p->editions.items[i]->u.edition.source_path);
    src_doc *doc = p->source_path ? src_doc_load(p->source_path) : NULL;
    if (p->source_path && !doc) {
        const ast_string *s = &p->policy->u.policy.source;
        diag_span(sink, errno == EFBIG ? DC_INPUT_LIMIT : DC_SOURCE_NOT_FOUND, s->sp.file, s->sp.off, s->sp.len,
                  "cannot read source document \"%s\": %s", s->text, src_file_error(errno, DOCKET_MAX_SOURCE_BYTES));
    }
    /* Only the file that names the source document: the policy's own. */
    const ast_file *pf = p->main;
    for (const ast_file *f = p->files; f; f = f->next)
        if (p->policy && f->src == p->policy->sp.file)
            pf = f;
    for (decl *d = pf->decls; d; d = d->next) {
        if (d->kind == D_RULE && d->u.rule.edition_decl) {
            const src_doc *ed = eds[d->u.rule.edition_decl->index];
            if (ed)
                check_says(ed, d, sink);
        } else if (d->kind == D_RULE && doc) {
            check_says(doc, d, sink);
        } else if (d->kind == D_UNCITED && doc) {
            check_quote(doc, &d->u.uncited.sentence, "uncited sentence", sink);
        }
    }
    src_doc_free(doc);
    for (size_t i = 0; i < ne; i++)
        src_doc_free(eds[i]);
    free(eds);
}
