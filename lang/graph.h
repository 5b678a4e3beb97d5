/*
 * graph.h — a checked policy as a Graphviz DOT graph (`docket graph`): what
 * is drawn is described at the top of graph.c and in the output's legend.
 */
#ifndef DOCKET_GRAPH_H
#define DOCKET_GRAPH_H

#include <stdio.h>

#include "program.h"

/* Write P (loaded without errors from PATH) to F as one DOT digraph, in
 * declaration order so that the output is stable. PATH names the graph
 * when the policy has no qualified name. Write errors are left in F. */
void graph_dot(FILE *f, const ast_program *p, const char *path);

#endif
