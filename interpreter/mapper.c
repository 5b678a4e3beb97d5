/*
 * mapper.c — a mapping applied to an extract's tables (see mapper.h).
 *
 * Every table is read whole (an extract's tables are thousands of rows, not
 * millions) and its rows grouped by case, sorted by the table's `sorted by`
 * column when it has one, so that `previous`, `next` and `exists` look only
 * at the same case's rows. Then each table's rows are mapped in order:
 * the first `ignore` whose condition holds sets the row aside with its
 * reason; otherwise every event rule whose condition holds and whose date
 * is not empty yields an event, unless a `distinct by` key was seen before
 * for that event kind and case (a duplicate). A row that yields nothing is
 * reported.
 */
#include "mapper.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "interpreter/time/duration.h"
#include "lang/json.h"

/* ------------------------------------------------------------ tables */

typedef struct trow {
    uint32_t line;
    const char **cells;        /* trimmed; NULL when empty or the null token */
    int *cols;                 /* the column (1-based) where each cell starts */
} trow;

typedef struct tgroup {
    const char *case_id;
    size_t *rows;              /* row numbers, in the table's order */
    size_t n, cap;
} tgroup;

typedef struct tdata {
    const mtable *t;
    char *path;
    bool present;
    char **names;
    size_t ncols;
    trow *rows;
    size_t nrows, cap;
    tgroup *groups;
    size_t ngroups, capgroups;
    strmap by_case;            /* case id -> group number + 1 */
    size_t *group_of;          /* row -> group number */
    size_t *pos_of;            /* row -> position in its group */
    int case_col, sort_col;
    bool broken;               /* a column the mapping reads is missing */
} tdata;

typedef struct lookup_data {
    const mlookup *l;
    char *path;
    strmap map;                /* lower-case key -> value */
    strmap warned;             /* unknown values already reported */
} lookup_data;

typedef struct mapper {
    const mapping *m;
    const ast_program *prog;
    const map_options *o;
    diag_sink *sink;
    map_result *r;
    cal_order order;
    const char *null_token;
    tdata *td;
    lookup_data *lk;
    size_t nlk;
    strmap seen;               /* distinct keys -> event number + 1 */
    bool failed;
    bool lookup_failed;        /* a lookup could not be read (reported) */
} mapper;

typedef enum { MV_NONE, MV_TEXT, MV_INT, MV_BOOL, MV_DATE, MV_DURATION } mv_kind;

/* A value; LOC_* say where a cell came from, for messages. */
typedef struct mval {
    mv_kind k;
    const char *s;
    int64_t i;
    cal_moment m;
    duration dur;
    const tdata *loc_t;        /* the cell's table, or NULL */
    uint32_t loc_line;
    int loc_col, loc_c;        /* column number in the file; column index */
} mval;

typedef struct mctx {
    mapper *M;
    const tdata *td;
    size_t row;
    const struct mctx *outer;
    uint64_t *params_used;
    bool failed;
} mctx;

/* A copy in A of the LEN bytes at S without surrounding white space. */
static char *trim_dup(arena *a, const char *s, size_t len)
{
    while (len && isspace((unsigned char)*s)) {
        s++;
        len--;
    }
    while (len && isspace((unsigned char)s[len - 1]))
        len--;
    return arena_strndup(a, s, len);
}

/* The position of column NAME in D's header, or -1. */
static int column_of(const tdata *d, const char *name)
{
    for (size_t i = 0; i < d->ncols; i++)
        if (strcmp(d->names[i], name) == 0)
            return (int)i;
    return -1;
}

/* Report a column of the mapping that the table's file lacks. */
static void missing_column(mapper *M, tdata *d, uint32_t off, uint32_t len, const char *name)
{
    d->broken = true;
    const char *near = diag_closest(name, (const char *const *)d->names, d->ncols);
    diag_span(M->sink, DC_EXTRACT_COLUMN, M->m->src, off, len, "table %s has no column '%s' (%s)", d->t->name, name, d->path);
    if (near)
        diag_hint(M->sink, "Did you mean '%s'? Columns are matched by their header name.", near);
    else
        diag_hint(M->sink, "Columns are matched by the name in the file's header row.");
    M->failed = true;
}

/* Resolve the columns of expression E (and below) against the tables'
 * headers, reporting those a file lacks. */
static void resolve_mx(mapper *M, mx *e)
{
    if (!e)
        return;
    if (e->kind == MX_NAME && e->res == MRES_COLUMN) {
        tdata *d = &M->td[e->tab->index];
        if (d->present && (e->col = column_of(d, e->s)) < 0)
            missing_column(M, d, e->off, e->len, e->s);
    }
    if (e->kind == MX_FIELD && e->tab && !e->i) {
        tdata *d = &M->td[e->tab->index];
        uint32_t dot = (uint32_t)strlen(e->s) + 1;
        if (d->present && (e->col = column_of(d, e->field)) < 0)
            missing_column(M, d, e->off + dot, e->len - dot, e->field);
    }
    if (e->kind == MX_CALL) {
        for (mx *a = e->a; a; a = a->next)
            resolve_mx(M, a);
    } else if (e->kind == MX_IN) {
        resolve_mx(M, e->a);
        for (mx *i = e->b; i; i = i->next)
            resolve_mx(M, i);
    } else {
        resolve_mx(M, e->a);
        resolve_mx(M, e->b);
    }
}

/* Resolve the columns of every expression of every rule. */
static void resolve_rules(mapper *M)
{
    for (const mtable *t = M->m->tables; t; t = t->next)
        for (mrule *r = t->rules; r; r = r->next) {
            resolve_mx(M, r->date);
            resolve_mx(M, r->where);
            resolve_mx(M, r->value);
            for (massign *a = r->with; a; a = a->next)
                resolve_mx(M, a->value);
            for (mx *k = r->distinct; k; k = k->next)
                resolve_mx(M, k);
        }
}

/* Whether cell text V is empty or the null text. */
static bool is_null(const mapper *M, const char *v)
{
    return !*v || (M->null_token && strcmp(v, M->null_token) == 0);
}

/* The group of case ID in D, made when new. */
static tgroup *group_for(tdata *d, arena *a, const char *id)
{
    uintptr_t g = (uintptr_t)strmap_get(&d->by_case, id);
    if (g)
        return &d->groups[g - 1];
    d->groups = xgrow(d->groups, &d->capgroups, d->ngroups, sizeof *d->groups, 16);
    tgroup *gr = &d->groups[d->ngroups++];
    memset(gr, 0, sizeof *gr);
    gr->case_id = arena_strdup(a, id);
    strmap_put(&d->by_case, gr->case_id, (void *)(uintptr_t)d->ngroups);
    return gr;
}

