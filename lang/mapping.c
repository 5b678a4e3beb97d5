/*
 * mapping.c — parsing and checking mapping files (see mapping.h).
 *
 * A small scanner and a recursive-descent parser of their own: a mapping
 * shares the language's words and lexical rules (names, "text" with the
 * same escapes, # comments, YYYY-MM-DD dates, durations) but none of a
 * policy's grammar, so it does not go through parser.y. Each parsing
 * function opens with the grammar rule it handles. The first syntax error
 * stops the parse (a mapping is short); the checker reports every
 * semantic error it finds.
 */
#include "mapping.h"
#include "input_limits.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ------------------------------------------------------------ scanner */

typedef enum { TK_EOF, TK_NAME, TK_TEXT, TK_INT, TK_DATE, TK_PUNCT, TK_BAD } tk_kind;

typedef struct token {
    tk_kind k;
    uint32_t off, len;
    const char *s;   /* TK_NAME, TK_TEXT (unescaped), TK_PUNCT ("<=") */
    int64_t i;       /* TK_INT; TK_DATE as YYYYMMDD */
} token;

typedef struct mparser {
    mapping *m;
    const char *text;
    uint32_t len, pos;
    token t;         /* the current token */
    diag_sink *sink;
    bool failed;
    mtable *table;   /* the table being parsed */
    int nesting;     /* expressions and negations open (DOCKET_MAX_NESTING) */
} mparser;

