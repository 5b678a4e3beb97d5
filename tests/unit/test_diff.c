/*
 * test_diff.c — the comparison behind `docket diff` (lang/semdiff.c), on
 * in-memory policies: each kind of change is found and worded, and what is
 * not a change in meaning (layout, comments, order, binding names,
 * equivalent durations) is not reported.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lang/program.h"
#include "lang/semdiff.h"

/* ------------------------------------------------------------ helpers */

static const char BASE[] =
    "policy t.so\n"
    "  title \"T\"\n"
    "  version \"1\"\n"
    "role cp_coordinator \"Coordinator\"\n"
    "role social_worker\n"
    "role manager\n"
    "enum decision (lapse, seek_extension)\n"
    "event supervision_order_made (months: int)\n"
    "event order_ended\n"
    "event cp_plan_started\n"
    "event cp_plan_ended\n"
    "event so_meeting (chair: role)\n"
    "event rcpc_held\n"
    "event meeting_record_circulated\n"
    "event visit (seen_alone: bool, bedroom_seen: bool)\n"
    "event extension_reviewed (decision: decision)\n"
    "state order_in_force from supervision_order_made until order_ended for 12 months\n"
    "state cp_plan from cp_plan_started until cp_plan_ended\n"
    "rule first_meeting\n"
    "  cite \"3. Meetings\"\n"
    "  says \"The first meeting must be convened within 15 working days.\"\n"
    "  when supervision_order_made as order\n"
    "  cp_coordinator must so_meeting where chair = cp_coordinator\n"
    "  due within 15 working days of order\n"
    "rule first_meeting_under_cp_plan\n"
    "  cite \"6. CP plans\"\n"
    "  note \"15 working days applied.\"\n"
    "  overrides first_meeting when cp_plan\n"
    "  cp_coordinator must rcpc_held\n"
    "  due within 15 working days of order\n"
    "rule record_circulated\n"
    "  cite \"3. Meetings\"\n"
    "  says \"The record should be circulated within 5 working days.\"\n"
    "  when so_meeting as meeting\n"
    "  while order_in_force\n"
    "  social_worker must meeting_record_circulated\n"
    "  due within 5 working days of meeting\n"
    "rule manager_review\n"
    "  cite \"3. Meetings\"\n"
    "  says \"A manager must chair a meeting at 9 months.\"\n"
    "  when supervision_order_made as order\n"
    "  if order.months > 9\n"
    "  unless exists order_ended\n"
    "  manager must so_meeting where chair = manager\n"
    "  due between order + 9 months - 2 weeks and order + 9 months\n"
    "rule visits_recorded\n"
    "  cite \"7. Visits\"\n"
    "  when visit as v\n"
    "  social_worker must visit\n"
    "  due by v + 10 days\n"
    "rule decision_made\n"
    "  cite \"3. Meetings\"\n"
    "  when supervision_order_made as order\n"
    "  manager must extension_reviewed where decision in (lapse, seek_extension)\n"
    "  due before order_ended\n"
    "rule not_too_long\n"
    "  cite \"1. Orders\"\n"
    "  when supervision_order_made as order\n"
    "  require order.months <= 12\n"
    "uncited \"Background sentence.\" because \"obliges nobody\"\n"
    "test \"late\"\n"
    "  given\n"
    "    2025-01-06 supervision_order_made with months = 12\n"
    "  as of 2025-03-01\n"
    "  expect first_meeting overdue\n";

static ast_program *load(const char *text)
{
    diag_sink sink;
    diag_init_buffer(&sink);
    ast_program *p = program_load_string("t.docket", text, &sink);
    if (!p || p->errors) {
        for (size_t i = 0; i < sink.count; i++)
            fprintf(stderr, "%d:%d: %s\n", sink.items[i].line, sink.items[i].col, sink.items[i].message);
        fprintf(stderr, "in:\n%s\n", text);
    }
    assert_non_null(p);
    assert_int_equal(p->errors, 0);
    diag_free(&sink);
    return p;
}

