/*
 * parse.h — the parser's entry point (parser.y, scanner lexer.l): the text
 * of one file into its syntax tree.
 */
#ifndef DOCKET_PARSE_H
#define DOCKET_PARSE_H

#include "ast.h"

/* Parse F (the ast_file takes ownership of F). Syntax errors are reported to
 * SINK; the returned file holds every declaration that parsed. Never NULL.
 * The caller frees it with ast_file_free. */
ast_file *parse_file(src_file *f, diag_sink *sink);

#endif
