/*
 * events.c — reading case event files (CSV, JSON Lines) into per-case
 * timelines, with every value checked against the event's declared type.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "events.h"
#include "lang/input_limits.h"

void ev_store_init(ev_store *s, const ast_program *prog)
{
    memset(s, 0, sizeof *s);
    s->prog = prog;
    arena_init(&s->mem);
    strmap_init(&s->case_index);
    strmap_init(&s->skipped);
    strmap_init(&s->ignored);
}

void ev_store_free(ev_store *s)
{
    for (size_t i = 0; i < s->ncases; i++)
        free(s->cases[i].events);
    free(s->cases);
    strmap_free(&s->case_index);
    strmap_free(&s->skipped);
    strmap_free(&s->ignored);
    arena_free(&s->mem);
}

/* ID is NUL-terminated, LEN bytes. The key is copied only for a new case. */
static ev_case *get_case(ev_store *s, const char *id, size_t len)
{
    /* rows of a case usually come together: try the case of the last row */
    if (s->last_case && strcmp(s->cases[s->last_case - 1].id, id) == 0)
        return &s->cases[s->last_case - 1];
    uintptr_t n = (uintptr_t)strmap_get(&s->case_index, id);
    s->last_case = n;
    if (n)
        return &s->cases[n - 1];
    char *key = arena_strndup(&s->mem, id, len);
    if (s->ncases == s->capcases) {
        s->capcases = s->capcases ? s->capcases * 2 : 64;
        s->cases = xrealloc(s->cases, s->capcases * sizeof *s->cases);
    }
    ev_case *c = &s->cases[s->ncases++];
    memset(c, 0, sizeof *c);
    c->id = key;
    strmap_put(&s->case_index, key, (void *)(uintptr_t)s->ncases);
    s->last_case = s->ncases;
    return c;
}

static ev_event *add_event(ev_store *s, ev_case *c, int kind, cal_moment when, uint32_t line)
{
    c->events = xgrow(c->events, &c->cap, c->count, sizeof *c->events, 8);
    ev_event *e = &c->events[c->count++];
    e->kind = kind;
    e->date = when.day;
    e->tod = when.tod;
    e->utc_off = when.utc_off;
    e->line = line;
    e->seq = s->seq++;
    int n = s->prog->events.items[kind]->u.event.nattrs;
    e->attrs = n ? arena_alloc(&s->mem, (size_t)n * sizeof *e->attrs) : NULL;
    return e;
}

static int value_index(const decl *d, const char *name)
{
    /* Roles: index in the program's role array; enums: value index. */
    if (d->kind == D_ENUM) {
        int i = 0;
        for (const enum_value *v = d->u.enm.values; v; v = v->next, i++)
            if (strcmp(v->name.text, name) == 0)
                return i;
    }
    return -1;
}

/* Parse TEXT as a value of type T. On failure returns false with *WHY set to
 * a static description of what was expected, and *HINT to a static hint
 * sentence when there is one (it is left alone otherwise). */
