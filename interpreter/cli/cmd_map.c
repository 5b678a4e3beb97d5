/*
 * cmd_map.c — `docket map MAPPING DIR [options]`, and the mapping steps that
 * `docket check` (a mapping file) and `docket eval --mapping` share.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "interpreter/mapper.h"

static const char map_usage[] =
    "usage: docket map MAPPING DIR [--format csv|jsonl] [--policy POLICY]\n"
    "                  [--dates ymd|dmy] [--null TEXT] [--set NAME=VALUE]...\n\n"
    "Turn the tables of an extract (DIR/TABLE.csv, one file per table, and the\n"
    "lookups in DIR/config/) into case events, as MAPPING says, and print them\n"
    "as a case event file. On standard error, what became of every row of\n"
    "every table, the parameters used and what the extract does not record.\n\n"
    "  --format F       csv (default) or jsonl\n"
    "  --policy POLICY  check the mapping against POLICY's vocabulary (default:\n"
    "                   the vocabulary the mapping names)\n"
    "  --dates dmy      read dates as dd/mm/yyyy (default: the mapping's dates)\n"
    "  --null TEXT      a cell holding exactly TEXT is empty (default: the\n"
    "                   mapping's null)\n"
    "  --set NAME=V     give the mapping's parameter NAME the value V\n\n"
    "Exit status: 0 events printed; 1 the mapping or the extract is wrong\n"
    "(diagnostics printed, no events); 2 usage.\n";

bool cli_load_mapping(const char *path, const char *policy, diag_sink *sink, mapping **mp, ast_program **pp)
{
    *mp = NULL;
    *pp = NULL;
    mapping *m = mapping_load(path, sink);
    if (!m)
        return false;
    *mp = m;
    char *vocab = policy ? NULL : mapping_vocabulary_path(m);
    if (!policy && !vocab) {
        diag_span(sink, DC_NO_VOCABULARY, m->src, m->name_off, m->name_len, "mapping %s names no vocabulary to check against",
                  m->name);
        diag_hint(sink, "Write vocabulary \"../common/vocabulary.docket\" in the mapping, or give --policy POLICY.");
        return false;
    }
    ast_program *p = program_load(policy ? policy : vocab, sink);
    free(vocab);
    *pp = p;
    if (!p || p->errors)
        return false;
    return mapping_check(m, p, sink) == 0;
}

bool cli_is_mapping_file(const char *path)
{
    /* Standard input cannot be read twice: a policy there is a policy. */
    if (strcmp(path, "-") == 0)
        return false;
    src_file *f = src_file_read(path);
    if (!f)
        return false;
    bool yes = mapping_sniff(f);
    src_file_free(f);
    return yes;
}

bool cli_map_options(const char *cmd, const char *dates, const char *null_token, const char *const *set, size_t nset,
                     map_options *o, int *rc)
{
    memset(o, 0, sizeof *o);
    if (dates) {
        if (!cli_date_order(dates, &o->order)) {
            *rc = cli_usage_error(cmd, "unknown date order '%s' (ymd or dmy)", dates);
            return false;
        }
        o->order_set = true;
    }
    o->null_token = null_token;
    o->set = set;
    o->nset = nset;
    return true;
}

bool cli_map_to_csv(const mapping *m, const ast_program *p, const map_options *o, diag_sink *sink, char **buf,
                    size_t *len)
{
    *buf = NULL;
    *len = 0;
    map_result r;
    bool ok = map_run(m, p, o, sink, &r);
    if (ok) {
        map_summary(&r, m, o->dir, stderr);
        FILE *mem = open_memstream(buf, len);
        ok = mem && map_write(&r, mem, false);
        if (mem)
            fclose(mem);
    }
    map_result_free(&r);
    return ok;
}

bool *cli_not_recorded(const mapping *m, const ast_program *p)
{
    bool *nr = xcalloc(p->events.count ? p->events.count : 1, sizeof *nr);
    for (size_t k = 0; k < p->events.count; k++) {
        const char *name = p->events.items[k]->name.text;
        bool mapped = false;
        for (const mtable *t = m->tables; t && !mapped; t = t->next)
            for (const mrule *r = t->rules; r && !mapped; r = r->next)
                mapped = r->kind == MR_EVENT && strcmp(r->name, name) == 0;
        nr[k] = !mapped;
    }
    return nr;
}

int cmd_map(int argc, char **argv)
{
    const char *pos[2] = {NULL, NULL};
    int npos = 0;
    const char *format_s = "csv", *policy = NULL, *dates = NULL, *null_token = NULL;
    const char **set = xcalloc((size_t)argc + 1, sizeof *set);
    size_t nset = 0;
    int rc = 2;
    const cli_opt opts[] = {
        {.name = "--format", .value = &format_s},
        {.name = "--policy", .value = &policy},
        {.name = "--dates", .value = &dates},
        {.name = "--null", .value = &null_token},
        {.name = "--set", .list = set, .nlist = &nset, .max = (size_t)argc},
        {.name = NULL},
    };
    int prc = cli_parse(argc, argv, "map", map_usage, opts, pos, 2, &npos);
    if (prc) {
        free(set);
        return prc < 0 ? 0 : prc;
    }
    if (npos < 2) {
        rc = cli_usage_error("map", "expected a mapping file and an extract's folder");
        goto out;
    }
    bool jsonl = strcmp(format_s, "jsonl") == 0;
    if (!jsonl && strcmp(format_s, "csv") != 0) {
        rc = cli_usage_error("map", "unknown format '%s' (csv or jsonl)", format_s);
        goto out;
    }
    map_options o;
    if (!cli_map_options("map", dates, null_token, set, nset, &o, &rc))
        goto out;
    o.dir = pos[1];
    diag_sink sink;
    cli_diag_init(&sink, false);
    mapping *m;
    ast_program *p;
    rc = 1;
    if (cli_load_mapping(pos[0], policy, &sink, &m, &p)) {
        map_result r;
        if (map_run(m, p, &o, &sink, &r)) {
            map_summary(&r, m, o.dir, stderr);
            rc = map_write(&r, stdout, jsonl) ? 0 : 1;
            if (rc)
                diag_at(&sink, DC_OUTPUT, NULL, 0, 0, "cannot write the events");
        }
        map_result_free(&r);
    }
    diag_flush(&sink);
    diag_free(&sink);
    mapping_free(m);
    program_free(p);
out:
    free(set);
    return rc;
}