/* The sort key of row R: its sort column's day and time (rows whose cell
 * is empty or not a date go last, in input order). */
static int64_t sort_key(const mapper *M, const tdata *d, size_t r)
{
    const char *v = d->rows[r].cells[d->sort_col];
    cal_moment mo;
    const char *why;
    if (!v || !cal_parse_moment(v, strlen(v), M->order, &mo, &why))
        return INT64_MAX;
    return (int64_t)mo.day * 86400 + (mo.tod < 0 ? 0 : mo.tod);
}

static const mapper *sort_mapper;
static const tdata *sort_table;

/* qsort: rows by sort key, then input order (sort_mapper, sort_table). */
static int cmp_rows(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    int64_t kx = sort_key(sort_mapper, sort_table, x), ky = sort_key(sort_mapper, sort_table, y);
    if (kx != ky)
        return kx < ky ? -1 : 1;
    return x < y ? -1 : x > y;
}

/* Read TABLE.csv of the extract into D. A missing file is a warning: the
 * table gives no events. */
static void load_table(mapper *M, tdata *d)
{
    arena *a = &M->r->mem;
    d->path = xasprintf("%s/%s.csv", M->o->dir, d->t->name);
    strmap_init(&d->by_case);
    FILE *probe = fopen(d->path, "rb");
    if (!probe) {
        diag_at(M->sink, DC_EXTRACT_TABLE_MISSING, d->path, 0, 0, "no file for table %s: it gives no events", d->t->name);
        diag_hint(M->sink, "Each table of the mapping is read from the extract's folder as TABLE.csv.");
        return;
    }
    fclose(probe);
    tbl_reader *rd = tbl_open(d->path, TBL_CSV, M->sink);
    if (!rd) {
        M->failed = true;
        return;
    }
    d->present = true;
    const char *const *names;
    d->ncols = tbl_header(rd, &names);
    d->names = xcalloc(d->ncols ? d->ncols : 1, sizeof *d->names);
    for (size_t i = 0; i < d->ncols; i++)
        d->names[i] = xstrdup(names[i]);
    d->case_col = column_of(d, d->t->case_col);
    if (d->case_col < 0)
        missing_column(M, d, d->t->case_off, d->t->case_len, d->t->case_col);
    d->sort_col = -1;
    if (d->t->sort_col && (d->sort_col = column_of(d, d->t->sort_col)) < 0)
        missing_column(M, d, d->t->sort_off, d->t->sort_len, d->t->sort_col);
    tbl_record rec;
    while (tbl_next(rd, &rec) == 1) {
        d->rows = xgrow(d->rows, &d->cap, d->nrows, sizeof *d->rows, 64);
        trow *row = &d->rows[d->nrows++];
        row->line = (uint32_t)rec.line;
        row->cells = arena_alloc(a, (d->ncols ? d->ncols : 1) * sizeof *row->cells);
        row->cols = arena_alloc(a, (d->ncols ? d->ncols : 1) * sizeof *row->cols);
        for (size_t i = 0; i < d->ncols; i++) {
            const tbl_field *f = &rec.fields[i];
            char *v = f->value ? trim_dup(a, f->value, f->len) : NULL;
            row->cells[i] = v && !is_null(M, v) ? v : NULL;
            row->cols[i] = f->col;
        }
    }
    if (tbl_errors(rd))
        M->failed = true;
    tbl_close(rd);
    d->group_of = xcalloc(d->nrows ? d->nrows : 1, sizeof *d->group_of);
    d->pos_of = xcalloc(d->nrows ? d->nrows : 1, sizeof *d->pos_of);
    if (d->case_col < 0)
        return;
    for (size_t i = 0; i < d->nrows; i++) {
        const char *id = d->rows[i].cells[d->case_col];
        if (!id)
            continue; /* refused when the table is mapped */
        tgroup *g = group_for(d, a, id);
        g->rows = xgrow(g->rows, &g->cap, g->n, sizeof *g->rows, 8);
        g->rows[g->n++] = i;
    }
    for (size_t gi = 0; gi < d->ngroups; gi++) {
        tgroup *g = &d->groups[gi];
        if (d->sort_col >= 0) {
            sort_mapper = M;
            sort_table = d;
            qsort(g->rows, g->n, sizeof *g->rows, cmp_rows);
        }
        for (size_t k = 0; k < g->n; k++) {
            d->group_of[g->rows[k]] = gi;
            d->pos_of[g->rows[k]] = k;
        }
    }
}

/* Release what D holds (not D itself). */
static void free_table(tdata *d)
{
    for (size_t i = 0; i < d->ncols; i++)
        free(d->names[i]);
    free(d->names);
    free(d->rows);
    for (size_t i = 0; i < d->ngroups; i++)
        free(d->groups[i].rows);
    free(d->groups);
    free(d->group_of);
    free(d->pos_of);
    strmap_free(&d->by_case);
    free(d->path);
}

/* A lower-case copy of S in A. */
static char *lower_dup(arena *a, const char *s)
{
    char *c = arena_strdup(a, s);
    for (char *p = c; *p; p++)
        *p = (char)tolower((unsigned char)*p);
    return c;
}

/* Read lookup L from the lookups folder. */
static void load_lookup(mapper *M, lookup_data *ld)
{
    const mlookup *l = ld->l;
    arena *a = &M->r->mem;
    strmap_init(&ld->map);
    strmap_init(&ld->warned);
    const char *dir = M->m->lookups_dir ? M->m->lookups_dir : "config";
    ld->path = dir[0] == '/' ? xasprintf("%s/%s", dir, l->file) : xasprintf("%s/%s/%s", M->o->dir, dir, l->file);
    size_t e0 = M->sink->errors;
    tbl_reader *rd = tbl_open(ld->path, TBL_CSV, M->sink);
    if (!rd) {
        diag_hint(M->sink, "Lookup %s (%s:%d) is read from the extract's %s/ folder; the authority maintains it.", l->name,
                  M->m->src->name, 0, dir);
        M->failed = M->lookup_failed = true;
        return;
    }
    const char *const *names;
    size_t n = tbl_header(rd, &names);
    int kc = -1, vc = -1;
    for (size_t i = 0; i < n; i++) {
        if (strcmp(names[i], l->key_col) == 0)
            kc = (int)i;
        if (strcmp(names[i], l->value_col) == 0)
            vc = (int)i;
    }
    if (kc < 0 || vc < 0) {
        diag_at(M->sink, DC_LOOKUP, ld->path, 1, 1, "lookup %s needs the columns %s and %s", l->name, l->key_col,
                l->value_col);
        diag_hint(M->sink, "The lookup's header names the columns its declaration reads: from KEY to VALUE.");
        M->failed = M->lookup_failed = true;
        tbl_close(rd);
        return;
    }
    tbl_record rec;
    while (tbl_next(rd, &rec) == 1) {
        const tbl_field *kf = &rec.fields[kc], *vf = &rec.fields[vc];
        if (!kf->value || !vf->value)
            continue;
        char *k = lower_dup(a, trim_dup(a, kf->value, kf->len));
        char *v = trim_dup(a, vf->value, vf->len);
        const char *old = strmap_get(&ld->map, k);
        if (old && strcmp(old, v) != 0) {
            diag_at(M->sink, DC_LOOKUP, ld->path, rec.line, kf->col, "\"%s\" is looked up twice, as \"%s\" and \"%s\"",
                    kf->value, old, v);
            M->failed = M->lookup_failed = true;
        }
        strmap_put(&ld->map, k, v);
    }
    tbl_close(rd);
    if (M->sink->errors != e0)
        M->failed = M->lookup_failed = true;
}