static bool parse_value(ev_store *s, const attr_decl *a, const char *text, size_t len, value *out,
                        const char **why, const char **hint)
{
    const ast_program *p = s->prog;
    switch (a->ty.k) {
    case T_INT: {
        size_t i = 0;
        if (len > 0 && (text[0] == '-' || text[0] == '+'))
            i = 1;
        if (i == len || len - i > 15) {
            *why = "a whole number";
            return false;
        }
        for (size_t j = i; j < len; j++)
            if (!isdigit((unsigned char)text[j])) {
                *why = "a whole number";
                return false;
            }
        out->k = V_INT;
        out->i = strtoll(text, NULL, 10);
        return true;
    }
    case T_BOOL:
        if ((len == 4 && strncasecmp(text, "true", 4) == 0) || (len == 3 && strncasecmp(text, "yes", 3) == 0)) {
            out->k = V_BOOL;
            out->i = 1;
            return true;
        }
        if ((len == 5 && strncasecmp(text, "false", 5) == 0) || (len == 2 && strncasecmp(text, "no", 2) == 0)) {
            out->k = V_BOOL;
            out->i = 0;
            return true;
        }
        *why = "true, false, yes or no";
        return false;
    case T_DATE: {
        cal_moment m;
        if (!cal_parse_moment(text, len, s->order, &m, why))
            return false;
        out->k = V_DATE;
        out->i = m.day;
        return true;
    }
    case T_TEXT:
        out->k = V_TEXT;
        out->s = s->check_only ? NULL : arena_strndup(&s->mem, text, len); /* checking keeps nothing */
        return true;
    case T_ROLE: {
        for (size_t i = 0; i < p->roles.count; i++) {
            const char *rn = p->roles.items[i]->name.text;
            if (strlen(rn) == len && memcmp(rn, text, len) == 0) {
                out->k = V_ROLE;
                out->i = (int64_t)i;
                return true;
            }
        }
        *why = "a role declared in the policy";
        return false;
    }
    case T_ENUM: {
        char *tmp = xstrndup(text, len);
        int i = value_index(a->ty.en, tmp);
        free(tmp);
        if (i < 0) {
            *why = "one of the enum's values";
            return false;
        }
        out->k = V_ENUM;
        out->i = i;
        return true;
    }
    case T_DURATION:
        switch (dur_parse(text, len, &out->dur)) { /* lang/units.h */
        case DUR_PARSED:
            out->k = V_DURATION;
            return true;
        case DUR_TOO_LONG:
            *why = "at most a hundred years";
            *hint = "No procedure has a timescale that long; check the number.";
            return false;
        case DUR_NOT_A_DURATION:
            break;
        }
        *why = "a duration such as \"15 working days\"";
        return false;
    case T_EVENT:
    case T_ERROR:
        break;
    }
    *why = "a value";
    return false;
}

static const char *candidates_hint(ev_store *s, const attr_decl *a, const char *text, size_t len, char *buf,
                                   size_t n)
{
    const char *cands[128];
    size_t k = 0;
    if (a->ty.k == T_ROLE)
        for (size_t i = 0; i < s->prog->roles.count && k < 128; i++)
            cands[k++] = s->prog->roles.items[i]->name.text;
    else if (a->ty.k == T_ENUM)
        for (const enum_value *v = a->ty.en->u.enm.values; v && k < 128; v = v->next)
            cands[k++] = v->name.text;
    if (k == 0)
        return NULL;
    char *t = xstrndup(text, len);
    const char *best = diag_closest(t, cands, k);
    free(t);
    if (best) {
        snprintf(buf, n, "Did you mean '%s'?", best);
        return buf;
    }
    size_t used = (size_t)snprintf(buf, n, "Expected one of: ");
    for (size_t i = 0; i < k && used < n; i++)
        used += (size_t)snprintf(buf + used, n - used, "%s%s", i ? ", " : "", cands[i]);
    return buf;
}


static void row_error(ev_store *s, diag_sink *sink, const char *path, int line, int col, const char *hint,
                      const char *fmt, ...) __attribute__((format(printf, 7, 8)));

static void row_error(ev_store *s, diag_sink *sink, const char *path, int line, int col, const char *hint,
                      const char *fmt, ...)
{
    s->bad_rows++;
    if (s->bad_rows > EV_MAX_REPORTED)
        return;
    va_list ap;
    va_start(ap, fmt);
    char *msg = xvasprintf(fmt, ap);
    va_end(ap);
    diag_at(sink, DC_EVENT_ROW, path, line, col, "%s", msg);
    if (hint)
        diag_hint(sink, "%s", hint);
    free(msg);
}

static const tbl_field *find_field(const tbl_record *rec, const char *name)
{
    for (size_t i = 0; i < rec->nfields; i++)
        if (strcmp(rec->fields[i].name, name) == 0)
            return &rec->fields[i];
    return NULL;
}

