/*
 * mutate.h — mutants of a checked program: small changes (a duration one
 * unit longer or shorter, a boundary moved, a condition negated, an
 * exception removed, a role swapped) applied and reverted in place, for
 * `docket test --mutants`.
 *
 * Ownership: a mutant list is freed with mut_free.
 */
#ifndef DOCKET_MUTATE_H
#define DOCKET_MUTATE_H

#include "lang/program.h"

typedef enum {
    MUT_DURATION,   /* a duration one unit longer or shorter */
    MUT_COMPARE,    /* a comparison's boundary moved or flipped */
    MUT_NEGATE,     /* a condition negated */
    MUT_OVERRIDE,   /* an exception removed */
    MUT_ROLE,       /* the responsible role swapped */
} mut_kind;

typedef struct mutant {
    mut_kind kind;
    span sp;              /* where, for the report */
    const decl *rule;     /* the rule it belongs to (or NULL for a state) */
    char *desc;           /* "within 15 working days -> 16 working days" */
    /* Target and saved values. */
    duration *dur;
    duration dur_old, dur_new;
    expr *cmp;
    binop op_old, op_new;
    expr **slot;
    expr *neg, *orig;
    rule_decl *r;
    decl *saved_decl, *new_decl;
} mutant;

typedef struct mutant_list {
    mutant *items;
    size_t count, cap;
} mutant_list;

/* The mutants of the rules and states declared in P's main file (and in its
 * policy's file, when the main file is a test file importing it). NEG nodes
 * are allocated from those files' arenas. */
void mut_collect(ast_program *p, mutant_list *out);
void mut_apply(mutant *m);
void mut_revert(mutant *m);
void mut_free(mutant_list *l);

#endif
