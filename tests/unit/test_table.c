/*
 * test_table.c — the CSV and JSON Lines readers (interpreter/table.c):
 * the csv-spectrum suite, positions, every error kind, recovery after bad
 * records, records across the 64 KiB read chunks, and tbl_format_for.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "interpreter/table.h"

/* ------------------------------------------------------------ helpers */

/* The fixtures directory, found next to this source file. */
static void fixture_dir(char *out, size_t n)
{
    const char *file = __FILE__;
    const char *slash = strrchr(file, '/');
    int dirlen = slash ? (int)(slash - file) : 1;
    snprintf(out, n, "%.*s/fixtures/csv-spectrum", dirlen, slash ? file : ".");
}

static tbl_reader *open_str(const char *text, tbl_format fmt, diag_sink *sink)
{
    return tbl_open_mem("t.csv", text, strlen(text), fmt, sink);
}

/* All records as a JSON array of {name: value} objects (null for NULL). */
static json_t *read_all(tbl_reader *r)
{
    json_t *arr = json_array();
    tbl_record rec;
    while (tbl_next(r, &rec) == 1) {
        json_t *o = json_object();
        for (size_t i = 0; i < rec.nfields; i++) {
            const tbl_field *f = &rec.fields[i];
            json_t *v = f->value ? json_stringn(f->value, f->len) : json_null();
            assert_non_null(v);
            assert_int_equal(json_object_set_new(o, f->name, v), 0);
        }
        json_array_append_new(arr, o);
    }
    return arr;
}

static void expect_diag(const diag_sink *s, size_t i, int line, int col, const char *msg)
{
    assert_true(i < s->count);
    assert_string_equal(s->items[i].message, msg);
    assert_int_equal(s->items[i].line, line);
    assert_int_equal(s->items[i].col, col);
    assert_int_equal(s->items[i].sev, DIAG_ERROR);
}

static void expect_field(const tbl_record *rec, size_t i, const char *name, const char *value,
                         int line, int col)
{
    assert_true(i < rec->nfields);
    const tbl_field *f = &rec->fields[i];
    assert_string_equal(f->name, name);
    if (value) {
        assert_non_null(f->value);
        assert_int_equal(f->len, strlen(value));
        assert_memory_equal(f->value, value, f->len);
        assert_int_equal(f->value[f->len], '\0');
    } else {
        assert_null(f->value);
    }
    assert_int_equal(f->line, line);
    assert_int_equal(f->col, col);
}

/* ------------------------------------------------------------ csv-spectrum */

static const char *const spectrum_cases[] = {
    "comma_in_quotes", "empty",          "empty_crlf", "escaped_quotes",
    "json",            "newlines",       "newlines_crlf", "quotes_and_newlines",
    "simple",          "simple_crlf",    "utf8",
};

static void test_spectrum_case(void **state)
{
    const char *name = spectrum_cases[(uintptr_t)*state];
    char dir[1024], csv[1200], js[1200];
    fixture_dir(dir, sizeof dir);
    snprintf(csv, sizeof csv, "%s/csvs/%s.csv", dir, name);
    snprintf(js, sizeof js, "%s/json/%s.json", dir, name);

    diag_sink sink;
    diag_init_buffer(&sink);
    tbl_reader *r = tbl_open(csv, tbl_format_for(csv), &sink);
    assert_non_null(r);
    json_t *got = read_all(r);
    assert_int_equal(tbl_errors(r), 0);
    assert_int_equal(sink.count, 0);
    tbl_close(r);

    json_error_t err;
    json_t *want = json_load_file(js, 0, &err);
    if (!want)
        fail_msg("%s: %s", js, err.text);
    if (!json_equal(got, want)) {
        char *g = json_dumps(got, JSON_INDENT(2)), *w = json_dumps(want, JSON_INDENT(2));
        print_error("case %s\ngot:  %s\nwant: %s\n", name, g, w);
        free(g);
        free(w);
        fail();
    }
    json_decref(got);
    json_decref(want);
    diag_free(&sink);
}

/* location_coordinates cannot be compared with its JSON: upstream, that file
 * holds a different phone number (1234567890; the CSV has 2095257564) and a
 * single object rather than an array. Its row also has bare quotes inside an
 * unquoted field (37°36'37.8"N), which table.h defines as an error. So the
 * case checks the documented behaviour: the header reads, the row is
 * reported at the first bare quote and skipped. */
static void test_spectrum_location_coordinates(void **state)
{
    (void)state;
    char dir[1024], csv[1200];
    fixture_dir(dir, sizeof dir);
    snprintf(csv, sizeof csv, "%s/csvs/location_coordinates.csv", dir);
    diag_sink sink;
    diag_init_buffer(&sink);
    tbl_reader *r = tbl_open(csv, TBL_CSV, &sink);
    assert_non_null(r);
    const char *const *names;
    assert_int_equal(tbl_header(r, &names), 4);
    assert_string_equal(names[0], "Contact Phone Number");
    assert_string_equal(names[3], "Counties");
    tbl_record rec;
    assert_int_equal(tbl_next(r, &rec), 0);
    assert_int_equal(tbl_errors(r), 1);
    assert_int_equal(sink.errors, 1);
    /* "2095257564," + "37" + U+FFFD (3 bytes) + "36'37.8" = 23 bytes */
    expect_diag(&sink, 0, 2, 24, "unexpected quote inside an unquoted field");
    assert_string_equal(sink.items[0].file, csv);
    tbl_close(r);
    diag_free(&sink);
}

/* Every csvs/X.csv of the fixtures is one of the cases above. */
static void test_spectrum_all_cases_listed(void **state)
{
    (void)state;
    char dir[1024], csvs[1200];
    fixture_dir(dir, sizeof dir);
    snprintf(csvs, sizeof csvs, "%s/csvs", dir);
    DIR *d = opendir(csvs);
    assert_non_null(d);
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        size_t len = strlen(e->d_name);
        if (len < 5 || strcmp(e->d_name + len - 4, ".csv") != 0)
            continue;
        n++;
        bool known = strcmp(e->d_name, "location_coordinates.csv") == 0;
        for (size_t i = 0; i < sizeof spectrum_cases / sizeof *spectrum_cases; i++)
            if (strlen(spectrum_cases[i]) == len - 4 &&
                strncmp(spectrum_cases[i], e->d_name, len - 4) == 0)
                known = true;
        if (!known)
            fail_msg("csv-spectrum case %s is not tested", e->d_name);
    }
    closedir(d);
    assert_int_equal(n, sizeof spectrum_cases / sizeof *spectrum_cases + 1);
}