/* True when F holds no value: absent, empty, or the store's null token. */
static inline bool cell_empty(const ev_store *s, const tbl_field *f)
{
    return !f || !f->value || f->len == 0 || (s->null_token && strcmp(f->value, s->null_token) == 0);
}

/* The hint for a date that does not parse in the store's order (WHY is
 * what cal_parse_moment said, or NULL). */
static const char *date_hint(const ev_store *s, const tbl_field *f, const char *why)
{
    if (why && strstr(why, "clocks go forward"))
        return "UK clocks go forward at 01:00 on the last Sunday of March: 01:00 to 01:59 that day does not happen.";
    if (why && strstr(why, "tzdata"))
        return "Install the time-zone database (the tzdata package): Docket reads times as Europe/London.";
    if (s->order == CAL_YMD && cal_looks_dmy(f->value, f->len))
        return "This looks like a UK date (day/month/year): give --dates dmy to read it so; Docket never guesses.";
    return s->order == CAL_DMY ? "With --dates dmy, dates are written dd/mm/yyyy, optionally with a time hh:mm or hh:mm:ss after a space, and must exist."
                               : "Dates are written YYYY-MM-DD and must exist, optionally with a time after 'T' or a space (2025-01-06T16:05, 2025-07-14 10:00:00.000) and a 'Z' or +hh:mm offset.";
}

/* Add one to KEY's count in M (the key is copied into the store's arena the
 * first time; strmap_put keeps the stored key when replacing a value). */
static void count_key(ev_store *s, strmap *m, const char *key)
{
    uintptr_t n = (uintptr_t)strmap_get(m, key);
    strmap_put(m, n ? key : arena_strdup(&s->mem, key), (void *)(n + 1));
}

/* Count the filled cells of REC in columns that event ED does not declare
 * (exports carry many columns; a value there is ignored, and said so). */
static void count_ignored(ev_store *s, const decl *ed, const tbl_record *rec)
{
    for (size_t i = 0; i < rec->nfields; i++) {
        const tbl_field *f = &rec->fields[i];
        if (cell_empty(s, f) || strcmp(f->name, "case") == 0 || strcmp(f->name, "date") == 0 ||
            strcmp(f->name, "event") == 0)
            continue;
        bool declared = false;
        for (const attr_decl *a = ed->u.event.attrs; a && !declared; a = a->next)
            declared = strcmp(a->name.text, f->name) == 0;
        if (declared)
            continue;
        char key[256];
        snprintf(key, sizeof key, "%s.%s", ed->name.text, f->name);
        count_key(s, &s->ignored, key);
        s->nignored++;
    }
}

/* Where each field is, decided once from a CSV header: the required
 * columns, the column of each event's attributes, and, per event and
 * column, whether a filled cell there is ignored (and how many were). */
typedef struct col_map {
    size_t ncols, nevents;
    size_t ci, di, ei;       /* the case, date and event columns */
    int *attr_col;           /* [event * 64 + attribute]: column, or -1 */
    bool *ignores;           /* [event * ncols + column]: not case/date/event nor an attribute */
    size_t *ignored;         /* [event * ncols + column]: filled cells ignored */
    uint32_t *ign_cols;      /* [event * ncols + t]: the columns event ignores, nign[event] of them */
    size_t *nign;
} col_map;

static size_t column_of(const char *const *names, size_t n, const char *name)
{
    for (size_t j = 0; j < n; j++)
        if (strcmp(names[j], name) == 0)
            return j;
    return n;
}