/* BASE with FROM replaced by TO (which must occur); caller frees. */
static char *edit(const char *text, const char *from, const char *to)
{
    const char *at = strstr(text, from);
    if (!at)
        fprintf(stderr, "edit: '%s' not found\n", from);
    assert_non_null(at);
    size_t pre = (size_t)(at - text), fl = strlen(from), tl = strlen(to), rest = strlen(at + fl);
    char *out = malloc(pre + tl + rest + 1);
    memcpy(out, text, pre);
    memcpy(out + pre, to, tl);
    memcpy(out + pre + tl, at + fl, rest + 1);
    return out;
}

typedef struct pair {
    ast_program *a, *b;
    semdiff *d;
} pair;

static pair compare(const char *old_text, const char *new_text)
{
    pair p;
    p.a = load(old_text);
    p.b = load(new_text);
    p.d = semdiff_compare(p.a, p.b);
    return p;
}

static pair compare_edit(const char *from, const char *to)
{
    char *t = edit(BASE, from, to);
    pair p = compare(BASE, t);
    free(t);
    return p;
}

static void pair_free(pair *p)
{
    semdiff_free(p->d);
    program_free(p->a);
    program_free(p->b);
}

static void dump(const semdiff *d)
{
    for (size_t i = 0; i < d->count; i++) {
        const sd_item *it = &d->items[i];
        fprintf(stderr, "  %s %s %s%s%s\n", sd_change_name(it->change), it->kind, it->name,
                it->old_name ? " from " : "", it->old_name ? it->old_name : "");
        for (size_t k = 0; k < it->nfields; k++) {
            char *t = sd_field_text(&it->fields[k]);
            fprintf(stderr, "    %s\n", t);
            free(t);
        }
    }
}

/* The only item is KIND NAME with CHANGE; returns it. */
static const sd_item *only_item(const semdiff *d, const char *kind, const char *name, sd_change change)
{
    if (d->count != 1)
        dump(d);
    assert_int_equal(d->count, 1);
    const sd_item *it = &d->items[0];
    assert_string_equal(it->kind, kind);
    assert_string_equal(it->name, name);
    assert_int_equal(it->change, change);
    return it;
}

/* The only item has exactly one field, whose text is WANT; returns it. */
static const sd_field *only_field(const semdiff *d, const char *kind, const char *name, const char *want)
{
    const sd_item *it = only_item(d, kind, name, SD_CHANGED);
    if (it->nfields != 1)
        dump(d);
    assert_int_equal(it->nfields, 1);
    char *t = sd_field_text(&it->fields[0]);
    if (strcmp(t, want) != 0)
        fprintf(stderr, "want: %s\ngot:  %s\n", want, t);
    assert_string_equal(t, want);
    free(t);
    return &it->fields[0];
}

/* ------------------------------------------------------------ no change */

static void test_identical(void **state)
{
    (void)state;
    pair p = compare(BASE, BASE);
    assert_true(semdiff_equal(p.d));
    assert_int_equal(p.d->rules_matched, 7);
    pair_free(&p);
}

static void test_layout_comments_order_not_changes(void **state)
{
    (void)state;
    /* Comments, blank lines, parentheses, the order of rules, of if/unless,
     * of enum values and event attributes, a renamed binding, and 2 weeks
     * written as 14 days. */
    char *t1 = edit(BASE, "rule visits_recorded\n  cite \"7. Visits\"\n  when visit as v\n  social_worker must visit\n"
                          "  due by v + 10 days\n",
                    "");
    char *t2 = edit(t1, "rule first_meeting\n",
                    "# Visits first now.\n\nrule visits_recorded\n  cite \"7. Visits\"\n  when visit as w\n"
                    "  social_worker must visit   # comment\n  due by (w + 10 days)\n\nrule first_meeting\n");
    char *t3 = edit(t2, "  if order.months > 9\n  unless exists order_ended\n",
                    "  unless exists order_ended\n  if order.months > 9\n");
    char *t4 = edit(t3, "enum decision (lapse, seek_extension)", "enum decision (seek_extension, lapse)");
    char *t5 = edit(t4, "event visit (seen_alone: bool, bedroom_seen: bool)", "event visit (bedroom_seen: bool, seen_alone: bool)");
    char *t6 = edit(t5, "order + 9 months - 2 weeks", "order + 9 months - 14 days");
    pair p = compare(BASE, t6);
    if (!semdiff_equal(p.d))
        dump(p.d);
    assert_true(semdiff_equal(p.d));
    pair_free(&p);
    free(t1);
    free(t2);
    free(t3);
    free(t4);
    free(t5);
    free(t6);
}

