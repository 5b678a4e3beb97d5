/*
 * program.c — loading a policy and its imports into one program.
 *
 * Imports resolve relative to the importing file. A file imported twice
 * (through different paths to the same file) is loaded once; a cycle is an
 * error that names the chain.
 */
#define _XOPEN_SOURCE 700 /* realpath */
#include "program.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "parse.h"

#ifndef DOCKET_DATADIR
#define DOCKET_DATADIR "/usr/local/share/docket"
#endif

/* Directory part of PATH, with a trailing slash ("" for a bare name). */
static char *dir_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? xstrndup(path, (size_t)(slash - path + 1)) : xstrdup("");
}

static char *join(const char *dir, const char *rel)
{
    if (rel[0] == '/')
        return xstrdup(rel);
    return xasprintf("%s%s", dir, rel);
}

static bool is_file(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

char *program_find_calendar(const char *policy_path, const char *name)
{
    char *dir = dir_of(policy_path);
    /* The policy's directory and up to five parents. */
    sbuf up;
    sbuf_init(&up);
    sbuf_puts(&up, dir);
    for (int i = 0; i < 6; i++) {
        char *p = xasprintf("%scalendars/%s.csv", up.data ? up.data : "", name);
        if (is_file(p)) {
            sbuf_free(&up);
            free(dir);
            return p;
        }
        free(p);
        sbuf_puts(&up, "../");
    }
    sbuf_free(&up);
    free(dir);
    const char *env = getenv("DOCKET_CALENDARS");
    if (env && *env) {
        char *p = xasprintf("%s/%s.csv", env, name);
        if (is_file(p))
            return p;
        free(p);
    }
    char *p = xasprintf("%s/calendars/%s.csv", DOCKET_DATADIR, name);
    if (is_file(p))
        return p;
    free(p);
    return NULL;
}

typedef struct loader {
    ast_program *prog;
    diag_sink *sink;
    strmap loaded;        /* realpath -> ast_file */
    const char **stack;   /* realpaths being loaded, for cycles */
    const char **shown;   /* the same, as written */
    size_t depth, cap;
    char **owned;         /* realpath strings to free */
    size_t nowned;
} loader;

static void load_imports(loader *L, ast_file *f);

static ast_file *add_file(loader *L, src_file *src, char *real, bool is_import)
{
    ast_file *af = parse_file(src, L->sink);
    af->is_import = is_import;
    /* Append in load order. */
    ast_file **pp = &L->prog->files;
    while (*pp)
        pp = &(*pp)->next;
    *pp = af;
    L->owned = xrealloc(L->owned, (L->nowned + 1) * sizeof *L->owned);
    L->owned[L->nowned++] = real;
    strmap_put(&L->loaded, real, af);
    if (L->depth == L->cap) {
        L->cap = L->cap ? L->cap * 2 : 8;
        L->stack = xrealloc(L->stack, L->cap * sizeof *L->stack);
        L->shown = xrealloc(L->shown, L->cap * sizeof *L->shown);
    }
    L->stack[L->depth] = real;
    L->shown[L->depth] = af->src->name;
    L->depth++;
    load_imports(L, af);
    L->depth--;
    return af;
}

static void load_imports(loader *L, ast_file *f)
{
    char *dir = dir_of(f->src->name);
    for (decl *d = f->decls; d; d = d->next) {
        if (d->kind != D_IMPORT)
            continue;
        const ast_string *ps = &d->u.import.path;
        char *path = join(dir, ps->text);
        char rbuf[PATH_MAX];
        if (!realpath(path, rbuf)) {
            diag_span(L->sink, DC_IMPORT_UNREADABLE, f->src, ps->sp.off, ps->sp.len,
                      "cannot import \"%s\": %s", ps->text, strerror(errno));
            diag_hint(L->sink, "Import paths are relative to the importing file (%s); looked for %s.",
                      f->src->name, path);
            free(path);
            continue;
        }
        for (size_t i = 0; i < L->depth; i++) {
            if (strcmp(L->stack[i], rbuf) == 0) {
                sbuf chain;
                sbuf_init(&chain);
                for (size_t j = i; j < L->depth; j++) {
                    sbuf_puts(&chain, L->shown[j]);
                    sbuf_puts(&chain, " -> ");
                }
                sbuf_puts(&chain, path);
                diag_span(L->sink, DC_IMPORT_CYCLE, f->src, ps->sp.off, ps->sp.len,
                          "import cycle: %s", chain.data);
                diag_hint(L->sink, "Move the shared declarations into a file that imports nothing from the cycle.");
                sbuf_free(&chain);
                goto next;
            }
        }
        if (strmap_get(&L->loaded, rbuf))
            goto next; /* already loaded through another path */
        src_file *src = src_file_read(path);
        if (!src) {
            diag_span(L->sink, DC_IMPORT_UNREADABLE, f->src, ps->sp.off, ps->sp.len,
                      "cannot read \"%s\": %s", ps->text, strerror(errno));
            goto next;
        }
        add_file(L, src, xstrdup(rbuf), true);
    next:
        free(path);
    }
    free(dir);
}

static ast_program *load(src_file *src, diag_sink *sink)
{
    ast_program *p = xcalloc(1, sizeof *p);
    loader L = {0};
    L.prog = p;
    L.sink = sink;
    strmap_init(&L.loaded);
    size_t errors0 = sink->errors;
    char rbuf[PATH_MAX];
    const char *real = realpath(src->name, rbuf) ? rbuf : src->name;
    p->main = add_file(&L, src, xstrdup(real), false);
    strmap_free(&L.loaded);
    for (size_t i = 0; i < L.nowned; i++)
        free(L.owned[i]);
    free(L.owned);
    free(L.stack);
    free(L.shown);
    p->errors = sink->errors - errors0; /* syntax and import errors so far */
    check_program(p, sink);
    p->errors = sink->errors - errors0;
    return p;
}

ast_program *program_load(const char *path, diag_sink *sink)
{
    src_file *src = src_file_read(path);
    if (!src) {
        diag_at(sink, DC_FILE_UNREADABLE, path, 0, 0, "cannot read policy: %s", strerror(errno));
        return NULL;
    }
    return load(src, sink);
}

ast_program *program_load_string(const char *name, const char *text, diag_sink *sink)
{
    return load(src_file_from_string(name, text, strlen(text)), sink);
}

static void array_free(decl_array *a)
{
    free(a->items);
}

void program_free(ast_program *p)
{
    if (!p)
        return;
    /* The editions' paths first: their decls live in the files' arenas. */
    for (size_t i = 0; i < p->editions.count; i++)
        free(p->editions.items[i]->u.edition.source_path);
    ast_file *f = p->files;
    while (f) {
        ast_file *next = f->next;
        ast_file_free(f);
        f = next;
    }
    array_free(&p->roles);
    array_free(&p->enums);
    array_free(&p->events);
    array_free(&p->states);
    array_free(&p->rules);
    array_free(&p->tests);
    array_free(&p->uncited);
    array_free(&p->mutants);
    array_free(&p->editions);
    for (size_t i = 0; i < p->ngroups; i++)
        array_free(&p->groups[i]);
    free(p->groups);
    strmap_free(&p->edition_map);
    strmap_free(&p->role_map);
    strmap_free(&p->enum_map);
    strmap_free(&p->event_map);
    strmap_free(&p->state_map);
    strmap_free(&p->rule_map);
    strmap_free(&p->value_map);
    free(p->calendar_path);
    free(p->source_path);
    free(p);
}