/* ------------------------------------------------------------ CSV basics */

static void test_csv_header_and_positions(void **state)
{
    (void)state;
    diag_sink sink;
    diag_init_buffer(&sink);
    tbl_reader *r = open_str("id,name,\"when\"\n12,\"Bo\",2024-01-02\n", TBL_CSV, &sink);
    assert_non_null(r);
    const char *const *names;
    assert_int_equal(tbl_header(r, &names), 3);
    assert_string_equal(names[0], "id");
    assert_string_equal(names[1], "name");
    assert_string_equal(names[2], "when");
    tbl_record rec;
    assert_int_equal(tbl_next(r, &rec), 1);
    assert_int_equal(rec.line, 2);
    assert_int_equal(rec.nfields, 3);
    expect_field(&rec, 0, "id", "12", 2, 1);
    expect_field(&rec, 1, "name", "Bo", 2, 4);
    expect_field(&rec, 2, "when", "2024-01-02", 2, 9);
    assert_int_equal(tbl_next(r, &rec), 0);
    assert_int_equal(tbl_next(r, &rec), 0); /* stays at the end */
    assert_int_equal(tbl_errors(r), 0);
    tbl_close(r);
    assert_int_equal(sink.count, 0);
    diag_free(&sink);
}

static void test_csv_bom_skipped(void **state)
{
    (void)state;
    diag_sink sink;
    diag_init_buffer(&sink);
    tbl_reader *r = open_str("\xEF\xBB\xBF" "a,b\n1,2\n", TBL_CSV, &sink);
    assert_non_null(r);
    const char *const *names;
    assert_int_equal(tbl_header(r, &names), 2);
    assert_string_equal(names[0], "a");
    tbl_record rec;
    assert_int_equal(tbl_next(r, &rec), 1);
    expect_field(&rec, 0, "a", "1", 2, 1);
    expect_field(&rec, 1, "b", "2", 2, 3);
    tbl_close(r);

    /* a BOM is skipped only at the start: elsewhere it is data */
    r = open_str("a\n\xEF\xBB\xBFx\n", TBL_CSV, &sink);
    assert_int_equal(tbl_next(r, &rec), 1);
    expect_field(&rec, 0, "a", "\xEF\xBB\xBFx", 2, 1);
    tbl_close(r);
    assert_int_equal(sink.count, 0);
    diag_free(&sink);
}

static void test_csv_crlf(void **state)
{
    (void)state;
    diag_sink sink;
    diag_init_buffer(&sink);
    tbl_reader *r = open_str("a,b\r\n1,\"x\r\ny\"\r\n3,4\r\n", TBL_CSV, &sink);
    assert_non_null(r);
    const char *const *names;
    assert_int_equal(tbl_header(r, &names), 2);
    assert_string_equal(names[1], "b");
    tbl_record rec;
    assert_int_equal(tbl_next(r, &rec), 1);
    assert_int_equal(rec.line, 2);
    expect_field(&rec, 1, "b", "x\r\ny", 2, 3);
    assert_int_equal(tbl_next(r, &rec), 1);
    assert_int_equal(rec.line, 4);
    expect_field(&rec, 0, "a", "3", 4, 1);
    expect_field(&rec, 1, "b", "4", 4, 3);
    assert_int_equal(tbl_next(r, &rec), 0);
    tbl_close(r);

    /* a CR not followed by LF is data */
    r = open_str("a,b\n1\r2,3\n", TBL_CSV, &sink);
    assert_int_equal(tbl_next(r, &rec), 1);
    expect_field(&rec, 0, "a", "1\r2", 2, 1);
    expect_field(&rec, 1, "b", "3", 2, 5);
    tbl_close(r);
    assert_int_equal(sink.count, 0);
    diag_free(&sink);
}

static void test_csv_last_line_without_newline(void **state)
{
    (void)state;
    diag_sink sink;
    diag_init_buffer(&sink);
    const char *texts[] = {"a,b\n1,2", "a,b\n1,\"2\"", "a,b\n1,", "a,b\r\n1,2"};
    const char *last[] = {"2", "2", "", "2"};
    for (size_t i = 0; i < 4; i++) {
        tbl_reader *r = open_str(texts[i], TBL_CSV, &sink);
        assert_non_null(r);
        tbl_record rec;
        assert_int_equal(tbl_next(r, &rec), 1);
        expect_field(&rec, 0, "a", "1", 2, 1);
        expect_field(&rec, 1, "b", last[i], 2, 3);
        assert_int_equal(tbl_next(r, &rec), 0);
        tbl_close(r);
    }
    /* header only, no newline */
    tbl_reader *r = open_str("a,b", TBL_CSV, &sink);
    assert_non_null(r);
    tbl_record rec;
    assert_int_equal(tbl_next(r, &rec), 0);
    tbl_close(r);
    assert_int_equal(sink.count, 0);
    diag_free(&sink);
}

static void test_csv_blank_lines_skipped(void **state)
{
    (void)state;
    diag_sink sink;
    diag_init_buffer(&sink);
    tbl_reader *r = open_str("\n\r\na,b\n\n1,2\r\n\r\n\n3,4\n\n\n", TBL_CSV, &sink);
    assert_non_null(r);
    const char *const *names;
    assert_int_equal(tbl_header(r, &names), 2);
    tbl_record rec;
    assert_int_equal(tbl_next(r, &rec), 1);
    assert_int_equal(rec.line, 5);
    expect_field(&rec, 0, "a", "1", 5, 1);
    assert_int_equal(tbl_next(r, &rec), 1);
    assert_int_equal(rec.line, 8);
    expect_field(&rec, 1, "b", "4", 8, 3);
    assert_int_equal(tbl_next(r, &rec), 0);
    tbl_close(r);

    /* a line of spaces or an empty quoted field is a record, not blank */
    r = open_str("a\n \n\"\"\n", TBL_CSV, &sink);
    assert_int_equal(tbl_next(r, &rec), 1);
    expect_field(&rec, 0, "a", " ", 2, 1);
    assert_int_equal(tbl_next(r, &rec), 1);
    expect_field(&rec, 0, "a", "", 3, 1);
    assert_int_equal(tbl_next(r, &rec), 0);
    tbl_close(r);
    assert_int_equal(sink.count, 0);
    diag_free(&sink);
}