/* ------------------------------------------------------------ deadlines */

static void test_deadline_stricter(void **state)
{
    (void)state;
    pair p = compare_edit("cp_coordinator must so_meeting where chair = cp_coordinator\n  due within 15 working days",
                          "cp_coordinator must so_meeting where chair = cp_coordinator\n  due within 10 working days");
    const sd_field *f = only_field(p.d, "rule", "first_meeting",
                                   "deadline: within 15 working days of order \xe2\x86\x92 within 10 working days of "
                                   "order (stricter by 5 working days)");
    assert_int_equal(f->cmp, SD_STRICTER);
    assert_string_equal(f->by, "5 working days");
    assert_string_equal(p.d->items[0].cite, "3. Meetings");
    pair_free(&p);
}

static void test_deadline_looser_calendar_units(void **state)
{
    (void)state;
    /* by v + 10 days -> by v + 2 weeks: both calendar days, 4 days looser. */
    pair p = compare_edit("due by v + 10 days", "due by v + 2 weeks");
    const sd_field *f = only_field(p.d, "rule", "visits_recorded",
                                   "deadline: by v + 10 days \xe2\x86\x92 by v + 2 weeks (looser by 4 days)");
    assert_int_equal(f->cmp, SD_LOOSER);
    pair_free(&p);
}

static void test_deadline_incomparable_units(void **state)
{
    (void)state;
    pair p = compare_edit("due within 5 working days of meeting", "due within 1 week of meeting");
    const sd_field *f = only_field(p.d, "rule", "record_circulated",
                                   "deadline: within 5 working days of meeting \xe2\x86\x92 within 1 week of meeting "
                                   "(changed: working days and weeks cannot be compared)");
    assert_int_equal(f->cmp, SD_CMP_NONE);
    assert_true(f->incomparable);
    pair_free(&p);
    /* Months against weeks: changed, never stricter or looser. */
    p = compare_edit("due by v + 10 days", "due by v + 1 month");
    f = only_field(p.d, "rule", "visits_recorded",
                   "deadline: by v + 10 days \xe2\x86\x92 by v + 1 month (changed: days and months cannot be compared)");
    assert_int_equal(f->cmp, SD_CMP_NONE);
    pair_free(&p);
}

static void test_deadline_kind_changed_added_removed(void **state)
{
    (void)state;
    pair p = compare_edit("due before order_ended", "due within 9 months of order");
    const sd_field *f = only_field(p.d, "rule", "decision_made",
                                   "deadline: before order_ended \xe2\x86\x92 within 9 months of order");
    assert_int_equal(f->cmp, SD_CMP_NONE);
    assert_false(f->incomparable);
    pair_free(&p);
    p = compare_edit("  due before order_ended\n", "");
    only_field(p.d, "rule", "decision_made", "deadline removed: before order_ended");
    pair_free(&p);
}

/* ------------------------------------------------------------ duty fields */

static void test_role_changed(void **state)
{
    (void)state;
    pair p = compare_edit("social_worker must meeting_record_circulated", "manager must meeting_record_circulated");
    only_field(p.d, "rule", "record_circulated", "responsible: social_worker \xe2\x86\x92 manager");
    pair_free(&p);
}

static void test_action_and_action_condition(void **state)
{
    (void)state;
    pair p = compare_edit("cp_coordinator must rcpc_held", "cp_coordinator must so_meeting");
    only_field(p.d, "rule", "first_meeting_under_cp_plan", "action: rcpc_held \xe2\x86\x92 so_meeting");
    pair_free(&p);
    p = compare_edit("where chair = cp_coordinator", "where chair = manager");
    only_field(p.d, "rule", "first_meeting",
               "action condition: chair = cp_coordinator \xe2\x86\x92 chair = manager");
    pair_free(&p);
}

