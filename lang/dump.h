/*
 * dump.h — a deterministic S-expression dump of a file's syntax tree, without
 * spans, comments or anything the checker fills in. Two files have the same
 * dump exactly when they parse to the same tree; the formatter's tests and
 * `docket diff` compare dumps.
 *
 * One declaration per line, e.g.
 *   (rule first_meeting (cite "3. Meetings") (when supervision_order_made order)
 *     (duty cp_coordinator so_meeting (= (name chair) (name cp_coordinator)))
 *     (due within (15 working days) (name order)))
 * (on one line). Ownership: the returned string is malloc'd; the caller
 * frees it.
 */
#ifndef DOCKET_DUMP_H
#define DOCKET_DUMP_H

#include "ast.h"
#include "util.h"

char *ast_dump(const ast_file *f);
/* One expression, as in ast_dump. */
void ast_dump_expr(sbuf *b, const expr *e);

#endif
