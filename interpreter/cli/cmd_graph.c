/*
 * cmd_graph.c — `docket graph POLICY`: argv to graph_dot (lang/graph.h).
 */
#include <string.h>

#include "lang/graph.h"
#include "cli.h"

static const char graph_usage[] =
    "usage: docket graph POLICY\n\n"
    "Print the policy as a Graphviz DOT graph on standard output: events are\n"
    "boxes; each duty is an edge from its trigger to the event that fulfils it,\n"
    "labelled with the rule, the role and the deadline; constraints are notes;\n"
    "exceptions are dashed edges; states are clusters around the events that\n"
    "open and close them. Only events some rule or state mentions are drawn.\n"
    "Render it with, for example:\n\n"
    "    docket graph policy.docket | dot -Tsvg -o policy.svg\n\n"
    "Exit status: 0 success, 1 the policy has errors (printed), 2 usage.\n";

int cmd_graph(int argc, char **argv)
{
    const char *path = NULL;
    bool options = true;
    for (int i = 1; i < argc; i++) {
        if (options && cli_is_help(argv[i])) {
            fputs(graph_usage, stdout);
            return 0;
        } else if (options && strcmp(argv[i], "--") == 0) {
            options = false;
        } else if (options && argv[i][0] == '-' && argv[i][1] != '\0') {
            return cli_usage_error("graph", "unknown option '%s'", argv[i]);
        } else if (!path) {
            path = argv[i];
        } else {
            return cli_usage_error("graph", "one policy at a time");
        }
    }
    if (!path)
        return cli_usage_error("graph", "expected a policy file");
    diag_sink sink;
    cli_diag_init(&sink, false);
    ast_program *p = program_load(path, &sink);
    int rc = 1;
    if (p && !p->errors && sink.errors == 0) {
        graph_dot(stdout, p, path);
        rc = 0;
    }
    diag_flush(&sink);
    diag_free(&sink);
    program_free(p);
    return rc; /* a failed write is reported by cli_finish */
}
