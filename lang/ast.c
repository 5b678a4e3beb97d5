/*
 * ast.c — small helpers over the syntax tree.
 */
#include "ast.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const status_names[] = {
    "met", "late", "overdue", "pending", "breached", "cancelled",
};

const char *status_name(ob_status s)
{
    return status_names[s];
}

bool status_from_name(const char *s, ob_status *out)
{
    for (int i = 0; i <= ST_CANCELLED; i++) {
        if (strcmp(s, status_names[i]) == 0) {
            *out = (ob_status)i;
            return true;
        }
    }
    return false;
}

bool ast_date_valid(int y, int m, int d)
{
    static const int mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1)
        return false;
    int n = mdays[m - 1];
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        n = 29;
    return d <= n;
}

ast_date ast_date_add_days(ast_date d, int delta)
{
    int y = d / 10000, m = d / 100 % 100, day = d % 100;
    for (; delta > 0; delta--) {
        if (ast_date_valid(y, m, day + 1))
            day++;
        else if (m < 12)
            m++, day = 1;
        else
            y++, m = 1, day = 1;
    }
    for (; delta < 0; delta++) {
        if (day > 1) {
            day--;
        } else {
            if (m > 1)
                m--;
            else
                y--, m = 12;
            day = 31;
            while (!ast_date_valid(y, m, day))
                day--;
        }
    }
    return y * 10000 + m * 100 + day;
}

char *ast_date_format(ast_date d, char *buf)
{
    uint32_t v = (uint32_t)d;
    unsigned y = v / 10000 % 10000, m = v / 100 % 100, dd = v % 100;
    snprintf(buf, 11, "%04u-%02u-%02u", y, m, dd);
    return buf;
}

const char *binop_text(binop op)
{
    switch (op) {
    case OP_ADD: return "+";
    case OP_SUB: return "-";
    case OP_EQ: return "=";
    case OP_NE: return "!=";
    case OP_LT: return "<";
    case OP_LE: return "<=";
    case OP_GT: return ">";
    case OP_GE: return ">=";
    case OP_AND: return "and";
    case OP_OR: return "or";
    }
    return "?";
}

const char *decl_kind_name(decl_kind k)
{
    switch (k) {
    case D_POLICY: return "policy";
    case D_IMPORT: return "import";
    case D_ROLE: return "role";
    case D_ENUM: return "enum";
    case D_EVENT: return "event";
    case D_STATE: return "state";
    case D_RULE: return "rule";
    case D_TEST: return "test";
    case D_UNCITED: return "uncited";
    case D_MUTANT: return "mutant";
    case D_EXTEND: return "extend";
    case D_EDITION: return "edition";
    }
    return "?";
}

void ast_file_free(ast_file *f)
{
    if (!f)
        return;
    arena_free(&f->arena);
    src_file_free(f->src);
    free(f);
}
