/*
 * check.c — names and types. Runs over the parsed files of a program and
 * reports every problem with the span of the offending name; a T_ERROR type
 * marks an expression already reported so that one mistake gives one message.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "check.h"
#include "source.h"

typedef struct checker {
    ast_program *p;
    diag_sink *sink;
    span working_days;       /* first use of working days, for the calendar check */
    bool uses_working_days;
    /* Scope of the expression being checked. */
    decl *scope_event;       /* bare names are its attributes */
    const char *binding;     /* the trigger's `as NAME` */
    decl *binding_event;
    bool binding_is_date;    /* `when R overdue as d`: d is a date */
    /* Several triggers (or actions): the events besides binding_event (or
     * scope_event) that an attribute read through it must also declare. */
    const name_list *binding_others;
    const name_list *scope_others;
    decl_array extends;      /* extend event declarations, in order */
    decl *state;             /* the state whose dates are being checked, or NULL in a rule */
} checker;

/* Report a problem of kind CODE (diag_codes.h) at span SP; ERR for error
 * codes, WARN for warning codes, so that a call reads as what it reports. */
#define ERR(code, sp, ...) diag_span(C->sink, code, (sp).file, (sp).off, (sp).len, __VA_ARGS__)
#define WARN(code, sp, ...) diag_span(C->sink, code, (sp).file, (sp).off, (sp).len, __VA_ARGS__)
#define HINT(...) diag_hint(C->sink, __VA_ARGS__)

static const type T_ERR = {T_ERROR, NULL, NULL};

/* Every duration written in a policy passes here: remember the first use of
 * working days (for the calendar check) and refuse absurd lengths, which
 * would take dates out of the years 1 to 9999. */
static void note_duration(checker *C, duration d, span sp)
{
    if (d.unit == DUR_WORKING_DAYS && !C->uses_working_days) {
        C->uses_working_days = true;
        C->working_days = sp;
    }
    if (!dur_within_limit(d)) {
        diag_span(C->sink, DC_DURATION_TOO_LONG, sp.file, sp.off, sp.len, "%lld %s is more than a hundred years",
                  (long long)d.n, dur_unit_name(d.unit, true));
        diag_hint(C->sink, "No procedure has a timescale that long; check the number.");
    }
}

static type mk(type_kind k)
{
    type t = {k, NULL, NULL};
    return t;
}

const char *type_name(type t, char *buf, size_t n)
{
    switch (t.k) {
    case T_ERROR: return "error";
    case T_DATE: return "date";
    case T_DURATION: return "duration";
    case T_INT: return "int";
    case T_BOOL: return "bool";
    case T_TEXT: return "text";
    case T_ROLE: return "role";
    case T_ENUM:
        snprintf(buf, n, "enum %s", t.en ? t.en->name.text : "?");
        return buf;
    case T_EVENT:
        snprintf(buf, n, "event %s", t.ev ? t.ev->name.text : "?");
        return buf;
    }
    return "?";
}

static void push(decl_array *a, decl *d)
{
    a->items = xgrow(a->items, &a->cap, a->count, sizeof *a->items, 16);
    d->index = (int)a->count;
    a->items[a->count++] = d;
}

static void where_first(checker *C, span first)
{
    int line, col;
    src_file_position(first.file, first.off, &line, &col);
    HINT("The first is at %s:%d; rename one of them.", first.file->name, line);
}

/* Candidates for "did you mean": keys of a map. */
static const char *suggest(const strmap *m, const char *name)
{
    const char **cands = xmalloc((m->count + 1) * sizeof *cands);
    size_t n = 0;
    for (size_t i = 0; i < m->cap; i++)
        if (m->keys[i])
            cands[n++] = m->keys[i];
    const char *best = diag_closest(name, cands, n);
    free(cands);
    return best;
}

/* "a role", "an enum", "an event". */
static const char *article(const char *word)
{
    return strchr("aeiou", word[0]) ? "an" : "a";
}

static decl *lookup(checker *C, const strmap *m, const ast_name *n, const char *what,
                    const char *hint_none)
{
    decl *d = strmap_get(m, n->text);
    if (d) {
        d->used = true;
        return d;
    }
    ERR(DC_UNKNOWN_NAME, n->sp, "unknown %s '%s'", what, n->text);
    const char *s = suggest(m, n->text);
    if (s) {
        HINT("Did you mean '%s'?", s);
        /* The intended declaration is used: no "never used" cascade. */
        ((decl *)strmap_get(m, s))->used = true;
    } else if (hint_none)
        HINT("%s", hint_none);
    return NULL;
}

/* ------------------------------------------------------------ declarations */

static bool declare(checker *C, strmap *m, decl *d, const char *what)
{
    decl *old = strmap_get(m, d->name.text);
    if (old) {
        ERR(DC_DUPLICATE, d->name.sp, "duplicate %s '%s'", what, d->name.text);
        if (d->kind == D_EVENT && old->sp.file != d->sp.file) {
            int line, col;
            src_file_position(old->sp.file, old->name.sp.off, &line, &col);
            HINT("It is declared at %s:%d. To add attributes to it, write extend event %s (NAME: TYPE).",
                 old->sp.file->name, line, d->name.text);
        } else {
            where_first(C, old->name.sp);
        }
        d->used = true; /* reported once: not also "never used" */
        return false;
    }
    strmap_put(m, d->name.text, d);
    return true;
}

/* Roles, states and enum values share one namespace: all can stand bare in an
 * expression. */
static void declare_value(checker *C, const ast_name *n, decl *d)
{
    decl *old = strmap_get(&C->p->value_map, n->text);
    if (old && old != d) {
        const char *k = old->kind == D_ENUM ? "enum value" : decl_kind_name(old->kind);
        ERR(DC_DUPLICATE, n->sp, "'%s' is already declared as %s %s", n->text, article(k), k);
        HINT("Roles, states and enum values share one namespace so that a bare name in a condition means one thing; rename one of them.");
        return;
    }
    strmap_put(&C->p->value_map, n->text, d);
}

static void collect(checker *C)
{
    ast_program *p = C->p;
    for (ast_file *f = p->files; f; f = f->next) {
        for (decl *d = f->decls; d; d = d->next) {
            switch (d->kind) {
            case D_POLICY:
                /* The main file's policy, or (for a test file that imports
                 * its policy) the one policy it imports. */
                if (p->policy && f == p->main) {
                    ERR(DC_ONE_POLICY, d->u.policy.qualified.sp, "a file declares one policy");
                    where_first(C, p->policy->u.policy.qualified.sp);
                } else if (p->policy) {
                    ERR(DC_ONE_POLICY, d->u.policy.qualified.sp, "a second policy, %s, is imported", d->u.policy.qualified.text);
                    HINT("Only one policy can be checked at a time: %s already declares %s. Import shared vocabulary and rules from files without a policy header.",
                         p->policy->sp.file->name, p->policy->u.policy.qualified.text);
                } else {
                    p->policy = d;
                }
                break;
            case D_IMPORT:
                break;
            case D_ROLE:
                if (declare(C, &p->role_map, d, "role"))
                    declare_value(C, &d->name, d);
                push(&p->roles, d);
                break;
            case D_ENUM:
                if (!declare(C, &p->enum_map, d, "enum"))
                    break;
                push(&p->enums, d);
                for (enum_value *v = d->u.enm.values; v; v = v->next) {
                    for (enum_value *w = d->u.enm.values; w != v; w = w->next)
                        if (strcmp(w->name.text, v->name.text) == 0) {
                            ERR(DC_DUPLICATE, v->name.sp, "duplicate value '%s' in enum %s", v->name.text, d->name.text);
                            break;
                        }
                    declare_value(C, &v->name, d);
                }
                break;
            case D_EVENT:
                declare(C, &p->event_map, d, "event");
                push(&p->events, d);
                break;
            case D_STATE:
                if (declare(C, &p->state_map, d, "state"))
                    declare_value(C, &d->name, d);
                push(&p->states, d);
                break;
            case D_RULE:
                declare(C, &p->rule_map, d, "rule");
                push(&p->rules, d);
                break;
            case D_TEST:
                push(&p->tests, d);
                break;
            case D_UNCITED:
                push(&p->uncited, d);
                break;
            case D_MUTANT:
                push(&p->mutants, d);
                break;
            case D_EXTEND:
                C->extends.items = xgrow(C->extends.items, &C->extends.cap, C->extends.count,
                                         sizeof *C->extends.items, 8);
                C->extends.items[C->extends.count++] = d;
                break;
            case D_EDITION:
                declare(C, &p->edition_map, d, "edition");
                push(&p->editions, d);
                break;
            }
        }
    }
}

