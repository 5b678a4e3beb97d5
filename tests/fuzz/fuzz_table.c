/*
 * fuzz_table.c — libFuzzer harness for the case event readers: every input
 * is read as CSV and as JSON Lines through tbl_open_mem, record by record,
 * into a buffering sink. Crashes, sanitizer findings and leaks are the bugs;
 * diagnostics about bad rows are expected. Built by `make fuzz` (libFuzzer)
 * and by `make test` with the replay driver over tests/fuzz/corpus/table/.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "interpreter/table.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void read_all(const uint8_t *data, size_t size, tbl_format format)
{
    diag_sink sink;
    diag_init_buffer(&sink);
    tbl_reader *r = tbl_open_mem("fuzz.input", (const char *)data, size, format, &sink);
    if (r) {
        tbl_record rec;
        size_t fields = 0;
        while (tbl_next(r, &rec) == 1)
            for (size_t i = 0; i < rec.nfields; i++)
                if (rec.fields[i].value)
                    fields += strlen(rec.fields[i].name) + rec.fields[i].len;
        (void)fields;
        tbl_close(r);
    }
    diag_free(&sink);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 1 << 16)
        return 0;
    read_all(data, size, TBL_CSV);
    read_all(data, size, TBL_JSONL);
    return 0;
}
