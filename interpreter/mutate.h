/*
 * mutate.h — mutants of a checked program: small changes (a duration one
 * unit longer or shorter, a boundary moved, a condition negated, an
 * exception removed, a role swapped, one name of an `or` list dropped, an
 * edition boundary moved, `inclusive` toggled) applied and reverted in place, for
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
    MUT_DROP_TRIGGER, /* one event of `when A or B` dropped */
    MUT_DROP_ROLE,  /* one role of `x or y must` dropped */
    MUT_DROP_ACTION, /* one action of `must A or B` dropped */
    MUT_EDITION,    /* an edition's first day (and the previous one's end) moved by a day */
    MUT_INCLUSIVE,  /* `inclusive` added to or removed from a deadline */
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
    /* Dropping one name of an `or` list: the link that pointed at it, the
     * node, and the kind numbers before and after. */
    name_list **link, *node;
    int *kind_slot, kind_old, kind_new;
    /* An edition boundary. */
    ast_date *date, *date2;   /* an edition's from, and the previous one's until (or NULL) */
    ast_date date_old, date_new;
    bool *flag;           /* MUT_INCLUSIVE: the flag toggled */
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
