/*
 * semdiff.h — what changed in meaning between two checked programs
 * (`docket diff`).
 *
 * Two programs are compared declaration by declaration, by name, over the
 * main file and everything it imports: the policy header, the vocabulary
 * (roles, enums, events and their attributes, states), the rules, the
 * scenario tests and the `uncited` sentences. Formatting, comments, the
 * order of declarations, of `if`/`unless` conditions, of enum values, of
 * event attributes and of state `from`/`until` events are not changes.
 *
 * Rules are matched by name. A rule of OLD missing from NEW and a rule of
 * NEW missing from OLD are a rename when their bodies are identical (an
 * `overrides` naming a renamed rule counts as unchanged); otherwise, when
 * they quote the same `says` sentence (and no other unmatched rule does), a
 * rename with changes. Everything else is an addition or a removal.
 *
 * Each difference is reported in plain words: conditions, deadlines and
 * durations as Docket writes them (fmt.h). A changed `within` or `by BASE +
 * DURATION` deadline with the same base is called stricter or looser when
 * the two durations are comparable: the same unit, both calendar-day units
 * (days, weeks) or both month units (months, years); otherwise "changed".
 *
 * Ownership: semdiff_compare returns a semdiff the caller frees with
 * semdiff_free; every string in it is owned by it (nothing points into the
 * programs, which may be freed first).
 */
#ifndef DOCKET_SEMDIFF_H
#define DOCKET_SEMDIFF_H

#include <stdbool.h>
#include <stddef.h>

#include "program.h"

typedef enum {
    SD_POLICY,     /* the policy header: name, title, version, calendar, ... */
    SD_VOCABULARY, /* roles, enums, events, states */
    SD_RULES,
    SD_TESTS,      /* scenario tests: checked, but oblige nobody */
    SD_UNCITED,    /* sentences of the source deliberately not encoded */
} sd_section;

typedef enum { SD_ADDED, SD_REMOVED, SD_RENAMED, SD_CHANGED } sd_change;

/* How a changed deadline compares: SD_CMP_NONE when not a deadline change
 * that can be ordered (kind changed, different base, incomparable units). */
typedef enum { SD_CMP_NONE, SD_STRICTER, SD_LOOSER, SD_SAME } sd_cmp;

typedef struct sd_field {
    const char *field;   /* "deadline", "responsible", "condition", "exception",
                            "trigger", "action", "citation", "quoted text", ... */
    sd_change change;    /* SD_ADDED, SD_REMOVED or SD_CHANGED */
    char *old_text;      /* plain words; NULL for an addition */
    char *new_text;      /* NULL for a removal */
    sd_cmp cmp;          /* deadlines only */
    char *by;            /* "5 working days" when cmp is stricter or looser;
                            "working days and weeks" when incomparable */
    bool incomparable;   /* a deadline whose durations cannot be ordered */
    char *words;         /* when set, the change in domain words ("now also
                            triggered by iso_made"): sd_field_text says it */
} sd_field;

typedef struct sd_item {
    sd_section section;
    const char *kind;    /* "policy", "role", "enum", "event", "state", "rule",
                            "test", "uncited" */
    sd_change change;
    char *name;          /* the name in NEW (in OLD for a removal) */
    char *old_name;      /* SD_RENAMED: the name in OLD */
    char *cite;          /* rules: the citation (NEW's, else OLD's), or NULL */
    char *summary;       /* added/removed rules: what the rule says, one line */
    sd_field *fields;    /* SD_CHANGED and SD_RENAMED with changes */
    size_t nfields;
} sd_item;

typedef struct semdiff {
    sd_item *items;      /* by section, then as listed in the programs */
    size_t count, cap;
    size_t nrules_old, nrules_new;
    size_t rules_matched; /* rules of OLD with a counterpart in NEW */
    struct sd_pair { char *old_name, *new_name; } *pairs; /* those counterparts */
    size_t npairs;
} semdiff;

/* Compare two programs that checked without errors. */
semdiff *semdiff_compare(const ast_program *old_p, const ast_program *new_p);
void semdiff_free(semdiff *d);

/* Whether the two programs mean the same (nothing to report). */
bool semdiff_equal(const semdiff *d);
/* Number of items in SECTION with CHANGE (any change when CHANGE < 0). */
size_t semdiff_count(const semdiff *d, sd_section section, int change);

/* The name in NEW of OLD's rule OLD_NAME: itself when kept, its new name
 * when renamed, NULL when removed. */
const char *semdiff_rule_in_new(const semdiff *d, const char *old_name);
/* The item for rule NAME of NEW (changed, added or renamed), or NULL. */
const sd_item *semdiff_rule_item(const semdiff *d, const char *new_name);

/* One field as a line of plain text: "responsible: social_worker →
 * team_manager", "condition added: unless cp_plan", "deadline: within 15
 * working days of order → within 10 working days of order (stricter by 5
 * working days)". Caller frees. */
char *sd_field_text(const sd_field *f);

const char *sd_change_name(sd_change c);   /* "added", "removed", ... */
const char *sd_section_name(sd_section s); /* "policy", "vocabulary", ... */

/* Plain words for a deadline ("within 15 working days of order", "no
 * deadline") and a one-line summary of a rule; caller frees. */
char *sd_deadline_text(const deadline *dl);
char *sd_rule_summary(const decl *rule);

#endif
