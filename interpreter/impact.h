/*
 * impact.h — what a change to a policy does to a caseload: each case
 * evaluated under both versions (interpreter/run.h), its obligations
 * matched by rule (through the semantic diff's renames), trigger line and
 * milestone, and every one that appears, disappears, or changes due date,
 * status or responsible role recorded, with the totals and the summary
 * sentence. How it is shown is cmd_diff.c's.
 *
 * impact_case may be called from several threads at once (it locks), in
 * any order of cases: impact_finish sorts what was recorded, so the result
 * does not depend on the order.
 *
 * Ownership: an impact owns copies of the obligations it records (and of
 * their trigger and fulfilling events, without attributes); they point
 * into the two programs, which must outlive it (impact_free).
 */
#ifndef DOCKET_IMPACT_H
#define DOCKET_IMPACT_H

#include <pthread.h>
#include <stdbool.h>

#include "eval.h"
#include "lang/semdiff.h"

typedef enum { IM_APPEARS, IM_DISAPPEARS, IM_CHANGES } im_kind;

typedef struct im_change {
    im_kind kind;
    const char *case_id;
    const obligation *old_ob, *new_ob;
    const char *rule;       /* NEW's name (OLD's for a disappearance) */
    uint32_t line;          /* trigger line */
    int milestone;
} im_change;

typedef struct impact {
    const semdiff *sd;
    const ast_program *po, *pn;
    const char *events_name;
    cal_day as_of;
    bool keep_same;         /* record the unchanged obligations too (--all) */
    size_t ncases;          /* cases with events under either version */
    im_change *items;
    size_t count, cap;
    im_change *same;        /* matched obligations with no difference (keep_same) */
    size_t nsame, capsame;
    size_t appear, disappear, changed, earlier, later, gain_due, lose_due, role_changed;
    size_t become[ST_CANCELLED + 1];
    size_t before[ST_CANCELLED + 1], after[ST_CANCELLED + 1];   /* status totals */
    size_t nbefore, nafter;                                     /* obligations */
    size_t cases_affected;
    /* New or changed exceptions and the cases they affect. */
    struct { const char *rule; bool is_new; size_t cases; } *exc;
    size_t nexc;
    char *summary;          /* the summary line */
    arena mem;              /* the copies */
    int *rule_map;          /* old rule number -> the new rule it became, or -1 */
    pthread_mutex_t mu;
} impact;

void impact_init(impact *im, const semdiff *sd, const ast_program *po, const ast_program *pn,
                 const char *events_name, cal_day as_of, bool keep_same);
/* One case (identifier CASE_ID, copied) evaluated under the
 * old and the new version (either result may be empty). */
void impact_case(impact *im, const char *case_id, const eval_result *old_r, const eval_result *new_r);
/* Sort the changes, count the cases affected and those of each new or
 * changed exception, and write the summary sentence. */
void impact_finish(impact *im);
void impact_free(impact *im);

/* Who is responsible for OB: its rule's role, or NULL for a constraint. */
const char *impact_role_of(const obligation *ob);

#endif
