/*
 * source.h — the guidance document beside a policy: quotations checked
 * against it, and its normative sentences listed for coverage.
 *
 * Text is compared after folding: runs of white space become one space,
 * typographic quotes become straight ones, dashes become '-', and Markdown
 * emphasis markers ('*') are dropped.
 *
 * Ownership: a src_doc owns its folded text and sentences (src_doc_free).
 */
#ifndef DOCKET_SOURCE_H
#define DOCKET_SOURCE_H

#include <stdbool.h>
#include <stddef.h>

#include "program.h"

typedef struct src_sentence {
    char *text;        /* folded */
    int line;          /* 1-based line in the document where it starts */
    bool normative;    /* contains must, should, will, shall, within, ... */
} src_sentence;

typedef struct src_doc {
    char *path;
    char *folded;      /* the whole document, folded */
    src_sentence *sentences;
    size_t count;
} src_doc;

/* Read and split PATH; NULL when it cannot be read. */
src_doc *src_doc_load(const char *path);
void src_doc_free(src_doc *d);
/* Fold TEXT as described above (caller frees). */
char *src_fold(const char *text);
/* Whether QUOTE (raw) appears in the document. */
bool src_doc_contains(const src_doc *d, const char *quote);
/* The sentence most like QUOTE, or NULL. */
const src_sentence *src_doc_closest(const src_doc *d, const char *quote);
/* Whether sentence S is cited by folded quote Q (either contains the other,
 * or they share a passage of at least 40 characters). */
bool src_sentence_cited(const src_sentence *s, const char *folded_quote);

/* Check every `says` and `uncited` of the files that name P's source
 * document; report quotations not found with the closest passage. */
void source_check(ast_program *p, diag_sink *sink);

#endif