/* ------------------------------------------------------------ values */

/* The empty value. */
static mval none(void)
{
    mval v;
    memset(&v, 0, sizeof v);
    return v;
}

/* A value of kind K (int or bool) holding I. */
static mval mv_int(mv_kind k, int64_t i)
{
    mval v = none();
    v.k = k;
    v.i = i;
    return v;
}

/* Report a malformed cell value; the row is then in error. */
static void cell_error(mctx *c, const mval *v, const char *what, const char *hint)
{
    c->failed = true;
    if (!v->loc_t) {
        c->M->failed = true;
        return;
    }
    diag_at(c->M->sink, DC_EXTRACT_VALUE, v->loc_t->path, (int)v->loc_line, v->loc_col, "invalid %s \"%s\" in column %s", what,
            v->s, v->loc_t->names[v->loc_c]);
    if (hint)
        diag_hint(c->M->sink, "%s", hint);
    c->M->r->errors++;
}

/* V as a date: a cell is parsed (a malformed one is reported and gives the empty value). */
static mval as_date(mctx *c, mval v)
{
    if (v.k != MV_TEXT)
        return v.k == MV_DATE ? v : none();
    cal_moment mo;
    const char *why;
    if (!cal_parse_moment(v.s, strlen(v.s), c->M->order, &mo, &why)) {
        const char *hint = c->M->order == CAL_YMD && cal_looks_dmy(v.s, strlen(v.s))
                               ? "This looks like a UK date (day/month/year): write dates dmy in the mapping, or give --dates dmy."
                               : c->M->order == CAL_DMY ? "With dates dmy, dates are written dd/mm/yyyy, optionally with a time hh:mm[:ss]."
                                                        : "Dates are written YYYY-MM-DD, optionally with a time (2025-07-14 10:00:00.000).";
        if (strstr(why, "clocks go forward"))
            hint = "UK clocks go forward at 01:00 on the last Sunday of March: 01:00 to 01:59 that day does not happen.";
        else if (strstr(why, "tzdata"))
            hint = "Install the time-zone database (the tzdata package): Docket reads times as Europe/London.";
        cell_error(c, &v, "date", hint);
        return none();
    }
    mval d = v;
    d.k = MV_DATE;
    d.m = mo;
    return d;
}

/* S as a whole number (optional sign, at most 15 digits) into *OUT. */
static bool parse_int_text(const char *s, int64_t *out)
{
    size_t i = (s[0] == '-' || s[0] == '+') ? 1 : 0, n = strlen(s);
    if (i == n || n - i > 15)
        return false;
    for (size_t j = i; j < n; j++)
        if (!isdigit((unsigned char)s[j]))
            return false;
    *out = strtoll(s, NULL, 10);
    return true;
}

/* V as a whole number: a cell is parsed (a malformed one is reported). */
static mval as_int(mctx *c, mval v)
{
    if (v.k != MV_TEXT)
        return v.k == MV_INT ? v : none();
    int64_t i;
    if (!parse_int_text(v.s, &i)) {
        cell_error(c, &v, "number", "A whole number is expected here.");
        return none();
    }
    mval r = v;
    r.k = MV_INT;
    r.i = i;
    return r;
}

static mval eval_mx(mctx *c, const mx *e);

/* The cell of ROW and COL in D, with its location; empty when blank. */
static mval cell_at(mctx *c, const tdata *d, size_t row, int col)
{
    if (col < 0 || !d->present)
        return none();
    const trow *r = &d->rows[row];
    if (!r->cells[col])
        return none();
    mval v = none();
    v.k = MV_TEXT;
    v.s = r->cells[col];
    v.loc_t = d;
    v.loc_line = r->line;
    v.loc_col = r->cols[col];
    v.loc_c = col;
    (void)c;
    return v;
}

/* The `let` numbered INDEX of table T, or NULL. */
static const mrule *let_rule(const mtable *t, int index)
{
    for (const mrule *r = t->rules; r; r = r->next)
        if (r->kind == MR_LET && r->index == index)
            return r;
    return NULL;
}

/* Let INDEX of table D evaluated on ROW. */
static mval let_at(mctx *c, const tdata *d, size_t row, int index, const mctx *outer)
{
    mctx sub = *c;
    sub.td = d;
    sub.row = row;
    sub.outer = outer;
    const mrule *r = let_rule(d->t, index);
    mval v = r ? eval_mx(&sub, r->value) : none();
    if (sub.failed)
        c->failed = true;
    return v;
}

/* The neighbour of the current row in its case (-1 previous, +1 next), or
 * false when there is none. */
static bool neighbour(const mctx *c, int dir, size_t *out)
{
    const tdata *d = c->td;
    size_t g = d->group_of[c->row], k = d->pos_of[c->row];
    const tgroup *gr = &d->groups[g];
    if ((dir < 0 && k == 0) || (dir > 0 && k + 1 >= gr->n))
        return false;
    *out = gr->rows[dir < 0 ? k - 1 : k + 1];
    return true;
}

/* V as text (BUF holds N bytes for numbers and dates); NULL when empty. */
static const char *mv_text(mctx *c, mval v, char *buf, size_t n)
{
    switch (v.k) {
    case MV_TEXT: return v.s;
    case MV_INT: snprintf(buf, n, "%lld", (long long)v.i); return buf;
    case MV_BOOL: return v.i ? "true" : "false";
    case MV_DATE: return cal_format(v.m.day, buf);
    case MV_DURATION: return dur_format(v.dur, buf, n);
    case MV_NONE: break;
    }
    (void)c;
    return NULL;
}

/* Compare A and B: -1, 0, 1, or 2 when either is empty or they cannot be
 * compared. */