static void col_map_init(col_map *m, const ast_program *p, const char *const *names, size_t n)
{
    m->ncols = n;
    m->nevents = p->events.count;
    m->ci = column_of(names, n, "case");
    m->di = column_of(names, n, "date");
    m->ei = column_of(names, n, "event");
    size_t ne = m->nevents ? m->nevents : 1;
    m->attr_col = xmalloc(ne * 64 * sizeof *m->attr_col);
    m->ignores = xcalloc(ne * (n ? n : 1), sizeof *m->ignores);
    m->ignored = xcalloc(ne * (n ? n : 1), sizeof *m->ignored);
    m->ign_cols = xcalloc(ne * (n ? n : 1), sizeof *m->ign_cols);
    m->nign = xcalloc(ne, sizeof *m->nign);
    for (size_t k = 0; k < m->nevents; k++) {
        const decl *ed = p->events.items[k];
        for (size_t j = 0; j < n; j++)
            m->ignores[k * n + j] = j != m->ci && j != m->di && j != m->ei;
        int i = 0;
        for (const attr_decl *a = ed->u.event.attrs; a && i < 64; a = a->next, i++) {
            size_t j = column_of(names, n, a->name.text);
            m->attr_col[k * 64 + (size_t)i] = j < n ? (int)j : -1;
            if (j < n)
                m->ignores[k * n + j] = false;
        }
        for (size_t j = 0; j < n; j++)
            if (m->ignores[k * n + j])
                m->ign_cols[k * n + m->nign[k]++] = (uint32_t)j;
    }
}

/* Fold the ignored-cell counts into S->ignored ("event.column" -> n). */
static void col_map_done(col_map *m, ev_store *s, const char *const *names)
{
    for (size_t k = 0; k < m->nevents; k++)
        for (size_t j = 0; j < m->ncols; j++) {
            size_t n = m->ignored[k * m->ncols + j];
            if (!n)
                continue;
            char key[256];
            snprintf(key, sizeof key, "%s.%s", s->prog->events.items[k]->name.text, names[j]);
            uintptr_t had = (uintptr_t)strmap_get(&s->ignored, key);
            strmap_put(&s->ignored, had ? key : arena_strdup(&s->mem, key), (void *)(had + n));
        }
    free(m->attr_col);
    free(m->ignores);
    free(m->ignored);
    free(m->ign_cols);
    free(m->nign);
}

/* The field of REC holding attribute I of event K (NULL: no such column). */
static const tbl_field *attr_field(const col_map *m, const tbl_record *rec, int k, int i, const attr_decl *a)
{
    if (!m)
        return find_field(rec, a->name.text);
    int j = m->attr_col[(size_t)k * 64 + (size_t)i];
    return j < 0 ? NULL : &rec->fields[j];
}

/* Count REC's filled cells that event K ignores, through the map. */
static void count_ignored_mapped(ev_store *s, col_map *m, int k, const tbl_record *rec)
{
    const uint32_t *cols = m->ign_cols + (size_t)k * m->ncols;
    size_t *cnt = m->ignored + (size_t)k * m->ncols;
    for (size_t t = 0, n = m->nign[k]; t < n; t++)
        if (!cell_empty(s, &rec->fields[cols[t]])) {
            cnt[cols[t]]++;
            s->nignored++;
        }
}

/* The event kinds last looked up, by a hash of their text: most rows
 * name one of a few kinds, so the map is consulted once per kind. */
#define KIND_CACHE 256
typedef struct kind_slot {
    char *text;              /* the reader's copy, or NULL */
    size_t len;
    const decl *ed;          /* NULL: a kind the policy does not declare */
} kind_slot;

struct ev_reader {
    kind_slot kinds[KIND_CACHE];
    tbl_reader *t;
    const char *path;
    diag_sink *sink;
    size_t errors0;
    col_map map, *cm;
    const char *const *hnames;
};

ev_reader *ev_open(ev_store *s, const char *path, tbl_format format, diag_sink *sink)
{
    size_t errors0 = sink->errors;
    tbl_reader *r = tbl_open(path, format, sink);
    if (!r)
        return NULL;
    ev_reader *er = ev_open_reader(s, r, path, format, sink);
    if (er)
        er->errors0 = errors0;
    return er;
}