static void test_csv_quoted_newline_next_record_line(void **state)
{
    (void)state;
    diag_sink sink;
    diag_init_buffer(&sink);
    tbl_reader *r = open_str("a,b\n\"x\ny\nz\",1\n2,\"3\"\"\"\n", TBL_CSV, &sink);
    assert_non_null(r);
    tbl_record rec;
    assert_int_equal(tbl_next(r, &rec), 1);
    assert_int_equal(rec.line, 2);
    expect_field(&rec, 0, "a", "x\ny\nz", 2, 1);
    expect_field(&rec, 1, "b", "1", 4, 4);
    assert_int_equal(tbl_next(r, &rec), 1);
    assert_int_equal(rec.line, 5);
    expect_field(&rec, 0, "a", "2", 5, 1);
    expect_field(&rec, 1, "b", "3\"", 5, 3);
    assert_int_equal(tbl_next(r, &rec), 0);
    tbl_close(r);
    assert_int_equal(sink.count, 0);
    diag_free(&sink);
}

/* ------------------------------------------------------------ CSV errors */

static void test_csv_empty_file(void **state)
{
    (void)state;
    const char *texts[] = {"", "\n\n", "\xEF\xBB\xBF", "\r\n"};
    for (size_t i = 0; i < 4; i++) {
        diag_sink sink;
        diag_init_buffer(&sink);
        assert_null(open_str(texts[i], TBL_CSV, &sink));
        assert_int_equal(sink.errors, 1);
        expect_diag(&sink, 0, 1, 1, "empty file: expected a header row");
        assert_string_equal(sink.items[0].file, "t.csv");
        diag_free(&sink);
    }
}

static void test_csv_duplicate_column(void **state)
{
    (void)state;
    diag_sink sink;
    diag_init_buffer(&sink);
    assert_null(open_str("date,id,date\n1,2,3\n", TBL_CSV, &sink));
    assert_int_equal(sink.errors, 1);
    expect_diag(&sink, 0, 1, 9, "duplicate column \"date\" (first at column 1)");
    diag_free(&sink);

    diag_init_buffer(&sink);
    assert_null(open_str("x,id,\"id\",x\n", TBL_CSV, &sink));
    assert_int_equal(sink.errors, 2);
    expect_diag(&sink, 0, 1, 6, "duplicate column \"id\" (first at column 3)");
    expect_diag(&sink, 1, 1, 11, "duplicate column \"x\" (first at column 1)");
    diag_free(&sink);
}

static void test_csv_empty_column_name(void **state)
{
    (void)state;
    diag_sink sink;
    diag_init_buffer(&sink);
    assert_null(open_str("a,,b\n", TBL_CSV, &sink));
    assert_int_equal(sink.errors, 1);
    expect_diag(&sink, 0, 1, 3, "empty column name");
    diag_free(&sink);

    diag_init_buffer(&sink);
    assert_null(open_str("\"\",a,\n", TBL_CSV, &sink));
    assert_int_equal(sink.errors, 2);
    expect_diag(&sink, 0, 1, 1, "empty column name");
    expect_diag(&sink, 1, 1, 6, "empty column name");
    diag_free(&sink);
}

static void test_csv_bad_header_quotes(void **state)
{
    (void)state;
    diag_sink sink;
    diag_init_buffer(&sink);
    assert_null(open_str("a,b\"c\n1,2\n", TBL_CSV, &sink));
    assert_int_equal(sink.errors, 1);
    expect_diag(&sink, 0, 1, 4, "unexpected quote inside an unquoted field");
    diag_free(&sink);
}

static void test_csv_field_count(void **state)
{
    (void)state;
    diag_sink sink;
    diag_init_buffer(&sink);
    tbl_reader *r = open_str("a,b,c\n1,2,3,4\n5,6,7\n1,2\nx\n8,9,10\n", TBL_CSV, &sink);
    assert_non_null(r);
    tbl_record rec;
    assert_int_equal(tbl_next(r, &rec), 1);
    assert_int_equal(rec.line, 3);
    expect_field(&rec, 0, "a", "5", 3, 1);
    assert_int_equal(tbl_next(r, &rec), 1);
    assert_int_equal(rec.line, 6);
    expect_field(&rec, 2, "c", "10", 6, 5);
    assert_int_equal(tbl_next(r, &rec), 0);
    assert_int_equal(tbl_errors(r), 3);
    assert_int_equal(sink.errors, 3);
    expect_diag(&sink, 0, 2, 1, "row has 4 fields; the header has 3");
    expect_diag(&sink, 1, 4, 1, "row has 2 fields; the header has 3");
    expect_diag(&sink, 2, 5, 1, "row has 1 field; the header has 3");
    tbl_close(r);
    diag_free(&sink);
}

static void test_csv_unexpected_quote(void **state)
{
    (void)state;
    diag_sink sink;
    diag_init_buffer(&sink);
    tbl_reader *r = open_str("a,b\n1,x\"y\"z\n2,3\n", TBL_CSV, &sink);
    assert_non_null(r);
    tbl_record rec;
    assert_int_equal(tbl_next(r, &rec), 1);
    expect_field(&rec, 0, "a", "2", 3, 1);
    assert_int_equal(tbl_next(r, &rec), 0);
    assert_int_equal(tbl_errors(r), 1);
    assert_int_equal(sink.errors, 1); /* one report per record */
    expect_diag(&sink, 0, 2, 4, "unexpected quote inside an unquoted field");
    tbl_close(r);
    diag_free(&sink);
}

static void test_csv_text_after_closing_quote(void **state)
{
    (void)state;
    diag_sink sink;
    diag_init_buffer(&sink);
    tbl_reader *r = open_str("a,b\n1,\"x\"y\n2,3\n", TBL_CSV, &sink);
    assert_non_null(r);
    tbl_record rec;
    assert_int_equal(tbl_next(r, &rec), 1);
    assert_int_equal(rec.line, 3);
    assert_int_equal(tbl_next(r, &rec), 0);
    assert_int_equal(tbl_errors(r), 1);
    expect_diag(&sink, 0, 2, 6, "unexpected text after a closing quote");
    tbl_close(r);
    diag_free(&sink);

    /* a space after the closing quote is text too; CRLF after it is not */
    diag_init_buffer(&sink);
    r = open_str("a\n\"x\" \n\"y\"\r\n", TBL_CSV, &sink);
    assert_int_equal(tbl_next(r, &rec), 1);
    expect_field(&rec, 0, "a", "y", 3, 1);
    assert_int_equal(tbl_next(r, &rec), 0);
    expect_diag(&sink, 0, 2, 4, "unexpected text after a closing quote");
    assert_int_equal(sink.errors, 1);
    tbl_close(r);
    diag_free(&sink);
}