static void test_constraint_changed(void **state)
{
    (void)state;
    pair p = compare_edit("require order.months <= 12", "require order.months <= 6");
    only_field(p.d, "rule", "not_too_long", "constraint: order.months <= 12 \xe2\x86\x92 order.months <= 6");
    pair_free(&p);
}

/* ------------------------------------------------------------ applicability */

static void test_condition_added_and_removed(void **state)
{
    (void)state;
    pair p = compare_edit("  when so_meeting as meeting\n", "  when so_meeting as meeting\n  unless cp_plan\n");
    only_field(p.d, "rule", "record_circulated", "condition added: unless cp_plan");
    pair_free(&p);
    p = compare_edit("  if order.months > 9\n", "");
    only_field(p.d, "rule", "manager_review", "condition removed: if order.months > 9");
    pair_free(&p);
    /* if X -> unless X is a removal and an addition. */
    p = compare_edit("  if order.months > 9\n", "  unless order.months > 9\n");
    const sd_item *it = only_item(p.d, "rule", "manager_review", SD_CHANGED);
    assert_int_equal(it->nfields, 2);
    assert_int_equal(it->fields[0].change, SD_REMOVED);
    assert_int_equal(it->fields[1].change, SD_ADDED);
    pair_free(&p);
}

static void test_exception_added(void **state)
{
    (void)state;
    /* An existing rule gains an exception clause. */
    pair p = compare_edit("  when so_meeting as meeting\n",
                          "  when so_meeting as meeting\n  overrides visits_recorded when cp_plan\n");
    only_field(p.d, "rule", "record_circulated", "exception added: overrides visits_recorded when cp_plan");
    pair_free(&p);
    /* And one changes its condition. */
    p = compare_edit("overrides first_meeting when cp_plan", "overrides first_meeting when exists rcpc_held");
    only_field(p.d, "rule", "first_meeting_under_cp_plan",
               "exception: overrides first_meeting when cp_plan \xe2\x86\x92 overrides first_meeting when exists rcpc_held");
    pair_free(&p);
}

static void test_trigger_and_while(void **state)
{
    (void)state;
    pair p = compare_edit("  when visit as v\n", "  when visit as v where not v.seen_alone\n");
    only_field(p.d, "rule", "visits_recorded", "trigger: when visit as v \xe2\x86\x92 when visit as v where not v.seen_alone");
    pair_free(&p);
    p = compare_edit("  while order_in_force\n  social_worker must meeting", "  social_worker must meeting");
    only_field(p.d, "rule", "record_circulated", "while removed: while order_in_force");
    pair_free(&p);
}

/* ------------------------------------------------------------ wording */

static void test_citation_quote_note(void **state)
{
    (void)state;
    pair p = compare_edit("cite \"7. Visits\"", "cite \"7. Visits and contact\"");
    only_field(p.d, "rule", "visits_recorded", "citation: \"7. Visits\" \xe2\x86\x92 \"7. Visits and contact\"");
    pair_free(&p);
    p = compare_edit("at 9 months.\"", "at nine months.\"");
    const sd_field *f = only_field(p.d, "rule", "manager_review",
                                   "quoted text: \"A manager must chair a meeting at 9 months.\" \xe2\x86\x92 \"A "
                                   "manager must chair a meeting at nine months.\"");
    assert_string_equal(f->field, "quoted text");
    pair_free(&p);
    p = compare_edit("  note \"15 working days applied.\"\n", "");
    only_field(p.d, "rule", "first_meeting_under_cp_plan", "note removed: \"15 working days applied.\"");
    pair_free(&p);
}

/* ------------------------------------------------------------ added, removed, renamed */

