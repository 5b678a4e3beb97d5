/*
 * program.c — loading a policy and its imports into one program.
 *
 * Imports resolve relative to the importing file. A file imported twice
 * (through different paths to the same file) is loaded once; a cycle is an
 * error that names the chain.
 *
 * Confinement: a policy is text a reviewer merges from someone else, so what
 * it names (imports, its source document) must stay inside the policy tree:
 * the directory of the policy named on the command line, the nearest
 * directory called `policies` above it (the project's policies root, where
 * shared vocabulary lives) and the installed data directory. A name is
 * resolved with realpath (so `..` and symlinks are followed to where they
 * really lead) and the result must lie under one of those roots; absolute
 * names, names that leave the tree and anything that is not a regular file
 * are errors that name the import. Imports must be `.docket` files, so no
 * other kind of file is ever parsed, let alone echoed in a diagnostic.
 */
#define _XOPEN_SOURCE 700 /* realpath */
#include "program.h"

#include "input_limits.h"

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
    /* A docket run from its build directory, not installed: the source
     * tree's policies/calendars (build/docket -> policies/calendars). */
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = '\0';
        char *d = dir_of(exe);
        p = xasprintf("%s../policies/calendars/%s.csv", d, name);
        free(d);
        if (is_file(p))
            return p;
        free(p);
    }
    return NULL;
}

/* ------------------------------------------------------------ the policy tree */

/* Add the real path of directory DIR to P's roots (if it exists and is not
 * already one). */
static void add_root(ast_program *p, const char *dir)
{
    char rbuf[PATH_MAX];
    if (!realpath(dir[0] ? dir : ".", rbuf))
        return;
    for (size_t i = 0; i < p->nroots; i++)
        if (strcmp(p->roots[i], rbuf) == 0)
            return;
    p->roots = xrealloc(p->roots, (p->nroots + 1) * sizeof *p->roots);
    p->roots[p->nroots++] = xstrdup(rbuf);
}

/* The roots of the tree of the policy at MAIN_PATH (as written). */
static void set_roots(ast_program *p, const char *main_path)
{
    char *dir = dir_of(main_path);
    add_root(p, dir);
    free(dir);
    if (p->nroots) {
        /* The nearest ancestor called "policies" (or the root itself). */
        char *up = xstrdup(p->roots[0]);
        for (;;) {
            char *slash = strrchr(up, '/');
            const char *base = slash ? slash + 1 : up;
            if (strcmp(base, "policies") == 0) {
                add_root(p, up);
                break;
            }
            if (!slash || slash == up)
                break;
            *slash = '\0';
        }
        free(up);
    }
    add_root(p, DOCKET_DATADIR);
}

/* Whether REAL (a real path) is ROOT or lies under it. */
static bool under(const char *real, const char *root)
{
    size_t n = strlen(root);
    if (n == 1 && root[0] == '/')
        return true;
    return strncmp(real, root, n) == 0 && (real[n] == '/' || real[n] == '\0');
}

const char *program_confine_status(conf_status st)
{
    switch (st) {
    case CONF_OK: return "";
    case CONF_ABSOLUTE: return "an absolute path is not allowed";
    case CONF_OUTSIDE: return "it leads outside the policy tree";
    case CONF_NOT_REGULAR: return "it is not a regular file";
    case CONF_NOT_DOCKET: return "only .docket files can be imported";
    case CONF_MISSING: return "no such file";
    }
    return "";
}