static void test_csv_unterminated_quote(void **state)
{
    (void)state;
    diag_sink sink;
    diag_init_buffer(&sink);
    tbl_reader *r = open_str("a,b\n1,2\n\"x,3\n4,5\n", TBL_CSV, &sink);
    assert_non_null(r);
    tbl_record rec;
    assert_int_equal(tbl_next(r, &rec), 1);
    expect_field(&rec, 1, "b", "2", 2, 3);
    assert_int_equal(tbl_next(r, &rec), 0);
    assert_int_equal(tbl_errors(r), 1);
    assert_int_equal(sink.errors, 1);
    /* reported where the input ends (after the final newline: line 5) */
    expect_diag(&sink, 0, 5, 1, "unterminated quoted field (opened at line 3)");
    tbl_close(r);
    diag_free(&sink);

    /* without a final newline; after an earlier error in the same record */
    diag_init_buffer(&sink);
    r = open_str("a,b\nx\"y,\"zz", TBL_CSV, &sink);
    assert_int_equal(tbl_next(r, &rec), 0);
    assert_int_equal(tbl_errors(r), 1);
    assert_int_equal(sink.errors, 2);
    expect_diag(&sink, 0, 2, 2, "unexpected quote inside an unquoted field");
    expect_diag(&sink, 1, 2, 8, "unterminated quoted field (opened at line 2)");
    tbl_close(r);
    diag_free(&sink);
}

/* Rows 2 and 4 are bad; rows 3 and 5 are still yielded. */
static void test_csv_continues_after_bad_rows(void **state)
{
    (void)state;
    diag_sink sink;
    diag_init_buffer(&sink);
    tbl_reader *r = open_str("a,b\nx\"y,1\n3,3\n\"p\"q,4\n5,\"5\n5\"\n6,1,2\n7,7\n", TBL_CSV,
                             &sink);
    assert_non_null(r);
    tbl_record rec;
    assert_int_equal(tbl_next(r, &rec), 1);
    assert_int_equal(rec.line, 3);
    expect_field(&rec, 0, "a", "3", 3, 1);
    assert_int_equal(tbl_next(r, &rec), 1);
    assert_int_equal(rec.line, 5);
    expect_field(&rec, 1, "b", "5\n5", 5, 3);
    assert_int_equal(tbl_next(r, &rec), 1);
    assert_int_equal(rec.line, 8);
    expect_field(&rec, 1, "b", "7", 8, 3);
    assert_int_equal(tbl_next(r, &rec), 0);
    assert_int_equal(tbl_errors(r), 3);
    assert_int_equal(sink.errors, 3);
    expect_diag(&sink, 0, 2, 2, "unexpected quote inside an unquoted field");
    expect_diag(&sink, 1, 4, 4, "unexpected text after a closing quote");
    expect_diag(&sink, 2, 7, 1, "row has 3 fields; the header has 2");
    tbl_close(r);
    diag_free(&sink);
}

static void test_open_missing_file(void **state)
{
    (void)state;
    diag_sink sink;
    diag_init_buffer(&sink);
    assert_null(tbl_open("/nonexistent/docket/x.csv", TBL_CSV, &sink));
    assert_null(tbl_open("/nonexistent/docket/x.jsonl", TBL_JSONL, &sink));
    assert_int_equal(sink.errors, 2);
    assert_string_equal(sink.items[0].file, "/nonexistent/docket/x.csv");
    assert_string_equal(sink.items[0].message, "cannot open file: no such file or directory");
    diag_free(&sink);
}

/* ------------------------------------------------------------ chunks */

/* The value of field "text" in row I of the big input: lengths vary so
 * records, doubled quotes, CRLFs and newlines fall across chunk boundaries;
 * row 1000 is longer than a chunk. */
static size_t big_text(size_t i, char *out)
{
    size_t len = i == 1000 ? 150000 : (i * 37) % 301;
    for (size_t k = 0; k < len; k++) {
        size_t m = (i + k) % 53;
        out[k] = m == 0 ? '"' : m == 7 ? '\n' : m == 11 ? ',' : m == 13 ? '\r' : (char)('a' + m % 26);
    }
    return len;
}

enum { BIG_ROWS = 2500 };

static char *big_input(size_t *len_out)
{
    size_t cap = 8u * 1024 * 1024, n = 0;
    char *s = malloc(cap);
    char *t = malloc(200000);
    assert_non_null(s);
    assert_non_null(t);
    n += (size_t)sprintf(s + n, "id,text,n\r\n");
    for (size_t i = 0; i < BIG_ROWS; i++) {
        size_t tl = big_text(i, t);
        n += (size_t)sprintf(s + n, "%zu,\"", i);
        for (size_t k = 0; k < tl; k++) {
            if (t[k] == '"')
                s[n++] = '"';
            s[n++] = t[k];
        }
        n += (size_t)sprintf(s + n, "\",%zu%s", i * 7, i % 3 == 0 ? "\r\n" : "\n");
        assert_true(n < cap - 400000);
    }
    free(t);
    assert_true(n > 200 * 1024);
    *len_out = n;
    return s;
}

static void check_big(tbl_reader *r, diag_sink *sink)
{
    assert_non_null(r);
    const char *const *names;
    assert_int_equal(tbl_header(r, &names), 3);
    assert_string_equal(names[2], "n");
    char *t = malloc(200000);
    assert_non_null(t);
    int line = 2;
    tbl_record rec;
    for (size_t i = 0; i < BIG_ROWS; i++) {
        assert_int_equal(tbl_next(r, &rec), 1);
        assert_int_equal(rec.line, line);
        assert_int_equal(rec.nfields, 3);
        char id[32], n[32];
        snprintf(id, sizeof id, "%zu", i);
        snprintf(n, sizeof n, "%zu", i * 7);
        size_t tl = big_text(i, t);
        expect_field(&rec, 0, "id", id, line, 1);
        assert_int_equal(rec.fields[1].line, line);
        assert_int_equal(rec.fields[1].col, (int)strlen(id) + 2);
        assert_int_equal(rec.fields[1].len, tl);
        assert_memory_equal(rec.fields[1].value, t, tl);
        for (size_t k = 0; k < tl; k++)
            if (t[k] == '\n')
                line++;
        assert_string_equal(rec.fields[2].value, n);
        assert_int_equal(rec.fields[2].line, line);
        line++;
    }
    assert_int_equal(tbl_next(r, &rec), 0);
    assert_int_equal(tbl_errors(r), 0);
    assert_int_equal(sink->count, 0);
    free(t);
}