ev_reader *ev_open_reader(ev_store *s, tbl_reader *r, const char *path, tbl_format format, diag_sink *sink)
{
    s->source_name = path;
    size_t errors0 = sink->errors;
    const ast_program *p = s->prog;
    if (format == TBL_CSV) {
        const char *const *names;
        size_t n = tbl_header(r, &names);
        static const char *const required[] = {"case", "date", "event"};
        bool missing = false;
        for (size_t i = 0; i < 3; i++) {
            bool found = false;
            for (size_t j = 0; j < n; j++)
                if (strcmp(names[j], required[i]) == 0)
                    found = true;
            if (!found) {
                diag_at(sink, DC_MISSING_COLUMN, path, 1, 0, "missing required column \"%s\"", required[i]);
                diag_hint(sink, "A case event file has the columns case, date and event, then one column per attribute.");
                missing = true;
            }
        }
        if (missing) {
            tbl_close(r);
            return NULL;
        }
    }
    ev_reader *er = xcalloc(1, sizeof *er);
    er->t = r;
    er->path = path;
    er->sink = sink;
    er->errors0 = errors0;
    if (format == TBL_CSV) {
        size_t n = tbl_header(r, &er->hnames);
        col_map_init(&er->map, p, er->hnames, n);
        er->cm = &er->map;
    }
    return er;
}

/* The required fields of REC: the case, date and event cells. */
static void required_fields(const ev_reader *er, const tbl_record *rec, const tbl_field **fc, const tbl_field **fd,
                            const tbl_field **fe)
{
    const col_map *cm = er->cm;
    if (cm) { /* the reader checked that every row has the header's fields */
        *fc = &rec->fields[cm->ci];
        *fd = &rec->fields[cm->di];
        *fe = &rec->fields[cm->ei];
    } else {
        *fc = find_field(rec, "case");
        *fd = find_field(rec, "date");
        *fe = find_field(rec, "event");
    }
}

/* Check the case, date and event of REC (errors reported); false when one
 * is missing or wrong. */
static bool check_required(ev_store *s, ev_reader *er, const tbl_record *rec, const tbl_field *fc,
                           const tbl_field *fd, const tbl_field *fe, cal_moment *when)
{
    const char *path = er->path;
    diag_sink *sink = er->sink;
    bool bad = false;
    if (cell_empty(s, fc)) {
        row_error(s, sink, path, rec->line, fc ? fc->col : 1, NULL, "missing case identifier (column \"case\")");
        bad = true;
    }
    const char *why;
    if (cell_empty(s, fd)) {
        if (!bad)
            row_error(s, sink, path, rec->line, fd ? fd->col : 1, NULL, "missing date (column \"date\")");
        bad = true;
    } else if (!cal_parse_moment(fd->value, fd->len, s->order, when, &why)) {
        if (!bad)
            row_error(s, sink, path, fd->line, fd->col, date_hint(s, fd, why),
                      "invalid date \"%s\" in column \"date\"%s%s", fd->value,
                      strstr(why, "UK local time") ? ": expected " : "", strstr(why, "UK local time") ? why : "");
        bad = true;
    }
    if (cell_empty(s, fe)) {
        if (!bad)
            row_error(s, sink, path, rec->line, fe ? fe->col : 1, NULL, "missing event kind (column \"event\")");
        bad = true;
    }
    return !bad;
}

/* Parse every declared attribute of event ED from REC into VALS (errors
 * reported); false when one is wrong. */
static bool parse_attrs(ev_store *s, ev_reader *er, const tbl_record *rec, const decl *ed, value *vals)
{
    char hbuf[512];
    bool bad = false;
    int nattrs = ed->u.event.nattrs;
    const attr_decl *a = ed->u.event.attrs;
    for (int i = 0; i < nattrs && i < 64; i++, a = a->next) {
        const tbl_field *f = attr_field(er->cm, rec, ed->index, i, a);
        if (cell_empty(s, f))
            continue; /* absent */
        const char *hint = NULL, *why;
        if (!parse_value(s, a, f->value, f->len, &vals[i], &why, &hint)) {
            if (!hint)
                hint = a->ty.k == T_DATE ? date_hint(s, f, why)
                                         : candidates_hint(s, a, f->value, f->len, hbuf, sizeof hbuf);
            row_error(s, er->sink, er->path, f->line, f->col, hint,
                      "invalid %s \"%s\" in column \"%s\" of %s: expected %s",
                      a->ty.k == T_ENUM ? a->ty.en->name.text : a->type_name.text, f->value, a->name.text,
                      ed->name.text, why);
            bad = true;
        }
    }
    return !bad;
}