static int compare(mctx *c, mval a, mval b)
{
    if (a.k == MV_NONE || b.k == MV_NONE)
        return 2;
    if (a.k == MV_DATE || b.k == MV_DATE) {
        a = as_date(c, a);
        b = as_date(c, b);
        if (a.k != MV_DATE || b.k != MV_DATE)
            return 2;
        return a.m.day < b.m.day ? -1 : a.m.day > b.m.day;
    }
    if (a.k == MV_INT || b.k == MV_INT) {
        a = as_int(c, a);
        b = as_int(c, b);
        if (a.k != MV_INT || b.k != MV_INT)
            return 2;
        return a.i < b.i ? -1 : a.i > b.i;
    }
    if (a.k == MV_BOOL || b.k == MV_BOOL)
        return a.k == b.k ? (a.i != b.i) : 2;
    if (a.k == MV_TEXT && b.k == MV_TEXT) {
        /* Two cells: as dates when both are dates, as numbers when both
         * are numbers, else as text. */
        cal_moment x, y;
        const char *why;
        int64_t i, j;
        if (cal_parse_moment(a.s, strlen(a.s), c->M->order, &x, &why) &&
            cal_parse_moment(b.s, strlen(b.s), c->M->order, &y, &why))
            return x.day < y.day ? -1 : x.day > y.day;
        if (parse_int_text(a.s, &i) && parse_int_text(b.s, &j))
            return i < j ? -1 : i > j;
        int r = strcmp(a.s, b.s);
        return r < 0 ? -1 : r > 0;
    }
    return 2;
}

/* Whether condition E holds (an empty value does not). */
static bool truthy(mctx *c, const mx *e)
{
    mval v = eval_mx(c, e);
    return v.k == MV_BOOL && v.i;
}

/* flag(x), months(a, b) or a lookup, on the current row. */
static mval eval_call(mctx *c, const mx *e)
{
    switch (e->res) {
    case MRES_NONE:
    case MRES_COLUMN:
    case MRES_LET:
    case MRES_PARAM:
    case MRES_PREVIOUS:
    case MRES_NEXT:
    case MRES_OUTER:
        break;
    case MRES_FLAG: {
        mval v = eval_mx(c, e->a);
        if (v.k == MV_BOOL)
            return v;
        if (v.k != MV_TEXT)
            return none();
        static const char *const yes[] = {"y", "yes", "true", "1"}, *const no[] = {"n", "no", "false", "0"};
        for (size_t i = 0; i < 4; i++) {
            if (strcasecmp(v.s, yes[i]) == 0)
                return mv_int(MV_BOOL, 1);
            if (strcasecmp(v.s, no[i]) == 0)
                return mv_int(MV_BOOL, 0);
        }
        return none();
    }
    case MRES_MONTHS: {
        mval a = as_date(c, eval_mx(c, e->a)), b = as_date(c, e->a->next ? eval_mx(c, e->a->next) : none());
        if (a.k != MV_DATE || b.k != MV_DATE || b.m.day <= a.m.day)
            return none();
        /* N when END is START + N months, or START + N months - 1 day. */
        for (int n = 1; n <= 1200; n++) {
            cal_day x = cal_add_months(a.m.day, n);
            if (x == b.m.day || x - 1 == b.m.day)
                return mv_int(MV_INT, n);
            if (x - 1 > b.m.day)
                break;
        }
        return none();
    }
    case MRES_LOOKUP: {
        mval v = eval_mx(c, e->a);
        char buf[64];
        const char *key = mv_text(c, v, buf, sizeof buf);
        if (!key)
            return none();
        lookup_data *ld = NULL;
        for (size_t i = 0; i < c->M->nlk; i++)
            if (c->M->lk[i].l == e->lookup)
                ld = &c->M->lk[i];
        if (!ld)
            return none();
        char *low = lower_dup(&c->M->r->mem, key);
        const char *hit = strmap_get(&ld->map, low);
        if (hit) {
            mval r = none();
            r.k = MV_TEXT;
            r.s = hit;
            return r;
        }
        if (!strmap_get(&ld->warned, low)) {
            strmap_put(&ld->warned, low, (void *)1);
            if (v.loc_t)
                diag_at(c->M->sink, DC_LOOKUP_UNKNOWN, v.loc_t->path, (int)v.loc_line, v.loc_col,
                        "\"%s\" is not in %s%s%s%s", key, ld->path, e->lookup->fallback ? ": read as \"" : "",
                        e->lookup->fallback ? e->lookup->fallback : "", e->lookup->fallback ? "\"" : "");
            else
                diag_at(c->M->sink, DC_LOOKUP_UNKNOWN, ld->path, 0, 0, "\"%s\" is not in the lookup", key);
            diag_hint(c->M->sink, "Add the value to the lookup so that its rows are read as the authority means.");
        }
        if (!e->lookup->fallback)
            return none();
        mval r = none();
        r.k = MV_TEXT;
        r.s = e->lookup->fallback;
        return r;
    }
    }
    return none();
}

/* A name: a column of the row, a `let`, or a parameter of the mapping. */
static mval eval_name(mctx *c, const mx *e)
{
    switch (e->res) {
    case MRES_COLUMN: return cell_at(c, c->td, c->row, e->col);
    case MRES_LET: return let_at(c, c->td, c->row, e->index, c->outer);
    case MRES_PARAM: {
        const char *val = c->M->r->param_values[e->index];
        if (c->params_used)
            *c->params_used |= (uint64_t)1 << (e->index & 63);
        const mparam *q = c->M->m->params;
        for (int i = 0; i < e->index && q; i++)
            q = q->next;
        if (q && q->ty == MT_INT) {
            int64_t i = 0;
            parse_int_text(val, &i);
            return mv_int(MV_INT, i);
        }
        if (q && q->ty == MT_BOOL)
            return mv_int(MV_BOOL, strcmp(val, "true") == 0);
        mval v = none();
        v.k = MV_TEXT;
        v.s = val;
        return v;
    }
    case MRES_NONE:
    case MRES_PREVIOUS:
    case MRES_NEXT:
    case MRES_OUTER:
    case MRES_FLAG:
    case MRES_MONTHS:
    case MRES_LOOKUP:
        break;
    }
    return none();
}

/* `outer.X`, `previous.X`, `next.X`: a column or `let` of another row. */
static mval eval_field(mctx *c, const mx *e)
{
    if (e->res == MRES_OUTER) {
        const mctx *o = c->outer;
        while (o && o->td->t != e->tab)
            o = o->outer;
        if (!o)
            return none();
        if (e->i)
            return let_at(c, o->td, o->row, e->index, o->outer);
        return cell_at(c, o->td, o->row, e->col);
    }
    size_t nb;
    if (!c->td->present || !neighbour(c, e->res == MRES_PREVIOUS ? -1 : 1, &nb))
        return none();
    if (e->i)
        return let_at(c, c->td, nb, e->index, c->outer);
    return cell_at(c, c->td, nb, e->col);
}

