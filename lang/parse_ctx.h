/*
 * parse_ctx.h — state shared by the scanner and the parser of one file. There
 * is no global state: the reentrant scanner carries a pointer to this as its
 * "extra" and the pure parser receives it as a parameter.
 */
#ifndef DOCKET_PARSE_CTX_H
#define DOCKET_PARSE_CTX_H

#include "ast.h"

typedef struct parse_ctx {
    ast_file *file;        /* being built; its arena holds every node */
    diag_sink *sink;
    void *scanner;         /* yyscan_t */
    comment **comment_tail;
    decl **decl_tail;
    /* Opening keyword of the declaration being parsed, for messages that
     * name the opener ("to close 'rule' at line 3"). */
    uint32_t decl_off;
    const char *decl_word;
    uint32_t pos;          /* scanner's byte offset */
    /* The name after the last `rule` keyword, for error recovery. */
    bool expect_rule_name;
    const char *rule_name;
    uint32_t rule_name_off, rule_name_end, rule_kw_end;
    /* Open parentheses; past DOCKET_MAX_NESTING the scanner reports it and
     * ends the input (`stopped`), and the parser reports nothing more. */
    int depth;
    bool stopped;
    /* Editions declared right after a rule (read as its clauses), added to
     * the file after it. */
    decl *hoisted;
    /* The last two names scanned (text, byte range), newest first: a
     * misspelt word (`inclusve`) is read as a name, and the error comes at
     * the token after it. */
    const char *ident[2];
    uint32_t ident_off[2], ident_end[2];
} parse_ctx;

/* Locations are byte ranges [off, end). */
typedef struct yyloc_t {
    uint32_t off, end;
} yyloc_t;

#define DKLTYPE yyloc_t
#define DKLTYPE_IS_DECLARED 1

#endif