/* The event declaration named TEXT (LEN bytes, NUL-terminated), or NULL. */
static const decl *kind_of(ev_reader *er, const ast_program *p, const char *text, size_t len)
{
    size_t h = (len * 31u + (unsigned char)text[0] * 7u + (unsigned char)text[len / 2] * 3u +
                (unsigned char)text[len - 1]) % KIND_CACHE;
    kind_slot *k = &er->kinds[h];
    if (k->text && k->len == len && memcmp(k->text, text, len) == 0)
        return k->ed;
    free(k->text);
    k->text = xstrndup(text, len);
    k->len = len;
    k->ed = strmap_get(&p->event_map, text);
    return k->ed;
}

int ev_next(ev_reader *er, ev_store *s, ev_row *row)
{
    tbl_record rec;
    if (tbl_next(er->t, &rec) != 1)
        return 0;
    memset(row, 0, sizeof *row);
    row->off = tbl_record_offset(er->t);
    row->line = rec.line;
    s->rows++;
    const tbl_field *fc, *fd, *fe;
    required_fields(er, &rec, &fc, &fd, &fe);
    if (!cell_empty(s, fc)) {
        row->case_id = fc->value;
        row->case_len = fc->len;
    }
    cal_moment when = {0, -1, 0};
    if (!check_required(s, er, &rec, fc, fd, fe, &when)) {
        row->bad = true;
        return 1;
    }
    const decl *ed = kind_of(er, s->prog, fe->value, fe->len);
    if (!ed) {
        count_key(s, &s->skipped, fe->value);
        s->nskipped++;
        return 1;
    }
    /* Check every attribute before adding the event. */
    value vals[64];
    int nattrs = ed->u.event.nattrs < 64 ? ed->u.event.nattrs : 64;
    memset(vals, 0, (size_t)nattrs * sizeof *vals);
    if (!parse_attrs(s, er, &rec, ed, vals)) {
        row->bad = true;
        return 1;
    }
    if (s->no_counts)
        ; /* read again: counted the first time */
    else if (er->cm)
        count_ignored_mapped(s, er->cm, ed->index, &rec);
    else
        count_ignored(s, ed, &rec);
    row->event = true;
    if (s->count_later && when.day > s->as_of)
        s->nlater++;
    if (s->check_only)
        return 1;
    ev_case *c = get_case(s, fc->value, fc->len);
    if (c->count >= DOCKET_MAX_EVENTS_PER_CASE) {
        row_error(s, er->sink, er->path, rec.line, fc->col,
                  "Split the export, or check that the case column holds case identifiers.",
                  "case %s has more than %d events, the limit", c->id, DOCKET_MAX_EVENTS_PER_CASE);
        row->bad = true;
        return 1;
    }
    ev_event *e = add_event(s, c, ed->index, when, (uint32_t)rec.line);
    for (int i = 0; i < nattrs; i++)
        e->attrs[i] = vals[i];
    return 1;
}

bool ev_seek(ev_reader *er, uint64_t off, int line)
{
    return tbl_seek(er->t, off, line);
}

bool ev_seekable(const ev_reader *er)
{
    return tbl_seekable(er->t);
}

void ev_set_end(ev_reader *er, uint64_t end)
{
    tbl_set_end(er->t, end);
}

uint64_t ev_position(const ev_reader *er, int *line)
{
    return tbl_position(er->t, line);
}