/* Whether C may start a name. */
static bool is_name_start(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

/* Whether C may continue a name. */
static bool is_name_char(char c)
{
    return is_name_start(c) || (c >= '0' && c <= '9');
}

static void perr(mparser *p, uint32_t off, uint32_t len, const char *hint, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* Report the parse's (first) syntax error at [OFF, OFF+LEN). */
static void perr(mparser *p, uint32_t off, uint32_t len, const char *hint, const char *fmt, ...)
{
    if (p->failed)
        return;
    p->failed = true;
    va_list ap;
    va_start(ap, fmt);
    char *msg = xvasprintf(fmt, ap);
    va_end(ap);
    diag_span(p->sink, DC_SYNTAX, p->m->src, off, len ? len : 1, "%s", msg);
    free(msg);
    if (hint)
        diag_hint(p->sink, "%s", hint);
}

/* Report that the expression at [OFF, OFF+LEN) is past a limit on its
 * nesting (DC_NESTING; the parse's first error, as perr's). */
static void nesting_error(mparser *p, uint32_t off, uint32_t len, const char *msg, const char *hint)
{
    if (p->failed)
        return;
    p->failed = true;
    diag_span(p->sink, DC_NESTING, p->m->src, off, len ? len : 1, "%s", msg);
    diag_hint(p->sink, "%s", hint);
}

/* Skip blanks and # comments. */
static void skip_space(mparser *p)
{
    while (p->pos < p->len) {
        char c = p->text[p->pos];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            p->pos++;
        } else if (c == '#') {
            while (p->pos < p->len && p->text[p->pos] != '\n')
                p->pos++;
        } else {
            break;
        }
    }
}

/* The value of the N digits at S, or -1 when one is not a digit. */
static int digits_at(const char *s, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

/* Scan a "text" literal starting at the quote. */
static void scan_text(mparser *p)
{
    uint32_t start = p->pos++;
    sbuf b;
    sbuf_init(&b);
    while (p->pos < p->len && p->text[p->pos] != '"' && p->text[p->pos] != '\n') {
        char c = p->text[p->pos++];
        if (c == '\\' && p->pos < p->len) {
            char e = p->text[p->pos++];
            c = e == 'n' ? '\n' : e == 't' ? '\t' : e;
            if (e != 'n' && e != 't' && e != '"' && e != '\\') {
                sbuf_free(&b);
                perr(p, p->pos - 2, 2, "Only \\\" \\\\ \\n and \\t are escapes; write \\\\ for a backslash.",
                     "unknown escape in a string");
                p->t.k = TK_BAD;
                return;
            }
        }
        sbuf_putc(&b, c);
    }
    if (p->pos >= p->len || p->text[p->pos] != '"') {
        sbuf_free(&b);
        perr(p, start, 1, "Close the text with a double quote on the same line.", "unterminated string");
        p->t.k = TK_BAD;
        return;
    }
    p->pos++;
    char *s = sbuf_take(&b);
    p->t.k = TK_TEXT;
    p->t.s = arena_strdup(&p->m->mem, s ? s : "");
    free(s);
    p->t.len = p->pos - start;
}

/* Move to the next token. */
static void advance(mparser *p)
{
    skip_space(p);
    token *t = &p->t;
    memset(t, 0, sizeof *t);
    t->off = p->pos;
    if (p->pos >= p->len) {
        t->k = TK_EOF;
        return;
    }
    const char *s = p->text + p->pos;
    char c = *s;
    if (is_name_start(c)) {
        uint32_t n = 0;
        while (p->pos + n < p->len && is_name_char(s[n]))
            n++;
        t->k = TK_NAME;
        t->s = arena_strndup(&p->m->mem, s, n);
        t->len = n;
        p->pos += n;
        return;
    }
    if (c == '"') {
        scan_text(p);
        return;
    }
    if (c >= '0' && c <= '9') {
        if (p->len - p->pos >= 10 && s[4] == '-' && s[7] == '-' && digits_at(s, 4) >= 0 && digits_at(s + 5, 2) >= 0 &&
            digits_at(s + 8, 2) >= 0) {
            int y = digits_at(s, 4), mo = digits_at(s + 5, 2), d = digits_at(s + 8, 2);
            t->k = TK_DATE;
            t->len = 10;
            t->i = y * 10000 + mo * 100 + d;
            p->pos += 10;
            if (!ast_date_valid(y, mo, d))
                perr(p, t->off, 10, "Dates are written YYYY-MM-DD and must exist.", "no such date %s",
                     arena_strndup(&p->m->mem, s, 10));
            return;
        }
        uint32_t n = 0;
        while (p->pos + n < p->len && s[n] >= '0' && s[n] <= '9')
            n++;
        t->k = TK_INT;
        t->len = n;
        p->pos += n;
        if (n > 9) {
            perr(p, t->off, n, NULL, "number %s is too large", arena_strndup(&p->m->mem, s, n));
            return;
        }
        t->i = atol(arena_strndup(&p->m->mem, s, n));
        return;
    }
    static const char *const two[] = {"!=", "<=", ">="};
    for (size_t i = 0; i < 3; i++)
        if (p->len - p->pos >= 2 && s[0] == two[i][0] && s[1] == two[i][1]) {
            t->k = TK_PUNCT;
            t->s = two[i];
            t->len = 2;
            p->pos += 2;
            return;
        }
    static const char one[] = "{}(),.=<>+-:";
    const char *hit = strchr(one, c);
    if (hit && c) {
        static const char *const names[] = {"{", "}", "(", ")", ",", ".", "=", "<", ">", "+", "-", ":"};
        t->k = TK_PUNCT;
        t->s = names[hit - one];
        t->len = 1;
        p->pos++;
        return;
    }
    t->k = TK_BAD;
    t->len = 1;
    perr(p, p->pos, 1, NULL, "unexpected character '%s'", arena_strndup(&p->m->mem, s, 1));
}

/* Whether the current token is the name W. */
static bool is_word(const mparser *p, const char *w)
{
    return p->t.k == TK_NAME && strcmp(p->t.s, w) == 0;
}

/* Whether the current token is the symbol W. */
static bool is_punct(const mparser *p, const char *w)
{
    return p->t.k == TK_PUNCT && strcmp(p->t.s, w) == 0;
}

/* The current token as a message names it. */
static const char *tok_desc(const mparser *p)
{
    switch (p->t.k) {
    case TK_EOF: return "the end of the file";
    case TK_NAME: return p->t.s;
    case TK_TEXT: return "a string";
    case TK_INT: return "a number";
    case TK_DATE: return "a date";
    case TK_PUNCT: return p->t.s;
    case TK_BAD: return "a bad token";
    }
    return "?";
}

/* Report "expected WHAT, found ..." at the current token. */
static void expected(mparser *p, const char *what, const char *hint)
{
    if (p->failed)
        return;
    char *msg = xasprintf("expected %s, found '%s'", what, tok_desc(p));
    perr(p, p->t.off, p->t.len, hint, "%s", msg);
    free(msg);
}

/* Step over the name W when it is the current token. */
static bool accept_word(mparser *p, const char *w)
{
    if (!is_word(p, w))
        return false;
    advance(p);
    return true;
}

/* Step over the symbol W when it is the current token. */
static bool accept_punct(mparser *p, const char *w)
{
    if (!is_punct(p, w))
        return false;
    advance(p);
    return true;
}

/* Step over the name W, or report that it was expected (with HINT). */
static bool expect_word(mparser *p, const char *w, const char *hint)
{
    if (accept_word(p, w))
        return true;
    char what[64];
    snprintf(what, sizeof what, "'%s'", w);
    expected(p, what, hint);
    return false;
}

/* Step over the symbol W, or report that it was expected (with HINT). */
static bool expect_punct(mparser *p, const char *w, const char *hint)
{
    if (accept_punct(p, w))
        return true;
    char what[16];
    snprintf(what, sizeof what, "'%s'", w);
    expected(p, what, hint);
    return false;
}

/* A name; its text and span. */
static const char *expect_name(mparser *p, const char *what, uint32_t *off, uint32_t *len)
{
    if (p->t.k != TK_NAME) {
        expected(p, what, NULL);
        return NULL;
    }
    const char *s = p->t.s;
    if (off)
        *off = p->t.off;
    if (len)
        *len = p->t.len;
    advance(p);
    return s;
}

/* A "text" literal (its unescaped text), or NULL after reporting that WHAT was expected. */
static const char *expect_text(mparser *p, const char *what)
{
    if (p->t.k != TK_TEXT) {
        expected(p, what, NULL);
        return NULL;
    }
    const char *s = p->t.s;
    advance(p);
    return s;
}

/* ------------------------------------------------------------ expressions */

/* A zeroed expression node of kind K spanning [OFF, END), in the mapping's arena. */
static mx *new_mx(mparser *p, mx_kind k, uint32_t off, uint32_t end)
{
    mx *e = arena_alloc(&p->m->mem, sizeof *e);
    memset(e, 0, sizeof *e);
    e->kind = k;
    e->off = off;
    e->len = end > off ? end - off : 1;
    return e;
}

static uint32_t prev_end(const mparser *p)
{
    /* The end of the token before the current one: scan back over blanks. */
    uint32_t e = p->t.off;
    while (e > 0 && (p->text[e - 1] == ' ' || p->text[e - 1] == '\t' || p->text[e - 1] == '\n' ||
                     p->text[e - 1] == '\r'))
        e--;
    return e;
}

static mx *parse_expr(mparser *p);
static mx *parse_sum(mparser *p);

/* args -> expr { ',' expr } */
static mx *parse_args(mparser *p)
{
    mx *first = NULL, **tail = &first;
    if (is_punct(p, ")"))
        return NULL;
    do {
        mx *a = parse_expr(p);
        if (!a)
            return NULL;
        *tail = a;
        tail = &a->next;
    } while (accept_punct(p, ","));
    return first;
}

/* A number after its token T: a duration when a unit follows (calendar
 * units only: a mapping moves dates by days, weeks, months or years),
 * else a whole number. */
static mx *parse_number(mparser *p, token t)
{
    dur_unit u;
    if (p->t.k == TK_NAME && unit_from_word(p->t.s, p->t.len, &u)) {
        if (u == DUR_WORKING_DAYS || u == DUR_HOURS) {
            perr(p, p->t.off, p->t.len, "A mapping moves dates by calendar days, weeks, months or years.",
                 "'%s' cannot be used in a mapping", p->t.s);
            return NULL;
        }
        mx *e = new_mx(p, MX_DURATION, t.off, p->t.off + p->t.len);
        e->dur.n = t.i;
        e->dur.unit = u;
        advance(p);
        return e;
    }
    if (is_word(p, "working")) {
        perr(p, p->t.off, p->t.len, "A mapping moves dates by calendar days, weeks, months or years.",
             "working days cannot be used in a mapping");
        return NULL;
    }
    mx *e = new_mx(p, MX_INT, t.off, t.off + t.len);
    e->i = t.i;
    return e;
}

/* After `exists` (token T): TABLE where CONDITION. */
static mx *parse_exists(mparser *p, token t)
{
    uint32_t off, len;
    const char *tab = expect_name(p, "a table name after 'exists'", &off, &len);
    if (!tab || !expect_word(p, "where", "Write exists TABLE where CONDITION."))
        return NULL;
    mx *c = parse_expr(p);
    if (!c)
        return NULL;
    mx *e = new_mx(p, MX_EXISTS, t.off, prev_end(p));
    e->s = tab;
    e->a = c;
    e->index = (int)off; /* the table name's offset, for messages */
    e->i = len;
    return e;
}

/* After `latest` or `earliest` (token T): VALUE from TABLE where CONDITION. */
static mx *parse_extreme(mparser *p, token t)
{
    mx *v = parse_sum(p);
    uint32_t off, len;
    const char *tab = NULL;
    if (!v || !expect_word(p, "from", "Write latest VALUE from TABLE where CONDITION.") ||
        !(tab = expect_name(p, "a table name after 'from'", &off, &len)) ||
        !expect_word(p, "where", "Write latest VALUE from TABLE where CONDITION."))
        return NULL;
    mx *c = parse_expr(p);
    if (!c)
        return NULL;
    mx *e = new_mx(p, t.s[0] == 'l' ? MX_LATEST : MX_EARLIEST, t.off, prev_end(p));
    e->s = tab;
    e->a = v;
    e->b = c;
    e->index = (int)off;
    e->i = len;
    return e;
}

/* A name T (read): a column or `let`, `T.column`, or a call `T(args)`. */
static mx *parse_name(mparser *p, token t)
{
    if (accept_punct(p, ".")) {
        uint32_t off, len;
        const char *f = expect_name(p, "a column name after '.'", &off, &len);
        if (!f)
            return NULL;
        mx *e = new_mx(p, MX_FIELD, t.off, off + len);
        e->s = t.s;
        e->field = f;
        return e;
    }
    if (accept_punct(p, "(")) {
        mx *args = parse_args(p);
        if (p->failed || !expect_punct(p, ")", "Close the argument list."))
            return NULL;
        mx *e = new_mx(p, MX_CALL, t.off, prev_end(p));
        e->s = t.s;
        e->a = args;
        return e;
    }
    mx *e = new_mx(p, MX_NAME, t.off, t.off + t.len);
    e->s = t.s;
    return e;
}

/* primary -> TEXT | INT [UNIT] | DATE | true | false | '(' expr ')'
 *          | NAME [ '.' NAME | '(' args ')' ] | exists NAME where expr
 *          | (latest | earliest) sum from NAME where expr */
static mx *parse_primary(mparser *p)
{
    token t = p->t;
    switch (t.k) {
    case TK_TEXT: {
        advance(p);
        mx *e = new_mx(p, MX_TEXT, t.off, t.off + t.len);
        e->s = t.s;
        return e;
    }
    case TK_DATE: {
        advance(p);
        mx *e = new_mx(p, MX_DATE, t.off, t.off + t.len);
        e->date = (int32_t)t.i;
        return e;
    }
    case TK_INT:
        advance(p);
        return parse_number(p, t);
    case TK_PUNCT:
        if (is_punct(p, "(")) {
            advance(p);
            mx *e = parse_expr(p);
            if (!e || !expect_punct(p, ")", "Close the parenthesis."))
                return NULL;
            return e;
        }
        if (is_punct(p, "-")) {
            advance(p);
            if (p->t.k != TK_INT) {
                expected(p, "a number after '-'", NULL);
                return NULL;
            }
            mx *e = parse_primary(p);
            if (e && e->kind == MX_INT)
                e->i = -e->i;
            else if (e && e->kind == MX_DURATION)
                e->dur.n = -e->dur.n;
            return e;
        }
        break;
    case TK_NAME:
        if (is_word(p, "true") || is_word(p, "false")) {
            advance(p);
            mx *e = new_mx(p, MX_BOOL, t.off, t.off + t.len);
            e->i = t.s[0] == 't';
            return e;
        }
        if (is_word(p, "exists")) {
            advance(p);
            return parse_exists(p, t);
        }
        if (is_word(p, "latest") || is_word(p, "earliest")) {
            advance(p);
            return parse_extreme(p, t);
        }
        advance(p);
        return parse_name(p, t);
    case TK_EOF:
    case TK_BAD:
        break;
    }
    expected(p, "a value (a column, \"text\", a number, a date)", NULL);
    return NULL;
}

/* The depth of E's tree (1 for a leaf), computed once: the passes over a
 * mapping walk its expressions recursively, so parse_left refuses one
 * deeper than DOCKET_MAX_EXPR_DEPTH. Only nodes below a binary one are
 * visited, and those are within DOCKET_MAX_NESTING of it. */
static int mx_depth(mx *e)
{
    if (e->depth == 0) {
        int d = 0;
        for (int side = 0; side < 2; side++)
            for (mx *c = side ? e->b : e->a; c; c = c->next) {
                int k = mx_depth(c);
                if (k > d)
                    d = k;
            }
        e->depth = d + 1;
    }
    return e->depth;
}

/* The operator of a left-associative level at the current token, or -1:
 * one function per level of the grammar below. */
typedef int (*level_op)(mparser *p);

/* OPERAND { OP OPERAND }, left-associative: every binary level of the
 * grammar is this loop with its own operand and operator. */
static mx *parse_left(mparser *p, mx *(*operand)(mparser *), level_op op)
{
    mx *l = operand(p);
    int k;
    while (l && (k = op(p)) >= 0) {
        advance(p);
        mx *r = operand(p);
        if (!r)
            return NULL;
        mx *e = new_mx(p, (mx_kind)k, l->off, r->off + r->len);
        e->a = l;
        e->b = r;
        if (mx_depth(e) > DOCKET_MAX_EXPR_DEPTH) {
            char *msg = xasprintf("the expression nests more than %d levels deep", DOCKET_MAX_EXPR_DEPTH);
            nesting_error(p, r->off, r->len, msg,
                          "A chain of operators (and, or, otherwise, +, -) counts a level for each: name its parts with let.");
            free(msg);
            return NULL;
        }
        l = e;
    }
    return l;
}

static int op_sum(mparser *p)
{
    return is_punct(p, "+") ? MX_ADD : is_punct(p, "-") ? MX_SUB : -1;
}

static int op_otherwise(mparser *p)
{
    return is_word(p, "otherwise") ? MX_OTHERWISE : -1;
}

static int op_and(mparser *p)
{
    return is_word(p, "and") ? MX_AND : -1;
}

static int op_or(mparser *p)
{
    return is_word(p, "or") ? MX_OR : -1;
}

/* sum -> primary { ('+' | '-') primary } */
static mx *parse_sum(mparser *p)
{
    return parse_left(p, parse_primary, op_sum);
}

/* value -> sum { 'otherwise' sum } */
static mx *parse_value(mparser *p)
{
    return parse_left(p, parse_sum, op_otherwise);
}

/* comparison -> value [ OP value | 'is' ['not'] 'empty' | ['not'] 'in' '(' args ')' ] */
static mx *parse_comparison(mparser *p)
{
    mx *l = parse_value(p);
    if (!l)
        return NULL;
    static const struct { const char *s; mx_op op; } ops[] = {
        {"=", MOP_EQ}, {"!=", MOP_NE}, {"<", MOP_LT}, {"<=", MOP_LE}, {">", MOP_GT}, {">=", MOP_GE},
    };
    for (size_t i = 0; i < sizeof ops / sizeof *ops; i++)
        if (is_punct(p, ops[i].s)) {
            advance(p);
            mx *r = parse_value(p);
            if (!r)
                return NULL;
            mx *e = new_mx(p, MX_CMP, l->off, r->off + r->len);
            e->op = ops[i].op;
            e->a = l;
            e->b = r;
            return e;
        }
    if (is_word(p, "is")) {
        advance(p);
        bool neg = accept_word(p, "not");
        if (!expect_word(p, "empty", "Write COLUMN is empty or COLUMN is not empty."))
            return NULL;
        mx *e = new_mx(p, MX_EMPTY, l->off, prev_end(p));
        e->neg = neg;
        e->a = l;
        return e;
    }
    bool neg = false;
    if (is_word(p, "not")) {
        advance(p);
        neg = true;
        if (!is_word(p, "in")) {
            expected(p, "'in' after 'not'", NULL);
            return NULL;
        }
    }
    if (accept_word(p, "in")) {
        if (!expect_punct(p, "(", "Write VALUE in (\"a\", \"b\")."))
            return NULL;
        mx *items = parse_args(p);
        if (p->failed || !expect_punct(p, ")", "Close the list."))
            return NULL;
        mx *e = new_mx(p, MX_IN, l->off, prev_end(p));
        e->neg = neg;
        e->a = l;
        e->b = items;
        return e;
    }
    return l;
}

/* Open one more nesting level at the current token: false (reported) past
 * DOCKET_MAX_NESTING, so that the recursion of the parser is bounded. */
static bool nest(mparser *p)
{
    if (++p->nesting <= DOCKET_MAX_NESTING)
        return true;
    p->nesting--;
    char *msg = xasprintf("parentheses, 'not', calls and conditions nest more than %d deep", DOCKET_MAX_NESTING);
    nesting_error(p, p->t.off, p->t.len, msg, "Name the parts of the expression with let.");
    free(msg);
    return false;
}

/* negation -> 'not' negation | comparison */
static mx *parse_not(mparser *p)
{
    if (is_word(p, "not")) {
        uint32_t off = p->t.off;
        advance(p);
        if (!nest(p))
            return NULL;
        mx *a = parse_not(p);
        p->nesting--;
        if (!a)
            return NULL;
        mx *e = new_mx(p, MX_NOT, off, a->off + a->len);
        e->a = a;
        return e;
    }
    return parse_comparison(p);
}

/* conjunction -> negation { 'and' negation } */
static mx *parse_and(mparser *p)
{
    return parse_left(p, parse_not, op_and);
}

/* expr -> conjunction { 'or' conjunction } */
static mx *parse_expr(mparser *p)
{
    if (!nest(p))
        return NULL;
    mx *e = parse_left(p, parse_and, op_or);
    p->nesting--;
    return e;
}

/* ------------------------------------------------------------ declarations */

/* names -> NAME { ',' NAME } [ 'because' TEXT ] */
static mname *parse_names(mparser *p, const char *what)
{
    mname *first = NULL, **tail = &first;
    do {
        mname *n = arena_alloc(&p->m->mem, sizeof *n);
        memset(n, 0, sizeof *n);
        n->name = expect_name(p, what, &n->off, &n->len);
        if (!n->name)
            return NULL;
        *tail = n;
        tail = &n->next;
    } while (accept_punct(p, ","));
    if (accept_word(p, "because")) {
        const char *why = expect_text(p, "the reason, in quotes, after 'because'");
        for (mname *n = first; n; n = n->next)
            n->reason = why;
    }
    return first;
}

/* rule -> EVENT 'on' expr [ 'where' expr ] [ 'with' assign { ',' assign } ]
 *         [ 'distinct' 'by' value { ',' value } ]
 *       | 'ignore' [ 'where' expr ] 'because' TEXT
 *       | 'let' NAME '=' expr */
static mrule *parse_rule(mparser *p)
{
    mrule *r = arena_alloc(&p->m->mem, sizeof *r);
    memset(r, 0, sizeof *r);
    if (accept_word(p, "ignore")) {
        r->kind = MR_IGNORE;
        if (accept_word(p, "where") && !(r->where = parse_expr(p)))
            return NULL;
        if (!expect_word(p, "because", "Say why the rows are ignored: ignore where CONDITION because \"reason\"."))
            return NULL;
        r->reason = expect_text(p, "the reason, in quotes");
        return r->reason ? r : NULL;
    }
    if (accept_word(p, "let")) {
        r->kind = MR_LET;
        r->name = expect_name(p, "a name after 'let'", &r->off, &r->len);
        if (!r->name || !expect_punct(p, "=", "Write let NAME = VALUE."))
            return NULL;
        r->index = p->table->nlets++;
        return (r->value = parse_expr(p)) ? r : NULL;
    }
    r->kind = MR_EVENT;
    r->name = expect_name(p, "an event, 'let' or 'ignore'", &r->off, &r->len);
    if (!r->name || !expect_word(p, "on", "Write EVENT on DATE_COLUMN: the column that dates the event."))
        return NULL;
    if (!(r->date = parse_value(p)))
        return NULL;
    if (accept_word(p, "where") && !(r->where = parse_expr(p)))
        return NULL;
    if (accept_word(p, "with")) {
        massign **tail = &r->with;
        do {
            massign *a = arena_alloc(&p->m->mem, sizeof *a);
            memset(a, 0, sizeof *a);
            a->attr = expect_name(p, "an attribute name", &a->off, &a->len);
            if (!a->attr || !expect_punct(p, "=", "Write with ATTRIBUTE = VALUE, ATTRIBUTE = VALUE."))
                return NULL;
            if (!(a->value = parse_value(p)))
                return NULL;
            *tail = a;
            tail = &a->next;
        } while (accept_punct(p, ","));
    }
    if (accept_word(p, "distinct")) {
        if (!expect_word(p, "by", "Write distinct by KEY."))
            return NULL;
        mx **tail = &r->distinct;
        do {
            if (!(*tail = parse_value(p)))
                return NULL;
            tail = &(*tail)->next;
        } while (accept_punct(p, ","));
    }
    p->m->nrules++;
    return r;
}

/* table -> 'table' NAME 'case' NAME [ 'sorted' 'by' NAME ] '{' { rule } '}' */
static mtable *parse_table(mparser *p)
{
    mtable *t = arena_alloc(&p->m->mem, sizeof *t);
    memset(t, 0, sizeof *t);
    t->name = expect_name(p, "a table name", &t->off, &t->len);
    if (!t->name || !expect_word(p, "case", "Name the column that holds the case: table NAME case COLUMN { ... }."))
        return NULL;
    t->case_col = expect_name(p, "the case column", &t->case_off, &t->case_len);
    if (!t->case_col)
        return NULL;
    if (accept_word(p, "sorted")) {
        if (!expect_word(p, "by", "Write sorted by COLUMN."))
            return NULL;
        t->sort_col = expect_name(p, "the column the rows are sorted by", &t->sort_off, &t->sort_len);
        if (!t->sort_col)
            return NULL;
    }
    if (!expect_punct(p, "{", "A table's rules go between braces."))
        return NULL;
    p->table = t;
    mrule **tail = &t->rules;
    while (!is_punct(p, "}") && p->t.k != TK_EOF && !p->failed) {
        mrule *r = parse_rule(p);
        if (!r)
            return NULL;
        *tail = r;
        tail = &r->next;
    }
    p->table = NULL;
    return expect_punct(p, "}", "Close the table with '}'.") ? t : NULL;
}

/* param -> 'param' NAME ':' ('int' | 'text' | 'bool') '=' literal [ TEXT ] */
static mparam *parse_param(mparser *p)
{
    mparam *q = arena_alloc(&p->m->mem, sizeof *q);
    memset(q, 0, sizeof *q);
    q->name = expect_name(p, "a parameter name", &q->off, &q->len);
    if (!q->name || !expect_punct(p, ":", "Write param NAME: int = 12 \"what it means\"."))
        return NULL;
    const char *ty = expect_name(p, "int, text or bool", NULL, NULL);
    if (!ty)
        return NULL;
    q->ty = strcmp(ty, "int") == 0 ? MT_INT : strcmp(ty, "bool") == 0 ? MT_BOOL : MT_TEXT;
    if (strcmp(ty, "int") && strcmp(ty, "bool") && strcmp(ty, "text")) {
        perr(p, p->t.off, 1, "A parameter is an int, a text or a bool.", "unknown parameter type '%s'", ty);
        return NULL;
    }
    if (!expect_punct(p, "=", "A parameter has a default: param NAME: int = 12."))
        return NULL;
    q->def = parse_primary(p);
    if (!q->def)
        return NULL;
    if (p->t.k == TK_TEXT)
        q->about = expect_text(p, "a description");
    p->m->nparams++;
    return q;
}

/* lookup -> 'lookup' NAME TEXT 'from' NAME 'to' NAME [ 'default' TEXT ] */
static mlookup *parse_lookup(mparser *p)
{
    mlookup *l = arena_alloc(&p->m->mem, sizeof *l);
    memset(l, 0, sizeof *l);
    l->name = expect_name(p, "a lookup name", &l->off, &l->len);
    if (!l->name)
        return NULL;
    l->file_off = p->t.off;
    l->file_len = p->t.len;
    l->file = expect_text(p, "the lookup's file name, in quotes");
    if (!l->file || !expect_word(p, "from", "Write lookup NAME \"FILE.csv\" from KEY_COLUMN to VALUE_COLUMN."))
        return NULL;
    l->key_col = expect_name(p, "the key column", NULL, NULL);
    if (!l->key_col || !expect_word(p, "to", "Write lookup NAME \"FILE.csv\" from KEY_COLUMN to VALUE_COLUMN."))
        return NULL;
    l->value_col = expect_name(p, "the value column", NULL, NULL);
    if (!l->value_col)
        return NULL;
    if (accept_word(p, "default"))
        l->fallback = expect_text(p, "the default value, in quotes");
    return p->failed ? NULL : l;
}

/* item -> title TEXT | vocabulary TEXT | note TEXT | dates (ymd|dmy) | null TEXT
 *       | lookups TEXT | midnight means no time | param ... | lookup ... | not recorded names
 *       | same day order names | table ... */
static bool parse_item(mparser *p)
{
    mapping *m = p->m;
    if (accept_word(p, "title"))
        return (m->title = expect_text(p, "the title, in quotes")) != NULL;
    if (is_word(p, "vocabulary")) {
        advance(p);
        m->vocab_off = p->t.off;
        m->vocab_len = p->t.len;
        return (m->vocabulary = expect_text(p, "the vocabulary's file, in quotes")) != NULL;
    }
    if (accept_word(p, "note")) {
        const char *n = expect_text(p, "the note, in quotes");
        if (n && m->nnotes < 32)
            m->notes[m->nnotes++] = n;
        return n != NULL;
    }
    if (accept_word(p, "dates")) {
        m->has_dates = true;
        if (accept_word(p, "dmy"))
            m->dmy = true;
        else if (!accept_word(p, "ymd")) {
            expected(p, "ymd or dmy", "dates ymd reads 2025-01-06; dates dmy reads 06/01/2025.");
            return false;
        }
        return true;
    }
    if (accept_word(p, "midnight")) {
        m->midnight_no_time = true;
        return expect_word(p, "means", "Write midnight means no time.") &&
               expect_word(p, "no", "Write midnight means no time.") &&
               expect_word(p, "time", "Write midnight means no time.");
    }
    if (accept_word(p, "null"))
        return (m->null_token = expect_text(p, "the text of an empty cell, in quotes")) != NULL;
    if (accept_word(p, "lookups"))
        return (m->lookups_dir = expect_text(p, "the lookups' folder, in quotes")) != NULL;
    if (accept_word(p, "param")) {
        mparam *q = parse_param(p), **tail = &m->params;
        while (q && *tail)
            tail = &(*tail)->next;
        return q && (*tail = q);
    }
    if (accept_word(p, "lookup")) {
        mlookup *l = parse_lookup(p), **tail = &m->lookups;
        while (l && *tail)
            tail = &(*tail)->next;
        return l && (*tail = l);
    }
    if (accept_word(p, "not")) {
        if (!expect_word(p, "recorded", "Write not recorded EVENT, EVENT because \"why\"."))
            return false;
        mname *n = parse_names(p, "an event name"), **tail = &m->not_recorded;
        while (n && *tail)
            tail = &(*tail)->next;
        return n && (*tail = n);
    }
    if (accept_word(p, "same")) {
        if (!expect_word(p, "day", "Write same day order EVENT, EVENT, ...") ||
            !expect_word(p, "order", "Write same day order EVENT, EVENT, ..."))
            return false;
        return (m->same_day = parse_names(p, "an event name")) != NULL;
    }
    if (accept_word(p, "table")) {
        mtable *t = parse_table(p), **tail = &m->tables;
        if (!t)
            return false;
        while (*tail)
            tail = &(*tail)->next;
        t->index = m->ntables++;
        *tail = t;
        return true;
    }
    expected(p, "a mapping item (table, lookup, param, not recorded, same day order, dates, null, note)", NULL);
    return false;
}

bool mapping_sniff(const src_file *f)
{
    mparser p = {0};
    p.text = f->text;
    p.len = (uint32_t)f->len;
    skip_space(&p);
    return p.len - p.pos >= 7 && strncmp(f->text + p.pos, "mapping", 7) == 0 &&
           (p.len - p.pos == 7 || !is_name_char(f->text[p.pos + 7]));
}

/* mapping -> 'mapping' NAME '{' { item } '}' */
mapping *mapping_parse(src_file *f, diag_sink *sink)
{
    mapping *m = xcalloc(1, sizeof *m);
    m->src = f;
    arena_init(&m->mem);
    mparser p = {0};
    p.m = m;
    p.text = f->text;
    p.len = (uint32_t)f->len;
    p.sink = sink;
    advance(&p);
    if (expect_word(&p, "mapping", "A mapping file starts with: mapping NAME {") &&
        (m->name = expect_name(&p, "the mapping's name", &m->name_off, &m->name_len)) &&
        expect_punct(&p, "{", "The mapping's items go between braces.")) {
        while (!is_punct(&p, "}") && p.t.k != TK_EOF && !p.failed)
            parse_item(&p);
        if (!p.failed)
            expect_punct(&p, "}", "Close the mapping with '}'.");
        if (!p.failed)
            advance(&p);
        if (!p.failed && p.t.k != TK_EOF)
            expected(&p, "the end of the file after the mapping's '}'", NULL);
    }
    if (p.failed) {
        mapping_free(m);
        return NULL;
    }
    return m;
}

mapping *mapping_load(const char *path, diag_sink *sink)
{
    src_file *f = src_file_read(path);
    if (!f) {
        diag_at(sink, DC_FILE_UNREADABLE, path, 0, 0, "cannot read mapping: %s", strerror(errno));
        return NULL;
    }
    return mapping_parse(f, sink);
}

void mapping_free(mapping *m)
{
    if (!m)
        return;
    arena_free(&m->mem);
    src_file_free(m->src);
    free(m);
}

char *mapping_vocabulary_path(const mapping *m)
{
    if (!m->vocabulary)
        return NULL;
    if (m->vocabulary[0] == '/')
        return xstrdup(m->vocabulary);
    const char *slash = strrchr(m->src->name, '/');
    if (!slash)
        return xstrdup(m->vocabulary);
    return xasprintf("%.*s/%s", (int)(slash - m->src->name), m->src->name, m->vocabulary);
}

const mparam *mapping_param(const mapping *m, const char *name, int *index)
{
    int i = 0;
    for (const mparam *q = m->params; q; q = q->next, i++)
        if (strcmp(q->name, name) == 0) {
            if (index)
                *index = i;
            return q;
        }
    return NULL;
}

/* ------------------------------------------------------------ checking */

typedef struct mcheck {
    mapping *m;
    const ast_program *prog;
    diag_sink *sink;
    int errors;
} mcheck;

static void cerr(mcheck *c, diag_code code, uint32_t off, uint32_t len, const char *hint, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

/* Report a checking error of kind CODE at [OFF, OFF+LEN) of the mapping. */
static void cerr(mcheck *c, diag_code code, uint32_t off, uint32_t len, const char *hint, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *msg = xvasprintf(fmt, ap);
    va_end(ap);
    diag_span(c->sink, code, c->m->src, off, len ? len : 1, "%s", msg);
    free(msg);
    if (hint)
        diag_hint(c->sink, "%s", hint);
    c->errors++;
}

/* T as messages name it ("a date"). */
static const char *mtype_name(mtype t)
{
    switch (t) {
    case MT_CELL: return "a cell";
    case MT_TEXT: return "text";
    case MT_INT: return "an int";
    case MT_BOOL: return "a bool";
    case MT_DATE: return "a date";
    case MT_DURATION: return "a duration";
    }
    return "?";
}

/* The event declaration NAME, or NULL after an error with a did-you-mean. */
static const decl *event_named(mcheck *c, const char *name, uint32_t off, uint32_t len)
{
    const decl *d = strmap_get(&c->prog->event_map, name);
    if (d)
        return d;
    const char *cands[512];
    size_t k = 0;
    for (size_t i = 0; i < c->prog->events.count && k < 512; i++)
        cands[k++] = c->prog->events.items[i]->name.text;
    const char *near = diag_closest(name, cands, k);
    char hint[160];
    if (near)
        snprintf(hint, sizeof hint, "Did you mean '%s'?", near);
    else
        snprintf(hint, sizeof hint, "The events a mapping may produce are those the vocabulary declares.");
    cerr(c, DC_UNKNOWN_NAME, off, len, hint, "unknown event '%s'", name);
    return NULL;
}

/* The table NAME of M, or NULL. */
static const mtable *table_named(const mapping *m, const char *name)
{
    for (const mtable *t = m->tables; t; t = t->next)
        if (strcmp(t->name, name) == 0)
            return t;
    return NULL;
}

/* The `let` NAME of table T, or NULL. */
static const mrule *let_named(const mtable *t, const char *name)
{
    for (const mrule *r = t->rules; r; r = r->next)
        if (r->kind == MR_LET && strcmp(r->name, name) == 0)
            return r;
    return NULL;
}

/* The lookup NAME of M, or NULL. */
static const mlookup *lookup_named(const mapping *m, const char *name)
{
    for (const mlookup *l = m->lookups; l; l = l->next)
        if (strcmp(l->name, name) == 0)
            return l;
    return NULL;
}

/* Scopes: the table whose row names refer to, and the enclosing tables
 * (for `exists`), innermost first. */
typedef struct scope {
    const mtable *t;
    const struct scope *outer;
} scope;

static mtype check_mx(mcheck *c, mx *e, const scope *sc);

/* Whether T is text (a cell or a text value). */
static bool textlike(mtype t)
{
    return t == MT_CELL || t == MT_TEXT;
}

/* Whether values of types A and B may be compared. */
static bool comparable(mtype a, mtype b)
{
    if (a == MT_CELL || b == MT_CELL)
        return a != MT_DURATION && b != MT_DURATION;
    if (textlike(a) && textlike(b))
        return true;
    return a == b;
}

/* Check a call (flag, months, a lookup) and its arguments; its type. */
static mtype check_call(mcheck *c, mx *e, const scope *sc)
{
    int n = 0;
    for (mx *a = e->a; a; a = a->next, n++)
        check_mx(c, a, sc);
    const mlookup *l = lookup_named(c->m, e->s);
    if (strcmp(e->s, "flag") == 0) {
        e->res = MRES_FLAG;
        if (n != 1)
            cerr(c, DC_TYPE, e->off, e->len, "flag(COLUMN) reads Y/N, Yes/No, true/false or 1/0 as a bool.",
                 "flag takes one value, not %d", n);
        return MT_BOOL;
    }
    if (strcmp(e->s, "months") == 0) {
        e->res = MRES_MONTHS;
        if (n != 2)
            cerr(c, DC_TYPE, e->off, e->len, "months(START, END) is the whole number of months from START to END.",
                 "months takes two dates, not %d", n);
        return MT_INT;
    }
    if (l) {
        e->res = MRES_LOOKUP;
        e->lookup = l;
        if (n != 1)
            cerr(c, DC_TYPE, e->off, e->len, NULL, "lookup %s takes one value, not %d", e->s, n);
        return MT_TEXT;
    }
    cerr(c, DC_UNKNOWN_NAME, e->off, (uint32_t)strlen(e->s), "The functions are flag, months and the lookups the mapping declares.",
         "unknown function or lookup '%s'", e->s);
    return MT_CELL;
}

/* Resolve a bare name: a let of the scope's table, a parameter, else a column (checked against the header when the table is read); its type. */
static mtype check_name(mcheck *c, mx *e, const scope *sc)
{
    const mrule *let = sc ? let_named(sc->t, e->s) : NULL;
    int pi;
    if (let) {
        e->res = MRES_LET;
        e->index = let->index;
        e->tab = sc->t;
        return let->value ? let->value->ty : MT_CELL;
    }
    if (mapping_param(c->m, e->s, &pi)) {
        e->res = MRES_PARAM;
        e->index = pi;
        return mapping_param(c->m, e->s, NULL)->ty;
    }
    if (!sc) {
        cerr(c, DC_UNKNOWN_NAME, e->off, e->len, "Only parameters can be used outside a table.", "unknown parameter '%s'", e->s);
        return MT_CELL;
    }
    e->res = MRES_COLUMN; /* checked against the header when the table is read */
    e->tab = sc->t;
    return MT_CELL;
}

/* Resolve previous.X, next.X or TABLE.X (an enclosing table); its type. */
static mtype check_field(mcheck *c, mx *e, const scope *sc)
{
    if (!sc) {
        cerr(c, DC_UNKNOWN_NAME, e->off, e->len, NULL, "'%s.%s' can only be used inside a table", e->s, e->field);
        return MT_CELL;
    }
    if (strcmp(e->s, "previous") == 0 || strcmp(e->s, "next") == 0) {
        e->res = strcmp(e->s, "previous") == 0 ? MRES_PREVIOUS : MRES_NEXT;
        e->tab = sc->t;
        if (!sc->t->sort_col)
            cerr(c, DC_UNSORTED_TABLE, e->off, e->len, "Say how the table's rows follow each other: table NAME case COLUMN sorted by DATE_COLUMN { ... }.",
                 "'%s' needs the table to be sorted", e->s);
        const mrule *let = let_named(sc->t, e->field);
        if (let) {
            e->index = let->index;
            e->i = 1; /* a let of the neighbour row */
            return let->value ? let->value->ty : MT_CELL;
        }
        return MT_CELL;
    }
    for (const scope *s = sc->outer; s; s = s->outer)
        if (strcmp(s->t->name, e->s) == 0) {
            e->res = MRES_OUTER;
            e->tab = s->t;
            const mrule *let = let_named(s->t, e->field);
            if (let) {
                e->index = let->index;
                e->i = 1;
                return let->value ? let->value->ty : MT_CELL;
            }
            return MT_CELL;
        }
    cerr(c, DC_UNKNOWN_NAME, e->off, (uint32_t)strlen(e->s),
         "Write previous.COLUMN or next.COLUMN for the neighbouring row, or TABLE.COLUMN inside exists for the row of the table around it.",
         "'%s' is not previous, next or an enclosing table", e->s);
    return MT_CELL;
}

/* `latest`/`earliest`/`exists` read the table named E->s, for the same
 * case: its rows are in scope for E's value and condition. */
static const mtable *inner_table(mcheck *c, mx *e, const char *what)
{
    const mtable *inner = table_named(c->m, e->s);
    if (!inner)
        cerr(c, DC_UNKNOWN_NAME, (uint32_t)e->index, (uint32_t)e->i, what, "unknown table '%s'", e->s);
    e->tab = inner;
    return inner;
}

static mtype check_extreme(mcheck *c, mx *e, const scope *sc)
{
    const mtable *inner =
        inner_table(c, e, "latest and earliest read another table of the mapping, for the same case.");
    if (!inner)
        return MT_CELL;
    scope in = {inner, sc};
    mtype t = check_mx(c, e->a, &in);
    if (t == MT_BOOL || t == MT_DURATION)
        cerr(c, DC_TYPE, e->a->off, e->a->len, NULL, "latest and earliest compare dates, numbers or text, not %s",
             mtype_name(t));
    if (check_mx(c, e->b, &in) != MT_BOOL)
        cerr(c, DC_TYPE, e->b->off, e->b->len, NULL, "expected a condition after 'where'");
    return t;
}

static mtype check_exists(mcheck *c, mx *e, const scope *sc)
{
    const mtable *inner = inner_table(c, e, "exists reads another table of the mapping, for the same case.");
    if (inner) {
        scope in = {inner, sc};
        if (check_mx(c, e->a, &in) != MT_BOOL)
            cerr(c, DC_TYPE, e->a->off, e->a->len, NULL, "expected a condition after 'where'");
    }
    return MT_BOOL;
}

/* not, and, or: conditions on both sides. */
static mtype check_logic(mcheck *c, mx *e, const scope *sc)
{
    static const char hint[] = "Compare a cell with a value (COLUMN = \"Y\") or read it with flag(COLUMN).";
    mtype a = check_mx(c, e->a, sc);
    mtype b = e->b ? check_mx(c, e->b, sc) : MT_BOOL;
    if (a != MT_BOOL)
        cerr(c, DC_TYPE, e->a->off, e->a->len, hint, "expected a condition, found %s", mtype_name(a));
    if (b != MT_BOOL)
        cerr(c, DC_TYPE, e->b->off, e->b->len, hint, "expected a condition, found %s", mtype_name(b));
    return MT_BOOL;
}

/* A = B (an error at the comparison), A in (B, C) (at the value): each
 * value comparable with A. */
static mtype check_compare(mcheck *c, mx *e, const scope *sc)
{
    mtype a = check_mx(c, e->a, sc);
    bool list = e->kind == MX_IN;
    for (mx *i = e->b; i; i = list ? i->next : NULL) {
        mtype b = check_mx(c, i, sc);
        const mx *at = list ? i : e;
        if (!comparable(a, b))
            cerr(c, DC_TYPE, at->off, at->len, NULL, "cannot compare %s with %s", mtype_name(a), mtype_name(b));
    }
    return MT_BOOL;
}

/* A + B, A - B: a date moved by a duration, or whole numbers. */
static mtype check_arith(mcheck *c, mx *e, const scope *sc)
{
    mtype a = check_mx(c, e->a, sc), b = check_mx(c, e->b, sc);
    if (b == MT_DURATION && (a == MT_DATE || a == MT_CELL))
        return MT_DATE;
    if ((a == MT_INT || a == MT_CELL) && (b == MT_INT || b == MT_CELL))
        return MT_INT;
    cerr(c, DC_TYPE, e->off, e->len, "Dates move by durations (DATE + 1 day); numbers add to numbers.",
         "cannot %s %s and %s", e->kind == MX_ADD ? "add" : "subtract", mtype_name(a), mtype_name(b));
    return MT_CELL;
}

/* Check expression E in scope SC (NULL: outside any table), recording resolutions and its type in E; its type. */
static mtype check_mx(mcheck *c, mx *e, const scope *sc)
{
    mtype t = MT_CELL;
    switch (e->kind) {
    case MX_TEXT: t = MT_TEXT; break;
    case MX_INT: t = MT_INT; break;
    case MX_BOOL: t = MT_BOOL; break;
    case MX_DATE: t = MT_DATE; break;
    case MX_DURATION: t = MT_DURATION; break;
    case MX_NAME: t = check_name(c, e, sc); break;
    case MX_FIELD: t = check_field(c, e, sc); break;
    case MX_CALL: t = check_call(c, e, sc); break;
    case MX_NOT:
    case MX_AND:
    case MX_OR: t = check_logic(c, e, sc); break;
    case MX_CMP:
    case MX_IN: t = check_compare(c, e, sc); break;
    case MX_EMPTY:
        check_mx(c, e->a, sc);
        t = MT_BOOL;
        break;
    case MX_ADD:
    case MX_SUB: t = check_arith(c, e, sc); break;
    case MX_OTHERWISE: {
        mtype a = check_mx(c, e->a, sc), b = check_mx(c, e->b, sc);
        if (!comparable(a, b))
            cerr(c, DC_TYPE, e->off, e->len, NULL, "'otherwise' joins %s and %s: give both sides the same type",
                 mtype_name(a), mtype_name(b));
        t = a == MT_CELL ? b : a;
        break;
    }
    case MX_LATEST:
    case MX_EARLIEST: t = check_extreme(c, e, sc); break;
    case MX_EXISTS: t = check_exists(c, e, sc); break;
    }
    e->ty = t;
    return t;
}

/* Whether a value of static type T can fill attribute A. */
static bool fits(mcheck *c, mtype t, const attr_decl *a, const mx *v)
{
    switch (a->ty.k) {
    case T_INT: return t == MT_INT || t == MT_CELL;
    case T_BOOL: return t == MT_BOOL || t == MT_CELL;
    case T_DATE: return t == MT_DATE || t == MT_CELL;
    case T_TEXT: return textlike(t) || t == MT_INT;
    case T_DURATION: return t == MT_DURATION || t == MT_CELL;
    case T_ROLE:
    case T_ENUM:
        if (v->kind == MX_TEXT) {
            if (a->ty.k == T_ROLE)
                return strmap_get(&c->prog->role_map, v->s) != NULL;
            for (const enum_value *ev = a->ty.en->u.enm.values; ev; ev = ev->next)
                if (strcmp(ev->name.text, v->s) == 0)
                    return true;
            return false;
        }
        return textlike(t);
    case T_EVENT:
    case T_ERROR:
        return true;
    }
    return true;
}

/* Check one rule of table T: names, types, attributes, not-recorded conflicts. */
static void check_rule(mcheck *c, mrule *r, const mtable *t)
{
    scope sc = {t, NULL};
    switch (r->kind) {
    case MR_LET:
        for (const mrule *o = t->rules; o != r; o = o->next)
            if (o->kind == MR_LET && strcmp(o->name, r->name) == 0)
                cerr(c, DC_DUPLICATE, r->off, r->len, NULL, "'%s' is already defined in table %s", r->name, t->name);
        check_mx(c, r->value, &sc);
        return;
    case MR_IGNORE:
        if (r->where && check_mx(c, r->where, &sc) != MT_BOOL)
            cerr(c, DC_TYPE, r->where->off, r->where->len, NULL, "expected a condition after 'where'");
        return;
    case MR_EVENT:
        break;
    }
    r->event = event_named(c, r->name, r->off, r->len);
    for (const mname *n = c->m->not_recorded; n && r->event; n = n->next)
        if (strcmp(n->name, r->name) == 0)
            cerr(c, DC_NOT_RECORDED_MAPPED, r->off, r->len, "An event is either mapped or declared not recorded, not both.",
                 "'%s' is declared not recorded, but table %s maps it", r->name, t->name);
    mtype dt = check_mx(c, r->date, &sc);
    if (dt != MT_DATE && dt != MT_CELL)
        cerr(c, DC_TYPE, r->date->off, r->date->len, "The date of an event is a column holding dates, or a date computed from one.",
             "expected a date after 'on', found %s", mtype_name(dt));
    if (r->where && check_mx(c, r->where, &sc) != MT_BOOL)
        cerr(c, DC_TYPE, r->where->off, r->where->len, NULL, "expected a condition after 'where'");
    for (mx *k = r->distinct; k; k = k->next)
        check_mx(c, k, &sc);
    for (massign *a = r->with; a; a = a->next) {
        mtype vt = check_mx(c, a->value, &sc);
        if (!r->event)
            continue;
        for (massign *b = r->with; b != a; b = b->next)
            if (strcmp(a->attr, b->attr) == 0)
                cerr(c, DC_DUPLICATE, a->off, a->len, NULL, "attribute '%s' is given twice", a->attr);
        int i = 0;
        const attr_decl *ad = r->event->u.event.attrs;
        for (; ad && strcmp(ad->name.text, a->attr) != 0; ad = ad->next)
            i++;
        if (!ad) {
            const char *cands[64];
            size_t k = 0;
            for (const attr_decl *x = r->event->u.event.attrs; x && k < 64; x = x->next)
                cands[k++] = x->name.text;
            const char *near = diag_closest(a->attr, cands, k);
            char hint[160];
            if (near)
                snprintf(hint, sizeof hint, "Did you mean '%s'?", near);
            else
                snprintf(hint, sizeof hint, "%s has %s.", r->name, k ? "other attributes" : "no attributes");
            cerr(c, DC_UNKNOWN_ATTRIBUTE, a->off, a->len, hint, "event %s has no attribute '%s'", r->name, a->attr);
            continue;
        }
        a->index = i;
        if (!fits(c, vt, ad, a->value)) {
            const char *tb = ad->ty.k == T_ENUM ? ad->ty.en->name.text : ad->type_name.text;
            cerr(c, DC_TYPE, a->value->off, a->value->len, NULL, "attribute %s of %s is %s; this value is %s", a->attr, r->name, tb,
                 a->value->kind == MX_TEXT ? "not one of its values" : mtype_name(vt));
        }
    }
}

int mapping_check(mapping *m, const ast_program *prog, diag_sink *sink)
{
    mcheck c = {m, prog, sink, 0};
    for (mparam *q = m->params; q; q = q->next) {
        mtype dt = check_mx(&c, q->def, NULL);
        if (dt != q->ty)
            cerr(&c, DC_TYPE, q->def->off, q->def->len, NULL, "the default of %s must be %s", q->name, mtype_name(q->ty));
        for (mparam *o = m->params; o != q; o = o->next)
            if (strcmp(o->name, q->name) == 0)
                cerr(&c, DC_DUPLICATE, q->off, q->len, NULL, "parameter '%s' is declared twice", q->name);
    }
    for (mlookup *l = m->lookups; l; l = l->next)
        for (mlookup *o = m->lookups; o != l; o = o->next)
            if (strcmp(o->name, l->name) == 0)
                cerr(&c, DC_DUPLICATE, l->off, l->len, NULL, "lookup '%s' is declared twice", l->name);
    for (mname *n = m->not_recorded; n; n = n->next)
        n->event = event_named(&c, n->name, n->off, n->len);
    for (mname *n = m->same_day; n; n = n->next)
        n->event = event_named(&c, n->name, n->off, n->len);
    for (mtable *t = m->tables; t; t = t->next) {
        for (mtable *o = m->tables; o != t; o = o->next)
            if (strcmp(o->name, t->name) == 0)
                cerr(&c, DC_DUPLICATE, t->off, t->len, "Put all the rules of one table in one block.", "table '%s' is mapped twice",
                     t->name);
        bool any = false;
        for (mrule *r = t->rules; r; r = r->next) {
            check_rule(&c, r, t);
            any = any || r->kind != MR_LET;
        }
        if (!any)
            cerr(&c, DC_TABLE_MAPS_NOTHING, t->off, t->len, "Map its rows to events, or say why they are ignored: ignore because \"...\".",
                 "table %s maps no rows", t->name);
    }
    return c.errors;
}
