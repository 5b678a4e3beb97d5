/*
 * input_limits.h — the limits Docket puts on its inputs, in one place. Each is
 * documented in docs/cli.md ("Limits") and SECURITY.md; an input past a
 * limit is a diagnostic that names the limit, never a crash, a silent
 * truncation or unbounded memory.
 */
#ifndef DOCKET_INPUT_LIMITS_H
#define DOCKET_INPUT_LIMITS_H

/* A policy file (or an imported one), in bytes: 4 MiB. */
#define DOCKET_MAX_POLICY_BYTES ((size_t)4 << 20)
/* A policy's source (guidance) document, in bytes: 16 MiB. */
#define DOCKET_MAX_SOURCE_BYTES ((size_t)16 << 20)
/* A holiday calendar file, in bytes: 1 MiB. */
#define DOCKET_MAX_CALENDAR_BYTES ((size_t)1 << 20)
/* Files one policy may import, directly or not. */
#define DOCKET_MAX_IMPORTS 1000
/* Parentheses (and other nesting) open at once in a policy expression; in
 * a mapping, parentheses, 'not', calls and 'where' conditions. */
#define DOCKET_MAX_NESTING 100
/* The depth of one expression's tree, in a policy or a mapping: a chain of
 * operators (`a and b and ...`, `d + 1 day + 1 day ...`) is that deep
 * without nesting anything, and every pass walks expressions recursively,
 * so a longer one would exhaust the stack. */
#define DOCKET_MAX_EXPR_DEPTH 1000
/* One field (cell) of a case event file, in bytes: 256 KiB. */
#define DOCKET_MAX_FIELD_BYTES ((size_t)256 << 10)
/* One record (a CSV row, possibly over several lines, or a JSON line), in
 * bytes: 1 MiB. */
#define DOCKET_MAX_RECORD_BYTES ((size_t)1 << 20)
/* Fields in one record of a case event file. */
#define DOCKET_MAX_FIELDS 1024
/* Attributes one event may declare. */
#define DOCKET_MAX_ATTRS 64
/* Events one case may have. */
#define DOCKET_MAX_EVENTS_PER_CASE 100000
/* Lines of a case event file (line numbers stay within an int). */
#define DOCKET_MAX_LINES 2000000000

#endif
