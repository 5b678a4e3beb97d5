/*
 * events.h — case events read from case files (CSV, JSON Lines) or a test
 * block, every value checked against the event's declared type, into one
 * timeline per case.
 *
 * Ownership: an ev_store owns every case, event and string read into it
 * (ev_store_free).
 */
#ifndef DOCKET_EVENTS_H
#define DOCKET_EVENTS_H

#include <stdbool.h>
#include <stdint.h>

#include "lang/program.h"
#include "interpreter/time/calendar.h"
#include "interpreter/time/moment.h"
#include "table.h"

/* ------------------------------------------------------------ values */

typedef enum { V_ABSENT, V_INT, V_BOOL, V_DATE, V_TEXT, V_ROLE, V_ENUM, V_DURATION } val_kind;

typedef struct value {
    val_kind k;
    int64_t i;          /* int, bool, date (day), role index, enum value index */
    const char *s;      /* text */
    duration dur;
} value;

/* ------------------------------------------------------------ events */

typedef struct ev_event {
    int kind;           /* index of the event decl in program->events */
    cal_day date;
    uint32_t line;      /* input line (or test line) */
    uint32_t seq;       /* input order */
    int32_t tod;        /* UK local seconds since midnight, or -1: a date only */
    int16_t utc_off;    /* minutes east of UTC at that time (when tod >= 0) */
    value *attrs;       /* one per declared attribute, in declaration order */
} ev_event;

typedef struct ev_case {
    const char *id;
    ev_event *events;   /* sorted by (date, seq) after ev_store_finish */
    size_t count, cap;
} ev_case;

typedef struct ev_store {
    const ast_program *prog;
    arena mem;
    ev_case *cases;     /* sorted by id after ev_store_finish */
    size_t ncases, capcases;
    strmap case_index;  /* id -> case number + 1 */
    size_t last_case;   /* the case of the last event added, + 1 (0: none) */
    uint32_t seq;
    /* Rows skipped because the policy does not declare their kind. */
    strmap skipped;     /* kind -> count (stored as uintptr_t) */
    size_t nskipped, rows, bad_rows;
    /* Filled cells in columns the row's event does not declare: ignored,
     * counted per "event.column" (uintptr_t counts). */
    strmap ignored;
    size_t nignored;
    const char *source_name;
    /* How case files are read: day-month order (--dates dmy) and the text
     * that stands for an empty cell (--null NULL; NULL: none). */
    cal_order order;
    const char *null_token;
    /* Checking only (the runner's first pass): every row is checked and
     * counted, none is kept. With count_later, nlater counts the events
     * dated after as_of. */
    bool check_only, count_later;
    bool no_counts;     /* rows read a second time: ignored cells not counted again */
    cal_day as_of;
    size_t nlater;
} ev_store;

void ev_store_init(ev_store *s, const ast_program *prog);
void ev_store_free(ev_store *s);

/* Read every row of a case event file into S. Bad rows are reported to SINK
 * with file:line:col and counted in s->bad_rows. Returns false when the file
 * could not be read at all. */
bool ev_read_file(ev_store *s, const char *path, tbl_format format, diag_sink *sink);
/* Reading a file record by record (what ev_read_file does in one go), so
 * that a caller can check the whole file first and read each case again
 * later (interpreter/run.c). */
typedef struct ev_reader ev_reader;

/* Bad rows reported one by one; the rest are counted in one message. */
#define EV_MAX_REPORTED 50

typedef struct ev_row {
    const char *case_id;     /* the record's case (valid until the next call), or NULL */
    size_t case_len;
    uint64_t off;            /* where the record starts in the file, for ev_seek */
    int line;
    bool event;              /* a good row of a declared kind (an event) */
    bool bad;                /* a row in error (reported) */
} ev_row;

/* Open PATH for S's program and check its header (errors to SINK); NULL
 * when it cannot be read. */
ev_reader *ev_open(ev_store *s, const char *path, tbl_format format, diag_sink *sink);
/* The same over an opened table reader R (ev_close closes it); PATH names
 * it in messages (eval --mapping reads the mapped events from memory). */
ev_reader *ev_open_reader(ev_store *s, tbl_reader *r, const char *path, tbl_format format, diag_sink *sink);
/* Every record of ER into S, then ev_close (ER NULL: false). */
bool ev_read_reader(ev_store *s, ev_reader *er);
/* Read the next record: check it, count it in S and, unless
 * S->check_only, add its event to S. 1 with *ROW filled; 0 at the end. */
int ev_next(ev_reader *er, ev_store *s, ev_row *row);
/* Read on from a record ev_next returned (its off and line). */
bool ev_seek(ev_reader *er, uint64_t off, int line);
bool ev_seekable(const ev_reader *er);
/* Read no record that starts at or after offset END (tbl_set_end), and
 * where reading has got to (tbl_position): for checking a file in parts. */
void ev_set_end(ev_reader *er, uint64_t end);
uint64_t ev_position(const ev_reader *er, int *line);
/* Close; the ignored-cell counts go to S. True when no error was
 * reported since ev_open. */
bool ev_close(ev_reader *er, ev_store *s);

/* Add the events of a test block (one case, id "test"). */
void ev_add_test_events(ev_store *s, const test_decl *t);
/* Sort each case's timeline by (date, input order) and the cases by id. */
void ev_store_finish(ev_store *s);

#endif
