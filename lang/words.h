/*
 * words.h — a construct of a policy said in words: deadlines, schedules,
 * triggers, conditions, exceptions, duties and states. The one home of this
 * wording, used by the quick guide (doc.c), the graph (graph.c), the
 * semantic diff (semdiff.c) and `eval --explain`. The canonical source text
 * of a whole file stays with the formatter (fmt.h), which words calls for
 * expressions in canonical syntax.
 *
 * Every function appends to an sbuf (util.h) owned by the caller; nothing
 * else is allocated.
 */
#ifndef DOCKET_WORDS_H
#define DOCKET_WORDS_H

#include <stdbool.h>

#include "ast.h"
#include "util.h"

/* How a construct is said. */
typedef struct words_style {
    /* Expressions as written in the policy (line breaks and tabs folded to
     * spaces), else in canonical Docket syntax (fmt_put_expr). */
    bool as_written;
    /* For a practitioner: "the next ACTION", "instead of R when C", "each
     * counted from 2 weeks before its date"; else the keywords: "next
     * ACTION", "overrides R when C", "from 2 weeks before". */
    bool reader;
    /* Leave out the rule's own trigger binding where it is the date a
     * deadline counts from ("within 15 days" for "within 15 days of order"). */
    bool omit_binding;
    /* Say the binding after the trigger ("when made as order"). */
    bool say_binding;
    /* A schedule whose milestones share a unit as "at 3, 6 and 9 months"
     * rather than "at 3 months, 6 months and 9 months". */
    bool group_units;
} words_style;

/* An expression, in the style's form. */
void words_expr(sbuf *b, const words_style *st, const expr *e);

/* "15 working days", "1 month" (singular for one). */
void words_duration(sbuf *b, duration d);

/* A deadline without `due`: "within 15 working days of order", "by order
 * + 9 months", "between A and B", "before EVENT where C", "at 3, 6 and 9
 * months after order[ from 2 weeks before]". BINDING is the rule's own trigger binding
 * (rule_decl.eff_binding, may be NULL) for omit_binding. Nothing for
 * DL_NONE (see words_no_deadline). */
void words_deadline(sbuf *b, const words_style *st, const deadline *dl, const char *binding);

/* What stands for the deadline of a rule that gives none: "at the trigger"
 * for a constraint (it is checked when its trigger happens), "no timescale
 * given" for a duty, NULL for an exception with no duty of its own. */
const char *words_no_deadline(const rule_decl *r);

/* "when EVENT[ or EVENT...][ as NAME][ where C]", or for an escalation
 * "when RULE overdue" (reader: "is overdue"); nothing when the rule names no
 * trigger of its own. */
void words_trigger(sbuf *b, const words_style *st, const rule_decl *r);

/* "if C" or "unless C". */
void words_condition(sbuf *b, const words_style *st, const cond *k);

/* "while STATE"; nothing when the rule has no `while`. */
void words_while(sbuf *b, const rule_decl *r);

/* "overrides R when C" (reader: "instead of R when C"); nothing when the
 * rule is not an exception. */
void words_exception(sbuf *b, const words_style *st, const rule_decl *r);

/* The duty's event: "ACTION[ or ACTION...][ where C]", "next ACTION[ where
 * C]" (reader: "the next ..."), "not ACTION before DATE" (reader: "no
 * ..."). Nothing when the rule has no duty. */
void words_duty(sbuf *b, const words_style *st, const rule_decl *r);

/* "require C"; nothing when the rule is not a constraint. */
void words_require(sbuf *b, const words_style *st, const rule_decl *r);

/* A state's longest life: "for at most 12 months"; nothing without `for`. */
void words_state_limit(sbuf *b, const decl *state);

#endif