static mval eval_cmp(mctx *c, const mx *e)
{
    int r = compare(c, eval_mx(c, e->a), eval_mx(c, e->b));
    if (r == 2)
        return mv_int(MV_BOOL, 0);
    switch (e->op) {
    case MOP_EQ: return mv_int(MV_BOOL, r == 0);
    case MOP_NE: return mv_int(MV_BOOL, r != 0);
    case MOP_LT: return mv_int(MV_BOOL, r < 0);
    case MOP_LE: return mv_int(MV_BOOL, r <= 0);
    case MOP_GT: return mv_int(MV_BOOL, r > 0);
    case MOP_GE: return mv_int(MV_BOOL, r >= 0);
    }
    return none();
}

/* A + B, A - B: a date moved by a duration, or whole numbers. */
static mval eval_arith(mctx *c, const mx *e)
{
    mval a = eval_mx(c, e->a), b = eval_mx(c, e->b);
    if (a.k == MV_NONE || b.k == MV_NONE)
        return none();
    if (b.k == MV_DURATION) {
        a = as_date(c, a);
        if (a.k != MV_DATE)
            return none();
        cal_day out;
        dur_add(NULL, a.m.day, b.dur, e->kind == MX_ADD ? 1 : -1, &out, NULL);
        mval v = none();
        v.k = MV_DATE;
        v.m.day = out;
        v.m.tod = -1;
        return v;
    }
    a = as_int(c, a);
    b = as_int(c, b);
    if (a.k != MV_INT || b.k != MV_INT)
        return none();
    return mv_int(MV_INT, e->kind == MX_ADD ? a.i + b.i : a.i - b.i);
}

/* The rows of table E->tab that belong to the case of C's row (NULL: none). */
static const tgroup *case_rows(const mctx *c, const mx *e, const tdata **d)
{
    *d = &c->M->td[e->tab->index];
    const char *id = c->td->rows[c->row].cells[c->td->case_col];
    uintptr_t g = id && (*d)->present ? (uintptr_t)strmap_get(&(*d)->by_case, id) : 0;
    return g ? &(*d)->groups[g - 1] : NULL;
}

/* Row K of group GR of table D, as a context inside C. */
static mctx row_ctx(mctx *c, const tdata *d, const tgroup *gr, size_t k)
{
    mctx in = *c;
    in.td = d;
    in.row = gr->rows[k];
    in.outer = c;
    in.failed = false;
    return in;
}

/* `latest X in T where C`, `earliest ...`: over the case's rows of T. */
static mval eval_extreme(mctx *c, const mx *e)
{
    const tdata *d;
    const tgroup *gr = case_rows(c, e, &d);
    mval best = none();
    for (size_t k = 0; gr && k < gr->n; k++) {
        mctx in = row_ctx(c, d, gr, k);
        if (truthy(&in, e->b)) {
            mval v = eval_mx(&in, e->a);
            int r = best.k == MV_NONE ? (v.k == MV_NONE ? 2 : 1) : compare(&in, v, best);
            if (r != 2 && (e->kind == MX_LATEST ? r > 0 : r < 0))
                best = v;
            if (best.k == MV_NONE && v.k != MV_NONE)
                best = v;
        }
        if (in.failed)
            c->failed = true;
    }
    return best;
}

/* `exists T where C`: some row of the case in T. */
static mval eval_exists(mctx *c, const mx *e)
{
    const tdata *d;
    const tgroup *gr = case_rows(c, e, &d);
    for (size_t k = 0; gr && k < gr->n; k++) {
        mctx in = row_ctx(c, d, gr, k);
        bool hit = truthy(&in, e->a);
        if (in.failed)
            c->failed = true;
        if (hit)
            return mv_int(MV_BOOL, 1);
    }
    return mv_int(MV_BOOL, 0);
}

/* The value of E on the context's row (and the rows around it). */
static mval eval_mx(mctx *c, const mx *e)
{
    mval v = none();
    switch (e->kind) {
    case MX_TEXT:
        v.k = MV_TEXT;
        v.s = e->s;
        return v;
    case MX_INT: return mv_int(MV_INT, e->i);
    case MX_BOOL: return mv_int(MV_BOOL, e->i);
    case MX_DATE:
        v.k = MV_DATE;
        v.m.day = cal_from_ymd(e->date / 10000, e->date / 100 % 100, e->date % 100);
        v.m.tod = -1;
        return v;
    case MX_DURATION:
        v.k = MV_DURATION;
        v.dur = e->dur;
        return v;
    case MX_NAME: return eval_name(c, e);
    case MX_FIELD: return eval_field(c, e);
    case MX_CALL: return eval_call(c, e);
    case MX_NOT: return mv_int(MV_BOOL, !truthy(c, e->a));
    case MX_AND: return mv_int(MV_BOOL, truthy(c, e->a) && truthy(c, e->b));
    case MX_OR: return mv_int(MV_BOOL, truthy(c, e->a) || truthy(c, e->b));
    case MX_CMP: return eval_cmp(c, e);
    case MX_IN: {
        mval l = eval_mx(c, e->a);
        if (l.k == MV_NONE)
            return mv_int(MV_BOOL, 0);
        bool found = false;
        for (const mx *i = e->b; i && !found; i = i->next)
            found = compare(c, l, eval_mx(c, i)) == 0;
        return mv_int(MV_BOOL, found != e->neg);
    }
    case MX_EMPTY: return mv_int(MV_BOOL, (eval_mx(c, e->a).k == MV_NONE) != e->neg);
    case MX_ADD:
    case MX_SUB: return eval_arith(c, e);
    case MX_OTHERWISE: {
        mval a = eval_mx(c, e->a);
        return a.k != MV_NONE ? a : eval_mx(c, e->b);
    }
    case MX_LATEST:
    case MX_EARLIEST: return eval_extreme(c, e);
    case MX_EXISTS: return eval_exists(c, e);
    }
    return none();
}

/* ------------------------------------------------------------ attribute values */

/* The text of V as a value of attribute A (checked); NULL when absent or
 * malformed (reported). */