bool ev_close(ev_reader *er, ev_store *s)
{
    if (!er)
        return false;
    if (er->cm)
        col_map_done(er->cm, s, er->hnames);
    s->bad_rows += tbl_errors(er->t);
    tbl_close(er->t);
    if (s->bad_rows > EV_MAX_REPORTED)
        diag_at(er->sink, DC_MORE_BAD_ROWS, er->path, 0, 0, "%zu more bad rows not shown",
                s->bad_rows - EV_MAX_REPORTED);
    bool ok = er->sink->errors == er->errors0;
    for (size_t i = 0; i < KIND_CACHE; i++)
        free(er->kinds[i].text);
    free(er);
    return ok;
}

bool ev_read_file(ev_store *s, const char *path, tbl_format format, diag_sink *sink)
{
    return ev_read_reader(s, ev_open(s, path, format, sink));
}

bool ev_read_reader(ev_store *s, ev_reader *er)
{
    if (!er)
        return false;
    ev_row row;
    while (ev_next(er, s, &row))
        ;
    return ev_close(er, s);
}

void ev_add_test_events(ev_store *s, const test_decl *t)
{
    ev_case *c = get_case(s, "test", 4);
    const ast_program *p = s->prog;
    for (const test_event *te = t->events; te; te = te->next) {
        if (!te->decl)
            continue;
        int line, col;
        src_file_position(te->sp.file, te->sp.off, &line, &col);
        cal_moment when = {cal_from_packed(te->date), -1, 0};
        ev_event *e = add_event(s, c, te->decl->index, when, (uint32_t)line);
        for (const test_attr *a = te->attrs; a; a = a->next) {
            if (a->index < 0)
                continue;
            value *v = &e->attrs[a->index];
            const expr *x = a->value;
            switch (x->kind) {
            case EX_INT: v->k = V_INT; v->i = x->u.i; break;
            case EX_BOOL: v->k = V_BOOL; v->i = x->u.b; break;
            case EX_DATE: v->k = V_DATE; v->i = cal_from_packed(x->u.date); break;
            case EX_TEXT: v->k = V_TEXT; v->s = x->u.text; break;
            case EX_DURATION: v->k = V_DURATION; v->dur = x->u.dur; break;
            case EX_NAME:
                if (x->u.name.res == RES_ROLE) {
                    v->k = V_ROLE;
                    v->i = x->u.name.decl->index;
                } else if (x->u.name.res == RES_ENUM_VALUE) {
                    v->k = V_ENUM;
                    v->i = x->u.name.index;
                }
                break;
            case EX_ATTR:
            case EX_STATE_AT:
            case EX_NOT:
            case EX_NEG:
            case EX_BINARY:
            case EX_IN:
            case EX_FIRST:
            case EX_LAST:
            case EX_COUNT:
            case EX_EXISTS:
                break;
            }
        }
    }
    (void)p;
}

static int cmp_event(const void *a, const void *b)
{
    const ev_event *x = a, *y = b;
    if (x->date != y->date)
        return x->date < y->date ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Whether C's events are already in (date, input order) order. */
static bool sorted_events(const ev_case *c)
{
    for (size_t j = 1; j < c->count; j++)
        if (cmp_event(&c->events[j - 1], &c->events[j]) > 0)
            return false;
    return true;
}

static int cmp_case(const void *a, const void *b)
{
    const ev_case *x = a, *y = b;
    return strcmp(x->id, y->id);
}

void ev_store_finish(ev_store *s)
{
    s->last_case = 0; /* the cases are sorted below */
    for (size_t i = 0; i < s->ncases; i++)
        if (!sorted_events(&s->cases[i])) /* exports are usually in date order */
            qsort(s->cases[i].events, s->cases[i].count, sizeof(ev_event), cmp_event);
    if (s->ncases) /* cases is NULL when nothing was read */
        qsort(s->cases, s->ncases, sizeof *s->cases, cmp_case);
    strmap_free(&s->case_index);
    strmap_init(&s->case_index);
    for (size_t i = 0; i < s->ncases; i++)
        strmap_put(&s->case_index, s->cases[i].id, (void *)(uintptr_t)(i + 1));
}