static void test_rule_added_removed(void **state)
{
    (void)state;
    char *t = edit(BASE, "uncited", "rule extra\n  cite \"9. Extra\"\n  when cp_plan_started as plan\n"
                                    "  manager must so_meeting\n  due within 10 working days of plan\nuncited");
    pair p = compare(BASE, t);
    const sd_item *it = only_item(p.d, "rule", "extra", SD_ADDED);
    assert_string_equal(it->cite, "9. Extra");
    assert_string_equal(it->summary,
                        "when cp_plan_started as plan; manager must so_meeting; due within 10 working days of plan");
    pair_free(&p);
    p = compare(t, BASE);
    it = only_item(p.d, "rule", "extra", SD_REMOVED);
    assert_null(semdiff_rule_in_new(p.d, "extra"));
    assert_string_equal(semdiff_rule_in_new(p.d, "first_meeting"), "first_meeting");
    pair_free(&p);
    free(t);
}

static void test_rule_renamed(void **state)
{
    (void)state;
    pair p = compare_edit("rule manager_review\n", "rule manager_chairs_review\n");
    const sd_item *it = only_item(p.d, "rule", "manager_chairs_review", SD_RENAMED);
    assert_string_equal(it->old_name, "manager_review");
    assert_int_equal(it->nfields, 0);
    assert_string_equal(semdiff_rule_in_new(p.d, "manager_review"), "manager_chairs_review");
    pair_free(&p);
}

static void test_rename_followed_by_exception(void **state)
{
    (void)state;
    /* first_meeting renamed: the exception that overrides it now names the
     * new name, and is not a change. */
    char *t1 = edit(BASE, "rule first_meeting\n", "rule initial_meeting\n");
    char *t2 = edit(t1, "overrides first_meeting", "overrides initial_meeting");
    char *t3 = edit(t2, "expect first_meeting overdue", "expect initial_meeting overdue");
    pair p = compare(BASE, t3);
    /* One rename, and the test that names it changed. */
    size_t renamed = semdiff_count(p.d, SD_RULES, SD_RENAMED), rules = semdiff_count(p.d, SD_RULES, -1);
    if (renamed != 1 || rules != 1)
        dump(p.d);
    assert_int_equal(renamed, 1);
    assert_int_equal(rules, 1);
    assert_int_equal(semdiff_count(p.d, SD_TESTS, SD_CHANGED), 1);
    pair_free(&p);
    free(t1);
    free(t2);
    free(t3);
}

static void test_rename_with_changes_by_quotation(void **state)
{
    (void)state;
    /* Renamed and tightened: the same `says` pairs them. */
    char *t1 = edit(BASE, "rule record_circulated\n", "rule record_sent\n");
    char *t2 = edit(t1, "due within 5 working days of meeting", "due within 3 working days of meeting");
    pair p = compare(BASE, t2);
    const sd_item *it = only_item(p.d, "rule", "record_sent", SD_RENAMED);
    assert_string_equal(it->old_name, "record_circulated");
    assert_int_equal(it->nfields, 1);
    assert_string_equal(it->fields[0].field, "deadline");
    assert_int_equal(it->fields[0].cmp, SD_STRICTER);
    pair_free(&p);
    free(t1);
    free(t2);
}

/* ------------------------------------------------------------ vocabulary */

static void test_event_attributes(void **state)
{
    (void)state;
    pair p = compare_edit("event visit (seen_alone: bool, bedroom_seen: bool)",
                          "event visit (seen_alone: bool, bedroom_seen: bool, minutes: int)");
    const sd_field *f = only_field(p.d, "event", "visit", "attribute added: minutes: int");
    assert_int_equal(f->change, SD_ADDED);
    assert_int_equal(p.d->items[0].section, SD_VOCABULARY);
    pair_free(&p);
    p = compare_edit("bedroom_seen: bool)", "bedroom_seen: text)");
    only_field(p.d, "event", "visit", "attribute: bedroom_seen: bool \xe2\x86\x92 bedroom_seen: text");
    pair_free(&p);
    p = compare_edit(", bedroom_seen: bool)", ")");
    only_field(p.d, "event", "visit", "attribute removed: bedroom_seen: bool");
    pair_free(&p);
}