static void test_csv_big_mem(void **state)
{
    (void)state;
    size_t len;
    char *s = big_input(&len);
    diag_sink sink;
    diag_init_buffer(&sink);
    tbl_reader *r = tbl_open_mem("big.csv", s, len, TBL_CSV, &sink);
    check_big(r, &sink);
    tbl_close(r);
    diag_free(&sink);
    free(s);
}

static void test_csv_big_file(void **state)
{
    (void)state;
    size_t len;
    char *s = big_input(&len);
    char path[] = "/tmp/docket-test-table-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *fp = fdopen(fd, "wb");
    assert_non_null(fp);
    assert_int_equal(fwrite(s, 1, len, fp), len);
    assert_int_equal(fclose(fp), 0);
    diag_sink sink;
    diag_init_buffer(&sink);
    tbl_reader *r = tbl_open(path, TBL_CSV, &sink);
    check_big(r, &sink);
    tbl_close(r);
    diag_free(&sink);
    unlink(path);
    free(s);
}

/* CRLF, a doubled quote and a quoted CRLF split exactly at the 64 KiB read. */
static void test_csv_chunk_boundary_exact(void **state)
{
    (void)state;
    const size_t chunk = 64 * 1024;
    diag_sink sink;
    diag_init_buffer(&sink);
    for (int kind = 0; kind < 3; kind++) {
        char *s = malloc(chunk + 64);
        assert_non_null(s);
        size_t n = 0;
        memcpy(s, "a\r\n", 3);
        n = 3;
        size_t body;
        if (kind == 0) { /* x...x CR | LF */
            body = chunk - 1 - n;
            memset(s + n, 'x', body);
            n += body;
            memcpy(s + n, "\r\ny\r\n", 5);
            n += 5;
        } else { /* "x...x"|"..." or "x...x CR|LF..." */
            s[n++] = '"';
            body = chunk - 1 - n;
            memset(s + n, 'x', body);
            n += body;
            const char *tail = kind == 1 ? "\"\"z\"\r\ny\r\n" : "\r\nz\"\r\ny\r\n";
            memcpy(s + n, tail, strlen(tail));
            n += strlen(tail);
        }
        assert_int_equal(s[chunk - 1], kind == 1 ? '"' : '\r');
        tbl_reader *r = tbl_open_mem("b.csv", s, n, TBL_CSV, &sink);
        assert_non_null(r);
        tbl_record rec;
        assert_int_equal(tbl_next(r, &rec), 1);
        assert_int_equal(rec.line, 2);
        size_t want = body + (kind == 0 ? 0 : kind == 1 ? 2 : 3);
        assert_int_equal(rec.fields[0].len, want);
        assert_int_equal(rec.fields[0].value[body - 1], 'x');
        if (kind == 1)
            assert_memory_equal(rec.fields[0].value + body, "\"z", 2);
        if (kind == 2)
            assert_memory_equal(rec.fields[0].value + body, "\r\nz", 3);
        assert_int_equal(tbl_next(r, &rec), 1);
        expect_field(&rec, 0, "a", "y", kind == 2 ? 4 : 3, 1);
        assert_int_equal(tbl_next(r, &rec), 0);
        tbl_close(r);
        free(s);
    }
    assert_int_equal(sink.count, 0);
    diag_free(&sink);
}

/* ------------------------------------------------------------ JSON Lines */

static void test_jsonl_types(void **state)
{
    (void)state;
    diag_sink sink;
    diag_init_buffer(&sink);
    const char *text = "{\"s\":\"hi\", \"i\": 42, \"neg\":-7,\"r\":1.50,\"e\":2e3,\"t\":true,"
                       "\"f\":false,\"n\":null,\"u\":\"x\\ny\\u00e9\\\"\"}\n";
    tbl_reader *r = tbl_open_mem("e.jsonl", text, strlen(text), TBL_JSONL, &sink);
    assert_non_null(r);
    const char *const *names;
    assert_int_equal(tbl_header(r, &names), 0);
    tbl_record rec;
    assert_int_equal(tbl_next(r, &rec), 1);
    assert_int_equal(rec.line, 1);
    assert_int_equal(rec.nfields, 9);
    expect_field(&rec, 0, "s", "hi", 1, 2);
    expect_field(&rec, 1, "i", "42", 1, 12);
    expect_field(&rec, 2, "neg", "-7", 1, 21);
    expect_field(&rec, 3, "r", "1.50", 1, 30);
    expect_field(&rec, 4, "e", "2e3", 1, 39);
    expect_field(&rec, 5, "t", "true", 1, 47);
    expect_field(&rec, 6, "f", "false", 1, 56);
    expect_field(&rec, 7, "n", NULL, 1, 66);
    expect_field(&rec, 8, "u", "x\ny\xC3\xA9\"", 1, 75);
    assert_int_equal(rec.fields[7].len, 0);
    assert_int_equal(tbl_next(r, &rec), 0);
    assert_int_equal(tbl_errors(r), 0);
    tbl_close(r);
    assert_int_equal(sink.count, 0);
    diag_free(&sink);
}

static void test_jsonl_key_order_and_blank_lines(void **state)
{
    (void)state;
    diag_sink sink;
    diag_init_buffer(&sink);
    const char *text = "\xEF\xBB\xBF\n{\"z\":1,\"a\":2,\"m\":3}\n   \n\r\n\t{ \"b\" : \"x\" }\r\n{}";
    tbl_reader *r = tbl_open_mem("k.ndjson", text, strlen(text), TBL_JSONL, &sink);
    assert_non_null(r);
    tbl_record rec;
    assert_int_equal(tbl_next(r, &rec), 1);
    assert_int_equal(rec.line, 2);
    assert_int_equal(rec.nfields, 3);
    expect_field(&rec, 0, "z", "1", 2, 2);
    expect_field(&rec, 1, "a", "2", 2, 8);
    expect_field(&rec, 2, "m", "3", 2, 14);
    assert_int_equal(tbl_next(r, &rec), 1);
    assert_int_equal(rec.line, 5);
    expect_field(&rec, 0, "b", "x", 5, 4);
    assert_int_equal(tbl_next(r, &rec), 1);
    assert_int_equal(rec.line, 6);
    assert_int_equal(rec.nfields, 0);
    assert_int_equal(tbl_next(r, &rec), 0);
    tbl_close(r);
    assert_int_equal(sink.count, 0);
    diag_free(&sink);
}

