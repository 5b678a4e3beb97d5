/*
 * diag_codes.h — the ONE table of diagnostic codes.
 *
 * Every diagnostic names the kind of problem it reports with a code: a
 * stable identifier that scripts, CI annotations (SARIF rules) and editors
 * may rely on. A message may be reworded; its code does not change. The
 * severity belongs to the kind (a warning code is a warning everywhere,
 * unless --warnings-as-errors). docs/cli.md lists every code in a table
 * (`make test` checks that the table and this list agree, and that every
 * diagnostic the golden tests produce carries a documented code).
 *
 * To report a new kind of problem, add a line here (and to docs/cli.md) and
 * pass its DC_ name to diag_span or diag_at.
 *
 * X(ENUM, "code", SEVERITY, "what it reports")
 */
#ifndef DOCKET_DIAG_CODES_H
#define DOCKET_DIAG_CODES_H

#define DIAG_CODES(X)                                                                                       \
    /* reading files */                                                                                     \
    X(DC_FILE_UNREADABLE, "file-unreadable", DIAG_ERROR, "a file named on the command line cannot be read") \
    X(DC_IMPORT_UNREADABLE, "import-unreadable", DIAG_ERROR, "an imported file cannot be found or read")    \
    X(DC_IMPORT_CYCLE, "import-cycle", DIAG_ERROR, "files import each other in a cycle")                    \
    X(DC_OUTSIDE_TREE, "outside-policy-tree", DIAG_ERROR, "an import or source outside the policy tree")      \
    X(DC_INPUT_LIMIT, "input-limit", DIAG_ERROR, "an input past one of Docket's limits (size, length)")      \
    X(DC_ENCODING, "encoding", DIAG_ERROR, "a NUL byte, control character or invalid UTF-8 in an input")  \
    X(DC_NESTING, "nesting-too-deep", DIAG_ERROR, "a policy or mapping expression nested too deeply, or too long a chain of operators") \
    /* words and literals */                                                                                \
    X(DC_STRING_ESCAPE, "string-escape", DIAG_ERROR, "an unknown backslash escape in a string")             \
    X(DC_UNTERMINATED_STRING, "unterminated-string", DIAG_ERROR, "a string without its closing quote")      \
    X(DC_SINGLE_QUOTES, "single-quotes", DIAG_ERROR, "a string written in single quotes")                   \
    X(DC_NO_SUCH_DATE, "no-such-date", DIAG_ERROR, "a date that is not in the calendar (2025-02-30)")       \
    X(DC_NUMBER_TOO_LARGE, "number-too-large", DIAG_ERROR, "a number too large to count with")              \
    X(DC_BAD_WORD, "bad-word", DIAG_ERROR, "a word that is neither a number nor a name (15days)")           \
    X(DC_UNEXPECTED_CHARACTER, "unexpected-character", DIAG_ERROR, "a character the language does not use") \
    /* grammar */                                                                                           \
    X(DC_SYNTAX, "syntax", DIAG_ERROR, "a word or symbol where the grammar expects another")                \
    X(DC_RESERVED_WORD, "reserved-word", DIAG_ERROR, "a keyword used as a name")                            \
    X(DC_REPEATED_HEADER, "repeated-header-field", DIAG_ERROR, "a policy header field given twice")       \
    X(DC_DEADLINE_WITHOUT_DUE, "deadline-without-due", DIAG_ERROR, "a deadline written without 'due'")      \
    X(DC_WORKING_NOT_DAYS, "working-not-days", DIAG_ERROR, "'working' with weeks, months or years")         \
    X(DC_LATENESS_UNIT, "lateness-unit", DIAG_ERROR, "days late written in another unit")                   \
    X(DC_REPEATED_CLAUSE, "repeated-clause", DIAG_ERROR, "a rule clause written twice")                     \
    X(DC_DUTY_AND_REQUIRE, "duty-and-require", DIAG_ERROR, "a rule with both a duty and a 'require'")       \
    X(DC_TEST_TWO_AS_OF, "test-two-as-of", DIAG_ERROR, "a test with two 'as of' dates")                     \
    /* declarations and names */                                                                            \
    X(DC_UNKNOWN_NAME, "unknown-name", DIAG_ERROR, "a name that is not declared (role, event, state, ...)") \
    X(DC_UNKNOWN_ATTRIBUTE, "unknown-attribute", DIAG_ERROR, "an attribute the event does not declare")     \
    X(DC_DUPLICATE, "duplicate-name", DIAG_ERROR, "a name declared twice, or declared as two kinds")        \
    X(DC_ONE_POLICY, "one-policy", DIAG_ERROR, "more than one policy header in a program")                  \
    X(DC_TOO_MANY_ATTRIBUTES, "too-many-attributes", DIAG_ERROR, "an event with more than 64 attributes")   \
    X(DC_EVENT_NAME, "event-name", DIAG_ERROR, "an event named with a word reserved for queries")           \
    X(DC_UNUSED, "unused-declaration", DIAG_WARNING, "a role, event, enum or state no rule uses")           \
    /* types and durations */                                                                               \
    X(DC_TYPE, "type-mismatch", DIAG_ERROR, "a value of the wrong type for where it is used")               \
    X(DC_DURATION_NOT_POSITIVE, "duration-not-positive", DIAG_ERROR, "a deadline or period of zero")        \
    X(DC_DURATION_TOO_LONG, "duration-too-long", DIAG_ERROR, "a duration over a hundred years")             \
    X(DC_EXISTS_JOIN, "exists-join", DIAG_WARNING, "'and'/'or' after an unparenthesised exists-where")      \
    /* rules */                                                                                             \
    X(DC_NO_TRIGGER, "missing-trigger", DIAG_ERROR, "a rule with no 'when' (and none to inherit)")          \
    X(DC_NO_DUTY, "missing-duty", DIAG_ERROR, "a rule that asks nothing of anyone")                         \
    X(DC_ACTION_NOT_EVENT, "action-not-event", DIAG_ERROR, "a duty whose action names no event")            \
    X(DC_CONSTRAINT_DEADLINE, "constraint-deadline", DIAG_ERROR, "a 'require' constraint with a deadline")  \
    X(DC_SCHEDULE_ORDER, "schedule-order", DIAG_ERROR, "schedule milestones out of order")                  \
    X(DC_OVERRIDE_CYCLE, "override-cycle", DIAG_ERROR, "a rule overriding itself, or overrides in a cycle") \
    X(DC_OR_JOINER, "or-joiner", DIAG_ERROR, "triggers, roles or actions joined with ',' or 'and', not 'or'") \
    X(DC_SHARED_ATTRIBUTE, "shared-attribute", DIAG_ERROR, "an attribute not declared alike by every 'or' event") \
    X(DC_TRIGGER_NOT_EVENT, "trigger-not-event", DIAG_ERROR, "a rule named after 'when' without 'overdue'") \
    X(DC_EXTEND_EMPTY, "extend-empty", DIAG_ERROR, "an 'extend event' that adds no attributes")          \
    X(DC_INCLUSIVE_UNIT, "inclusive-unit", DIAG_ERROR, "'inclusive' on a deadline not counted in days")   \
    X(DC_PROHIBITION_DEADLINE, "prohibition-deadline", DIAG_ERROR, "a 'must not ... before' with 'due'")  \
    X(DC_ESCALATION_STATUS, "escalation-status", DIAG_ERROR, "escalating a status the rule never reaches") \
    X(DC_ESCALATION_CYCLE, "escalation-cycle", DIAG_ERROR, "rules escalating into themselves")             \
    X(DC_EDITION_PERIOD, "edition-period", DIAG_ERROR, "an edition that ends before it starts")           \
    X(DC_EDITION_OVERLAP, "edition-overlap", DIAG_ERROR, "two editions in force on the same day")         \
    X(DC_TWO_CALENDARS, "two-calendars", DIAG_ERROR, "a policy naming a calendar and 'calendar none'")     \
    X(DC_NO_CITE, "missing-cite", DIAG_WARNING, "a rule without 'cite'")                                    \
    X(DC_NO_SAYS, "missing-says", DIAG_WARNING, "a rule without 'says'")                                    \
    X(DC_WORKING_DAYS_NO_CALENDAR, "no-calendar", DIAG_WARNING, "working days counted with no calendar")    \
    X(DC_UNKNOWN_CALENDAR, "unknown-calendar", DIAG_ERROR, "a holiday calendar that cannot be found")       \
    X(DC_SOURCE_NOT_FOUND, "source-not-found", DIAG_ERROR, "the policy's source document is missing")       \
    X(DC_QUOTE_NOT_FOUND, "quote-not-found", DIAG_ERROR, "a 'says' or 'uncited' sentence not in the source") \
    /* tests */                                                                                             \
    X(DC_TEST_NO_AS_OF, "test-missing-as-of", DIAG_ERROR, "a test with no 'as of' date")                    \
    X(DC_TEST_EVENT_ORDER, "test-event-order", DIAG_WARNING, "test events not in date order")               \
    X(DC_ATTRIBUTE_TWICE, "attribute-twice", DIAG_ERROR, "an attribute given twice in one test event")      \
    X(DC_DAYS_LATE_STATUS, "days-late-status", DIAG_ERROR, "days late on an expectation that is not late")  \
    /* case event files */                                                                                  \
    X(DC_READ_ERROR, "read-error", DIAG_ERROR, "a data file that fails while it is read")                   \
    X(DC_CSV_SYNTAX, "csv-syntax", DIAG_ERROR, "a malformed CSV record (quotes, field count, header)")       \
    X(DC_JSON_SYNTAX, "jsonl-syntax", DIAG_ERROR, "a JSON Lines row that is not a flat JSON object")        \
    X(DC_MISSING_COLUMN, "missing-column", DIAG_ERROR, "a case event file without case, date or event")     \
    X(DC_EVENT_ROW, "event-row", DIAG_ERROR, "a case event row with a bad date, value or attribute")        \
    X(DC_MORE_BAD_ROWS, "more-bad-rows", DIAG_ERROR, "the count of bad rows past the first fifty")          \
    X(DC_UNKNOWN_CASE, "unknown-case", DIAG_ERROR, "--case names a case the file does not hold")            \
    /* mapping files and extracts */                                                                       \
    X(DC_NOT_RECORDED_MAPPED, "not-recorded-mapped", DIAG_ERROR, "an event both mapped and declared not recorded") \
    X(DC_TABLE_MAPS_NOTHING, "table-maps-nothing", DIAG_ERROR, "a mapping table with no event or ignore rule") \
    X(DC_UNSORTED_TABLE, "unsorted-table", DIAG_ERROR, "previous or next in a table that is not sorted by") \
    X(DC_NO_VOCABULARY, "no-vocabulary", DIAG_ERROR, "a mapping checked with no vocabulary or policy")      \
    X(DC_EXTRACT_COLUMN, "extract-column", DIAG_ERROR, "a column the mapping reads is not in the table's file") \
    X(DC_EXTRACT_TABLE_MISSING, "extract-table-missing", DIAG_WARNING, "a table of the mapping with no file in the extract") \
    X(DC_EXTRACT_VALUE, "extract-value", DIAG_ERROR, "a malformed date, number or value in an extract's cell") \
    X(DC_LOOKUP, "lookup", DIAG_ERROR, "a lookup file without its columns, or with a key given two values") \
    X(DC_LOOKUP_UNKNOWN, "lookup-unknown-value", DIAG_WARNING, "an extract's value its lookup does not list") \
    X(DC_ROW_UNMAPPED, "row-unmapped", DIAG_WARNING, "an extract row that gives no event, not ignored by the mapping") \
    X(DC_MAP_PARAMETER, "map-parameter", DIAG_ERROR, "--set names no parameter of the mapping, or a bad value") \
    /* evaluation */                                                                                        \
    X(DC_OUTSIDE_CALENDAR, "outside-calendar", DIAG_ERROR, "date arithmetic past the calendar's years")     \
    X(DC_DATE_RANGE, "date-range", DIAG_ERROR, "a date outside 0001-01-01 to 9999-12-31")                  \
    X(DC_OUTPUT, "output-error", DIAG_ERROR, "the report cannot be written")                                \
    /* holiday calendars */                                                                                 \
    X(DC_CALENDAR_SYNTAX, "calendar-syntax", DIAG_ERROR, "a malformed calendar row (quotes, fields, dates)") \
    X(DC_CALENDAR_ORDER, "calendar-order", DIAG_ERROR, "holidays repeated or out of date order")            \
    X(DC_CALENDAR_EMPTY, "calendar-empty", DIAG_ERROR, "a calendar file with no header row")                  \
    X(DC_CALENDAR_YEAR_EMPTY, "calendar-year-empty", DIAG_WARNING, "a year inside the calendar with no holidays")

#endif