/* extend event NAME (attributes): the attributes are added at the end of the
 * event's list (so the indexes of its own attributes do not move). */
static void apply_extends(checker *C)
{
    for (size_t i = 0; i < C->extends.count; i++) {
        decl *x = C->extends.items[i];
        decl *ev = lookup(C, &C->p->event_map, &x->u.extend.event, "event",
                          "'extend event' adds attributes to an event declared elsewhere (usually an imported vocabulary); declare a new event with 'event NAME (...)'.");
        x->u.extend.decl = ev;
        if (!ev)
            continue;
        if (!x->u.extend.attrs) {
            ERR(DC_EXTEND_EMPTY, x->name.sp, "extend event %s adds no attributes", ev->name.text);
            HINT("List them in parentheses: extend event %s (category: text).", ev->name.text);
            continue;
        }
        attr_decl **tail = &ev->u.event.attrs;
        while (*tail)
            tail = &(*tail)->next;
        for (attr_decl *a = x->u.extend.attrs, *nx; a; a = nx) {
            nx = a->next;
            bool dup = false;
            for (attr_decl *b = ev->u.event.attrs; b; b = b->next)
                if (strcmp(a->name.text, b->name.text) == 0) {
                    int line, col;
                    src_file_position(b->name.sp.file, b->name.sp.off, &line, &col);
                    ERR(DC_DUPLICATE, a->name.sp, "event %s already has an attribute '%s'", ev->name.text, a->name.text);
                    HINT("It is declared at %s:%d; extend an event only with attributes it lacks.",
                         b->name.sp.file->name, line);
                    dup = true;
                    break;
                }
            if (dup)
                continue;
            /* The extension's own node joins the event's list: both live in
             * arenas the program owns. */
            a->next = NULL;
            *tail = a;
            tail = &a->next;
            ev->u.event.nattrs++;
        }
    }
}

static const char *const builtin_types[] = {"date", "duration", "int", "bool", "text", "role"};

static void check_event(checker *C, decl *d)
{
    if (d->u.event.nattrs > 64) {
        ERR(DC_TOO_MANY_ATTRIBUTES, d->name.sp, "event %s has %d attributes; at most 64 are allowed", d->name.text, d->u.event.nattrs);
        HINT("Declare only the columns the rules read; other columns of the export are ignored.");
    }
    for (attr_decl *a = d->u.event.attrs; a; a = a->next) {
        for (attr_decl *b = d->u.event.attrs; b != a; b = b->next)
            if (strcmp(a->name.text, b->name.text) == 0) {
                ERR(DC_DUPLICATE, a->name.sp, "duplicate attribute '%s' in event %s", a->name.text, d->name.text);
                break;
            }
        const char *tn = a->type_name.text;
        static const type_kind kinds[] = {T_DATE, T_DURATION, T_INT, T_BOOL, T_TEXT, T_ROLE};
        bool found = false;
        for (size_t i = 0; i < 6; i++)
            if (strcmp(tn, builtin_types[i]) == 0) {
                a->ty = mk(kinds[i]);
                found = true;
            }
        if (found)
            continue;
        decl *en = strmap_get(&C->p->enum_map, tn);
        if (en) {
            en->used = true;
            a->ty = mk(T_ENUM);
            a->ty.en = en;
            continue;
        }
        a->ty = T_ERR;
        ERR(DC_UNKNOWN_NAME, a->type_name.sp, "unknown type '%s'", tn);
        const char *s = diag_closest(tn, builtin_types, 6);
        if (!s)
            s = suggest(&C->p->enum_map, tn);
        if (s)
            HINT("Did you mean '%s'?", s);
        else
            HINT("Attribute types are date, duration, int, bool, text, role, or the name of an enum.");
    }
    if (strcmp(d->name.text, "date") == 0 || strcmp(d->name.text, "case") == 0 ||
        strcmp(d->name.text, "event") == 0) {
        ERR(DC_EVENT_NAME, d->name.sp, "'%s' cannot name an event", d->name.text);
        HINT("case, date and event are the fixed columns of a case event file.");
    }
}

static int attr_index(decl *ev, const char *name, attr_decl **out)
{
    int i = 0;
    for (attr_decl *a = ev->u.event.attrs; a; a = a->next, i++)
        if (strcmp(a->name.text, name) == 0) {
            if (out)
                *out = a;
            return i;
        }
    return -1;
}

static bool dur_positive(checker *C, duration d, span sp, const char *what)
{
    if (d.n <= 0) {
        ERR(DC_DURATION_NOT_POSITIVE, sp, "%s must be longer than zero", what);
        return false;
    }
    return true;
}

static type check_expr(checker *C, expr *e);
static bool is_dateish(type t);

/* A duration whose number comes from the case (`order.months months`,
 * `(expr) days`): COUNT must be an int. Reports a date, a duration or
 * anything else with a targeted hint. */
static void check_dur_count(checker *C, expr *count, dur_unit u)
{
    type t = check_expr(C, count);
    if (t.k == T_ERROR || t.k == T_INT)
        return;
    char b[64];
    int n = (int)count->sp.len;
    const char *txt = count->sp.file->text + count->sp.off;
    ERR(DC_TYPE, count->sp, "the number of %s must be a number, not %s", dur_unit_name(u, true),
        type_name(t, b, sizeof b));
    if (is_dateish(t) && C->state)
        HINT("%.*s is a date. Close the state on it (until %.*s), or count the days between two dates: (%.*s - DATE) days.",
             n, txt, n, txt, n, txt);
    else if (is_dateish(t))
        HINT("%.*s is a date. Use the date itself (due by %.*s), or count the days between two dates: (%.*s - DATE) days.",
             n, txt, n, txt, n, txt);
    else if (t.k == T_DURATION)
        HINT("%.*s is already a duration; write it without the unit.", n, txt);
    else
        HINT("Give an int attribute (order.months months) or an int expression in parentheses ((order.months - 3) months).");
}

static type expect_type(checker *C, expr *e, type_kind want, const char *context);

/* Bind state D's opening event to its `as` name for the expressions
 * computed from it (its length's number, its closing date): true when
 * bound. A state that opens on several kinds of event cannot bind one
 * (an error at the binding). */
static bool bind_opening(checker *C, decl *d)
{
    name_list *f = d->u.state.from;
    if (!d->u.state.binding.text || !f)
        return false;
    if (f->next) {
        ERR(DC_TYPE, d->u.state.binding.sp, "'%s' would stand for %s or %s", d->u.state.binding.text,
            f->name.text, f->next->name.text);
        HINT("A state whose length or closing date is computed from its opening event opens on one kind of event.");
        return false;
    }
    if (!f->decl)
        return false;
    C->binding = d->u.state.binding.text;
    C->binding_event = f->decl;
    return true;
}

/* State D's `for` length: a literal must be longer than zero; a number
 * from the case (`for order.months months`) is read from the opening
 * event (bound when OPENING), which must be named with `as`. */
static void check_state_length(checker *C, decl *d, bool opening)
{
    note_duration(C, d->u.state.for_dur, d->u.state.for_sp);
    if (!d->u.state.for_count)
        dur_positive(C, d->u.state.for_dur, d->u.state.for_sp, "a state's length");
    else if (opening || !d->u.state.binding.text)
        check_dur_count(C, d->u.state.for_count, d->u.state.for_dur.unit);
}

/* A state's events; its length and closing date, computed from its opening
 * event (bound as its `as` name); and the extension's new closing date
 * (with the extension's event bound). */
static void check_state(checker *C, decl *d)
{
    for (name_list *n = d->u.state.from; n; n = n->next)
        n->decl = lookup(C, &C->p->event_map, &n->name, "event", "A state opens and closes on events; declare the event first.");
    for (name_list *n = d->u.state.until; n; n = n->next)
        n->decl = lookup(C, &C->p->event_map, &n->name, "event", "A state opens and closes on events; declare the event first.");
    C->state = d;
    bool opening = (d->u.state.for_count || d->u.state.close_at) && bind_opening(C, d);
    if (d->u.state.has_for)
        check_state_length(C, d, opening);
    if (d->u.state.close_at && (opening || !d->u.state.binding.text))
        expect_type(C, d->u.state.close_at, T_DATE, "the date a state closes on");
    C->binding = NULL;
    C->binding_event = NULL;
    if (d->u.state.ext_event.text) {
        d->u.state.ext_decl = lookup(C, &C->p->event_map, &d->u.state.ext_event, "event",
                                     "A state is extended by an event; declare the event first.");
        if (d->u.state.ext_decl) {
            C->binding = d->u.state.ext_binding.text;
            C->binding_event = d->u.state.ext_decl;
            expect_type(C, d->u.state.ext_to, T_DATE, "the date after 'to'");
        }
    }
    C->binding = NULL;
    C->binding_event = NULL;
    C->state = NULL;
}