static void test_jsonl_errors_continue(void **state)
{
    (void)state;
    diag_sink sink;
    diag_init_buffer(&sink);
    const char *text = "{\"a\":1}\n"
                       "{\"a\":}\n"                  /* 2: invalid */
                       "{\"a\":3}\n"
                       "[1,2]\n"                     /* 4: not an object */
                       "  \"x\"\n"                   /* 5: not an object */
                       "{\"a\":6,\"x\":[1]}\n"       /* 6: array */
                       "{\"a\":7,\"o\":{\"k\":[]}}\n" /* 7: object */
                       "{\"a\":1,\"a\":2}\n"         /* 8: duplicate key */
                       "{\"a\":\"\\u0000\"}\n"       /* 9: NUL */
                       "{\"a\":10}";
    tbl_reader *r = tbl_open_mem("x.jsonl", text, strlen(text), TBL_JSONL, &sink);
    assert_non_null(r);
    tbl_record rec;
    assert_int_equal(tbl_next(r, &rec), 1);
    assert_int_equal(rec.line, 1);
    assert_int_equal(tbl_next(r, &rec), 1);
    assert_int_equal(rec.line, 3);
    expect_field(&rec, 0, "a", "3", 3, 2);
    assert_int_equal(tbl_next(r, &rec), 1);
    assert_int_equal(rec.line, 10);
    expect_field(&rec, 0, "a", "10", 10, 2);
    assert_int_equal(tbl_next(r, &rec), 0);
    assert_int_equal(tbl_errors(r), 7);
    assert_int_equal(sink.errors, 7);
    expect_diag(&sink, 0, 2, 6, "invalid JSON: unexpected token near '}'");
    assert_string_equal(sink.items[0].file, "x.jsonl");
    expect_diag(&sink, 1, 4, 1, "expected a JSON object on each line");
    expect_diag(&sink, 2, 5, 3, "expected a JSON object on each line");
    expect_diag(&sink, 3, 6, 8,
                "field \"x\" holds an array; expected a string, number, boolean or null");
    expect_diag(&sink, 4, 7, 8,
                "field \"o\" holds an object; expected a string, number, boolean or null");
    expect_diag(&sink, 5, 8, 10, "invalid JSON: duplicate object key near '\"a\"'");
    assert_int_equal(strncmp(sink.items[6].message, "invalid JSON: ", 14), 0);
    assert_int_equal(sink.items[6].line, 9);
    tbl_close(r);
    diag_free(&sink);
}

static void test_jsonl_long_lines(void **state)
{
    (void)state;
    /* lines longer than a read chunk, and many lines across chunks */
    size_t big = 200 * 1024;
    char *s = malloc(big + 64 + 4000 * 32);
    assert_non_null(s);
    size_t n = (size_t)sprintf(s, "{\"k\":\"");
    memset(s + n, 'v', big);
    n += big;
    n += (size_t)sprintf(s + n, "\",\"z\":5}\n");
    for (int i = 0; i < 4000; i++)
        n += (size_t)sprintf(s + n, "{\"i\":%d}\n", i);
    diag_sink sink;
    diag_init_buffer(&sink);
    tbl_reader *r = tbl_open_mem("l.jsonl", s, n, TBL_JSONL, &sink);
    assert_non_null(r);
    tbl_record rec;
    assert_int_equal(tbl_next(r, &rec), 1);
    assert_int_equal(rec.fields[0].len, big);
    expect_field(&rec, 1, "z", "5", 1, (int)big + 9);
    for (int i = 0; i < 4000; i++) {
        char want[16];
        snprintf(want, sizeof want, "%d", i);
        assert_int_equal(tbl_next(r, &rec), 1);
        assert_int_equal(rec.line, i + 2);
        expect_field(&rec, 0, "i", want, i + 2, 2);
    }
    assert_int_equal(tbl_next(r, &rec), 0);
    assert_int_equal(sink.count, 0);
    tbl_close(r);
    diag_free(&sink);
    free(s);
}

static void test_jsonl_empty_input(void **state)
{
    (void)state;
    diag_sink sink;
    diag_init_buffer(&sink);
    /* Like an empty CSV file: an error, for nothing and for blank lines. */
    const char *texts[] = {"", "\n \n"};
    for (size_t i = 0; i < 2; i++) {
        tbl_reader *r = tbl_open_mem("e.jsonl", texts[i], strlen(texts[i]), TBL_JSONL, &sink);
        assert_non_null(r);
        tbl_record rec;
        assert_int_equal(tbl_next(r, &rec), 0);
        assert_int_equal(tbl_errors(r), 1);
        tbl_close(r);
        assert_int_equal(sink.count, 1);
        expect_diag(&sink, 0, 1, 1, "empty file: expected a JSON object on each line");
        diag_free(&sink);
        diag_init_buffer(&sink);
    }
    diag_free(&sink);
}

/* ------------------------------------------------------------ misc */

static void test_format_for(void **state)
{
    (void)state;
    assert_int_equal(tbl_format_for("events.jsonl"), TBL_JSONL);
    assert_int_equal(tbl_format_for("dir/events.ndjson"), TBL_JSONL);
    assert_int_equal(tbl_format_for("events.json"), TBL_JSONL);
    assert_int_equal(tbl_format_for("EVENTS.JSONL"), TBL_JSONL);
    assert_int_equal(tbl_format_for("events.csv"), TBL_CSV);
    assert_int_equal(tbl_format_for("events"), TBL_CSV);
    assert_int_equal(tbl_format_for("json"), TBL_CSV);
    assert_int_equal(tbl_format_for("events.json.csv"), TBL_CSV);
    assert_int_equal(tbl_format_for("-"), TBL_CSV);
    assert_int_equal(tbl_format_for(""), TBL_CSV);
}

static void test_close_null(void **state)
{
    (void)state;
    tbl_close(NULL);
}

