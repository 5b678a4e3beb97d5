/*
 * doc.h — a checked policy as a quick guide for practitioners, and the
 * coverage of its guidance document (`docket doc`).
 */
#ifndef DOCKET_DOC_H
#define DOCKET_DOC_H

#include <stdbool.h>
#include <stdio.h>

#include "program.h"
#include "source.h"

/* Write the quick guide of P (loaded without errors) to F: a title, the
 * policy's authority, version and review date, a contents list, then one
 * section per triggering event in the order the procedure runs (from the
 * events no rule asks for, along the duties), each rule a block in plain
 * words; then the roles, the notes, and the uncited sentences with their
 * reasons. HTML when HTML is true (a self-contained page, quotations'
 * Markdown rendered by cmark), Markdown otherwise. */
void doc_guide(FILE *f, const ast_program *p, bool html);

/* Write to F each normative sentence of DOC (P's guidance document) that no
 * rule of P quotes and no `uncited` declaration accounts for, as
 * "PATH:LINE: uncited: "SENTENCE"", then a count line and, when any remain,
 * a hint. Returns how many remain. */
size_t doc_coverage(FILE *f, const ast_program *p, const src_doc *doc);

#endif