static void test_roles_enums_states(void **state)
{
    (void)state;
    pair p = compare_edit("role manager\n", "role manager\nrole team_manager\n");
    only_item(p.d, "role", "team_manager", SD_ADDED);
    pair_free(&p);
    p = compare_edit("enum decision (lapse, seek_extension)", "enum decision (lapse, seek_extension, discharge)");
    only_field(p.d, "enum", "decision", "value added: discharge");
    pair_free(&p);
    p = compare_edit("until order_ended for 12 months", "until order_ended for 6 months");
    only_field(p.d, "state", "order_in_force", "lasts at most: 12 months \xe2\x86\x92 6 months");
    pair_free(&p);
    p = compare_edit("role cp_coordinator \"Coordinator\"", "role cp_coordinator \"CP coordinator\"");
    only_field(p.d, "role", "cp_coordinator", "description: \"Coordinator\" \xe2\x86\x92 \"CP coordinator\"");
    pair_free(&p);
}

/* ------------------------------------------------------------ header, tests, uncited */

static void test_header_tests_uncited(void **state)
{
    (void)state;
    pair p = compare_edit("  version \"1\"\n", "  version \"2\"\n");
    only_field(p.d, "policy", "t.so", "version: \"1\" \xe2\x86\x92 \"2\"");
    assert_false(semdiff_equal(p.d));
    pair_free(&p);
    p = compare_edit("  as of 2025-03-01\n", "  as of 2025-04-01\n");
    only_item(p.d, "test", "late", SD_CHANGED);
    pair_free(&p);
    p = compare_edit("because \"obliges nobody\"", "because \"background\"");
    only_field(p.d, "uncited", "Background sentence.", "reason: \"obliges nobody\" \xe2\x86\x92 \"background\"");
    pair_free(&p);
}

static void test_counts_and_names(void **state)
{
    (void)state;
    char *t1 = edit(BASE, "rule manager_review\n", "rule manager_chairs_review\n");
    char *t2 = edit(t1, "due within 5 working days of meeting", "due within 2 working days of meeting");
    pair p = compare(BASE, t2);
    assert_int_equal(semdiff_count(p.d, SD_RULES, SD_RENAMED), 1);
    assert_int_equal(semdiff_count(p.d, SD_RULES, SD_CHANGED), 1);
    assert_int_equal(semdiff_count(p.d, SD_RULES, -1), 2);
    assert_non_null(semdiff_rule_item(p.d, "record_circulated"));
    assert_null(semdiff_rule_item(p.d, "first_meeting"));
    assert_int_equal(p.d->rules_matched, 7);
    assert_string_equal(sd_change_name(SD_RENAMED), "renamed");
    assert_string_equal(sd_section_name(SD_VOCABULARY), "vocabulary");
    pair_free(&p);
    free(t1);
    free(t2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_identical),
        cmocka_unit_test(test_layout_comments_order_not_changes),
        cmocka_unit_test(test_deadline_stricter),
        cmocka_unit_test(test_deadline_looser_calendar_units),
        cmocka_unit_test(test_deadline_incomparable_units),
        cmocka_unit_test(test_deadline_kind_changed_added_removed),
        cmocka_unit_test(test_role_changed),
        cmocka_unit_test(test_action_and_action_condition),
        cmocka_unit_test(test_constraint_changed),
        cmocka_unit_test(test_condition_added_and_removed),
        cmocka_unit_test(test_exception_added),
        cmocka_unit_test(test_trigger_and_while),
        cmocka_unit_test(test_citation_quote_note),
        cmocka_unit_test(test_rule_added_removed),
        cmocka_unit_test(test_rule_renamed),
        cmocka_unit_test(test_rename_followed_by_exception),
        cmocka_unit_test(test_rename_with_changes_by_quotation),
        cmocka_unit_test(test_event_attributes),
        cmocka_unit_test(test_roles_enums_states),
        cmocka_unit_test(test_header_tests_uncited),
        cmocka_unit_test(test_counts_and_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