conf_status program_confine(const ast_program *p, const char *from, const char *rel, bool docket, char **path,
                            int *err)
{
    *path = NULL;
    *err = 0;
    if (rel[0] == '/')
        return CONF_ABSOLUTE;
    size_t n = strlen(rel);
    if (docket && (n < 7 || strcmp(rel + n - 7, ".docket") != 0))
        return CONF_NOT_DOCKET;
    char *dir = dir_of(from);
    char *full = join(dir, rel);
    free(dir);
    char rbuf[PATH_MAX];
    *path = full;
    if (!realpath(full, rbuf)) {
        *err = errno;
        /* Whether a file exists outside the tree is not for a policy to
         * find out: judge the directory it would be in. */
        char *fdir = dir_of(full);
        bool known = realpath(fdir[0] ? fdir : ".", rbuf) != NULL;
        free(fdir);
        bool inside = false;
        for (size_t i = 0; known && i < p->nroots && !inside; i++)
            inside = under(rbuf, p->roots[i]);
        return known && !inside ? CONF_OUTSIDE : CONF_MISSING;
    }
    bool inside = false;
    for (size_t i = 0; i < p->nroots && !inside; i++)
        inside = under(rbuf, p->roots[i]);
    if (!inside)
        return CONF_OUTSIDE;
    struct stat st;
    if (stat(rbuf, &st) != 0 || !S_ISREG(st.st_mode))
        return CONF_NOT_REGULAR;
    return CONF_OK;
}

void program_confine_hint(const ast_program *p, diag_sink *sink, const char *from, const char *what)
{
    (void)p;
    diag_hint(sink,
              "%s names a relative path, from the file that names it (%s), to a regular file inside the policy "
              "tree: the directory of the policy named on the command line, the nearest directory called "
              "'policies' above it, or the installed data directory %s.",
              what, from, DOCKET_DATADIR);
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
    for (decl *d = f->decls; d; d = d->next) {
        if (d->kind != D_IMPORT)
            continue;
        const ast_string *ps = &d->u.import.path;
        char *path;
        int err;
        conf_status cs = program_confine(L->prog, f->src->name, ps->text, true, &path, &err);
        if (cs != CONF_OK) {
            diag_span(L->sink, cs == CONF_MISSING ? DC_IMPORT_UNREADABLE : DC_OUTSIDE_TREE, f->src, ps->sp.off,
                      ps->sp.len, "cannot import \"%s\": %s", ps->text,
                      cs == CONF_MISSING ? strerror(err) : program_confine_status(cs));
            if (cs == CONF_MISSING)
                diag_hint(L->sink, "Import paths are relative to the importing file (%s); looked for %s.",
                          f->src->name, path);
            else
                program_confine_hint(L->prog, L->sink, f->src->name, "An import");
            free(path);
            continue;
        }
        char rbuf[PATH_MAX];
        if (!realpath(path, rbuf)) {
            diag_span(L->sink, DC_IMPORT_UNREADABLE, f->src, ps->sp.off, ps->sp.len, "cannot import \"%s\": %s", ps->text,
                      strerror(errno));
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
        if (L->nowned >= DOCKET_MAX_IMPORTS) {
            diag_span(L->sink, DC_INPUT_LIMIT, f->src, ps->sp.off, ps->sp.len,
                      "cannot import \"%s\": a policy may load at most %d files", ps->text, DOCKET_MAX_IMPORTS);
            goto next;
        }
        /* Open the resolved file, not the name: nothing can be swapped in
         * between the check and the read. */
        src_file *src = src_file_read(rbuf);
        if (!src) {
            diag_span(L->sink, errno == EFBIG ? DC_INPUT_LIMIT : DC_IMPORT_UNREADABLE, f->src, ps->sp.off,
                      ps->sp.len, "cannot read \"%s\": %s", ps->text, src_file_error(errno, DOCKET_MAX_POLICY_BYTES));
            goto next;
        }
        free(src->name);
        src->name = xstrdup(path);
        add_file(L, src, xstrdup(rbuf), true);
    next:
        free(path);
    }
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
    set_roots(p, src->name);
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
        diag_at(sink, errno == EFBIG ? DC_INPUT_LIMIT : DC_FILE_UNREADABLE, path, 0, 0, "cannot read policy: %s",
                src_file_error(errno, DOCKET_MAX_POLICY_BYTES));
        return NULL;
    }
    return load(src, sink);
}

ast_program *program_load_string(const char *name, const char *text, diag_sink *sink)
{
    return load(src_file_from_string(name, text, strlen(text)), sink);
}

ast_program *program_load_mem(const char *name, const char *text, size_t len, diag_sink *sink)
{
    return load(src_file_from_string(name, text, len), sink);
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
    for (size_t i = 0; i < p->nroots; i++)
        free(p->roots[i]);
    free(p->roots);
    free(p);
}