/* ------------------------------------------------------------ expressions */

static type check_expr(checker *C, expr *e);


static bool is_dateish(type t)
{
    return t.k == T_DATE || t.k == T_EVENT;
}

static bool same_type(type a, type b)
{
    if (is_dateish(a) && is_dateish(b))
        return true;
    if (a.k != b.k)
        return false;
    if (a.k == T_ENUM)
        return a.en == b.en;
    return true;
}

static type expect_type(checker *C, expr *e, type_kind want, const char *context)
{
    type t = check_expr(C, e);
    if (t.k == T_ERROR)
        return t;
    bool ok = want == T_DATE ? is_dateish(t) : t.k == want;
    if (!ok) {
        char buf[64];
        ERR(DC_TYPE, e->sp, "%s must be a %s, not %s", context, want == T_DATE ? "date" : want == T_BOOL ? "condition (true or false)" : type_name(mk(want), buf, sizeof buf), type_name(t, buf, sizeof buf));
        if (want == T_BOOL && t.k == T_ENUM)
            HINT("Compare it with a value: %.*s = %s.", (int)e->sp.len, e->sp.file->text + e->sp.off,
                 t.en->u.enm.values ? t.en->u.enm.values->name.text : "...");
        else if (want == T_DATE && t.k == T_DURATION)
            HINT("Add the duration to a date, e.g. order + 3 months.");
        return T_ERR;
    }
    return t;
}

static void name_candidates(checker *C, const char ***out, size_t *n)
{
    size_t cap = C->p->value_map.count + 16, k = 0;
    const char **c = xmalloc(cap * sizeof *c);
    for (size_t i = 0; i < C->p->value_map.cap; i++)
        if (C->p->value_map.keys[i]) {
            if (k == cap)
                c = xrealloc(c, (cap *= 2) * sizeof *c);
            c[k++] = C->p->value_map.keys[i];
        }
    /* Enum values are stored under their own names too. */
    if (C->scope_event)
        for (attr_decl *a = C->scope_event->u.event.attrs; a; a = a->next) {
            if (k == cap)
                c = xrealloc(c, (cap *= 2) * sizeof *c);
            c[k++] = a->name.text;
        }
    if (C->binding) {
        if (k == cap)
            c = xrealloc(c, (cap *= 2) * sizeof *c);
        c[k++] = C->binding;
    }
    *out = c;
    *n = k;
}

/* An attribute A of FIRST read where the event may also be any of OTHERS
 * (`when A or B as x`, `must A or B where ...`): every one of them must
 * declare it with the same type. BINDING names the trigger (x.attr) or is
 * NULL for a bare attribute. Reports and returns false otherwise. */
static bool shared_attr(checker *C, const decl *first, const name_list *others, const attr_decl *a,
                        span sp, const char *binding)
{
    for (const name_list *o = others; o; o = o->next) {
        if (!o->decl || o->decl == first)
            continue;
        attr_decl *b;
        char b1[64], b2[64];
        if (attr_index(o->decl, a->name.text, &b) < 0) {
            ERR(DC_SHARED_ATTRIBUTE, sp, "event %s has no attribute '%s'", o->decl->name.text, a->name.text);
            if (binding)
                HINT("%s may be %s or %s: only an attribute that every one of them declares, with the same type, can be read through it. Add it with extend event %s (%s: %s), or write a rule for each event.",
                     binding, first->name.text, o->decl->name.text, o->decl->name.text, a->name.text, a->type_name.text);
            else
                HINT("The event may be %s or %s: only an attribute that every one of them declares, with the same type, can be read. Add it with extend event %s (%s: %s), or write a rule for each event.",
                     first->name.text, o->decl->name.text, o->decl->name.text, a->name.text, a->type_name.text);
            return false;
        }
        if (a->ty.k != T_ERROR && b->ty.k != T_ERROR && !same_type(a->ty, b->ty)) {
            ERR(DC_SHARED_ATTRIBUTE, sp, "attribute '%s' is %s in %s but %s in %s", a->name.text, type_name(a->ty, b1, sizeof b1),
                first->name.text, type_name(b->ty, b2, sizeof b2), o->decl->name.text);
            HINT("An attribute read through several events must have one type; rename one of them, or write a rule for each event.");
            return false;
        }
    }
    return true;
}

static type check_name(checker *C, expr *e)
{
    const char *n = e->u.name.name.text;
    attr_decl *a;
    if (C->scope_event) {
        int i = attr_index(C->scope_event, n, &a);
        if (i >= 0) {
            e->u.name.res = RES_ATTR;
            e->u.name.attr_event = C->scope_event;
            e->u.name.index = i;
            if (!shared_attr(C, C->scope_event, C->scope_others, a, e->u.name.name.sp, NULL))
                return T_ERR;
            return a->ty;
        }
    }
    if (C->scope_event && strcmp(n, "date") == 0) {
        e->u.name.res = RES_DATE;
        return mk(T_DATE);
    }
    if (C->binding && strcmp(C->binding, n) == 0) {
        e->u.name.res = RES_BINDING;
        if (C->binding_is_date)
            return mk(T_DATE);
        type t = mk(T_EVENT);
        t.ev = C->binding_event;
        return t;
    }
    decl *d = strmap_get(&C->p->value_map, n);
    if (d) {
        d->used = true;
        e->u.name.decl = d;
        switch (d->kind) {
        case D_ROLE:
            e->u.name.res = RES_ROLE;
            return mk(T_ROLE);
        case D_STATE:
            e->u.name.res = RES_STATE;
            return mk(T_BOOL);
        case D_ENUM: {
            e->u.name.res = RES_ENUM_VALUE;
            int i = 0;
            for (enum_value *v = d->u.enm.values; v; v = v->next, i++)
                if (strcmp(v->name.text, n) == 0)
                    e->u.name.index = i;
            type t = mk(T_ENUM);
            t.en = d;
            return t;
        }
        case D_POLICY:
        case D_IMPORT:
        case D_EVENT:
        case D_RULE:
        case D_TEST:
        case D_UNCITED:
        case D_MUTANT:
        case D_EXTEND:
        case D_EDITION:
            break;
        }
    }
    ERR(DC_UNKNOWN_NAME, e->u.name.name.sp, "unknown name '%s'", n);
    const char **cands;
    size_t nc;
    name_candidates(C, &cands, &nc);
    const char *s = diag_closest(n, cands, nc);
    free(cands);
    if (s)
        HINT("Did you mean '%s'?", s);
    else if (strmap_get(&C->p->event_map, n))
        HINT("'%s' is an event; test for it with 'exists %s' or bind it with 'when %s as NAME'.", n, n, n);
    else if (C->scope_event)
        HINT("Here a bare name is an attribute of %s, the trigger's name, a state, a role or an enum value.", C->scope_event->name.text);
    else if (C->state) {
        const name_list *f = C->state->u.state.from;
        bool is_attr = f && f->decl && attr_index(f->decl, n, NULL) >= 0;
        if (is_attr && C->binding)
            HINT("Read the opening event's attribute through its name: %s.%s.", C->binding, n);
        else if (is_attr)
            HINT("Name the opening event with 'as' to read its attributes: state %s from %s as NAME ..., then NAME.%s.",
                 C->state->name.text, f->name.text, n);
        else if (!C->binding)
            HINT("To use the event that opens state %s here, name it with 'as': from %s as %s.", C->state->name.text,
                 f ? f->name.text : "EVENT", n);
        else
            HINT("Here a bare name is the opening event's name (%s), a state, a role or an enum value.", C->binding);
    }
    else
        HINT("A bare name here is the trigger's name, a state, a role or an enum value.");
    return T_ERR;
}

/* The index of attribute E (base.attr) in event EV, or -1 after an error
 * at the attribute. */
