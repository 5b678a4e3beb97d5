/*
 * index.h — every place a checked program names a declaration: where each
 * role, event, enum (and its values), state and rule is declared and every
 * place it is used, and every import's path. The language server answers
 * go to definition, find references and hover from it. It reads the tree
 * and the names the checker resolved (lang/), so there is one parser.
 *
 * Ownership: an lsp_index owns its array; the spans and decls in it belong
 * to the program it was built from, which must outlive it.
 */
#ifndef DOCKET_LSP_INDEX_H
#define DOCKET_LSP_INDEX_H

#include <stdbool.h>

#include "lang/program.h"

typedef struct lsp_occ {
    span sp;              /* the name as written (for an import, its path string) */
    const decl *d;        /* the declaration named (the enum for an enum value) */
    int value;            /* an enum value's index, or -1 */
    bool is_def;          /* this is the declaration itself */
} lsp_occ;

typedef struct lsp_index {
    lsp_occ *items;
    size_t count, cap;
} lsp_index;

/* Index every file of P. */
void lsp_index_build(lsp_index *ix, const ast_program *p);
void lsp_index_free(lsp_index *ix);

/* The occurrence in FILE covering byte offset OFF (a name's end counts, so
 * a cursor just after a word finds it), or NULL. */
const lsp_occ *lsp_index_at(const lsp_index *ix, const src_file *file, uint32_t off);

/* The declaring occurrence of what O names, or NULL (an import's target is
 * not in the index: see lsp_import_target). */
const lsp_occ *lsp_index_def(const lsp_index *ix, const lsp_occ *o);

/* Whether A and B name the same thing. */
bool lsp_occ_same(const lsp_occ *a, const lsp_occ *b);

/* The file an import declaration D (in FILE) names, resolved as the loader
 * resolves it, as a malloc'd real path, or NULL when it does not exist. */
char *lsp_import_target(const src_file *file, const decl *d);

#endif
