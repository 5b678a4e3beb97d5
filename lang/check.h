/*
 * check.h — the checker: names resolved, types checked, and every problem
 * of a parsed program reported (one run reports every error of every file).
 */
#ifndef DOCKET_CHECK_H
#define DOCKET_CHECK_H

#include <stddef.h>

#include "program.h"

/* Run the checker over P's parsed files (called by program_load). */
void check_program(ast_program *p, diag_sink *sink);

/* The interpreter's kind number for the N events EVS (one event: its index;
 * several: an event group, created if no group holds exactly them). */
int program_event_group(ast_program *p, decl *const *evs, size_t n);

/* Printable type name ("date", "enum outcome", "event visit"). */
const char *type_name(type t, char *buf, size_t n);

#endif