static const char *attr_text(mctx *c, const attr_decl *a, const decl *ev, mval v)
{
    char buf[64];
    if (v.k == MV_NONE)
        return NULL;
    arena *mem = &c->M->r->mem;
    switch (a->ty.k) {
    case T_INT: {
        mval i = as_int(c, v);
        if (i.k != MV_INT)
            return NULL;
        snprintf(buf, sizeof buf, "%lld", (long long)i.i);
        return arena_strdup(mem, buf);
    }
    case T_DATE: {
        mval d = as_date(c, v);
        return d.k == MV_DATE ? arena_strdup(mem, cal_format(d.m.day, buf)) : NULL;
    }
    case T_BOOL:
        if (v.k == MV_BOOL)
            return v.i ? "true" : "false";
        if (v.k == MV_TEXT) {
            static const char *const ok[] = {"true", "false", "yes", "no"};
            for (size_t i = 0; i < 4; i++)
                if (strcasecmp(v.s, ok[i]) == 0)
                    return v.s;
            cell_error(c, &v, "bool", "Read Y/N flags with flag(COLUMN).");
        }
        return NULL;
    case T_ROLE:
    case T_ENUM: {
        const char *s = mv_text(c, v, buf, sizeof buf);
        bool found = false;
        if (a->ty.k == T_ROLE)
            found = strmap_get(&c->M->prog->role_map, s) != NULL;
        else
            for (const enum_value *x = a->ty.en->u.enm.values; x && !found; x = x->next)
                found = strcmp(x->name.text, s) == 0;
        if (!found) {
            if (v.loc_t) {
                char what[128];
                snprintf(what, sizeof what, "%s for %s.%s", a->ty.k == T_ROLE ? "role" : a->ty.en->name.text,
                         ev->name.text, a->name.text);
                cell_error(c, &v, what, "Map the extract's wording to the vocabulary's values with a lookup.");
            } else {
                c->failed = true;
            }
            return NULL;
        }
        return arena_strdup(mem, s);
    }
    case T_TEXT:
    case T_DURATION:
    case T_EVENT:
    case T_ERROR:
        break;
    }
    const char *s = mv_text(c, v, buf, sizeof buf);
    return s ? arena_strdup(mem, s) : NULL;
}

/* ------------------------------------------------------------ rows */

typedef enum { ROW_MAPPED, ROW_IGNORED, ROW_DUPLICATE, ROW_NONE, ROW_ERROR } row_fate;

/* KIND's place in the same-day order; 1000 when the mapping does not list it. */
static int rank_of(const mapper *M, const decl *kind)
{
    int i = 0;
    for (const mname *n = M->m->same_day; n; n = n->next, i++)
        if (n->event == kind)
            return i;
    return 1000;
}

/* Count one row ignored for REASON. */
static void count_reason(map_result *r, map_table_account *acc, const char *reason)
{
    uintptr_t n = (uintptr_t)strmap_get(&acc->reasons, reason);
    strmap_put(&acc->reasons, reason, (void *)(n + 1));
    (void)r;
}

/* Map row ROW of table D; *WHY says why a row gave nothing. */
static row_fate map_row(mapper *M, tdata *d, size_t row, const char **why)
{
    const mtable *t = d->t;
    map_result *res = M->r;
    const char *case_id = d->rows[row].cells[d->case_col];
    if (!case_id) {
        *why = "it has no case id";
        return ROW_NONE;
    }
    mctx c = {M, d, row, NULL, NULL, false};
    for (const mrule *r = t->rules; r; r = r->next)
        if (r->kind == MR_IGNORE && (!r->where || truthy(&c, r->where))) {
            count_reason(res, &res->acc[t->index], r->reason);
            return c.failed ? ROW_ERROR : ROW_IGNORED;
        }
    bool emitted = false, dup = false, held = false;
    const char *empty_date = NULL;
    for (const mrule *r = t->rules; r; r = r->next) {
        if (r->kind != MR_EVENT || !r->event)
            continue;
        uint64_t used = 0;
        c.params_used = &used;
        if (r->where && !truthy(&c, r->where))
            continue;
        held = true;
        mval dv = as_date(&c, eval_mx(&c, r->date));
        if (dv.k != MV_DATE) {
            if (!empty_date)
                empty_date = r->date->kind == MX_NAME ? r->date->s : "its date";
            continue;
        }
        if (M->m->midnight_no_time && dv.m.tod == 0)
            dv.m.tod = -1; /* a DATETIME column holding a date */
        const decl *kind = r->event;
        int na = kind->u.event.nattrs;
        const char **attrs = arena_alloc(&res->mem, (size_t)(na ? na : 1) * sizeof *attrs);
        memset(attrs, 0, (size_t)(na ? na : 1) * sizeof *attrs);
        for (const massign *a = r->with; a; a = a->next) {
            const attr_decl *ad = kind->u.event.attrs;
            for (int i = 0; i < a->index && ad; i++)
                ad = ad->next;
            if (ad)
                attrs[a->index] = attr_text(&c, ad, kind, eval_mx(&c, a->value));
        }
        if (c.failed)
            return ROW_ERROR;
        /* Duplicates: any key seen before for this kind and case. */
        bool seen = false;
        int ki = 0;
        const char *keys[8];
        int nk = 0;
        for (const mx *k = r->distinct; k && nk < 8; k = k->next, ki++) {
            char buf[64];
            const char *kt = mv_text(&c, eval_mx(&c, k), buf, sizeof buf);
            if (!kt)
                continue;
            char *key = xasprintf("%s\x1f%s\x1f%d\x1f%s", kind->name.text, case_id, ki, kt);
            keys[nk++] = arena_strdup(&res->mem, key);
            free(key);
            if (strmap_get(&M->seen, keys[nk - 1]))
                seen = true;
        }
        if (seen) {
            dup = true;
            continue;
        }
        for (int i = 0; i < nk; i++)
            strmap_put(&M->seen, keys[i], (void *)1);
        res->ev = xgrow(res->ev, &res->cap, res->n, sizeof *res->ev, 256);
        map_event *e = &res->ev[res->n++];
        e->case_id = case_id;
        e->when = dv.m;
        e->kind = kind;
        e->attrs = attrs;
        e->rank = rank_of(M, kind);
        e->seq = (uint32_t)(res->n - 1);
        e->table = t;
        e->line = d->rows[row].line;
        for (int i = 0; i < M->m->nparams && i < 64; i++)
            if (used & ((uint64_t)1 << i))
                res->param_uses[i]++;
        res->acc[t->index].events++;
        emitted = true;
    }
    if (c.failed)
        return ROW_ERROR;
    if (emitted)
        return ROW_MAPPED;
    if (dup)
        return ROW_DUPLICATE;
    *why = empty_date ? empty_date : held ? "its date" : NULL;
    return ROW_NONE;
}

#define MAX_ROW_REPORTS 10