static int attr_of(checker *C, decl *ev, expr *e, attr_decl **out)
{
    const span bs = e->u.attr.base->sp;
    const char *an = e->u.attr.attr.text;
    int i = attr_index(ev, an, out);
    if (i >= 0)
        return i;
    ERR(DC_UNKNOWN_ATTRIBUTE, e->u.attr.attr.sp, "event %s has no attribute '%s'", ev->name.text, an);
    const char *cands[64];
    size_t n = 0;
    for (attr_decl *x = ev->u.event.attrs; x && n < 64; x = x->next)
        cands[n++] = x->name.text;
    const char *s = diag_closest(an, cands, n);
    if (s)
        HINT("Did you mean '%s'?", s);
    else if (n == 0)
        HINT("Event %s has no attributes; only %.*s.date can be used.", ev->name.text, (int)bs.len,
             bs.file->text + bs.off);
    else
        HINT("Its attributes are declared at the event; add '%s' there if the case export has it.", an);
    return -1;
}

/* (QUERY).ATTRIBUTE: an attribute of the event a `first` or `last` query
 * finds. */
static type check_query_attr(checker *C, expr *e)
{
    expr *base = e->u.attr.base;
    type bt = check_expr(C, base);
    if (bt.k == T_ERROR)
        return T_ERR;
    if (base->kind != EX_FIRST && base->kind != EX_LAST) {
        char b[64];
        ERR(DC_TYPE, e->sp, "%.*s is %s, not an event: it has no attributes", (int)base->sp.len,
            base->sp.file->text + base->sp.off, type_name(bt, b, sizeof b));
        HINT("Attributes are read from the trigger's name (order.months) or from the event a first or last query finds: (last plan_agreed before v).visit_every_days.");
        return T_ERR;
    }
    decl *ev = base->u.query.decl;
    e->u.attr.ev = ev;
    if (strcmp(e->u.attr.attr.text, "date") == 0) {
        e->u.attr.index = -1;
        return mk(T_DATE);
    }
    attr_decl *a;
    int i = attr_of(C, ev, e, &a);
    if (i < 0)
        return T_ERR;
    e->u.attr.index = i;
    return a->ty;
}

static type check_attr(checker *C, expr *e)
{
    expr *base = e->u.attr.base;
    if (base->kind != EX_NAME)
        return check_query_attr(C, e);
    const char *bn = base->u.name.name.text;
    const char *an = e->u.attr.attr.text;
    if (!C->binding || strcmp(bn, C->binding) != 0) {
        ERR(DC_UNKNOWN_NAME, base->sp, "'%s' is not the name of an event in this %s", bn, C->state ? "state" : "rule");
        if (C->state && C->binding)
            HINT("The opening event of state %s is named '%s' (from ... as %s); write %s.%s.", C->state->name.text,
                 C->binding, C->binding, C->binding, an);
        else if (C->state)
            HINT("Name the opening event with 'as' to read its attributes: state %s from %s as %s ..., then %s.%s.",
                 C->state->name.text, C->state->u.state.from ? C->state->u.state.from->name.text : "EVENT", bn, bn, an);
        else if (C->binding)
            HINT("The trigger is named '%s' (when ... as %s); write %s.%s.", C->binding, C->binding, C->binding, an);
        else
            HINT("Name the trigger with 'when EVENT as NAME' to use NAME.%s.", an);
        return T_ERR;
    }
    base->u.name.res = RES_BINDING;
    if (C->binding_is_date) {
        base->ty = mk(T_DATE);
        ERR(DC_TYPE, e->sp, "'%s' is a date, not an event", bn);
        HINT("In a rule triggered by another rule's failure, %s is the day that rule failed: use %s itself, e.g. due within 5 working days of %s.", bn, bn, bn);
        return T_ERR;
    }
    type bt = mk(T_EVENT);
    bt.ev = C->binding_event;
    base->ty = bt;
    e->u.attr.ev = C->binding_event;
    if (!C->binding_event)
        return T_ERR;
    if (strcmp(an, "date") == 0) {
        e->u.attr.index = -1;
        return mk(T_DATE);
    }
    attr_decl *a;
    int i = attr_of(C, C->binding_event, e, &a);
    if (i < 0)
        return T_ERR;
    e->u.attr.index = i;
    if (!shared_attr(C, C->binding_event, C->binding_others, a, e->u.attr.attr.sp, bn))
        return T_ERR;
    return a->ty;
}

/* The unparenthesised `exists E where C` that ends expression E, if any:
 * the one an `and`/`or` written after it would seem to extend. */
static const expr *trailing_exists(const expr *e)
{
    while (e && e->sp.file->text[e->sp.off] != '(') {
        if (e->kind == EX_EXISTS)
            return e->u.query.cond ? e : NULL;
        if (e->kind == EX_BINARY && (e->u.bin.op == OP_AND || e->u.bin.op == OP_OR))
            e = e->u.bin.r;
        else if (e->kind == EX_NOT)
            e = e->u.un.e;
        else
            return NULL;
    }
    return NULL;
}

static type check_binary(checker *C, expr *e)
{
    binop op = e->u.bin.op;
    char b1[64], b2[64];
    if (op == OP_AND || op == OP_OR) {
        const expr *x = trailing_exists(e->u.bin.l);
        if (x) {
            const expr *c = x->u.query.cond;
            const expr *r = e->u.bin.r;
            WARN(DC_EXISTS_JOIN, e->sp, "'%s' joins the whole 'exists' test, not its condition", binop_text(op));
            HINT("The condition after 'where' is one comparison. Write exists %s where (%.*s %s %.*s) to test both on one event, or (%.*s) %s %.*s to keep this meaning.",
                 x->u.query.event.text, (int)c->sp.len, c->sp.file->text + c->sp.off, binop_text(op),
                 (int)r->sp.len, r->sp.file->text + r->sp.off, (int)x->sp.len, x->sp.file->text + x->sp.off,
                 binop_text(op), (int)r->sp.len, r->sp.file->text + r->sp.off);
        }
        type l = expect_type(C, e->u.bin.l, T_BOOL, op == OP_AND ? "each side of 'and'" : "each side of 'or'");
        type r = expect_type(C, e->u.bin.r, T_BOOL, op == OP_AND ? "each side of 'and'" : "each side of 'or'");
        return l.k == T_ERROR || r.k == T_ERROR ? T_ERR : mk(T_BOOL);
    }
    type l = check_expr(C, e->u.bin.l);
    type r = check_expr(C, e->u.bin.r);
    if (l.k == T_ERROR || r.k == T_ERROR)
        return T_ERR;
    if (op == OP_ADD || op == OP_SUB) {
        if (is_dateish(l) && r.k == T_DURATION)
            return mk(T_DATE);
        if (op == OP_ADD && l.k == T_DURATION && is_dateish(r))
            return mk(T_DATE);
        if (op == OP_SUB && is_dateish(l) && is_dateish(r))
            return mk(T_INT); /* days between */
        if (l.k == T_INT && r.k == T_INT)
            return mk(T_INT);
        if (l.k == T_DURATION && r.k == T_DURATION) {
            expr *a = e->u.bin.l, *b = e->u.bin.r;
            if (a->kind == EX_DURATION && b->kind == EX_DURATION && a->u.dur.unit != b->u.dur.unit) {
                ERR(DC_TYPE, e->sp, "cannot combine %s and %s", dur_unit_name(a->u.dur.unit, true),
                    dur_unit_name(b->u.dur.unit, true));
                HINT("Months, weeks and working days do not convert; add each to the date in turn: order + 9 months - 2 weeks.");
                return T_ERR;
            }
            if (a->kind != EX_DURATION || b->kind != EX_DURATION) {
                ERR(DC_TYPE, e->sp, "durations can only be combined as literals");
                HINT("Add each duration to the date in turn: order + 9 months - 2 weeks.");
                return T_ERR;
            }
            return mk(T_DURATION);
        }
        ERR(DC_TYPE, e->sp, "cannot %s %s %s %s", op == OP_ADD ? "add" : "subtract",
            type_name(r, b2, sizeof b2), op == OP_ADD ? "to" : "from", type_name(l, b1, sizeof b1));
        if (is_dateish(l) && r.k == T_INT)
            HINT("%.*s is a number, not a duration: give it a unit, as in %.*s months or (%.*s) days.",
                 (int)e->u.bin.r->sp.len, e->u.bin.r->sp.file->text + e->u.bin.r->sp.off,
                 (int)e->u.bin.r->sp.len, e->u.bin.r->sp.file->text + e->u.bin.r->sp.off,
                 (int)e->u.bin.r->sp.len, e->u.bin.r->sp.file->text + e->u.bin.r->sp.off);
        else
            HINT("Dates take durations (order + 15 working days); numbers take numbers.");
        return T_ERR;
    }
    /* Comparisons. */
    if (!same_type(l, r)) {
        ERR(DC_TYPE, e->sp, "cannot compare %s with %s", type_name(l, b1, sizeof b1), type_name(r, b2, sizeof b2));
        if (l.k == T_ROLE || r.k == T_ROLE)
            HINT("A role is compared with a role name, e.g. chair = cp_coordinator.");
        else if (is_dateish(l) || is_dateish(r))
            HINT("A date is compared with a date, e.g. r.date > order + 10 days or r.date > 2025-01-01.");
        else if ((l.k == T_INT && r.k == T_DURATION) || (l.k == T_DURATION && r.k == T_INT))
            HINT("A number is compared with a plain number: write 12, not 12 months.");
        else
            HINT("Both sides of a comparison must have the same type.");
        return T_ERR;
    }
    if (op != OP_EQ && op != OP_NE) {
        if (!(is_dateish(l) || l.k == T_INT || l.k == T_DURATION)) {
            ERR(DC_TYPE, e->sp, "'%s' orders dates, numbers and durations, not %s", binop_text(op),
                type_name(l, b1, sizeof b1));
            HINT("Use = or != to compare %s values.", type_name(l, b1, sizeof b1));
            return T_ERR;
        }
    }
    if (l.k == T_DURATION && e->u.bin.l->kind == EX_DURATION && e->u.bin.r->kind == EX_DURATION &&
        e->u.bin.l->u.dur.unit != e->u.bin.r->u.dur.unit) {
        ERR(DC_TYPE, e->sp, "cannot compare %s with %s", dur_unit_name(e->u.bin.l->u.dur.unit, true),
            dur_unit_name(e->u.bin.r->u.dur.unit, true));
        return T_ERR;
    }
    return mk(T_BOOL);
}

