/*
 * index.c — declarations and their uses; see index.h.
 */
#define _XOPEN_SOURCE 700 /* realpath */
#include "index.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

static void add(lsp_index *ix, span sp, const decl *d, int value, bool is_def)
{
    if (!d || !sp.file || sp.len == 0)
        return;
    ix->items = xgrow(ix->items, &ix->cap, ix->count, sizeof *ix->items, 64);
    ix->items[ix->count++] = (lsp_occ){sp, d, value, is_def};
}

static void add_name(lsp_index *ix, const ast_name *n, const decl *d)
{
    if (n->text)
        add(ix, n->sp, d, -1, false);
}

/* The names an expression uses, recursively. */
static void walk_expr(lsp_index *ix, const expr *e)
{
    if (!e)
        return;
    {
        switch (e->kind) {
        case EX_NAME:
            if (e->u.name.res == RES_ROLE || e->u.name.res == RES_STATE)
                add(ix, e->u.name.name.sp, e->u.name.decl, -1, false);
            else if (e->u.name.res == RES_ENUM_VALUE)
                add(ix, e->u.name.name.sp, e->u.name.decl, e->u.name.index, false);
            break;
        case EX_ATTR:
            walk_expr(ix, e->u.attr.base);
            break;
        case EX_STATE_AT:
            add_name(ix, &e->u.state_at.state, e->u.state_at.decl);
            walk_expr(ix, e->u.state_at.at);
            break;
        case EX_NOT:
        case EX_NEG:
            walk_expr(ix, e->u.un.e);
            break;
        case EX_BINARY:
            walk_expr(ix, e->u.bin.l);
            walk_expr(ix, e->u.bin.r);
            break;
        case EX_IN:
            walk_expr(ix, e->u.in.lhs);
            for (const expr *i = e->u.in.items; i; i = i->next)
                walk_expr(ix, i);
            break;
        case EX_FIRST:
        case EX_LAST:
        case EX_COUNT:
        case EX_EXISTS:
            add_name(ix, &e->u.query.event, e->u.query.decl);
            walk_expr(ix, e->u.query.a);
            walk_expr(ix, e->u.query.b);
            walk_expr(ix, e->u.query.cond);
            break;
        case EX_DURATION:
            walk_expr(ix, e->dur_count); /* `(last plan before v).every days` */
            break;
        case EX_DATE:
        case EX_INT:
        case EX_BOOL:
        case EX_TEXT:
            break;
        }
    }
}

static void walk_rule(lsp_index *ix, const rule_decl *r)
{
    /* Every name of `when A or B`, `x or y must C or D`. */
    if (r->trig == TRIG_EVENT)
        for (const name_list *n = r->triggers; n; n = n->next)
            add_name(ix, &n->name, n->decl);
    else
        add_name(ix, &r->trigger, r->esc_rule);
    for (const name_list *n = r->roles; n; n = n->next)
        add_name(ix, &n->name, n->decl);
    for (const name_list *n = r->actions; n; n = n->next)
        add_name(ix, &n->name, n->decl);
    add_name(ix, &r->edition, r->edition_decl);
    walk_expr(ix, r->not_before);
    walk_expr(ix, r->trigger_where);
    for (const cond *k = r->conds; k; k = k->next)
        walk_expr(ix, k->e);
    add_name(ix, &r->while_state, r->while_decl);
    add_name(ix, &r->overrides, r->overrides_decl);
    walk_expr(ix, r->overrides_when);
    walk_expr(ix, r->duty_where);
    walk_expr(ix, r->require);
    walk_expr(ix, r->due.within_count);
    for (const milestone *m = r->due.milestones; m; m = m->next)
        walk_expr(ix, m->count);
    walk_expr(ix, r->due.window_count);
    walk_expr(ix, r->due.of);
    walk_expr(ix, r->due.by);
    walk_expr(ix, r->due.to);
    add_name(ix, &r->due.before, r->due.before_decl);
    walk_expr(ix, r->due.before_where);
}