/* Map every row of D and account for each; rows that give nothing are reported (the first few). */
static void map_table(mapper *M, tdata *d)
{
    map_table_account *acc = &M->r->acc[d->t->index];
    acc->present = d->present;
    acc->rows = d->nrows;
    if (!d->present || d->broken)
        return;
    size_t shown = 0;
    for (size_t i = 0; i < d->nrows; i++) {
        const char *why = NULL;
        switch (map_row(M, d, i, &why)) {
        case ROW_MAPPED: acc->mapped++; break;
        case ROW_IGNORED: acc->ignored++; break;
        case ROW_DUPLICATE: acc->duplicates++; break;
        case ROW_ERROR: acc->reported++; M->failed = true; break;
        case ROW_NONE:
            acc->reported++;
            if (shown++ < MAX_ROW_REPORTS) {
                if (why && strcmp(why, "it has no case id") == 0)
                    diag_at(M->sink, DC_ROW_UNMAPPED, d->path, (int)d->rows[i].line, 0, "row gives no event: no case id in column %s",
                            d->t->case_col);
                else if (why)
                    diag_at(M->sink, DC_ROW_UNMAPPED, d->path, (int)d->rows[i].line, 0, "row gives no event: %s is empty", why);
                else
                    diag_at(M->sink, DC_ROW_UNMAPPED, d->path, (int)d->rows[i].line, 0,
                            "row gives no event: no rule of table %s applies to it", d->t->name);
            }
            break;
        }
    }
    if (shown > MAX_ROW_REPORTS)
        diag_at(M->sink, DC_ROW_UNMAPPED, d->path, 0, 0, "%zu more rows give no event", shown - MAX_ROW_REPORTS);
}

/* ------------------------------------------------------------ parameters */

/* The parameters' values: defaults, then --set (checked: name and type); false after an error. */
static bool set_params(mapper *M)
{
    const mapping *m = M->m;
    map_result *r = M->r;
    size_t n = (size_t)(m->nparams ? m->nparams : 1);
    r->param_uses = xcalloc(n, sizeof *r->param_uses);
    r->param_values = xcalloc(n, sizeof *r->param_values);
    r->param_set = xcalloc(n, sizeof *r->param_set);
    int i = 0;
    for (const mparam *q = m->params; q; q = q->next, i++) {
        char buf[64];
        mctx c = {M, NULL, 0, NULL, NULL, false};
        r->param_values[i] = arena_strdup(&r->mem, mv_text(&c, eval_mx(&c, q->def), buf, sizeof buf));
    }
    bool ok = true;
    for (size_t k = 0; k < M->o->nset; k++) {
        const char *s = M->o->set[k], *eq = strchr(s, '=');
        char *name = eq ? xstrndup(s, (size_t)(eq - s)) : xstrdup(s);
        int pi;
        const mparam *q = mapping_param(m, name, &pi);
        if (!eq || !q) {
            diag_at(M->sink, DC_MAP_PARAMETER, NULL, 0, 0, "--set %s: %s", s,
                    !eq ? "expected NAME=VALUE" : "the mapping has no such parameter");
            if (eq) {
                const char *cands[64];
                size_t nc = 0;
                for (const mparam *x = m->params; x && nc < 64; x = x->next)
                    cands[nc++] = x->name;
                const char *near = diag_closest(name, cands, nc);
                if (near)
                    diag_hint(M->sink, "Did you mean '%s'?", near);
            }
            ok = false;
            free(name);
            continue;
        }
        free(name);
        const char *v = eq + 1;
        int64_t iv;
        if ((q->ty == MT_INT && !parse_int_text(v, &iv)) ||
            (q->ty == MT_BOOL && strcmp(v, "true") != 0 && strcmp(v, "false") != 0)) {
            diag_at(M->sink, DC_MAP_PARAMETER, NULL, 0, 0, "--set %s: %s is %s", s, q->name,
                    q->ty == MT_INT ? "a whole number" : "true or false");
            ok = false;
            continue;
        }
        r->param_values[pi] = arena_strdup(&r->mem, v);
        r->param_set[pi] = true;
    }
    return ok;
}

/* ------------------------------------------------------------ the run */

static const mapper *cmp_mapper;