/* ------------------------------------------------------------ the fast splitter */

/* Rows of three fields of every width from 0 to 20, so that every comma
 * falls at every place of a 16-byte block: each value and column exact,
 * with LF and CRLF line ends, plain and with the middle field quoted, in
 * ASCII and with a two-byte UTF-8 letter in the first field. */
static void test_split_every_width(void **state)
{
    (void)state;
    for (int variant = 0; variant < 8; variant++) {
        bool crlf = variant & 1, quoted = variant & 2, utf8 = variant & 4;
        char text[16384];
        size_t used = (size_t)snprintf(text, sizeof text, "a,b,c%s", crlf ? "\r\n" : "\n");
        int rows = 0;
        for (int n = 0; n <= 20; n++)
            for (int m = 0; m <= 20; m += 3) {
                int k = (n * 7 + m) % 21;
                char x[64] = "", y[64] = "", z[64] = "";
                memset(x, 'x', (size_t)n);
                if (utf8 && n >= 2)
                    memcpy(x + n - 2, "\xC3\xA9", 2);
                memset(y, quoted ? ',' : 'y', (size_t)m);
                memset(z, 'z', (size_t)k);
                used += (size_t)snprintf(text + used, sizeof text - used, quoted ? "%s,\"%s\",%s%s" : "%s,%s,%s%s",
                                         x, y, z, crlf ? "\r\n" : "\n");
                rows++;
                diag_sink sink;
                diag_init_buffer(&sink);
                tbl_reader *r = open_str(text, TBL_CSV, &sink);
                assert_non_null(r);
                tbl_record rec;
                int line = 2;
                /* every row so far: the last one is checked in full */
                while (tbl_next(r, &rec) == 1)
                    line++;
                assert_int_equal(line, 2 + rows);
                tbl_close(r);
                /* the last row alone, read again */
                char one[256];
                snprintf(one, sizeof one, quoted ? "a,b,c\n%s,\"%s\",%s%s" : "a,b,c\n%s,%s,%s%s", x, y, z,
                         crlf ? "\r\n" : "\n");
                r = open_str(one, TBL_CSV, &sink);
                assert_int_equal(tbl_next(r, &rec), 1);
                assert_int_equal(rec.nfields, 3);
                assert_int_equal(rec.line, 2);
                assert_int_equal(rec.fields[0].len, (size_t)n);
                assert_memory_equal(rec.fields[0].value, x, (size_t)n);
                assert_int_equal(rec.fields[0].value[n], '\0');
                assert_int_equal(rec.fields[1].len, (size_t)m);
                assert_memory_equal(rec.fields[1].value, y, (size_t)m);
                assert_int_equal(rec.fields[1].value[m], '\0');
                assert_string_equal(rec.fields[2].value, z);
                assert_int_equal(rec.fields[0].col, 1);
                assert_int_equal(rec.fields[1].col, n + 2);
                assert_int_equal(rec.fields[2].col, n + m + 3 + (quoted ? 2 : 0));
                assert_string_equal(rec.fields[2].name, "c");
                assert_int_equal(rec.fields[2].line, 2);
                assert_int_equal(tbl_next(r, &rec), 0);
                tbl_close(r);
                assert_int_equal(sink.count, 0);
                diag_free(&sink);
            }
    }
}

/* Quoted fields on one line: doubled quotes, commas and a CR inside
 * quotes (data), an empty quoted field, values longer than a block. */
static void test_split_quoted_values(void **state)
{
    (void)state;
    diag_sink sink;
    diag_init_buffer(&sink);
    tbl_reader *r = open_str("a,b,c\n\"he said \"\"hi\"\", twice\",\"\",\"x\ry\"\n"
                             "0123456789abcdefghij,\"0123456789,abcdefghij\",\"\"\"\"\n",
                             TBL_CSV, &sink);
    tbl_record rec;
    assert_int_equal(tbl_next(r, &rec), 1);
    assert_string_equal(rec.fields[0].value, "he said \"hi\", twice");
    assert_int_equal(rec.fields[1].len, 0);
    assert_int_equal(rec.fields[1].col, 25);
    assert_string_equal(rec.fields[2].value, "x\ry");
    assert_int_equal(rec.fields[2].col, 28);
    assert_int_equal(tbl_next(r, &rec), 1);
    assert_string_equal(rec.fields[0].value, "0123456789abcdefghij");
    assert_string_equal(rec.fields[1].value, "0123456789,abcdefghij");
    assert_int_equal(rec.fields[1].col, 22);
    assert_string_equal(rec.fields[2].value, "\"");
    assert_int_equal(rec.fields[2].col, 46);
    assert_int_equal(tbl_next(r, &rec), 0);
    assert_int_equal(sink.count, 0);
    tbl_close(r);
    diag_free(&sink);
}

/* What the fast splitter leaves to the careful reader is still reported
 * exactly: bad UTF-8 and NUL at any place of a block, a quote inside an
 * unquoted field, too many and too few fields; the good rows around them
 * are read. */
static void test_split_errors_exact(void **state)
{
    (void)state;
    for (int at = 0; at < 20; at++) {
        char text[256];
        char bad[32];
        memset(bad, 'v', (size_t)at);
        bad[at] = '\0';
        int n = snprintf(text, sizeof text, "a,b\nok,1\nxx,%s\xFF" "w\nok,2\nyy,%s", bad, bad);
        size_t nul_at = (size_t)n;
        n += snprintf(text + n, sizeof text - (size_t)n, "#w\nok,3\n");
        text[nul_at] = '\0'; /* a NUL where the # is */
        diag_sink sink;
        diag_init_buffer(&sink);
        tbl_reader *r = tbl_open_mem("t.csv", text, (size_t)n, TBL_CSV, &sink);
        tbl_record rec;
        for (int k = 1; k <= 3; k++) {
            assert_int_equal(tbl_next(r, &rec), 1);
            assert_string_equal(rec.fields[1].value, k == 1 ? "1" : k == 2 ? "2" : "3");
        }
        assert_int_equal(tbl_next(r, &rec), 0);
        assert_int_equal(tbl_errors(r), 2);
        assert_int_equal(sink.count, 2);
        char want[128];
        snprintf(want, sizeof want, "invalid UTF-8 in a field (byte %d of it is 0xFF)", at + 1);
        expect_diag(&sink, 0, 3, 4, want);
        snprintf(want, sizeof want, "NUL byte in a field (byte %d of it)", at + 1);
        expect_diag(&sink, 1, 5, 4, want);
        tbl_close(r);
        diag_free(&sink);
    }
    diag_sink sink;
    diag_init_buffer(&sink);
    tbl_reader *r = open_str("a,b\n1,2,3\n4\n5,x\"y\n\xC3\xA9t\xC3\xA9,\xF0\x9F\x98\x80\n", TBL_CSV, &sink);
    tbl_record rec;
    assert_int_equal(tbl_next(r, &rec), 1);
    assert_string_equal(rec.fields[0].value, "\xC3\xA9t\xC3\xA9");
    assert_string_equal(rec.fields[1].value, "\xF0\x9F\x98\x80");
    assert_int_equal(rec.fields[1].col, 7);
    assert_int_equal(rec.line, 5);
    assert_int_equal(tbl_next(r, &rec), 0);
    assert_int_equal(sink.count, 3);
    expect_diag(&sink, 0, 2, 1, "row has 3 fields; the header has 2");
    expect_diag(&sink, 1, 3, 1, "row has 1 field; the header has 2");
    expect_diag(&sink, 2, 4, 4, "unexpected quote inside an unquoted field");
    tbl_close(r);
    diag_free(&sink);
}