/* Check WHERE with the attributes of event EV in scope; false on error. */
static bool check_event_cond(checker *C, decl *ev, expr *where)
{
    if (!where)
        return true;
    decl *saved = C->scope_event;
    C->scope_event = ev;
    type t = expect_type(C, where, T_BOOL, "the condition after 'where'");
    C->scope_event = saved;
    return t.k != T_ERROR;
}

/* The event a query names, with its `where` condition checked. */
static decl *query_event(checker *C, expr *e)
{
    decl *ev = lookup(C, &C->p->event_map, &e->u.query.event, "event", NULL);
    if (ev && !check_event_cond(C, ev, e->u.query.cond))
        return NULL;
    return ev;
}

static type check_expr_inner(checker *C, expr *e)
{
    switch (e->kind) {
    case EX_DATE: return mk(T_DATE);
    case EX_INT: return mk(T_INT);
    case EX_DURATION:
        note_duration(C, e->u.dur, e->sp);
        if (e->dur_count)
            check_dur_count(C, e->dur_count, e->u.dur.unit);
        return mk(T_DURATION);
    case EX_BOOL: return mk(T_BOOL);
    case EX_TEXT: return mk(T_TEXT);
    case EX_NAME: return check_name(C, e);
    case EX_ATTR: return check_attr(C, e);
    case EX_STATE_AT: {
        decl *st = lookup(C, &C->p->state_map, &e->u.state_at.state, "state",
                          "Declare it with 'state NAME from EVENT until EVENT'.");
        e->u.state_at.decl = st;
        type t = expect_type(C, e->u.state_at.at, T_DATE, "the date after 'at'");
        return st && t.k != T_ERROR ? mk(T_BOOL) : T_ERR;
    }
    case EX_NOT: {
        type t = expect_type(C, e->u.un.e, T_BOOL, "what follows 'not'");
        return t.k == T_ERROR ? T_ERR : mk(T_BOOL);
    }
    case EX_NEG: {
        type t = check_expr(C, e->u.un.e);
        if (t.k == T_ERROR)
            return t;
        if (t.k != T_INT && t.k != T_DURATION) {
            char b[64];
            ERR(DC_TYPE, e->sp, "cannot negate %s", type_name(t, b, sizeof b));
            return T_ERR;
        }
        return t;
    }
    case EX_BINARY: return check_binary(C, e);
    case EX_IN: {
        type l = check_expr(C, e->u.in.lhs);
        bool bad = l.k == T_ERROR;
        for (expr *i = e->u.in.items; i; i = i->next) {
            type t = check_expr(C, i);
            if (t.k == T_ERROR || bad) {
                bad = true;
                continue;
            }
            if (!same_type(l, t)) {
                char b1[64], b2[64];
                ERR(DC_TYPE, i->sp, "'%.*s' is %s; the list needs %s values", (int)i->sp.len, i->sp.file->text + i->sp.off,
                    type_name(t, b1, sizeof b1), type_name(l, b2, sizeof b2));
                HINT("Every item of an 'in' list has the type of the value before 'in'.");
                bad = true;
            }
        }
        return bad ? T_ERR : mk(T_BOOL);
    }
    case EX_FIRST:
    case EX_LAST: {
        decl *ev = query_event(C, e);
        e->u.query.decl = ev;
        type t = e->u.query.a ? expect_type(C, e->u.query.a, T_DATE, e->kind == EX_FIRST ? "the date after 'after'" : "the date after 'before'") : mk(T_DATE);
        return ev && t.k != T_ERROR ? mk(T_DATE) : T_ERR;
    }
    case EX_COUNT: {
        decl *ev = query_event(C, e);
        e->u.query.decl = ev;
        bool bad = !ev;
        if (e->u.query.a) {
            bad |= expect_type(C, e->u.query.a, T_DATE, "the start of 'between'").k == T_ERROR;
            bad |= expect_type(C, e->u.query.b, T_DATE, "the end of 'between'").k == T_ERROR;
        }
        return bad ? T_ERR : mk(T_INT);
    }
    case EX_EXISTS: {
        decl *ev = query_event(C, e);
        e->u.query.decl = ev;
        return ev ? mk(T_BOOL) : T_ERR;
    }
    }
    return T_ERR;
}

static type check_expr(checker *C, expr *e)
{
    e->ty = check_expr_inner(C, e);
    return e->ty;
}

static void check_cond(checker *C, expr *e, const char *context)
{
    if (e)
        expect_type(C, e, T_BOOL, context);
}

/* ------------------------------------------------------------ rules */

static void check_deadline(checker *C, decl *d)
{
    rule_decl *r = &d->u.rule;
    deadline *dl = &r->due;
    if (dl->kind == DL_NONE)
        return;
    if (r->require) {
        ERR(DC_CONSTRAINT_DEADLINE, dl->sp, "a constraint has no deadline");
        HINT("'require' is checked when the rule is triggered; use 'ROLE must ACTION' for a duty with a deadline.");
        return;
    }
    switch (dl->kind) {
    case DL_NONE: break;
    case DL_WITHIN:
        note_duration(C, dl->within, dl->within_sp);
        if (dl->within_count)
            check_dur_count(C, dl->within_count, dl->within.unit);
        else
            dur_positive(C, dl->within, dl->within_sp, "a deadline");
        expect_type(C, dl->of, T_DATE, "the date after 'of'");
        if (dl->inclusive && dl->within.unit != DUR_DAYS && dl->within.unit != DUR_WORKING_DAYS) {
            ERR(DC_INCLUSIVE_UNIT, dl->inclusive_sp, "'inclusive' counts days, not %s", dur_unit_name(dl->within.unit, true));
            HINT("'inclusive' makes the start day day 1 of a count of days or working days; %s are counted from the date itself.",
                 dur_unit_name(dl->within.unit, true));
        }
        break;
    case DL_BY:
        expect_type(C, dl->by, T_DATE, "the date after 'by'");
        break;
    case DL_BETWEEN:
        expect_type(C, dl->by, T_DATE, "the start of 'between'");
        expect_type(C, dl->to, T_DATE, "the end of 'between'");
        break;
    case DL_BEFORE:
        dl->before_decl = lookup(C, &C->p->event_map, &dl->before, "event", NULL);
        if (dl->before_decl)
            check_event_cond(C, dl->before_decl, dl->before_where);
        break;
    case DL_SCHEDULE: {
        expect_type(C, dl->of, T_DATE, "the date after 'after'");
        milestone *prev = NULL;
        for (milestone *m = dl->milestones; m; m = m->next) {
            note_duration(C, m->dur, m->sp);
            if (m->count)
                check_dur_count(C, m->count, m->dur.unit);
            else
                dur_positive(C, m->dur, m->sp, "a milestone");
            if (prev && !m->count && !prev->count &&
                dur_approx_millidays(m->dur) <= dur_approx_millidays(prev->dur)) {
                ERR(DC_SCHEDULE_ORDER, m->sp, "schedule out of order: %lld %s comes after %lld %s",
                    (long long)m->dur.n, dur_unit_name(m->dur.unit, m->dur.n != 1),
                    (long long)prev->dur.n, dur_unit_name(prev->dur.unit, prev->dur.n != 1));
                HINT("List milestones from the earliest to the latest, each once.");
            }
            prev = m;
        }
        if (dl->has_window) {
            note_duration(C, dl->window, dl->window_sp);
            if (dl->window_count)
                check_dur_count(C, dl->window_count, dl->window.unit);
            else
                dur_positive(C, dl->window, dl->window_sp, "a schedule's window");
        }
        break;
    }
    }
}