static void walk_test(lsp_index *ix, const test_decl *t)
{
    for (const test_event *te = t->events; te; te = te->next) {
        add_name(ix, &te->kind, te->decl);
        for (const test_attr *a = te->attrs; a; a = a->next)
            walk_expr(ix, a->value);
    }
    for (const expectation *x = t->expects; x; x = x->next) {
        add_name(ix, &x->rule, x->rule_decl);
        if (x->has_role)
            add_name(ix, &x->role, x->role_decl);
    }
}

static void walk_decl(lsp_index *ix, const decl *d)
{
    switch (d->kind) {
    case D_ROLE:
    case D_EVENT:
    case D_STATE:
    case D_RULE:
    case D_ENUM:
    case D_EDITION:
        if (d->name.text)
            add(ix, d->name.sp, d, -1, true);
        break;
    case D_EXTEND:
        add_name(ix, &d->u.extend.event, d->u.extend.decl);
        break;
    case D_IMPORT:
        add(ix, d->u.import.path.sp, d, -1, true);
        break;
    case D_POLICY:
    case D_TEST:
    case D_UNCITED:
    case D_MUTANT:
        break;
    }
    switch (d->kind) {
    case D_ENUM: {
        int i = 0;
        for (const enum_value *v = d->u.enm.values; v; v = v->next, i++)
            add(ix, v->name.sp, d, i, true);
        break;
    }
    case D_EVENT:
        for (const attr_decl *a = d->u.event.attrs; a; a = a->next)
            if (a->ty.k == T_ENUM)
                add_name(ix, &a->type_name, a->ty.en);
        break;
    case D_STATE:
        for (const name_list *n = d->u.state.from; n; n = n->next)
            add_name(ix, &n->name, n->decl);
        for (const name_list *n = d->u.state.until; n; n = n->next)
            add_name(ix, &n->name, n->decl);
        walk_expr(ix, d->u.state.for_count);
        walk_expr(ix, d->u.state.close_at);
        add_name(ix, &d->u.state.ext_event, d->u.state.ext_decl);
        walk_expr(ix, d->u.state.ext_to);
        break;
    case D_RULE:
        walk_rule(ix, &d->u.rule);
        break;
    case D_TEST:
        walk_test(ix, &d->u.test);
        break;
    case D_POLICY:
    case D_IMPORT:
    case D_ROLE:
    case D_UNCITED:
    case D_MUTANT:
    case D_EDITION:
        break;
    case D_EXTEND:
        for (const attr_decl *a = d->u.extend.attrs; a; a = a->next)
            if (a->ty.k == T_ENUM)
                add_name(ix, &a->type_name, a->ty.en);
        break;
    }
}

void lsp_index_build(lsp_index *ix, const ast_program *p)
{
    memset(ix, 0, sizeof *ix);
    for (const ast_file *f = p->files; f; f = f->next)
        for (const decl *d = f->decls; d; d = d->next)
            walk_decl(ix, d);
}

void lsp_index_free(lsp_index *ix)
{
    free(ix->items);
    memset(ix, 0, sizeof *ix);
}

const lsp_occ *lsp_index_at(const lsp_index *ix, const src_file *file, uint32_t off)
{
    for (size_t i = 0; i < ix->count; i++) {
        const lsp_occ *o = &ix->items[i];
        if (o->sp.file == file && off >= o->sp.off && off <= o->sp.off + o->sp.len)
            return o;
    }
    return NULL;
}

bool lsp_occ_same(const lsp_occ *a, const lsp_occ *b)
{
    return a->d == b->d && a->value == b->value;
}

const lsp_occ *lsp_index_def(const lsp_index *ix, const lsp_occ *o)
{
    for (size_t i = 0; i < ix->count; i++)
        if (ix->items[i].is_def && lsp_occ_same(&ix->items[i], o))
            return &ix->items[i];
    return NULL;
}

char *lsp_import_target(const src_file *file, const decl *d)
{
    const char *name = file->name;
    const char *slash = strrchr(name, '/');
    const char *path = d->u.import.path.text;
    char *joined = path[0] == '/' || !slash ? xstrdup(path)
                                            : xasprintf("%.*s/%s", (int)(slash - name), name, path);
    char buf[PATH_MAX];
    char *real = realpath(joined, buf) ? xstrdup(buf) : NULL;
    free(joined);
    return real;
}