/* qsort: events by case, day, same-day rank, time, generation order. */
static int cmp_events(const void *a, const void *b)
{
    const map_event *x = a, *y = b;
    int c = strcmp(x->case_id, y->case_id);
    if (c)
        return c;
    if (x->when.day != y->when.day)
        return x->when.day < y->when.day ? -1 : 1;
    if (x->rank != y->rank)
        return x->rank < y->rank ? -1 : 1;
    if (x->when.tod != y->when.tod)
        return x->when.tod < y->when.tod ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* The output's attribute columns: each attribute a rule gives, in the
 * order the mapping first gives it. */
static void output_columns(const mapping *m, map_result *r)
{
    size_t cap = 0;
    for (const mtable *t = m->tables; t; t = t->next)
        for (const mrule *ru = t->rules; ru; ru = ru->next)
            for (const massign *a = ru->with; a; a = a->next) {
                bool have = false;
                for (size_t i = 0; i < r->ncolumns && !have; i++)
                    have = strcmp(r->columns[i], a->attr) == 0;
                if (!have) {
                    r->columns = xgrow(r->columns, &cap, r->ncolumns, sizeof *r->columns, 8);
                    r->columns[r->ncolumns++] = a->attr;
                }
            }
}

bool map_run(const mapping *m, const ast_program *prog, const map_options *o, diag_sink *sink, map_result *out)
{
    memset(out, 0, sizeof *out);
    arena_init(&out->mem);
    mapper M = {0};
    M.m = m;
    M.prog = prog;
    M.o = o;
    M.sink = sink;
    M.r = out;
    M.order = o->order_set ? o->order : m->dmy ? CAL_DMY : CAL_YMD;
    M.null_token = o->null_token ? o->null_token : m->null_token;
    strmap_init(&M.seen);
    size_t e0 = sink->errors;
    out->ntables = (size_t)m->ntables;
    out->acc = xcalloc(out->ntables ? out->ntables : 1, sizeof *out->acc);
    M.td = xcalloc(out->ntables ? out->ntables : 1, sizeof *M.td);
    bool params_ok = set_params(&M);
    for (const mtable *t = m->tables; t; t = t->next) {
        out->acc[t->index].t = t;
        strmap_init(&out->acc[t->index].reasons);
        M.td[t->index].t = t;
        load_table(&M, &M.td[t->index]);
    }
    for (const mlookup *l = m->lookups; l; l = l->next)
        M.nlk++;
    M.lk = xcalloc(M.nlk ? M.nlk : 1, sizeof *M.lk);
    size_t li = 0;
    for (const mlookup *l = m->lookups; l; l = l->next, li++) {
        M.lk[li].l = l;
        load_lookup(&M, &M.lk[li]);
    }
    resolve_rules(&M);
    /* Without its lookups (reported) a mapping would misread every row. */
    if (!params_ok)
        M.failed = true;
    for (const mtable *t = m->tables; t && params_ok && !M.lookup_failed; t = t->next)
        map_table(&M, &M.td[t->index]);
    cmp_mapper = &M;
    if (out->n)
        qsort(out->ev, out->n, sizeof *out->ev, cmp_events);
    output_columns(m, out);
    for (size_t i = 0; i < out->ntables; i++)
        free_table(&M.td[i]);
    free(M.td);
    for (size_t i = 0; i < M.nlk; i++) {
        strmap_free(&M.lk[i].map);
        strmap_free(&M.lk[i].warned);
        free(M.lk[i].path);
    }
    free(M.lk);
    strmap_free(&M.seen);
    return !M.failed && sink->errors == e0;
}

void map_result_free(map_result *r)
{
    for (size_t i = 0; i < r->ntables; i++)
        strmap_free(&r->acc[i].reasons);
    free(r->acc);
    free(r->ev);
    free(r->param_uses);
    free(r->param_values);
    free(r->param_set);
    free(r->columns);
    arena_free(&r->mem);
    memset(r, 0, sizeof *r);
}

/* ------------------------------------------------------------ output */

/* S as one CSV field (quoted when needed); nothing for NULL. */
static void csv_cell(FILE *out, const char *s)
{
    if (!s)
        return;
    if (strpbrk(s, ",\"\r\n")) {
        fputc('"', out);
        for (; *s; s++) {
            if (*s == '"')
                fputc('"', out);
            fputc(*s, out);
        }
        fputc('"', out);
    } else {
        fputs(s, out);
    }
}

/* Attribute COLUMN of event E, or NULL. */
static const char *attr_of(const map_event *e, const char *column, const attr_decl **decl_out)
{
    int i = 0;
    for (const attr_decl *a = e->kind->u.event.attrs; a; a = a->next, i++)
        if (strcmp(a->name.text, column) == 0) {
            if (decl_out)
                *decl_out = a;
            return e->attrs[i];
        }
    return NULL;
}

bool map_write(const map_result *r, FILE *out, bool jsonl)
{
    char b[24];
    if (!jsonl) {
        fputs("case,date,event", out);
        for (size_t i = 0; i < r->ncolumns; i++) {
            fputc(',', out);
            csv_cell(out, r->columns[i]);
        }
        fputc('\n', out);
    }
    for (size_t i = 0; i < r->n; i++) {
        const map_event *e = &r->ev[i];
        if (jsonl) {
            fputs("{\"case\": ", out);
            json_fput_string(out, e->case_id);
            fprintf(out, ", \"date\": \"%s\", \"event\": ", cal_format_moment(&e->when, 'T', b));
            json_fput_string(out, e->kind->name.text);
            for (size_t k = 0; k < r->ncolumns; k++) {
                const attr_decl *ad = NULL;
                const char *v = attr_of(e, r->columns[k], &ad);
                if (!v)
                    continue;
                fputs(", ", out);
                json_fput_string(out, r->columns[k]);
                fputs(": ", out);
                if (ad && (ad->ty.k == T_INT || ad->ty.k == T_BOOL))
                    fputs(ad->ty.k == T_BOOL ? (strcasecmp(v, "true") == 0 || strcasecmp(v, "yes") == 0 ? "true" : "false") : v,
                          out);
                else
                    json_fput_string(out, v);
            }
            fputs("}\n", out);
            continue;
        }
        csv_cell(out, e->case_id);
        fprintf(out, ",%s,", cal_format_moment(&e->when, 'T', b));
        csv_cell(out, e->kind->name.text);
        for (size_t k = 0; k < r->ncolumns; k++) {
            fputc(',', out);
            csv_cell(out, attr_of(e, r->columns[k], NULL));
        }
        fputc('\n', out);
    }
    return fflush(out) == 0 && !ferror(out);
}

/* qsort over C strings. */
static int cmp_cstr(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

void map_summary(const map_result *r, const mapping *m, const char *dir, FILE *out)
{
    fprintf(out, "docket: mapping %s over %s: %zu event%s\n", m->name, dir, r->n, r->n == 1 ? "" : "s");
    int w = 0;
    for (size_t i = 0; i < r->ntables; i++)
        if ((int)strlen(r->acc[i].t->name) > w)
            w = (int)strlen(r->acc[i].t->name);
    for (size_t i = 0; i < r->ntables; i++) {
        const map_table_account *a = &r->acc[i];
        if (!a->present) {
            fprintf(out, "  %-*s no file\n", w, a->t->name);
            continue;
        }
        fprintf(out, "  %-*s %zu row%s: %zu mapped (%zu event%s)", w, a->t->name, a->rows, a->rows == 1 ? "" : "s",
                a->mapped, a->events, a->events == 1 ? "" : "s");
        if (a->duplicates)
            fprintf(out, ", %zu duplicate%s of earlier events", a->duplicates, a->duplicates == 1 ? "" : "s");
        if (a->ignored) {
            fprintf(out, ", %zu ignored", a->ignored);
            const char **keys = xcalloc(a->reasons.count + 1, sizeof *keys);
            size_t nk = 0;
            for (size_t k = 0; k < a->reasons.cap; k++)
                if (a->reasons.keys[k])
                    keys[nk++] = a->reasons.keys[k];
            qsort(keys, nk, sizeof *keys, cmp_cstr);
            for (size_t k = 0; k < nk; k++)
                fprintf(out, "%s%s (%zu)", k ? "; " : ": ", keys[k], (size_t)(uintptr_t)strmap_get(&a->reasons, keys[k]));
            free(keys);
        }
        if (a->reported)
            fprintf(out, ", %zu reported", a->reported);
        fputc('\n', out);
    }
    int i = 0;
    for (const mparam *q = m->params; q; q = q->next, i++)
        if (r->param_uses[i])
            fprintf(out, "docket: parameter %s = %s (%s) was used by %zu event%s%s%s\n", q->name, r->param_values[i],
                    r->param_set[i] ? "--set" : "the mapping's default", r->param_uses[i],
                    r->param_uses[i] == 1 ? "" : "s", q->about ? ": " : "", q->about ? q->about : "");
    if (m->not_recorded) {
        fputs("docket: not recorded in this extract:", out);
        for (const mname *n = m->not_recorded; n; n = n->next)
            fprintf(out, "%s%s", n == m->not_recorded ? " " : ", ", n->name);
        fputc('\n', out);
    }
}