int program_event_group(ast_program *p, decl *const *evs, size_t n)
{
    if (n == 1)
        return evs[0]->index;
    for (size_t g = 0; g < p->ngroups; g++) {
        if (p->groups[g].count != n)
            continue;
        bool same = true;
        for (size_t a = 0; a < n && same; a++) {
            bool in = false;
            for (size_t i = 0; i < n; i++)
                in |= p->groups[g].items[i] == evs[a];
            same = in;
        }
        if (same)
            return (int)(p->events.count + g);
    }
    p->groups = xgrow(p->groups, &p->capgroups, p->ngroups, sizeof *p->groups, 4);
    decl_array *ga = &p->groups[p->ngroups];
    memset(ga, 0, sizeof *ga);
    for (size_t a = 0; a < n; a++) {
        ga->items = xgrow(ga->items, &ga->cap, ga->count, sizeof *ga->items, 4);
        ga->items[ga->count++] = evs[a];
    }
    return (int)(p->events.count + p->ngroups++);
}

/* The interpreter's kind number for the events of NAMES (resolved): the
 * event's index for one, else an event group (created once per set). -1
 * when a name is unknown. Reports an event named twice. */
static int kind_of(checker *C, const name_list *names, const char *what)
{
    ast_program *p = C->p;
    size_t n = 0;
    for (const name_list *a = names; a; a = a->next) {
        if (!a->decl)
            return -1;
        for (const name_list *b = names; b != a; b = b->next)
            if (b->decl == a->decl) {
                ERR(DC_DUPLICATE, a->name.sp, "%s '%s' is named twice", what, a->name.text);
                HINT("Name each event once.");
                return -1;
            }
        n++;
    }
    decl **evs = xmalloc(n * sizeof *evs);
    size_t i = 0;
    for (const name_list *a = names; a; a = a->next)
        evs[i++] = a->decl;
    int k = program_event_group(p, evs, n);
    free(evs);
    return k;
}

/* The roles before `must`: each declared, none twice. */
static void check_roles(checker *C, rule_decl *r)
{
    for (name_list *n = r->roles; n; n = n->next) {
        n->decl = lookup(C, &C->p->role_map, &n->name, "role", "Declare it with 'role NAME \"description\"'.");
        for (name_list *m = r->roles; m != n; m = m->next)
            if (strcmp(m->name.text, n->name.text) == 0) {
                ERR(DC_DUPLICATE, n->name.sp, "role '%s' is named twice", n->name.text);
                HINT("Name each responsible role once.");
                break;
            }
    }
    r->role_decl = r->roles ? r->roles->decl : NULL;
}

/* One action after `must`: an event (else a targeted error). */
static decl *check_action(checker *C, name_list *n)
{
    ast_program *p = C->p;
    decl *act = strmap_get(&p->event_map, n->name.text);
    if (act) {
        act->used = true;
        n->decl = act;
        return act;
    }
    decl *other = strmap_get(&p->value_map, n->name.text);
    if (!other)
        other = strmap_get(&p->rule_map, n->name.text);
    if (other) {
        const char *k = other->kind == D_ENUM ? "enum value" : decl_kind_name(other->kind);
        ERR(DC_ACTION_NOT_EVENT, n->name.sp, "the action '%s' is %s %s, not an event", n->name.text, article(k), k);
        other->used = true; /* reported: not also "never used" */
        HINT("A duty is fulfilled by an event in the case record: ROLE must EVENT.");
    } else {
        ERR(DC_UNKNOWN_NAME, n->name.sp, "unknown event '%s'", n->name.text);
        const char *s = suggest(&p->event_map, n->name.text);
        if (s)
            HINT("Did you mean '%s'?", s);
        else
            HINT("A duty is fulfilled by an event in the case record; declare it with 'event %s'.", n->name.text);
    }
    return NULL;
}

/* `when R overdue as d` / `when R breached as d`: R must be a rule whose
 * obligations can reach that status. */
static void check_escalation(checker *C, decl *d)
{
    rule_decl *r = &d->u.rule;
    const char *st = r->trig == TRIG_OVERDUE ? "overdue" : "breached";
    decl *t = lookup(C, &C->p->rule_map, &r->trigger, "rule",
                     "'when RULE overdue' escalates another rule's missed duty; name a rule of this policy.");
    r->esc_rule = t;
    if (!t || t->broken)
        return;
    if (t == d) {
        ERR(DC_ESCALATION_CYCLE, r->trigger.sp, "rule %s cannot escalate its own failure", d->name.text);
        HINT("Escalation names another rule: when first_meeting %s as missed.", st);
        r->esc_rule = NULL;
        return;
    }
    const rule_decl *tr = &t->u.rule;
    bool can_overdue = tr->has_duty && !tr->is_next && !tr->forbids && tr->due.kind != DL_NONE;
    bool can_breach = tr->require || tr->is_next || tr->forbids;
    if (r->trig == TRIG_OVERDUE && !can_overdue) {
        ERR(DC_ESCALATION_STATUS, r->trigger.sp, "rule %s is never overdue", t->name.text);
        if (can_breach)
            HINT("It is met or breached, never overdue: write when %s breached as NAME.", t->name.text);
        else
            HINT("Only a duty with a deadline (due ...) goes overdue; give %s a deadline first.", t->name.text);
        r->esc_rule = NULL;
    } else if (r->trig == TRIG_BREACHED && !can_breach) {
        ERR(DC_ESCALATION_STATUS, r->trigger.sp, "rule %s is never breached", t->name.text);
        if (can_overdue)
            HINT("A duty with a deadline goes overdue: write when %s overdue as NAME.", t->name.text);
        else
            HINT("Only a constraint (require), a 'next' duty or a prohibition (must not ... before) is breached.");
        r->esc_rule = NULL;
    }
}

/* Escalations must not loop: A escalates B's failure, B escalates A's. */
static void check_escalation_cycles(checker *C)
{
    ast_program *p = C->p;
    for (size_t i = 0; i < p->rules.count; i++) {
        decl *d = p->rules.items[i];
        decl *x = d->u.rule.esc_rule;
        size_t steps = 0;
        while (x && x != d && steps++ <= p->rules.count)
            x = x->u.rule.esc_rule;
        if (x != d)
            continue;
        sbuf chain;
        sbuf_init(&chain);
        sbuf_puts(&chain, d->name.text);
        for (decl *y = d->u.rule.esc_rule; y; y = y->u.rule.esc_rule) {
            sbuf_printf(&chain, " -> %s", y->name.text);
            if (y == d)
                break;
        }
        ERR(DC_ESCALATION_CYCLE, d->u.rule.trigger.sp, "escalations form a cycle: %s", chain.data);
        HINT("Each rule here is triggered by the failure of the next; one of them must be triggered by an event instead.");
        sbuf_free(&chain);
        /* Report the cycle once: cut it at every member. */
        decl *y = d->u.rule.esc_rule;
        d->u.rule.esc_rule = NULL;
        while (y && y != d) {
            decl *nx = y->u.rule.esc_rule;
            y->u.rule.esc_rule = NULL;
            y = nx;
        }
    }
}

/* `overrides R`: R resolved into r->overrides_decl, refused when it is the
 * rule itself or when the chain of overrides loops. Returns the overridden
 * rule, or NULL. */
