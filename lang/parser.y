/*
 * parser.y — the Docket grammar. A pure (reentrant) parser with locations;
 * it builds the raw tree and does nothing else: names and types are checked
 * in check.c. Every declaration keyword is a synchronisation point, so one
 * run reports a mistake in each broken declaration.
 *
 * %expect 0: the only ambiguities are the optional tails of queries
 * (`first EVENT after DATE + 3 days`) and `STATE at DATE`, which are resolved
 * by precedence to take the longest expression.
 */
%code requires {
#include "lang/parse_ctx.h"
#include "lang/parse.h"
typedef struct rclause rclause;
}

%code provides {
int dkparse(parse_ctx *ctx);
}

%code {
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <ctype.h>
#include <string.h>

#include "lang/input_limits.h"

/* The scanner's entry points (lexer.l, prefix dkl). Declared here rather than
 * through flex's header, whose macros clash with bison's. */
struct yy_buffer_state;
int dkllex(DKSTYPE *lval, DKLTYPE *lloc, void *scanner);
int dkllex_init_extra(parse_ctx *extra, void **scanner);
struct yy_buffer_state *dkl_scan_bytes(const char *bytes, int len, void *scanner);
void dkl_delete_buffer(struct yy_buffer_state *b, void *scanner);
int dkllex_destroy(void *scanner);

#define YYLLOC_DEFAULT(Cur, Rhs, N)                         \
    do {                                                    \
        if (N) {                                            \
            (Cur).off = YYRHSLOC(Rhs, 1).off;               \
            (Cur).end = YYRHSLOC(Rhs, N).end;               \
        } else {                                            \
            (Cur).off = (Cur).end = YYRHSLOC(Rhs, 0).end;   \
        }                                                   \
    } while (0)

/* The parser's stack: deep enough for any sensible policy, shallow enough
 * that the recursive passes after it (checker, formatter, evaluator) cannot
 * run out of C stack; a chain of operators, which does not grow it, is
 * limited by mkbin (DOCKET_MAX_EXPR_DEPTH). */
#define YYMAXDEPTH 2000

#define NEW(T) ((T *)arena_alloc(&ctx->file->arena, sizeof(T)))
#define SP(l) mkspan(ctx, &(l))

static span mkspan(parse_ctx *ctx, const YYLTYPE *l)
{
    span s = {ctx->file->src, l->off, l->end - l->off};
    return s;
}

static ast_name mkname(parse_ctx *ctx, const char *text, const YYLTYPE *l)
{
    ast_name n = {text, mkspan(ctx, l)};
    return n;
}

static ast_string mkstr(parse_ctx *ctx, const char *text, const YYLTYPE *l)
{
    ast_string s = {text, mkspan(ctx, l), true};
    return s;
}

static expr *mkexpr(parse_ctx *ctx, expr_kind k, const YYLTYPE *l)
{
    expr *e = NEW(expr);
    e->kind = k;
    e->sp = mkspan(ctx, l);
    return e;
}

static int max_int(int a, int b)
{
    return a > b ? a : b;
}

/* The depth of E's tree (1 for a leaf), computed once. The parser's stack
 * bounds how deep constructs nest (YYMAXDEPTH), but not a chain of
 * left-associative operators (`a and b and ...`, `d + 1 day + 1 day ...`),
 * reduced as it is read: mkbin refuses a tree deeper than
 * DOCKET_MAX_EXPR_DEPTH, so that the recursive passes after the parser
 * cannot run out of C stack on it either. A binary node knows its depth,
 * so only the nodes down to the binary ones below it are visited, and
 * those are within the parser's stack. */
static int depth_of(expr *e)
{
    if (!e)
        return 0;
    if (e->depth)
        return e->depth;
    int d = depth_of(e->dur_count);
    switch (e->kind) {
    case EX_DATE:
    case EX_INT:
    case EX_DURATION:
    case EX_BOOL:
    case EX_TEXT:
    case EX_NAME:
        break;
    case EX_ATTR:
        d = max_int(d, depth_of(e->u.attr.base));
        break;
    case EX_STATE_AT:
        d = max_int(d, depth_of(e->u.state_at.at));
        break;
    case EX_NOT:
    case EX_NEG:
        d = max_int(d, depth_of(e->u.un.e));
        break;
    case EX_BINARY:
        d = max_int(d, max_int(depth_of(e->u.bin.l), depth_of(e->u.bin.r)));
        break;
    case EX_IN:
        d = max_int(d, depth_of(e->u.in.lhs));
        for (expr *i = e->u.in.items; i; i = i->next)
            d = max_int(d, depth_of(i));
        break;
    case EX_FIRST:
    case EX_LAST:
    case EX_COUNT:
    case EX_EXISTS:
        d = max_int(d, max_int(depth_of(e->u.query.a), max_int(depth_of(e->u.query.b), depth_of(e->u.query.cond))));
        break;
    }
    return e->depth = d + 1;
}

static expr *mkbin(parse_ctx *ctx, binop op, expr *a, expr *b, const YYLTYPE *l)
{
    expr *e = mkexpr(ctx, EX_BINARY, l);
    e->u.bin.op = op;
    e->u.bin.l = a;
    e->u.bin.r = b;
    e->depth = 1 + max_int(depth_of(a), depth_of(b));
    if (e->depth > DOCKET_MAX_EXPR_DEPTH && !ctx->stopped) {
        /* Reported at the operand that goes past it; like too many
         * parentheses, the rest of the input is not read. */
        diag_span(ctx->sink, DC_NESTING, ctx->file->src, b->sp.off, b->sp.len ? b->sp.len : 1,
                  "the expression nests more than %d levels deep", DOCKET_MAX_EXPR_DEPTH);
        diag_hint(ctx->sink, "A chain of operators (and, or, +, -) counts a level for each: name its parts with "
                             "separate rules or states. The rest of the file is not read.");
        ctx->stopped = true;
    }
    return e;
}

static decl *mkdecl(parse_ctx *ctx, decl_kind k, const YYLTYPE *l)
{
    decl *d = NEW(decl);
    d->kind = k;
    d->sp = mkspan(ctx, l);
    return d;
}

static void add_decl(parse_ctx *ctx, decl *d)
{
    *ctx->decl_tail = d;
    ctx->decl_tail = &d->next;
}

/* N of unit U as written; WORKING when `working` came before the unit,
 * which the unit table must allow (days only), else an error at L. */
static duration mkdur(parse_ctx *ctx, long n, dur_unit u, bool working, const YYLTYPE *l)
{
    duration d = {n, u};
    if (working && !unit_working(u, &d.unit)) {
        diag_span(ctx->sink, DC_WORKING_NOT_DAYS, ctx->file->src, l->off, l->end - l->off,
                  "'working' goes only with days");
        diag_hint(ctx->sink, "Write \"15 working days\"; weeks and months are calendar periods.");
        d.unit = DUR_WORKING_DAYS;
    }
    return d;
}

/* A header field given twice: an error at the second (the later value is
 * the one kept, so the rest checks as written). */
static void header_once(parse_ctx *ctx, bool present, const char *word, const YYLTYPE *l)
{
    if (!present)
        return;
    diag_span(ctx->sink, DC_REPEATED_HEADER, ctx->file->src, l->off, l->end - l->off, "the policy header has '%s' twice",
              word);
    diag_hint(ctx->sink, "Keep one '%s' line; a header field has one value.", word);
}

/* The `until` items of state D: a bare name is an event that closes it;
 * anything else the date it closes on (one only). */
static void state_ends(parse_ctx *ctx, decl *d, expr *items)
{
    name_list **tail = &d->u.state.until;
    for (expr *e = items, *next; e; e = next) {
        next = e->next;
        e->next = NULL;
        if (e->kind == EX_NAME) {
            name_list *n = NEW(name_list);
            n->name = e->u.name.name;
            *tail = n;
            tail = &n->next;
        } else if (d->u.state.close_at) {
            diag_span(ctx->sink, DC_SYNTAX, ctx->file->src, e->sp.off, e->sp.len,
                      "a state closes on one computed date");
            diag_hint(ctx->sink, "Keep the earliest date; the events listed with 'or' close it earlier.");
        } else {
            d->u.state.close_at = e;
        }
    }
}

/* Clause of a rule, folded into the rule by fold_rule. */
typedef enum {
    RC_CITE, RC_SAYS, RC_NOTE, RC_WHEN, RC_IF, RC_UNLESS, RC_WHILE, RC_OVERRIDES,
    RC_DUTY, RC_REQUIRE, RC_DUE, RC_EDITION, RC_HOISTED
} rclause_kind;

struct rclause {
    rclause_kind kind;
    span sp;
    ast_string str;
    ast_name a, b;
    name_list *la, *lb;      /* triggers (when); roles and actions (must) */
    bool flag;
    bool forbids;            /* must not ... before */
    trig_kind trig;
    expr *e, *e2;
    deadline due;
    decl *hoisted;           /* RC_HOISTED: an edition declared after the rule */
    rclause *next;
};

static const char *const rclause_word[] = {
    "cite", "says", "note", "when", "if", "unless", "while", "overrides",
    "must", "require", "due", "edition", "edition",
};

/* printf into the file's arena. */
static const char *xasprintf_arena(parse_ctx *ctx, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static const char *xasprintf_arena(parse_ctx *ctx, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *t = xvasprintf(fmt, ap);
    va_end(ap);
    const char *r = arena_strndup(&ctx->file->arena, t, strlen(t));
    free(t);
    return r;
}

static name_list *mknl(parse_ctx *ctx, const char *text, const YYLTYPE *l)
{
    name_list *n = NEW(name_list);
    n->name = mkname(ctx, text, l);
    return n;
}

/* A near miss in a list of names joined by `or`: `when A, B` or `x and y
 * must`. Reported where the wrong joiner is, with what to write instead. */
static void bad_joiner(parse_ctx *ctx, const YYLTYPE *l, const char *joiner, const char *what,
                       const char *example)
{
    diag_span(ctx->sink, DC_OR_JOINER, ctx->file->src, l->off, l->end - l->off,
              "%s are joined with 'or', not '%s'", what, joiner);
    diag_hint(ctx->sink, "Write %s.", example);
}

/* The list's names joined by SEP, for a hint. */
static const char *joined(parse_ctx *ctx, const name_list *n, const char *last, const char *sep)
{
    sbuf b;
    sbuf_init(&b);
    for (; n; n = n->next) {
        sbuf_puts(&b, n->name.text);
        if (n->next || last)
            sbuf_puts(&b, sep);
    }
    if (last)
        sbuf_puts(&b, last);
    const char *r = arena_strndup(&ctx->file->arena, b.data ? b.data : "", b.len);
    sbuf_free(&b);
    return r;
}

static rclause *mkclause(parse_ctx *ctx, rclause_kind k, const YYLTYPE *l)
{
    rclause *c = NEW(rclause);
    c->kind = k;
    c->sp = mkspan(ctx, l);
    return c;
}

static void fold_rule(parse_ctx *ctx, decl *d, rclause *cs);

static int dklex(DKSTYPE *lval, DKLTYPE *lloc, parse_ctx *ctx)
{
    return dkllex(lval, lloc, ctx->scanner);
}

static void dkerror(YYLTYPE *loc, parse_ctx *ctx, const char *msg)
{
    if (ctx->stopped)
        return;
    if (strcmp(msg, "memory exhausted") == 0) {
        /* The parser's stack is full (YYMAXDEPTH): say so in Docket's words. */
        diag_span(ctx->sink, DC_NESTING, ctx->file->src, loc->off, loc->end - loc->off,
                  "the policy nests too deeply here (more than %d open constructs)", YYMAXDEPTH);
        diag_hint(ctx->sink, "Split the expression: a long chain of 'not' or '-' can be written more simply.");
        ctx->stopped = true;
        return;
    }
    diag_span(ctx->sink, DC_SYNTAX, ctx->file->src, loc->off, loc->end - loc->off, "%s", msg);
}

#define APPEND(T, head, item)                 \
    do {                                      \
        T **pp_ = &(head);                    \
        while (*pp_)                          \
            pp_ = &(*pp_)->next;              \
        *pp_ = (item);                        \
    } while (0)
}

%define api.pure full
%define api.prefix {dk}
%define parse.error custom
%define parse.lac full
%locations
%param {parse_ctx *ctx}
%expect 0

%union {
    long num;
    const char *str;
    ast_date date;
    struct { dur_unit u; const char *text; } unit;
    duration dur;
    expr *e;
    decl *d;
    rclause *rc;
    deadline dl;
    milestone *ms;
    name_list *nl;
    attr_decl *ad;
    enum_value *ev;
    test_event *te;
    test_attr *ta;
    expectation *ex;
    ob_status st;
    ast_name nm;
    struct { ast_name name; expr *cond; } qe;
    struct { ast_name ev, bind; expr *to; } sx;
    struct expect_props { bool has_due, due_none, has_met, has_late, has_role; ast_date due, met; long late; const char *role; uint32_t role_off, role_end; } xp;
}

%token <str> IDENT "name" STRING "string"
%token <num> INT "number"
%token <date> DATE "date"
%token <unit> UNIT "unit (days, weeks, months, years, hours)"
%token KW_POLICY "'policy'" KW_TITLE "'title'" KW_AUTHORITY "'authority'"
%token KW_VERSION "'version'" KW_REVIEW "'review'" KW_CALENDAR "'calendar'"
%token KW_SOURCE "'source'" KW_IMPORT "'import'" KW_ROLE "'role'" KW_ENUM "'enum'"
%token KW_EVENT "'event'" KW_STATE "'state'" KW_FROM "'from'" KW_UNTIL "'until'"
%token KW_EXTENDED "'extended'" KW_TO "'to'"
%token KW_FOR "'for'" KW_RULE "'rule'" KW_CITE "'cite'" KW_SAYS "'says'"
%token KW_NOTE "'note'" KW_WHEN "'when'" KW_AS "'as'" KW_WHERE "'where'"
%token KW_IF "'if'" KW_UNLESS "'unless'" KW_WHILE "'while'"
%token KW_OVERRIDES "'overrides'" KW_MUST "'must'" KW_NEXT "'next'"
%token KW_REQUIRE "'require'" KW_DUE "'due'" KW_WITHIN "'within'" KW_OF "'of'"
%token KW_BY "'by'" KW_BETWEEN "'between'" KW_BEFORE "'before'" KW_AFTER "'after'"
%token KW_AT "'at'" KW_AND "'and'" KW_OR "'or'" KW_NOT "'not'" KW_IN "'in'"
%token KW_FIRST "'first'" KW_LAST "'last'" KW_COUNT "'count'" KW_EXISTS "'exists'"
%token KW_TRUE "'true'" KW_FALSE "'false'" KW_TEST "'test'" KW_GIVEN "'given'"
%token KW_WITH "'with'" KW_EXPECT "'expect'" KW_NOTHING "'nothing'"
%token KW_OBLIGATIONS "'obligations'" KW_ON "'on'" KW_NONE "'none'"
%token KW_MET "'met'" KW_LATE "'late'" KW_OVERDUE "'overdue'" KW_PENDING "'pending'"
%token KW_BREACHED "'breached'" KW_CANCELLED "'cancelled'"
%token KW_MUTANT "'mutant'"
%token KW_UNCITED "'uncited'" KW_BECAUSE "'because'"
%token KW_INCLUSIVE "'inclusive'" KW_EXTEND "'extend'" KW_EDITION "'edition'"
%token KW_WORKING "'working'"
%token NE "'!='" LE "'<='" GE "'>='"
%token LEX_ERROR "invalid character"

%precedence QUERY
/* `must not A where ... last E before D`: the `before` is the query's
 * (the longest expression), as everywhere else. */
%precedence KW_BEFORE
%precedence '+' '-'
/* A rule's clauses go on while a clause can start: `edition` after a rule
 * is read as its clause (an edition declaration there is moved out of the
 * rule by fold_rule). */
%precedence RULE_END
%precedence KW_EDITION

%type <d> decl policy_head rule_decl test_decl edition_decl
%type <rc> clauses clause
%type <dl> deadline
%type <ms> milestones
%type <dur> duration
%type <e> state_ends state_until state_for
%type <nm> state_as
%type <sx> state_ext
%type <e> data_dur
%type <e> expr conj neg cmp sum unary postfix primary literal expr_list test_value
%type <nl> names trigger_names role_names action_names
%type <ad> attr_decls attr_decl params
%type <ev> enum_values
%type <te> test_events test_event
%type <ta> test_attrs test_attr with_opt
%type <ex> expectation
%type <st> status
%type <str> edition_name attrname qualified opt_string typename header_word binding_name
%type <xp> expect_props expect_prop
%type <nm> as_opt
%type <date> until_opt
%type <qe> query_event

%%

file
    : %empty
    | file decl
        {
            if ($2)
                add_decl(ctx, $2);
            /* Editions declared right after a rule were read as its clauses. */
            for (decl *h = ctx->hoisted, *nx; h; h = nx) {
                nx = h->next;
                h->next = NULL;
                add_decl(ctx, h);
            }
            ctx->hoisted = NULL;
        }
    ;

/* decl -> policy | import | role | enum | event | state | rule | test | uncited */
decl
    : policy_head                               { $$ = $1; }
    | KW_IMPORT STRING
        {
            $$ = mkdecl(ctx, D_IMPORT, &@$);
            $$->u.import.path = mkstr(ctx, $2, &@2);
        }
    | KW_ROLE IDENT opt_string
        {
            $$ = mkdecl(ctx, D_ROLE, &@$);
            $$->name = mkname(ctx, $2, &@2);
            if ($3) $$->u.role.description = mkstr(ctx, $3, &@3);
        }
    | KW_ENUM IDENT '(' enum_values ')'
        {
            $$ = mkdecl(ctx, D_ENUM, &@$);
            $$->name = mkname(ctx, $2, &@2);
            $$->u.enm.values = $4;
            for (enum_value *v = $4; v; v = v->next) $$->u.enm.count++;
        }
    | KW_EVENT IDENT opt_string params
        {
            $$ = mkdecl(ctx, D_EVENT, &@$);
            $$->name = mkname(ctx, $2, &@2);
            if ($3) $$->u.event.description = mkstr(ctx, $3, &@3);
            $$->u.event.attrs = $4;
            for (attr_decl *a = $4; a; a = a->next) $$->u.event.nattrs++;
        }
    | KW_STATE IDENT KW_FROM names state_as state_until state_for state_ext
        {
            /* state NAME from EVENTS [as B] [until ENDS] [for DURATION]
             * [extended by EVENT as B to DATE]: every part after `from`
             * optional; the checker says which need `as`. */
            $$ = mkdecl(ctx, D_STATE, &@$);
            $$->name = mkname(ctx, $2, &@2);
            $$->u.state.from = $4;
            $$->u.state.binding = $5;
            state_ends(ctx, $$, $6);
            if ($7) {
                $$->u.state.has_for = true;
                $$->u.state.for_dur = $7->u.dur;
                $$->u.state.for_count = $7->dur_count;
                $$->u.state.for_sp = $7->sp;
            }
            if ($8.to) {
                $$->u.state.ext_event = $8.ev;
                $$->u.state.ext_binding = $8.bind;
                $$->u.state.ext_to = $8.to;
            }
        }
    | KW_EXTEND KW_EVENT IDENT params
        {
            $$ = mkdecl(ctx, D_EXTEND, &@$);
            $$->name = mkname(ctx, $3, &@3);
            $$->u.extend.event = $$->name;
            $$->u.extend.attrs = $4;
        }
    | edition_decl                              { $$ = $1; }
    | rule_decl                                 { $$ = $1; }
    | test_decl                                 { $$ = $1; }
    | KW_UNCITED STRING KW_BECAUSE STRING
        {
            $$ = mkdecl(ctx, D_UNCITED, &@$);
            $$->u.uncited.sentence = mkstr(ctx, $2, &@2);
            $$->u.uncited.reason = mkstr(ctx, $4, &@4);
        }
    | KW_MUTANT STRING KW_BECAUSE STRING
        {
            $$ = mkdecl(ctx, D_MUTANT, &@$);
            $$->u.uncited.sentence = mkstr(ctx, $2, &@2);
            $$->u.uncited.reason = mkstr(ctx, $4, &@4);
        }
    | error
        {
            /* A rule cut short by a syntax error keeps its name (seen by the
             * scanner), so that tests and exceptions naming it are not also
             * reported as naming an unknown rule. */
            $$ = NULL;
            if (ctx->rule_name && ctx->rule_name_off >= ctx->decl_off) {
                YYLTYPE nl = {ctx->rule_name_off, ctx->rule_name_end};
                $$ = mkdecl(ctx, D_RULE, &nl);
                $$->name = mkname(ctx, ctx->rule_name, &nl);
                $$->broken = true;
            }
            ctx->rule_name = NULL;
        }
    ;

opt_string
    : %empty                    { $$ = NULL; }
    | STRING                    { $$ = $1; }
    ;

/* policy -> 'policy' qualified { title | authority | version | review | calendar | source } */
policy_head
    : KW_POLICY qualified
        {
            $$ = mkdecl(ctx, D_POLICY, &@$);
            $$->u.policy.qualified = mkname(ctx, $2, &@2);
        }
    | policy_head KW_TITLE STRING       { $$ = $1; header_once(ctx, $$->u.policy.title.present, "title", &@2); $$->u.policy.title = mkstr(ctx, $3, &@3); $$->sp.len = @$.end - $$->sp.off; }
    | policy_head KW_AUTHORITY STRING   { $$ = $1; header_once(ctx, $$->u.policy.authority.present, "authority", &@2); $$->u.policy.authority = mkstr(ctx, $3, &@3); $$->sp.len = @$.end - $$->sp.off; }
    | policy_head KW_VERSION STRING     { $$ = $1; header_once(ctx, $$->u.policy.version.present, "version", &@2); $$->u.policy.version = mkstr(ctx, $3, &@3); $$->sp.len = @$.end - $$->sp.off; }
    | policy_head KW_SOURCE STRING      { $$ = $1; header_once(ctx, $$->u.policy.source.present, "source", &@2); $$->u.policy.source = mkstr(ctx, $3, &@3); $$->sp.len = @$.end - $$->sp.off; }
    | policy_head KW_REVIEW DATE
        {
            $$ = $1;
            header_once(ctx, $$->u.policy.has_review, "review", &@2);
            $$->u.policy.has_review = true;
            $$->u.policy.review = $3;
            $$->u.policy.review_sp = SP(@3);
            $$->sp.len = @$.end - $$->sp.off;
        }
    | policy_head KW_CALENDAR IDENT
        {
            $$ = $1;
            header_once(ctx, $$->u.policy.has_calendar, "calendar", &@2);
            $$->u.policy.has_calendar = true;
            $$->u.policy.calendar = mkname(ctx, $3, &@3);
            $$->u.policy.calendar_sp = SP(@3);
            $$->sp.len = @$.end - $$->sp.off;
        }
    | policy_head KW_CALENDAR KW_NONE
        {
            /* calendar none: Saturdays and Sundays only, on purpose. */
            $$ = $1;
            $$->u.policy.calendar_none = true;
            $$->u.policy.calendar_sp = SP(@3);
            $$->sp.len = @$.end - $$->sp.off;
        }
    ;

/* edition -> 'edition' NAME STRING 'from' DATE ['until' DATE] 'source' STRING
 * An edition of the procedure, in force from its first day to the day
 * before `until` (or for good); rules with the clause `edition NAME` apply
 * to triggers dated in it. */
edition_decl
    : KW_EDITION edition_name STRING KW_FROM DATE until_opt KW_SOURCE STRING
        {
            $$ = mkdecl(ctx, D_EDITION, &@$);
            $$->name = mkname(ctx, $2, &@2);
            $$->u.edition.title = mkstr(ctx, $3, &@3);
            $$->u.edition.from = $5;
            $$->u.edition.from_sp = SP(@5);
            $$->u.edition.until = $6;
            $$->u.edition.until_sp = SP(@6);
            $$->u.edition.source = mkstr(ctx, $8, &@8);
        }
    ;

/* An edition is often named by its year: `edition 2021`. */
edition_name
    : IDENT                     { $$ = $1; }
    | INT                       { $$ = arena_strndup(&ctx->file->arena, ctx->file->src->text + @1.off, @1.end - @1.off); }
    ;

until_opt
    : %empty                    { $$ = 0; }
    | KW_UNTIL DATE             { $$ = $2; }
    ;

qualified
    : IDENT                     { $$ = $1; }
    | qualified '.' IDENT
        {
            size_t n1 = strlen($1), n3 = strlen($3);
            char *q = arena_alloc(&ctx->file->arena, n1 + n3 + 2);
            memcpy(q, $1, n1);
            q[n1] = '.';
            memcpy(q + n1 + 1, $3, n3 + 1);
            $$ = q;
        }
    ;

enum_values
    : IDENT
        {
            $$ = NEW(enum_value);
            $$->name = mkname(ctx, $1, &@1);
        }
    | enum_values ',' IDENT
        {
            enum_value *v = NEW(enum_value);
            v->name = mkname(ctx, $3, &@3);
            $$ = $1;
            APPEND(enum_value, $$, v);
        }
    ;

params
    : %empty                    { $$ = NULL; }
    | '(' ')'                   { $$ = NULL; }
    | '(' attr_decls ')'        { $$ = $2; }
    ;

attr_decls
    : attr_decl                 { $$ = $1; }
    | attr_decls ',' attr_decl  { $$ = $1; APPEND(attr_decl, $$, $3); }
    ;

attr_decl
    : attrname ':' typename
        {
            $$ = NEW(attr_decl);
            $$->name = mkname(ctx, $1, &@1);
            $$->type_name = mkname(ctx, $3, &@3);
        }
    ;

typename
    : IDENT                     { $$ = $1; }
    | KW_ROLE                   { $$ = "role"; }
    ;

/* Names that are keywords elsewhere but are attributes in the shared
 * vocabulary (supervision_order_made.months, order_extended.until,
 * rcpc_scheduled.on). */
attrname
    : IDENT                     { $$ = $1; }
    | UNIT                      { $$ = $1.text; }
    | KW_UNTIL                  { $$ = "until"; }
    | KW_ON                     { $$ = "on"; }
    | KW_FROM                   { $$ = "from"; }
    | header_word               { $$ = $1; }
    ;

/* Words of the policy header, free to use as names everywhere else: a
 * trigger may be called `review`, an export may have a `source` column. */
header_word
    : KW_TITLE                  { $$ = "title"; }
    | KW_AUTHORITY              { $$ = "authority"; }
    | KW_VERSION                { $$ = "version"; }
    | KW_REVIEW                 { $$ = "review"; }
    | KW_CALENDAR               { $$ = "calendar"; }
    | KW_SOURCE                 { $$ = "source"; }
    ;

/* A name bound with `as`, or the base of NAME.attribute. */
binding_name
    : IDENT                     { $$ = $1; }
    | header_word               { $$ = $1; }
    ;

names
    : IDENT
        {
            $$ = NEW(name_list);
            $$->name = mkname(ctx, $1, &@1);
        }
    | names KW_OR IDENT
        {
            name_list *n = NEW(name_list);
            n->name = mkname(ctx, $3, &@3);
            $$ = $1;
            APPEND(name_list, $$, n);
        }
    ;

/* rule -> 'rule' NAME clause* */
rule_decl
    : KW_RULE IDENT clauses %prec RULE_END
        {
            $$ = mkdecl(ctx, D_RULE, &@$);
            $$->name = mkname(ctx, $2, &@2);
            fold_rule(ctx, $$, $3);
        }
    ;

clauses
    : %empty                    { $$ = NULL; }
    | clauses clause            { $$ = $1; APPEND(rclause, $$, $2); }
    ;

clause
    : KW_CITE STRING            { $$ = mkclause(ctx, RC_CITE, &@$); $$->str = mkstr(ctx, $2, &@2); }
    | KW_SAYS STRING            { $$ = mkclause(ctx, RC_SAYS, &@$); $$->str = mkstr(ctx, $2, &@2); }
    | KW_NOTE STRING            { $$ = mkclause(ctx, RC_NOTE, &@$); $$->str = mkstr(ctx, $2, &@2); }
    | KW_WHEN trigger_names as_opt
        {
            $$ = mkclause(ctx, RC_WHEN, &@$);
            $$->la = $2;
            $$->a = $2->name;
            $$->b = $3;
        }
    | KW_WHEN trigger_names as_opt KW_WHERE expr
        {
            $$ = mkclause(ctx, RC_WHEN, &@$);
            $$->la = $2;
            $$->a = $2->name;
            $$->b = $3;
            $$->e = $5;
        }
    | KW_WHEN IDENT KW_OVERDUE as_opt
        {
            /* Escalation: another rule's duty went overdue. */
            $$ = mkclause(ctx, RC_WHEN, &@$);
            $$->la = mknl(ctx, $2, &@2);
            $$->a = $$->la->name;
            $$->b = $4;
            $$->trig = TRIG_OVERDUE;
        }
    | KW_WHEN IDENT KW_BREACHED as_opt
        {
            $$ = mkclause(ctx, RC_WHEN, &@$);
            $$->la = mknl(ctx, $2, &@2);
            $$->a = $$->la->name;
            $$->b = $4;
            $$->trig = TRIG_BREACHED;
        }
    | KW_EDITION edition_name   { $$ = mkclause(ctx, RC_EDITION, &@$); $$->a = mkname(ctx, $2, &@2); }
    | edition_decl              { $$ = mkclause(ctx, RC_HOISTED, &@$); $$->hoisted = $1; }
    | KW_IF expr                { $$ = mkclause(ctx, RC_IF, &@$); $$->e = $2; }
    | KW_UNLESS expr            { $$ = mkclause(ctx, RC_UNLESS, &@$); $$->e = $2; }
    | KW_WHILE IDENT            { $$ = mkclause(ctx, RC_WHILE, &@$); $$->a = mkname(ctx, $2, &@2); }
    | KW_OVERRIDES IDENT KW_WHEN expr
        {
            $$ = mkclause(ctx, RC_OVERRIDES, &@$);
            $$->a = mkname(ctx, $2, &@2);
            $$->e = $4;
        }
    | role_names KW_MUST action_names
        {
            $$ = mkclause(ctx, RC_DUTY, &@$);
            $$->la = $1; $$->a = $1->name;
            $$->lb = $3; $$->b = $3->name;
        }
    | role_names KW_MUST action_names KW_WHERE expr
        {
            $$ = mkclause(ctx, RC_DUTY, &@$);
            $$->la = $1; $$->a = $1->name;
            $$->lb = $3; $$->b = $3->name;
            $$->e = $5;
        }
    | role_names KW_MUST KW_NEXT action_names
        {
            $$ = mkclause(ctx, RC_DUTY, &@$);
            $$->la = $1; $$->a = $1->name;
            $$->lb = $4; $$->b = $4->name;
            $$->flag = true;
        }
    | role_names KW_MUST KW_NEXT action_names KW_WHERE expr
        {
            $$ = mkclause(ctx, RC_DUTY, &@$);
            $$->la = $1; $$->a = $1->name;
            $$->lb = $4; $$->b = $4->name;
            $$->flag = true;
            $$->e = $6;
        }
    | role_names KW_MUST KW_NOT action_names KW_BEFORE sum
        {
            /* A waiting period: no such event before the date. */
            $$ = mkclause(ctx, RC_DUTY, &@$);
            $$->la = $1; $$->a = $1->name;
            $$->lb = $4; $$->b = $4->name;
            $$->forbids = true;
            $$->e2 = $6;
        }
    | role_names KW_MUST KW_NOT action_names KW_WHERE expr KW_BEFORE sum
        {
            /* Only events for which the condition holds breach it. */
            $$ = mkclause(ctx, RC_DUTY, &@$);
            $$->la = $1; $$->a = $1->name;
            $$->lb = $4; $$->b = $4->name;
            $$->forbids = true;
            $$->e = $6;
            $$->e2 = $8;
        }

    | KW_REQUIRE expr           { $$ = mkclause(ctx, RC_REQUIRE, &@$); $$->e = $2; }
    | KW_DUE deadline           { $$ = mkclause(ctx, RC_DUE, &@$); $$->due = $2; $$->due.sp = SP(@$); }
    ;

/* trigger_names -> EVENT {'or' EVENT}: whichever happens triggers the rule.
 * `when A, B` and `when A and B` are near misses, reported with the fix. */
trigger_names
    : IDENT                     { $$ = mknl(ctx, $1, &@1); }
    | trigger_names KW_OR IDENT { $$ = $1; APPEND(name_list, $$, mknl(ctx, $3, &@3)); }
    | trigger_names ',' IDENT
        {
            $$ = $1;
            bad_joiner(ctx, &@2, ",", "the events that trigger a rule",
                       xasprintf_arena(ctx, "when %s as NAME", joined(ctx, $1, $3, " or ")));
            APPEND(name_list, $$, mknl(ctx, $3, &@3));
        }
    | trigger_names KW_AND IDENT
        {
            $$ = $1;
            diag_span(ctx->sink, DC_OR_JOINER, ctx->file->src, @2.off, @2.end - @2.off,
                      "the events that trigger a rule are joined with 'or', not 'and'");
            diag_hint(ctx->sink, "A rule is triggered by one event at a time: write when %s as NAME for either; for \"%s after %s\" write when %s as NAME if exists %s.",
                      joined(ctx, $1, $3, " or "), $3, $1->name.text, $3, $1->name.text);
            APPEND(name_list, $$, mknl(ctx, $3, &@3));
        }
    ;

/* role_names -> ROLE {'or' ROLE}: any of them may do it. */
role_names
    : IDENT                     { $$ = mknl(ctx, $1, &@1); }
    | role_names KW_OR IDENT    { $$ = $1; APPEND(name_list, $$, mknl(ctx, $3, &@3)); }
    | role_names KW_AND IDENT
        {
            $$ = $1;
            bad_joiner(ctx, &@2, "and", "the roles responsible for a duty",
                       xasprintf_arena(ctx, "%s must ... (any one of them may do it)", joined(ctx, $1, $3, " or ")));
            APPEND(name_list, $$, mknl(ctx, $3, &@3));
        }
    | role_names ',' IDENT
        {
            $$ = $1;
            bad_joiner(ctx, &@2, ",", "the roles responsible for a duty",
                       xasprintf_arena(ctx, "%s must ...", joined(ctx, $1, $3, " or ")));
            APPEND(name_list, $$, mknl(ctx, $3, &@3));
        }
    ;

/* action_names -> EVENT {'or' EVENT}: any of them fulfils the duty. */
action_names
    : IDENT                     { $$ = mknl(ctx, $1, &@1); }
    | action_names KW_OR IDENT  { $$ = $1; APPEND(name_list, $$, mknl(ctx, $3, &@3)); }
    | action_names KW_AND IDENT
        {
            $$ = $1;
            diag_span(ctx->sink, DC_OR_JOINER, ctx->file->src, @2.off, @2.end - @2.off,
                      "the actions of a duty are joined with 'or', not 'and'");
            diag_hint(ctx->sink, "'must %s' is met by either event; for both, write one rule per action.",
                      joined(ctx, $1, $3, " or "));
            APPEND(name_list, $$, mknl(ctx, $3, &@3));
        }
    | action_names ',' IDENT
        {
            $$ = $1;
            bad_joiner(ctx, &@2, ",", "the actions of a duty",
                       xasprintf_arena(ctx, "must %s", joined(ctx, $1, $3, " or ")));
            APPEND(name_list, $$, mknl(ctx, $3, &@3));
        }
    ;

as_opt
    : %empty                    { $$.text = NULL; $$.sp.file = NULL; $$.sp.off = $$.sp.len = 0; }
    | KW_AS binding_name        { $$ = mkname(ctx, $2, &@2); }
    ;

/* deadline -> within DURATION of DATE | by DATE | between DATE and DATE
 *           | before EVENT [where COND]
 *           | at DURATION {, DURATION} after DATE [from DURATION before] */
deadline
    : KW_WITHIN duration KW_OF sum
        {
            memset(&$$, 0, sizeof $$);
            $$.kind = DL_WITHIN;
            $$.within = $2;
            $$.within_sp = SP(@2);
            $$.of = $4;
        }
    | KW_WITHIN duration KW_OF sum KW_INCLUSIVE
        {
            /* "from and including the day of the visit": the start is day 1. */
            memset(&$$, 0, sizeof $$);
            $$.kind = DL_WITHIN;
            $$.within = $2;
            $$.within_sp = SP(@2);
            $$.of = $4;
            $$.inclusive = true;
            $$.inclusive_sp = SP(@5);
        }
    | KW_WITHIN data_dur KW_OF sum
        {
            memset(&$$, 0, sizeof $$);
            $$.kind = DL_WITHIN;
            $$.within = $2->u.dur;
            $$.within_count = $2->dur_count;
            $$.within_sp = SP(@2);
            $$.of = $4;
        }
    | KW_WITHIN data_dur KW_OF sum KW_INCLUSIVE
        {
            memset(&$$, 0, sizeof $$);
            $$.kind = DL_WITHIN;
            $$.within = $2->u.dur;
            $$.within_count = $2->dur_count;
            $$.within_sp = SP(@2);
            $$.of = $4;
            $$.inclusive = true;
            $$.inclusive_sp = SP(@5);
        }
    | KW_BY sum
        {
            memset(&$$, 0, sizeof $$);
            $$.kind = DL_BY;
            $$.by = $2;
        }
    | KW_BETWEEN sum KW_AND sum
        {
            memset(&$$, 0, sizeof $$);
            $$.kind = DL_BETWEEN;
            $$.by = $2;
            $$.to = $4;
        }
    | KW_BEFORE IDENT
        {
            memset(&$$, 0, sizeof $$);
            $$.kind = DL_BEFORE;
            $$.before = mkname(ctx, $2, &@2);
        }
    | KW_BEFORE IDENT KW_WHERE cmp
        {
            memset(&$$, 0, sizeof $$);
            $$.kind = DL_BEFORE;
            $$.before = mkname(ctx, $2, &@2);
            $$.before_where = $4;
        }
    | KW_AT milestones KW_AFTER sum
        {
            memset(&$$, 0, sizeof $$);
            $$.kind = DL_SCHEDULE;
            $$.milestones = $2;
            $$.of = $4;
        }
    | KW_AT milestones KW_AFTER sum KW_FROM duration KW_BEFORE
        {
            memset(&$$, 0, sizeof $$);
            $$.kind = DL_SCHEDULE;
            $$.milestones = $2;
            $$.of = $4;
            $$.has_window = true;
            $$.window = $6;
            $$.window_sp = SP(@6);
        }
    | KW_AT milestones KW_AFTER sum KW_FROM data_dur KW_BEFORE
        {
            memset(&$$, 0, sizeof $$);
            $$.kind = DL_SCHEDULE;
            $$.milestones = $2;
            $$.of = $4;
            $$.has_window = true;
            $$.window = $6->u.dur;
            $$.window_count = $6->dur_count;
            $$.window_sp = SP(@6);
        }
    ;

milestones
    : duration
        {
            $$ = NEW(milestone);
            $$->dur = $1;
            $$->sp = SP(@1);
        }
    | data_dur
        {
            $$ = NEW(milestone);
            $$->dur = $1->u.dur;
            $$->count = $1->dur_count;
            $$->sp = SP(@1);
        }
    | milestones ',' data_dur
        {
            milestone *m = NEW(milestone);
            m->dur = $3->u.dur;
            m->count = $3->dur_count;
            m->sp = SP(@3);
            $$ = $1;
            APPEND(milestone, $$, m);
        }
    | milestones KW_AND data_dur
        {
            milestone *m = NEW(milestone);
            m->dur = $3->u.dur;
            m->count = $3->dur_count;
            m->sp = SP(@3);
            $$ = $1;
            APPEND(milestone, $$, m);
        }
    | milestones ',' duration
        {
            milestone *m = NEW(milestone);
            m->dur = $3;
            m->sp = SP(@3);
            $$ = $1;
            APPEND(milestone, $$, m);
        }
    | milestones KW_AND duration
        {
            milestone *m = NEW(milestone);
            m->dur = $3;
            m->sp = SP(@3);
            $$ = $1;
            APPEND(milestone, $$, m);
        }
    ;

/* duration -> INT UNIT | INT 'working' UNIT    (the words: lang/units.c) */
duration
    : INT UNIT                  { $$ = mkdur(ctx, $1, $2.u, false, &@$); }
    | INT KW_WORKING UNIT       { $$ = mkdur(ctx, $1, $3.u, true, &@$); }
    ;

/* The optional parts of a state after `from EVENTS`, in this order. */
state_as
    : %empty                    { $$.text = NULL; $$.sp.file = NULL; $$.sp.off = $$.sp.len = 0; }
    | KW_AS binding_name        { $$ = mkname(ctx, $2, &@2); }
    ;

state_until
    : %empty                    { $$ = NULL; }
    | KW_UNTIL state_ends       { $$ = $2; }
    ;

/* state_for -> 'for' DURATION: a literal, or a number from the opening
 * event (`for order.months months`). */
state_for
    : %empty                    { $$ = NULL; }
    | KW_FOR duration
        {
            $$ = mkexpr(ctx, EX_DURATION, &@2);
            $$->u.dur = $2;
        }
    | KW_FOR data_dur           { $$ = $2; }
    ;

state_ext
    : %empty                    { memset(&$$, 0, sizeof $$); }
    | KW_EXTENDED KW_BY IDENT KW_AS binding_name KW_TO sum
        {
            $$.ev = mkname(ctx, $3, &@3);
            $$.bind = mkname(ctx, $5, &@5);
            $$.to = $7;
        }
    ;

/* state_ends -> DATE-OR-EVENT {'or' DATE-OR-EVENT}: events that close a
 * state, and at most one date computed from its opening event. */
state_ends
    : sum                       { $$ = $1; }
    | state_ends KW_OR sum      { $$ = $1; APPEND(expr, $$, $3); }
    ;

/* data_dur -> NAME '.' ATTRIBUTE ['working'] UNIT
 *           | '(' QUERY ')' '.' ATTRIBUTE ['working'] UNIT
 *           | '(' expr ')' ['working'] UNIT:
 * a duration whose number comes from the case (`order.months months`). */
data_dur
    : binding_name '.' attrname UNIT
        {
            expr *a = mkexpr(ctx, EX_ATTR, &@1);
            a->sp.len = @3.end - @1.off;
            a->u.attr.base = mkexpr(ctx, EX_NAME, &@1);
            a->u.attr.base->u.name.name = mkname(ctx, $1, &@1);
            a->u.attr.attr = mkname(ctx, $3, &@3);
            $$ = mkexpr(ctx, EX_DURATION, &@$);
            $$->u.dur = mkdur(ctx, 0, $4.u, false, &@$);
            $$->dur_count = a;
        }
    | binding_name '.' attrname KW_WORKING UNIT
        {
            expr *a = mkexpr(ctx, EX_ATTR, &@1);
            a->sp.len = @3.end - @1.off;
            a->u.attr.base = mkexpr(ctx, EX_NAME, &@1);
            a->u.attr.base->u.name.name = mkname(ctx, $1, &@1);
            a->u.attr.attr = mkname(ctx, $3, &@3);
            $$ = mkexpr(ctx, EX_DURATION, &@$);
            $$->u.dur = mkdur(ctx, 0, $5.u, true, &@$);
            $$->dur_count = a;
        }
    | '(' expr ')' '.' attrname UNIT
        {
            $2->sp = mkspan(ctx, &@1);
            $2->sp.len = @3.end - @1.off;
            expr *a = mkexpr(ctx, EX_ATTR, &@1);
            a->sp.len = @5.end - @1.off;
            a->u.attr.base = $2;
            a->u.attr.attr = mkname(ctx, $5, &@5);
            $$ = mkexpr(ctx, EX_DURATION, &@$);
            $$->u.dur = mkdur(ctx, 0, $6.u, false, &@$);
            $$->dur_count = a;
        }
    | '(' expr ')' '.' attrname KW_WORKING UNIT
        {
            $2->sp = mkspan(ctx, &@1);
            $2->sp.len = @3.end - @1.off;
            expr *a = mkexpr(ctx, EX_ATTR, &@1);
            a->sp.len = @5.end - @1.off;
            a->u.attr.base = $2;
            a->u.attr.attr = mkname(ctx, $5, &@5);
            $$ = mkexpr(ctx, EX_DURATION, &@$);
            $$->u.dur = mkdur(ctx, 0, $7.u, true, &@$);
            $$->dur_count = a;
        }
    | '(' expr ')' UNIT
        {
            $2->sp = mkspan(ctx, &@1);
            $2->sp.len = @3.end - @1.off;
            $$ = mkexpr(ctx, EX_DURATION, &@$);
            $$->u.dur = mkdur(ctx, 0, $4.u, false, &@$);
            $$->dur_count = $2;
        }
    | '(' expr ')' KW_WORKING UNIT
        {
            $2->sp = mkspan(ctx, &@1);
            $2->sp.len = @3.end - @1.off;
            $$ = mkexpr(ctx, EX_DURATION, &@$);
            $$->u.dur = mkdur(ctx, 0, $5.u, true, &@$);
            $$->dur_count = $2;
        }
    ;

/* expr -> expr 'or' conj | conj */
expr
    : expr KW_OR conj           { $$ = mkbin(ctx, OP_OR, $1, $3, &@$); }
    | conj
    ;

conj
    : conj KW_AND neg           { $$ = mkbin(ctx, OP_AND, $1, $3, &@$); }
    | neg
    ;

/* neg -> 'not' neg | 'exists' EVENT ['where' cmp] | STATE 'at' DATE | cmp */
neg
    : KW_NOT neg                { $$ = mkexpr(ctx, EX_NOT, &@$); $$->u.un.e = $2; }
    | KW_EXISTS IDENT
        {
            $$ = mkexpr(ctx, EX_EXISTS, &@$);
            $$->u.query.event = mkname(ctx, $2, &@2);
        }
    | KW_EXISTS IDENT KW_WHERE cmp
        {
            $$ = mkexpr(ctx, EX_EXISTS, &@$);
            $$->u.query.event = mkname(ctx, $2, &@2);
            $$->u.query.cond = $4;
        }
    | IDENT KW_AT sum
        {
            $$ = mkexpr(ctx, EX_STATE_AT, &@$);
            $$->u.state_at.state = mkname(ctx, $1, &@1);
            $$->u.state_at.at = $3;
        }
    | cmp
    ;

cmp
    : sum
    | sum '=' sum               { $$ = mkbin(ctx, OP_EQ, $1, $3, &@$); }
    | sum NE sum                { $$ = mkbin(ctx, OP_NE, $1, $3, &@$); }
    | sum '<' sum               { $$ = mkbin(ctx, OP_LT, $1, $3, &@$); }
    | sum LE sum                { $$ = mkbin(ctx, OP_LE, $1, $3, &@$); }
    | sum '>' sum               { $$ = mkbin(ctx, OP_GT, $1, $3, &@$); }
    | sum GE sum                { $$ = mkbin(ctx, OP_GE, $1, $3, &@$); }
    | sum KW_IN '(' expr_list ')'
        {
            $$ = mkexpr(ctx, EX_IN, &@$);
            $$->u.in.lhs = $1;
            $$->u.in.items = $4;
        }
    | sum KW_NOT KW_IN '(' expr_list ')'
        {
            $$ = mkexpr(ctx, EX_IN, &@$);
            $$->u.in.lhs = $1;
            $$->u.in.items = $5;
            $$->u.in.negated = true;
        }
    ;

expr_list
    : sum                       { $$ = $1; }
    | expr_list ',' sum         { $$ = $1; APPEND(expr, $$, $3); }
    ;

sum
    : sum '+' unary             { $$ = mkbin(ctx, OP_ADD, $1, $3, &@$); }
    | sum '-' unary             { $$ = mkbin(ctx, OP_SUB, $1, $3, &@$); }
    | unary
    ;

unary
    : '-' unary                 { $$ = mkexpr(ctx, EX_NEG, &@$); $$->u.un.e = $2; }
    | postfix
    ;

/* postfix -> primary | data_dur | NAME '.' ATTRIBUTE | '(' QUERY ')' '.' ATTRIBUTE */
postfix
    : primary
    | data_dur
    | binding_name '.' attrname
        {
            $$ = mkexpr(ctx, EX_ATTR, &@$);
            $$->u.attr.base = mkexpr(ctx, EX_NAME, &@1);
            $$->u.attr.base->u.name.name = mkname(ctx, $1, &@1);
            $$->u.attr.attr = mkname(ctx, $3, &@3);
        }
    | '(' expr ')' '.' attrname
        {
            /* An attribute of the event a `first`/`last` query finds (the
             * checker refuses any other base). */
            $2->sp = mkspan(ctx, &@1);
            $2->sp.len = @3.end - @1.off;
            $$ = mkexpr(ctx, EX_ATTR, &@$);
            $$->u.attr.base = $2;
            $$->u.attr.attr = mkname(ctx, $5, &@5);
        }
    ;

primary
    : literal
    | attrname
        {
            $$ = mkexpr(ctx, EX_NAME, &@$);
            $$->u.name.name = mkname(ctx, $1, &@1);
        }
    | '(' expr ')'              { $$ = $2; $$->sp = SP(@$); }
    | KW_FIRST query_event
        {
            $$ = mkexpr(ctx, EX_FIRST, &@$);
            $$->u.query.event = $2.name;
            $$->u.query.cond = $2.cond;
        }
    | KW_FIRST query_event KW_AFTER sum %prec QUERY
        {
            $$ = mkexpr(ctx, EX_FIRST, &@$);
            $$->u.query.event = $2.name;
            $$->u.query.cond = $2.cond;
            $$->u.query.a = $4;
        }
    | KW_LAST query_event %prec QUERY
        {
            $$ = mkexpr(ctx, EX_LAST, &@$);
            $$->u.query.event = $2.name;
            $$->u.query.cond = $2.cond;
        }
    | KW_LAST query_event KW_BEFORE sum %prec QUERY
        {
            $$ = mkexpr(ctx, EX_LAST, &@$);
            $$->u.query.event = $2.name;
            $$->u.query.cond = $2.cond;
            $$->u.query.a = $4;
        }
    | KW_COUNT query_event
        {
            $$ = mkexpr(ctx, EX_COUNT, &@$);
            $$->u.query.event = $2.name;
            $$->u.query.cond = $2.cond;
        }
    | KW_COUNT query_event KW_BETWEEN sum KW_AND sum %prec QUERY
        {
            $$ = mkexpr(ctx, EX_COUNT, &@$);
            $$->u.query.event = $2.name;
            $$->u.query.cond = $2.cond;
            $$->u.query.a = $4;
            $$->u.query.b = $6;
        }
    ;

/* query_event -> EVENT ['where' NAME | 'where' '(' expr ')']: anything but
 * a bare attribute goes in parentheses, `first so_meeting where (chair =
 * cp_chair)`, so that the query can stand inside a larger expression. */
query_event
    : IDENT
        {
            $$.name = mkname(ctx, $1, &@1);
            $$.cond = NULL;
        }
    | IDENT KW_WHERE attrname
        {
            $$.name = mkname(ctx, $1, &@1);
            $$.cond = mkexpr(ctx, EX_NAME, &@3);
            $$.cond->u.name.name = mkname(ctx, $3, &@3);
        }
    | IDENT KW_WHERE '(' expr ')'
        {
            $$.name = mkname(ctx, $1, &@1);
            $$.cond = $4;
            $$.cond->sp = mkspan(ctx, &@3);
            $$.cond->sp.len = @5.end - @3.off;
        }
    ;

literal
    : DATE                      { $$ = mkexpr(ctx, EX_DATE, &@$); $$->u.date = $1; }
    | INT                       { $$ = mkexpr(ctx, EX_INT, &@$); $$->u.i = $1; }
    | duration                  { $$ = mkexpr(ctx, EX_DURATION, &@$); $$->u.dur = $1; }
    | STRING                    { $$ = mkexpr(ctx, EX_TEXT, &@$); $$->u.text = $1; }
    | KW_TRUE                   { $$ = mkexpr(ctx, EX_BOOL, &@$); $$->u.b = true; }
    | KW_FALSE                  { $$ = mkexpr(ctx, EX_BOOL, &@$); $$->u.b = false; }
    ;

/* test -> 'test' STRING { 'given' event+ | 'as' 'of' DATE | expectation } */
test_decl
    : KW_TEST STRING
        {
            $$ = mkdecl(ctx, D_TEST, &@$);
            $$->u.test.name = mkstr(ctx, $2, &@2);
        }
    | test_decl KW_GIVEN test_events
        {
            $$ = $1;
            APPEND(test_event, $$->u.test.events, $3);
            $$->sp.len = @$.end - $$->sp.off;
        }
    | test_decl KW_AS KW_OF DATE
        {
            $$ = $1;
            if ($$->u.test.has_as_of) {
                diag_span(ctx->sink, DC_TEST_TWO_AS_OF, ctx->file->src, @2.off, @4.end - @2.off,
                          "test has two 'as of' dates");
                diag_hint(ctx->sink, "A test is evaluated on one date; keep one 'as of' line or split the test.");
            }
            $$->u.test.has_as_of = true;
            $$->u.test.as_of = $4;
            $$->u.test.as_of_sp = SP(@4);
            $$->sp.len = @$.end - $$->sp.off;
        }
    | test_decl expectation
        {
            $$ = $1;
            APPEND(expectation, $$->u.test.expects, $2);
            $$->sp.len = @$.end - $$->sp.off;
        }
    ;

test_events
    : test_event                { $$ = $1; }
    | test_events test_event    { $$ = $1; APPEND(test_event, $$, $2); }
    ;

test_event
    : DATE IDENT with_opt
        {
            $$ = NEW(test_event);
            $$->sp = SP(@$);
            $$->date = $1;
            $$->date_sp = SP(@1);
            $$->kind = mkname(ctx, $2, &@2);
            $$->attrs = $3;
        }
    ;

with_opt
    : %empty                    { $$ = NULL; }
    | KW_WITH test_attrs        { $$ = $2; }
    ;

test_attrs
    : test_attr                 { $$ = $1; }
    | test_attrs ',' test_attr  { $$ = $1; APPEND(test_attr, $$, $3); }
    ;

test_attr
    : attrname '=' test_value
        {
            $$ = NEW(test_attr);
            $$->name = mkname(ctx, $1, &@1);
            $$->value = $3;
        }
    ;

test_value
    : literal
    | '-' INT                   { $$ = mkexpr(ctx, EX_INT, &@$); $$->u.i = -$2; }
    | IDENT
        {
            $$ = mkexpr(ctx, EX_NAME, &@$);
            $$->u.name.name = mkname(ctx, $1, &@1);
        }
    ;

/* expectation -> 'expect' RULE STATUS {prop} | 'expect' 'nothing' 'from' RULE
 *              | 'expect' N 'obligations' 'from' RULE */
expectation
    : KW_EXPECT IDENT status expect_props
        {
            $$ = NEW(expectation);
            $$->kind = EXP_STATUS;
            $$->sp = SP(@$);
            $$->rule = mkname(ctx, $2, &@2);
            $$->status = $3;
            $$->has_due = $4.has_due;
            $$->due_none = $4.due_none;
            $$->due = $4.due;
            $$->has_met = $4.has_met;
            $$->met = $4.met;
            $$->has_days_late = $4.has_late;
            $$->days_late = $4.late;
            if ($4.has_role) {
                YYLTYPE rl = {$4.role_off, $4.role_end};
                $$->has_role = true;
                $$->role = mkname(ctx, $4.role, &rl);
            }
        }
    | KW_EXPECT KW_NOTHING KW_FROM IDENT
        {
            $$ = NEW(expectation);
            $$->kind = EXP_NOTHING;
            $$->sp = SP(@$);
            $$->rule = mkname(ctx, $4, &@4);
        }
    | KW_EXPECT INT KW_OBLIGATIONS KW_FROM IDENT
        {
            $$ = NEW(expectation);
            $$->kind = EXP_COUNT;
            $$->sp = SP(@$);
            $$->count = $2;
            $$->rule = mkname(ctx, $5, &@5);
        }
    ;

status
    : KW_MET                    { $$ = ST_MET; }
    | KW_LATE                   { $$ = ST_LATE; }
    | KW_OVERDUE                { $$ = ST_OVERDUE; }
    | KW_PENDING                { $$ = ST_PENDING; }
    | KW_BREACHED               { $$ = ST_BREACHED; }
    | KW_CANCELLED              { $$ = ST_CANCELLED; }
    ;

expect_props
    : %empty                    { memset(&$$, 0, sizeof $$); }
    | expect_props expect_prop
        {
            $$ = $1;
            if ($2.has_due) { $$.has_due = true; $$.due_none = $2.due_none; $$.due = $2.due; }
            if ($2.has_met) { $$.has_met = true; $$.met = $2.met; }
            if ($2.has_late) { $$.has_late = true; $$.late = $2.late; }
            if ($2.has_role) { $$.has_role = true; $$.role = $2.role; $$.role_off = $2.role_off; $$.role_end = $2.role_end; }
        }
    | expect_props ','          { $$ = $1; }
    ;

expect_prop
    : KW_DUE DATE               { memset(&$$, 0, sizeof $$); $$.has_due = true; $$.due = $2; }
    | KW_DUE KW_NONE            { memset(&$$, 0, sizeof $$); $$.has_due = true; $$.due_none = true; }
    | KW_MET KW_ON DATE         { memset(&$$, 0, sizeof $$); $$.has_met = true; $$.met = $3; }
    | KW_ON DATE                { memset(&$$, 0, sizeof $$); $$.has_met = true; $$.met = $2; }
    | KW_BY IDENT
        {
            memset(&$$, 0, sizeof $$);
            $$.has_role = true;
            $$.role = $2;
            $$.role_off = @2.off;
            $$.role_end = @2.end;
        }
    | INT UNIT KW_LATE
        {
            memset(&$$, 0, sizeof $$);
            $$.has_late = true;
            $$.late = $1;
            if ($2.u != DUR_DAYS) {
                diag_span(ctx->sink, DC_LATENESS_UNIT, ctx->file->src, @2.off, @2.end - @2.off,
                          "lateness is counted in days");
                diag_hint(ctx->sink, "Write it as \"7 days late\".");
            }
        }
    ;

%%

static void fold_rule(parse_ctx *ctx, decl *d, rclause *cs)
{
    rule_decl *r = &d->u.rule;
    span seen[RC_HOISTED + 1];
    bool have[RC_HOISTED + 1] = {false};
    for (rclause *c = cs; c; c = c->next) {
        bool repeatable = c->kind == RC_IF || c->kind == RC_UNLESS || c->kind == RC_SAYS || c->kind == RC_HOISTED;
        if (have[c->kind] && !repeatable) {
            diag_span(ctx->sink, DC_REPEATED_CLAUSE, ctx->file->src, c->sp.off, c->sp.len,
                      "rule %s has more than one '%s' clause", d->name.text, rclause_word[c->kind]);
            int line, col;
            src_file_position(ctx->file->src, seen[c->kind].off, &line, &col);
            if (c->kind == RC_DUTY || c->kind == RC_REQUIRE)
                diag_hint(ctx->sink, "The first is at line %d. A rule holds one duty; write a second rule for the second duty.", line);
            else
                diag_hint(ctx->sink, "The first is at line %d; keep one.", line);
            continue;
        }
        have[c->kind] = true;
        seen[c->kind] = c->sp;
        switch (c->kind) {
        case RC_CITE: r->cite = c->str; break;
        case RC_SAYS: {
            says_item *si = NEW(says_item);
            si->s = c->str;
            APPEND(says_item, r->says_all, si);
            if (!r->says.present)
                r->says = c->str;
            break;
        }
        case RC_EDITION:
            r->edition = c->a;
            break;
        case RC_HOISTED: {
            decl **pp = &ctx->hoisted;
            while (*pp)
                pp = &(*pp)->next;
            *pp = c->hoisted;
            break;
        }
        case RC_NOTE: r->note = c->str; break;
        case RC_WHEN:
            r->has_trigger = true;
            r->trigger_sp = c->sp;
            r->trigger = c->a;
            r->triggers = c->la;
            r->trig = c->trig;
            r->binding = c->b;
            r->trigger_where = c->e;
            break;
        case RC_IF:
        case RC_UNLESS: {
            cond *k = NEW(cond);
            k->kind = c->kind == RC_IF ? COND_IF : COND_UNLESS;
            k->sp = c->sp;
            k->e = c->e;
            APPEND(cond, r->conds, k);
            break;
        }
        case RC_WHILE:
            r->has_while = true;
            r->while_sp = c->sp;
            r->while_state = c->a;
            break;
        case RC_OVERRIDES:
            r->has_overrides = true;
            r->overrides_sp = c->sp;
            r->overrides = c->a;
            r->overrides_when = c->e;
            break;
        case RC_DUTY:
            r->has_duty = true;
            r->duty_sp = c->sp;
            r->role = c->a;
            r->roles = c->la;
            r->action = c->b;
            r->actions = c->lb;
            r->is_next = c->flag;
            r->forbids = c->forbids;
            r->not_before = c->e2;
            r->role_text = joined(ctx, c->la, NULL, " or ");
            r->action_text = joined(ctx, c->lb, NULL, " or ");
            r->duty_where = c->e;
            break;
        case RC_REQUIRE:
            r->require = c->e;
            r->require_sp = c->sp;
            break;
        case RC_DUE:
            r->due = c->due;
            break;
        }
    }
    if (have[RC_DUTY] && have[RC_REQUIRE]) {
        diag_span(ctx->sink, DC_DUTY_AND_REQUIRE, ctx->file->src, r->require_sp.off, r->require_sp.len,
                  "rule %s has both a duty and a 'require' constraint", d->name.text);
        diag_hint(ctx->sink, "A rule is either a duty (ROLE must ACTION) or a constraint (require CONDITION); split it into two rules.");
    }
}

/* Only white space and comments between byte offsets A and B? */
static bool only_layout(const parse_ctx *ctx, uint32_t a, uint32_t b)
{
    const char *t = ctx->file->src->text;
    for (uint32_t i = a; i < b; i++) {
        if (t[i] == '#')
            while (i < b && t[i] != '\n')
                i++;
        else if (t[i] != ' ' && t[i] != '\t' && t[i] != '\r' && t[i] != '\n')
            return false;
    }
    return true;
}

/* How an expected token reads in a hint. */
static const char *expected_name(yysymbol_kind_t k)
{
    switch (k) {
    case YYSYMBOL_IDENT: return "a name";
    case YYSYMBOL_STRING: return "a string";
    case YYSYMBOL_INT: return "a number";
    case YYSYMBOL_DATE: return "a date";
    case YYSYMBOL_UNIT: return "a unit (days, weeks, months, years, hours)";
    default: return yysymbol_name(k);
    }
}

static bool is_keyword(yysymbol_kind_t k)
{
    return k >= YYSYMBOL_KW_POLICY && k <= YYSYMBOL_KW_WORKING;
}

typedef struct expected {
    int n;                 /* tokens listed; 0 when too many to list */
    bool name;             /* a name would do here */
    const char *cands[24]; /* words the offending name may be a typo of */
    size_t ncands;
    char words[12][24];
} expected;

/* The expected-token list, friendly: "a name, 'as' or 'where'". */
static void report_expected(const yypcontext_t *yyctx, sbuf *b, expected *x)
{
    enum { MAX = 12 };
    yysymbol_kind_t exp[MAX];
    memset(x, 0, sizeof *x);
    int n = yypcontext_expected_tokens(yyctx, exp, MAX);
    int keep[MAX], k = 0;
    for (int i = 0; i < n; i++) {
        if (exp[i] == YYSYMBOL_YYerror || exp[i] == YYSYMBOL_LEX_ERROR)
            continue;
        keep[k++] = (int)exp[i];
        if (exp[i] == YYSYMBOL_IDENT)
            x->name = true;
        if (exp[i] == YYSYMBOL_UNIT) {
            /* The one-word units of the table (a unit token is one word). */
            size_t nu;
            const unit_info *units = unit_table(&nu);
            for (size_t u = 0; u < nu && x->ncands < 24; u++)
                if (!strchr(units[u].plural, ' '))
                    x->cands[x->ncands++] = units[u].plural;
        }
        if (is_keyword(exp[i])) {
            /* yysymbol_name is "'word'": strip the quotes. */
            const char *q = yysymbol_name(exp[i]);
            size_t len = strlen(q);
            if (len >= 3 && len - 2 < sizeof x->words[0]) {
                char *w = x->words[k - 1];
                memcpy(w, q + 1, len - 2);
                w[len - 2] = '\0';
                x->cands[x->ncands++] = w;
            }
        }
    }
    for (int i = 0; i < k; i++) {
        if (i > 0)
            sbuf_puts(b, i == k - 1 ? " or " : ", ");
        sbuf_puts(b, expected_name((yysymbol_kind_t)keep[i]));
    }
    x->n = k;
}

/* Does the parser, in context YYCTX, accept token K next? */
static bool expects(const yypcontext_t *yyctx, yysymbol_kind_t k)
{
    yysymbol_kind_t exp[64];
    int n = yypcontext_expected_tokens(yyctx, exp, 64);
    for (int i = 0; i < n; i++)
        if (exp[i] == k)
            return true;
    return false;
}

/* Is byte offset OFF after the condition of a `must not ACTION where` (the
 * last `must` before it)? Then *WHERE is the offset of that `where`. The
 * error may be reported at the next rule. */
static bool in_prohibition_where(const parse_ctx *ctx, uint32_t off, uint32_t *where)
{
    const char *t = ctx->file->src->text;
    for (uint32_t i = off; i-- > 0;) {
        if (strncmp(t + i, "must", 4) != 0)
            continue;
        const char *p = t + i + 4;
        size_t n = strspn(p, " \t\r\n");
        if (n == 0 || strncmp(p + n, "not", 3) != 0)
            return false;
        const char *w = strstr(p + n, "where");
        if (!w || w >= t + off)
            return false;
        *where = (uint32_t)(w - t);
        return true;
    }
    return false;
}

/* The end of the text before OFF, white space and comments left out. */
static uint32_t text_end_before(const parse_ctx *ctx, uint32_t from, uint32_t off)
{
    const char *t = ctx->file->src->text;
    uint32_t end = from;
    for (uint32_t i = from; i < off; i++) {
        if (t[i] == '#') {
            while (i < off && t[i] != '\n')
                i++;
        } else if (t[i] != ' ' && t[i] != '\t' && t[i] != '\r' && t[i] != '\n') {
            end = i + 1;
        }
    }
    return end;
}

/* `must not A where C` that ends without `before DATE`: reported on the
 * condition, saying whether a `last EVENT` in it took the `before`. */
static void prohibition_without_date(parse_ctx *ctx, uint32_t where, uint32_t off)
{
    uint32_t end = text_end_before(ctx, where, off);
    const char *t = ctx->file->src->text;
    bool last = false;
    for (uint32_t i = where; i + 5 <= end && !last; i++)
        last = strncmp(t + i, "last", 4) == 0 && (t[i + 4] == ' ' || t[i + 4] == '\t') &&
               (i == 0 || t[i - 1] == ' ' || t[i - 1] == '(' || t[i - 1] == '\t');
    if (last) {
        diag_span(ctx->sink, DC_SYNTAX, ctx->file->src, where, end - where,
                  "the 'before' of this prohibition is read as the tail of a 'last' query");
        diag_hint(ctx->sink, "A query's tail takes the longest expression: put the query in parentheses, as in where date > (last visit) before DATE.");
    } else {
        diag_span(ctx->sink, DC_SYNTAX, ctx->file->src, where, end - where,
                  "a prohibition ends with 'before DATE'");
        diag_hint(ctx->sink, "Write ROLE must not ACTION where CONDITION before DATE; a prohibition has no 'due' line.");
    }
}

/* Targeted messages for what an author writes in a rule that the grammar
 * does not take: a misspelt `inclusive` (read as a role name, so the error
 * comes at the token after it), "from and including" spelt out. True when
 * one was reported. */
static bool near_miss_in_rule(const yypcontext_t *yyctx, parse_ctx *ctx, yysymbol_kind_t tok, const YYLTYPE *loc)
{
    /* The name just before the offending token. */
    int w = tok == YYSYMBOL_IDENT ? 1 : 0;
    const char *word = ctx->ident[w];
    bool just_before = word && ctx->ident_end[w] <= loc->off && only_layout(ctx, ctx->ident_end[w], loc->off);
    if (just_before && expects(yyctx, YYSYMBOL_KW_MUST)) {
        static const char *const cands[] = {"inclusive"};
        if (diag_closest(word, cands, 1)) {
            diag_span(ctx->sink, DC_SYNTAX, ctx->file->src, ctx->ident_off[w], ctx->ident_end[w] - ctx->ident_off[w],
                      "unknown word '%s' after the deadline", word);
            diag_hint(ctx->sink, "Did you mean 'inclusive'? Write due within 10 working days of v inclusive to count the start day as day 1.");
            return true;
        }
    }
    uint32_t where;
    if (expects(yyctx, YYSYMBOL_KW_BEFORE) && expects(yyctx, YYSYMBOL_KW_AND) && tok != YYSYMBOL_KW_BEFORE &&
        in_prohibition_where(ctx, loc->off, &where)) {
        prohibition_without_date(ctx, where, loc->off);
        return true;
    }
    /* The deadline line as written, from its first word. */
    const char *src = ctx->file->src->text;
    uint32_t ls = loc->off;
    while (ls > 0 && src[ls - 1] != '\n')
        ls--;
    while (src[ls] == ' ' || src[ls] == '\t')
        ls++;
    if (strncmp(src + ls, "due every ", 10) == 0) {
        diag_span(ctx->sink, DC_SYNTAX, ctx->file->src, ls + 4, 5, "a deadline cannot say 'every'");
        diag_hint(ctx->sink, "A duty that recurs is a rule for each occurrence: when visit as v ... due within "
                             "10 working days of v (each visit makes the next one due).");
        return true;
    }
    bool due_at = strncmp(src + ls, "due at ", 7) == 0;
    /* what follows `due at`, to the end of the line (without a comment) */
    uint32_t b = due_at ? ls + 7 : ls, e = b;
    while (due_at && src[e] && src[e] != '\n' && src[e] != '#')
        e++;
    while (e > b && (src[e - 1] == ' ' || src[e - 1] == '\t' || src[e - 1] == '\r'))
        e--;
    /* a schedule of milestones always says `after`: with it the slip is another */
    bool says_after = false;
    for (uint32_t k = b; k + 7 <= e && !says_after; k++)
        says_after = strncmp(src + k, " after ", 7) == 0;
    /* `due at 2025-03-01`, `due at c + 3 months`: a date, not milestones (a
     * misspelt word after a name is left to the messages below) */
    bool date_lit = due_at && isdigit((unsigned char)src[b]) && isdigit((unsigned char)src[b + 1]) &&
                    isdigit((unsigned char)src[b + 2]) && isdigit((unsigned char)src[b + 3]) && src[b + 4] == '-';
    if (due_at && !says_after && src[b] != '(' && (date_lit || (!isdigit((unsigned char)src[b]) && tok != YYSYMBOL_IDENT))) {
        diag_span(ctx->sink, DC_SYNTAX, ctx->file->src, loc->off, loc->end - loc->off,
                  "'due at' takes the milestones of a schedule");
        diag_hint(ctx->sink, "For one date write due by %.*s (on or before it); a schedule is due at 3 months, "
                             "6 months and 9 months after a date.",
                  (int)(e - b > 80 ? 80 : e - b), src + b);
        return true;
    }
    if (tok == YYSYMBOL_KW_FROM && expects(yyctx, YYSYMBOL_KW_INCLUSIVE)) {
        diag_span(ctx->sink, DC_SYNTAX, ctx->file->src, loc->off, loc->end - loc->off,
                  "a deadline counts from its date with 'inclusive'");
        diag_hint(ctx->sink, "For \"from and including the day of the visit\" write due within 10 working days of v inclusive.");
        return true;
    }
    return false;
}

static int yyreport_syntax_error(const yypcontext_t *yyctx, parse_ctx *ctx)
{
    yysymbol_kind_t tok = yypcontext_token(yyctx);
    const YYLTYPE *loc = yypcontext_location(yyctx);
    if (tok == YYSYMBOL_LEX_ERROR || ctx->stopped)
        return 0; /* the scanner has reported it */
    const char *what = tok == YYSYMBOL_YYEOF ? "end of file" : yysymbol_name(tok);
    uint32_t len = tok == YYSYMBOL_YYEOF ? 0 : loc->end - loc->off;
    const char *text = ctx->file->src->text + loc->off;
    sbuf b;
    sbuf_init(&b);
    expected x;
    report_expected(yyctx, &b, &x);
    int line = 0, col = 0;
    if (ctx->decl_word)
        src_file_position(ctx->file->src, ctx->decl_off, &line, &col);
    if (is_keyword(tok) && x.name) {
        diag_span(ctx->sink, DC_RESERVED_WORD, ctx->file->src, loc->off, len,
                  "'%.*s' is a reserved word and cannot be a name", (int)len, text);
        diag_hint(ctx->sink, "Choose another name, such as '%.*s_1' or 'the_%.*s'.", (int)len, text,
                  (int)len, text);
        sbuf_free(&b);
        return 0;
    }
    /* A deadline written without `due`, as in "within 15 working days of
     * order" on a line of its own. */
    bool deadline_word = tok == YYSYMBOL_KW_WITHIN || tok == YYSYMBOL_KW_BY || tok == YYSYMBOL_KW_BETWEEN ||
                         tok == YYSYMBOL_KW_BEFORE || tok == YYSYMBOL_KW_AT;
    if (deadline_word && ctx->decl_word && strcmp(ctx->decl_word, "rule") == 0) {
        diag_span(ctx->sink, DC_DEADLINE_WITHOUT_DUE, ctx->file->src, loc->off, len, "a deadline starts with 'due'");
        diag_hint(ctx->sink, "Write it on its own line as due %.*s ..., e.g. due within 15 working days of order.",
                  (int)len, text);
        sbuf_free(&b);
        return 0;
    }
    if (ctx->decl_word && strcmp(ctx->decl_word, "rule") == 0 && near_miss_in_rule(yyctx, ctx, tok, loc)) {
        sbuf_free(&b);
        return 0;
    }
    if (tok == YYSYMBOL_IDENT || tok == YYSYMBOL_STRING || tok == YYSYMBOL_INT || tok == YYSYMBOL_DATE)
        diag_span(ctx->sink, DC_SYNTAX, ctx->file->src, loc->off, len, "unexpected %s '%.*s'",
                  what, (int)len, text);
    else
        diag_span(ctx->sink, DC_SYNTAX, ctx->file->src, loc->off, len, "unexpected %s", what);
    /* A misspelt keyword or unit: "dyas" for "days". */
    const char *typo = NULL;
    char *word = NULL;
    if (tok == YYSYMBOL_IDENT && x.ncands > 0) {
        word = xstrndup(text, len);
        typo = diag_closest(word, x.cands, x.ncands);
    }
    char mean[96] = "";
    if (typo)
        snprintf(mean, sizeof mean, "Did you mean '%s'? ", typo);
    if (x.n > 0 && ctx->decl_word)
        diag_hint(ctx->sink, "%sExpected %s here, in the '%s' that starts at line %d.", mean, b.data,
                  ctx->decl_word, line);
    else if (x.n > 0)
        diag_hint(ctx->sink, "%sExpected %s here.", mean, b.data);
    else if (ctx->decl_word && strcmp(ctx->decl_word, "rule") == 0)
        diag_hint(ctx->sink, "Each line of a rule starts with cite, says, note, when, if, unless, while, overrides, require, due, or ROLE must ACTION (the rule starts at line %d).", line);
    else if (ctx->decl_word && strcmp(ctx->decl_word, "test") == 0)
        diag_hint(ctx->sink, "Each line of a test starts with given, a date (an event), as of, or expect (the test starts at line %d).", line);
    else
        diag_hint(ctx->sink, "A declaration starts with policy, import, role, enum, event, state, rule, test or uncited.");
    free(word);
    sbuf_free(&b);
    return 0;
}

/* Policies are UTF-8 text: report each NUL byte, control character (other
 * than tab, line feed and carriage return) and invalid UTF-8 sequence (at
 * most 20, then a count) before scanning. The scanner then
 * takes such bytes as errors without a second message. */
static bool is_control(unsigned char c)
{
    return (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F;
}

static void check_encoding(src_file *f, diag_sink *sink)
{
    size_t bad = 0, i = 0;
    while (i < f->len) {
        /* The valid text before the next bad byte. */
        size_t k = utf8_invalid_at(f->text + i, f->len - i);
        for (size_t j = 0; j < k; j++)
            if (is_control((unsigned char)f->text[i + j])) {
                k = j;
                break;
            }
        i += k;
        if (i >= f->len)
            break;
        unsigned char c = (unsigned char)f->text[i];
        const char *what = c == 0 ? "a NUL byte" : is_control(c) ? "a control character" : "invalid UTF-8";
        if (++bad <= 20) {
            diag_span(sink, DC_ENCODING, f, (uint32_t)i, 1, "%s (byte 0x%02X) in a policy", what, c);
            if (bad == 1)
                diag_hint(sink, "A policy is UTF-8 text with no control characters but tab and line ends; save it as UTF-8 (text copied from a PDF or a word processor may carry other bytes).");
        }
        i++;
    }
    if (bad > 20)
        diag_at(sink, DC_ENCODING, f->name, 0, 0, "%zu more bytes that are not policy text not shown", bad - 20);
}

ast_file *parse_file(src_file *f, diag_sink *sink)
{
    check_encoding(f, sink);
    ast_file *af = xcalloc(1, sizeof *af);
    af->src = f;
    arena_init(&af->arena);
    parse_ctx ctx = {0};
    ctx.file = af;
    ctx.sink = sink;
    ctx.comment_tail = &af->comments;
    ctx.decl_tail = &af->decls;
    void *sc;
    if (dkllex_init_extra(&ctx, &sc) != 0) {
        fputs("docket: cannot start the scanner\n", stderr);
        exit(70);
    }
    ctx.scanner = sc;
    struct yy_buffer_state *buf = dkl_scan_bytes(f->text, (int)f->len, sc);
    dkparse(&ctx);
    dkl_delete_buffer(buf, sc);
    dkllex_destroy(sc);
    return af;
}