/* Seeking back to records of a file larger than the 64 KiB chunk, in an
 * order that jumps back and forth (what reading a caseload in any order
 * does): each record read after the seek is the one first read there,
 * with its line and columns, including records that cross the short
 * first read after a seek and those within the chunk held. */
static void test_seek_any_order(void **state)
{
    (void)state;
    char path[] = "/tmp/docket-test-seek-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    fputs("case,date,note\n", f);
    for (int i = 0; i < 3000; i++) /* rows of 20 to 2,000 bytes, some quoted */
        fprintf(f, "C-%04d,2025-01-%02d,%s%0*d%s\n", i, 1 + i % 28, i % 5 ? "" : "\"a, ", 1 + (i * 37) % 1990, i,
                i % 5 ? "" : "\"");
    fclose(f);
    diag_sink sink;
    diag_init_buffer(&sink);
    tbl_reader *r = tbl_open(path, TBL_CSV, &sink);
    assert_non_null(r);
    enum { N = 3000 };
    static uint64_t off[N];
    static int line[N];
    static char first[N][8];
    static size_t notelen[N];
    tbl_record rec;
    for (int i = 0; i < N; i++) {
        assert_int_equal(tbl_next(r, &rec), 1);
        off[i] = tbl_record_offset(r);
        line[i] = rec.line;
        memcpy(first[i], rec.fields[0].value, 7);
        first[i][7] = '\0';
        notelen[i] = rec.fields[2].len;
    }
    assert_int_equal(tbl_next(r, &rec), 0);
    for (int k = 0; k < 4 * N; k++) {
        int i = (int)(((unsigned)k * 2654435761u) % N);
        if (k % 7 == 0 && i > 0)
            i--; /* sometimes the record just before: within the chunk held */
        assert_true(tbl_seek(r, off[i], line[i]));
        assert_int_equal(tbl_next(r, &rec), 1);
        assert_int_equal(rec.line, line[i]);
        assert_string_equal(rec.fields[0].value, first[i]);
        assert_int_equal(rec.fields[2].len, notelen[i]);
        assert_int_equal(rec.fields[2].col, 19);
        if (i + 1 < N) { /* and read on */
            assert_int_equal(tbl_next(r, &rec), 1);
            assert_int_equal(rec.line, line[i + 1]);
            assert_string_equal(rec.fields[0].value, first[i + 1]);
        }
    }
    assert_int_equal(sink.count, 0);
    tbl_close(r);
    diag_free(&sink);
    unlink(path);
}

#define SPECTRUM(i) cmocka_unit_test_prestate(test_spectrum_case, (void *)(uintptr_t)(i))

int main(void)
{
    const struct CMUnitTest tests[] = {
        SPECTRUM(0),
        SPECTRUM(1),
        SPECTRUM(2),
        SPECTRUM(3),
        SPECTRUM(4),
        SPECTRUM(5),
        SPECTRUM(6),
        SPECTRUM(7),
        SPECTRUM(8),
        SPECTRUM(9),
        SPECTRUM(10),
        cmocka_unit_test(test_spectrum_location_coordinates),
        cmocka_unit_test(test_spectrum_all_cases_listed),
        cmocka_unit_test(test_csv_header_and_positions),
        cmocka_unit_test(test_csv_bom_skipped),
        cmocka_unit_test(test_csv_crlf),
        cmocka_unit_test(test_csv_last_line_without_newline),
        cmocka_unit_test(test_csv_blank_lines_skipped),
        cmocka_unit_test(test_csv_quoted_newline_next_record_line),
        cmocka_unit_test(test_csv_empty_file),
        cmocka_unit_test(test_csv_duplicate_column),
        cmocka_unit_test(test_csv_empty_column_name),
        cmocka_unit_test(test_csv_bad_header_quotes),
        cmocka_unit_test(test_csv_field_count),
        cmocka_unit_test(test_csv_unexpected_quote),
        cmocka_unit_test(test_csv_text_after_closing_quote),
        cmocka_unit_test(test_csv_unterminated_quote),
        cmocka_unit_test(test_csv_continues_after_bad_rows),
        cmocka_unit_test(test_open_missing_file),
        cmocka_unit_test(test_csv_big_mem),
        cmocka_unit_test(test_csv_big_file),
        cmocka_unit_test(test_csv_chunk_boundary_exact),
        cmocka_unit_test(test_jsonl_types),
        cmocka_unit_test(test_jsonl_key_order_and_blank_lines),
        cmocka_unit_test(test_jsonl_errors_continue),
        cmocka_unit_test(test_jsonl_long_lines),
        cmocka_unit_test(test_jsonl_empty_input),
        cmocka_unit_test(test_format_for),
        cmocka_unit_test(test_close_null),
        cmocka_unit_test(test_split_every_width),
        cmocka_unit_test(test_split_quoted_values),
        cmocka_unit_test(test_split_errors_exact),
        cmocka_unit_test(test_seek_any_order),
    };
    _Static_assert(sizeof spectrum_cases / sizeof *spectrum_cases == 11,
                   "one SPECTRUM entry per case");
    return cmocka_run_group_tests_name("table", tests, NULL, NULL);
}