static decl *resolve_overrides(checker *C, decl *d)
{
    rule_decl *r = &d->u.rule;
    ast_program *p = C->p;
    decl *base = NULL;
    if (r->has_overrides) {
        base = lookup(C, &p->rule_map, &r->overrides, "rule", NULL);
        if (base == d) {
            ERR(DC_OVERRIDE_CYCLE, r->overrides.sp, "rule %s cannot override itself", d->name.text);
            base = NULL;
        }
        r->overrides_decl = base;
        /* A chain of overrides must not loop. */
        decl *x = base;
        for (int steps = 0; x && steps < 1000; steps++) {
            if (!x->u.rule.has_overrides)
                break;
            x = strmap_get(&p->rule_map, x->u.rule.overrides.text);
            if (x == d) {
                ERR(DC_OVERRIDE_CYCLE, r->overrides.sp, "overrides form a cycle through rule %s", base->name.text);
                HINT("An exception overrides a base rule; the base rule cannot override its exception.");
                base = NULL;
                r->overrides_decl = NULL;
                break;
            }
        }
    }

    return base;
}

/* The rule's trigger: its own `when EVENT {or EVENT} [as NAME]`, the rule
 * whose failure it escalates (`when R overdue|breached`), or the trigger it
 * inherits from BASE, the rule it overrides; sets eff_trigger, eff_binding,
 * the kind number, and the checker's binding scope. Also resolves the
 * rule's `edition`. */
static void check_trigger(checker *C, decl *d, decl *base)
{
    rule_decl *r = &d->u.rule;
    ast_program *p = C->p;
    r->trigger_kind_index = -1;
    r->action_kind_index = -1;
    C->binding_is_date = false;
    C->binding_others = NULL;
    C->scope_others = NULL;
    if (r->edition.text)
        r->edition_decl = lookup(C, &p->edition_map, &r->edition, "edition",
                                 "Declare it with edition NAME \"TITLE\" from DATE source \"FILE\".");
    if (r->has_trigger && r->trig != TRIG_EVENT) {
        check_escalation(C, d);
        r->eff_binding = r->binding.text;
        C->binding_is_date = true;
    } else if (r->has_trigger) {
        for (name_list *n = r->triggers; n; n = n->next) {
            decl *ev = strmap_get(&p->event_map, n->name.text);
            decl *rl = ev ? NULL : strmap_get(&p->rule_map, n->name.text);
            if (rl) {
                ERR(DC_TRIGGER_NOT_EVENT, n->name.sp, "'%s' is a rule, not an event", n->name.text);
                HINT("To act when its duty is missed, write when %s overdue as NAME (or breached, for a constraint).", n->name.text);
                rl->used = true;
                continue;
            }
            char *h = xasprintf("A rule is triggered by an event; declare it with 'event %s'.", n->name.text);
            n->decl = lookup(C, &p->event_map, &n->name, "event", h);
            free(h);
        }
        r->trigger_decl = r->triggers->decl;
        r->trigger_kind_index = kind_of(C, r->triggers, "event");
        if (r->trigger_kind_index < 0)
            r->trigger_decl = NULL;
        r->eff_trigger = r->trigger_decl;
        r->eff_binding = r->binding.text;
        C->binding_others = r->triggers->next;
        if (r->binding.text) {
            decl *v = strmap_get(&p->value_map, r->binding.text);
            if (v) {
                const char *k = v->kind == D_ENUM ? "enum value" : decl_kind_name(v->kind);
                ERR(DC_DUPLICATE, r->binding.sp, "'%s' is already %s %s", r->binding.text, article(k), k);
                HINT("Choose another name for the trigger, such as '%s_event'.", r->binding.text);
            }
        }
    } else if (base) {
        /* Inherit the overridden rule's trigger (checked in its own turn). */
        rule_decl *b = &base->u.rule;
        decl *bt = b->has_trigger ? strmap_get(&p->event_map, b->trigger.text) : NULL;
        r->eff_trigger = bt;
        r->eff_binding = b->binding.text;
        r->trigger_kind_index = bt ? b->trigger_kind_index : -1;
        C->binding_others = b->triggers ? b->triggers->next : NULL;
        if (!b->has_trigger && !base->broken) {
            ERR(DC_NO_TRIGGER, r->overrides.sp, "rule %s has no trigger to inherit", base->name.text);
            HINT("An exception without 'when' applies to the triggers of the rule it overrides, which needs its own 'when'.");
        }
    } else if (!r->has_overrides) {
        ERR(DC_NO_TRIGGER, d->name.sp, "rule %s has no trigger", d->name.text);
        HINT("Say when the rule applies: when EVENT as NAME.");
    }
}


/* The duty: its roles, its actions (one event group for several), the
 * condition on the candidate event, and a prohibition's date. */
static void check_duty(checker *C, decl *d)
{
    rule_decl *r = &d->u.rule;
    check_roles(C, r);
    bool all = true;
    for (name_list *n = r->actions; n; n = n->next)
        all &= check_action(C, n) != NULL;
    decl *act = all ? r->actions->decl : NULL;
    if (act) {
        r->action_kind_index = kind_of(C, r->actions, "event");
        if (r->action_kind_index < 0)
            act = NULL;
    }
    r->action_decl = act;
    if (r->duty_where && act) {
        C->scope_event = act;
        C->scope_others = r->actions->next;
        check_cond(C, r->duty_where, "the condition after 'where'");
        C->scope_event = NULL;
        C->scope_others = NULL;
    }
    if (r->forbids) {
        expect_type(C, r->not_before, T_DATE, "the date after 'before'");
        if (r->due.kind != DL_NONE) {
            ERR(DC_PROHIBITION_DEADLINE, r->due.sp, "a prohibition has no deadline");
            HINT("'ROLE must not ACTION before DATE' is breached by such an event before DATE and met once DATE passes; remove the 'due' line.");
        }
    }
}

static void check_rule(checker *C, decl *d)
{
    rule_decl *r = &d->u.rule;
    ast_program *p = C->p;
    if (d->broken)
        return; /* its syntax error is reported; only its name is known */
    C->scope_event = NULL;
    C->binding = NULL;
    C->binding_event = NULL;

    if (!r->cite.present)
        WARN(DC_NO_CITE, d->name.sp, "rule %s has no 'cite'", d->name.text), HINT("Add cite \"SECTION\" naming the paragraph of the guidance it encodes.");
    if (!r->says.present)
        WARN(DC_NO_SAYS, d->name.sp, "rule %s has no 'says'", d->name.text), HINT("Add says \"...\" quoting the sentence of the guidance it encodes.");

    /* The overridden rule first: its trigger may be inherited. */
    decl *base = resolve_overrides(C, d);

    check_trigger(C, d, base);
    C->binding = r->eff_binding;
    C->binding_event = r->eff_trigger;

    if (r->trigger_where && r->eff_trigger) {
        C->scope_event = r->trigger_decl;
        C->scope_others = r->triggers->next;
        check_cond(C, r->trigger_where, "the condition after 'where'");
        C->scope_event = NULL;
        C->scope_others = NULL;
    }
    if (r->has_overrides)
        check_cond(C, r->overrides_when, "the condition after 'when'");
    for (cond *k = r->conds; k; k = k->next)
        check_cond(C, k->e, k->kind == COND_IF ? "the condition after 'if'" : "the condition after 'unless'");
    if (r->has_while)
        r->while_decl = lookup(C, &p->state_map, &r->while_state, "state",
                               "Declare it with 'state NAME from EVENT until EVENT'.");
    if (r->has_duty) {
        check_duty(C, d);
    } else if (r->require) {
        check_cond(C, r->require, "the condition after 'require'");
    } else if (!r->has_overrides) {
        ERR(DC_NO_DUTY, d->name.sp, "rule %s asks nothing of anyone", d->name.text);
        HINT("Add a duty (ROLE must EVENT) or a constraint (require CONDITION).");
    }
    if (r->due.kind != DL_NONE && !r->forbids)
        check_deadline(C, d);
    C->binding = NULL;
    C->binding_event = NULL;
    C->binding_is_date = false;
    C->binding_others = NULL;
}

/* ------------------------------------------------------------ tests */

