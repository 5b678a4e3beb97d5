/*
 * fmt.h — the canonical text of a parsed Docket file (`docket fmt`).
 *
 * fmt_file prints declarations in source order in the canonical layout
 * (two-space indentation, rule clauses in canonical order, minimal
 * parentheses) and keeps every comment: a comment on its own line goes
 * before the line it preceded in the source, a comment after code stays at
 * the end of that code's line. Formatting is idempotent and the formatted
 * text parses back to the same tree (see ast_dump in dump.h).
 *
 * Ownership: returned strings are malloc'd; the caller frees them.
 */
#ifndef DOCKET_FMT_H
#define DOCKET_FMT_H

#include "ast.h"
#include "util.h"

/* The canonical text of F, ending in exactly one newline ("" for a file
 * with no declarations and no comments). */
char *fmt_file(const ast_file *f);

/* Shared by the formatter and the dump: S as a quoted Docket string literal
 * (escaping \" \\ \n \t), a duration as written (`15 working days`,
 * `1 month`), and one expression in Docket syntax. */
void fmt_put_string(sbuf *b, const char *s);
void fmt_put_duration(sbuf *b, duration d);
/* A duration that may take its number from the case: D as written when
 * COUNT is NULL, else COUNT then D's unit (`order.months months`,
 * `(plan.visit_every_days - 1) days`), with D.n added when not zero. */
void fmt_put_dur_count(sbuf *b, duration d, const expr *count);
void fmt_put_expr(sbuf *b, const expr *e);
/* What follows a state's `from EVENT`: ` as NAME until EVENT or DATE
 * for DURATION extended by EVENT as NAME to DATE`, each part only when
 * present (the `for` length only with LENGTH). */
void fmt_put_state_ends(sbuf *b, const decl *d, bool length);
/* A state's ` for DURATION` (a literal, or `order.months months`);
 * nothing without one. */
void fmt_put_state_length(sbuf *b, const decl *d);
/* A deadline as written after `due` ("within 15 working days of order");
 * nothing for DL_NONE. */
void fmt_put_deadline(sbuf *b, const deadline *dl);

#endif