static void check_test(checker *C, decl *d)
{
    test_decl *t = &d->u.test;
    ast_program *p = C->p;
    if (!t->has_as_of) {
        ERR(DC_TEST_NO_AS_OF, t->name.sp, "test %s has no 'as of' date", t->name.text);
        HINT("Add 'as of YYYY-MM-DD': the date the obligations are judged on.");
    }
    ast_date prev = 0;
    for (test_event *te = t->events; te; te = te->next) {
        if (prev && te->date < prev) {
            /* Allowed (input order does not matter) but unusual: a warning. */
            WARN(DC_TEST_EVENT_ORDER, te->date_sp, "events in a test are usually listed in date order");
            HINT("Events are sorted by date before evaluation; listing them in order makes the test easier to read.");
        }
        prev = te->date;
        decl *ev = lookup(C, &p->event_map, &te->kind, "event", NULL);
        te->decl = ev;
        if (!ev)
            continue;
        for (test_attr *a = te->attrs; a; a = a->next) {
            attr_decl *ad;
            a->index = attr_index(ev, a->name.text, &ad);
            if (a->index < 0) {
                ERR(DC_UNKNOWN_ATTRIBUTE, a->name.sp, "event %s has no attribute '%s'", ev->name.text, a->name.text);
                continue;
            }
            for (test_attr *b = te->attrs; b != a; b = b->next)
                if (strcmp(b->name.text, a->name.text) == 0)
                    ERR(DC_ATTRIBUTE_TWICE, a->name.sp, "attribute '%s' is given twice", a->name.text);
            C->scope_event = NULL;
            type vt = check_expr(C, a->value);
            if (vt.k != T_ERROR && !same_type(vt, ad->ty) && ad->ty.k != T_ERROR) {
                char b1[64], b2[64];
                ERR(DC_TYPE, a->value->sp, "attribute '%s' is %s, not %s", a->name.text, type_name(ad->ty, b1, sizeof b1),
                    type_name(vt, b2, sizeof b2));
            }
        }
    }
    for (expectation *x = t->expects; x; x = x->next) {
        x->rule_decl = lookup(C, &p->rule_map, &x->rule, "rule", NULL);
        if (x->has_role)
            x->role_decl = lookup(C, &p->role_map, &x->role, "role", NULL);
        if (x->kind == EXP_STATUS && x->has_days_late && x->status != ST_LATE && x->status != ST_OVERDUE) {
            ERR(DC_DAYS_LATE_STATUS, x->sp, "only a late or overdue obligation has days late");
        }
    }
}

/* ------------------------------------------------------------ header */

/* The guidance file PATH_TEXT named in file F, resolved beside it; NULL (and
 * reported at SP) when it is not there. */
/* The source document PATH_TEXT named in F at SP, resolved inside the
 * policy tree (program_confine); NULL after reporting why it cannot be
 * used. */
static char *resolve_source(checker *C, const src_file *f, const char *path_text, span sp)
{
    char *path;
    int err;
    conf_status cs = program_confine(C->p, f->name, path_text, false, &path, &err);
    if (cs == CONF_OK)
        return path;
    if (cs == CONF_MISSING) {
        ERR(DC_SOURCE_NOT_FOUND, sp, "source document \"%s\" not found", path_text);
        HINT("Keep the guidance beside the policy; the path is relative to %s.", f->name);
    } else {
        ERR(DC_OUTSIDE_TREE, sp, "source document \"%s\" cannot be used: %s", path_text, program_confine_status(cs));
        program_confine_hint(C->p, C->sink, f->name, "'source'");
    }
    free(path);
    return NULL;
}

/* An edition: a period that does not end before it starts, a source beside
 * the policy, and no overlap with an earlier edition (one edition is in
 * force on any day). */
static void check_edition(checker *C, decl *d)
{
    ast_program *p = C->p;
    struct { ast_date from, until; } me = {d->u.edition.from, d->u.edition.until};
    char b1[11], b2[11];
    if (me.until && me.until <= me.from) {
        ERR(DC_EDITION_PERIOD, d->u.edition.until_sp, "edition %s ends on %s, before it starts on %s", d->name.text,
            ast_date_format(me.until, b1), ast_date_format(me.from, b2));
        HINT("'until' is the first day the edition is no longer in force; it comes after 'from'.");
        return;
    }
    d->u.edition.source_path = resolve_source(C, d->sp.file, d->u.edition.source.text, d->u.edition.source.sp);
    for (size_t i = 0; i < p->editions.count && p->editions.items[i] != d; i++) {
        const decl *o = p->editions.items[i];
        ast_date of = o->u.edition.from, ou = o->u.edition.until;
        bool overlap = (!ou || me.from < ou) && (!me.until || of < me.until);
        if (!overlap)
            continue;
        ERR(DC_EDITION_OVERLAP, d->u.edition.from_sp, "edition %s overlaps edition %s", d->name.text, o->name.text);
        if (!ou && of < me.from)
            HINT("Only one edition is in force on any day: end %s where %s begins, with until %s.", o->name.text,
                 d->name.text, ast_date_format(me.from, b1));
        else
            HINT("Only one edition is in force on any day: %s runs from %s%s%s; start %s after it ends.", o->name.text,
                 ast_date_format(of, b1), ou ? " until " : "", ou ? ast_date_format(ou, b2) : "", d->name.text);
        break;
    }
}

static void check_policy(checker *C)
{
    ast_program *p = C->p;
    decl *d = p->policy;
    if (!d)
        return;
    policy_decl *pd = &d->u.policy;
    if (pd->calendar_none && pd->has_calendar) {
        ERR(DC_TWO_CALENDARS, pd->calendar_sp, "the policy names two calendars");
        HINT("Keep one: calendar none (weekends only) or calendar %s.", pd->calendar.text);
    }
    if (!pd->has_calendar && !pd->calendar_none && C->uses_working_days) {
        WARN(DC_WORKING_DAYS_NO_CALENDAR, C->working_days, "working days are counted without a holiday calendar");
        HINT("Only Saturdays and Sundays are skipped. Name the calendar in the policy header, e.g. calendar england_and_wales.");
    }
    if (pd->has_calendar) {
        p->calendar_path = program_find_calendar(d->sp.file->name, pd->calendar.text);
        if (!p->calendar_path) {
            ERR(DC_UNKNOWN_CALENDAR, pd->calendar.sp, "unknown calendar '%s'", pd->calendar.text);
            HINT("Calendars are files calendars/%s.csv beside the policy or in a parent directory, in $DOCKET_CALENDARS, installed with docket, or in the policies/calendars of the source tree docket was built in.", pd->calendar.text);
        }
    }
    if (pd->source.present)
        p->source_path = resolve_source(C, d->sp.file, pd->source.text, pd->source.sp);
}

static void warn_unused(checker *C)
{
    ast_program *p = C->p;
    /* After a syntax error a declaration that uses a name may be missing:
     * "never used" would be a cascade. (load sets p->errors to the parse
     * errors before checking.) */
    if (p->errors)
        return;
    /* Vocabulary files (no rules, no policy) declare for others. */
    for (ast_file *f = p->files; f; f = f->next) {
        bool has_rules = false;
        for (decl *d = f->decls; d; d = d->next)
            if (d->kind == D_RULE || d->kind == D_POLICY)
                has_rules = true;
        if (!has_rules)
            continue;
        for (decl *d = f->decls; d; d = d->next) {
            if ((d->kind == D_ROLE || d->kind == D_EVENT || d->kind == D_STATE || d->kind == D_ENUM) && !d->used) {
                WARN(DC_UNUSED, d->name.sp, "%s '%s' is declared but never used", decl_kind_name(d->kind), d->name.text);
                HINT("Remove it, or move shared vocabulary into an imported file.");
            }
        }
    }
}

void check_program(ast_program *p, diag_sink *sink)
{
    checker CC = {0};
    checker *C = &CC;
    C->p = p;
    C->sink = sink;
    strmap_init(&p->role_map);
    strmap_init(&p->enum_map);
    strmap_init(&p->event_map);
    strmap_init(&p->state_map);
    strmap_init(&p->rule_map);
    strmap_init(&p->value_map);
    strmap_init(&p->edition_map);
    collect(C);
    apply_extends(C);
    for (size_t i = 0; i < p->events.count; i++)
        check_event(C, p->events.items[i]);
    for (size_t i = 0; i < p->states.count; i++)
        check_state(C, p->states.items[i]);
    for (size_t i = 0; i < p->rules.count; i++)
        check_rule(C, p->rules.items[i]);
    check_escalation_cycles(C);
    for (size_t i = 0; i < p->editions.count; i++)
        check_edition(C, p->editions.items[i]);
    for (size_t i = 0; i < p->tests.count; i++)
        check_test(C, p->tests.items[i]);
    check_policy(C);
    source_check(p, sink);
    /* Uses by the overriding rules count. */
    warn_unused(C);
    free(C->extends.items);
}
