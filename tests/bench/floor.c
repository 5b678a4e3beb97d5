/*
 * floor.c — the read-and-split floor of `make bench`: read a CSV file in
 * 64 KiB chunks and split every record into fields (RFC 4180 quotes
 * honoured), doing nothing else; prints the records and fields counted so
 * the work cannot be optimised away. What Docket does beyond this is the
 * cost of checking values, evaluating rules and writing the report.
 *
 *   cc -O2 -o build/bench/floor tests/bench/floor.c
 *   build/bench/floor FILE
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHUNK (64 * 1024)

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: floor FILE\n");
        return 2;
    }
    FILE *f = fopen(argv[1], "rb");
    if (!f) {
        perror(argv[1]);
        return 1;
    }
    char *buf = malloc(2 * CHUNK);
    size_t have = 0, records = 0, fields = 0, bytes = 0;
    for (;;) {
        size_t n = fread(buf + have, 1, CHUNK, f);
        have += n;
        bytes += n;
        size_t pos = 0;
        /* every complete line in the buffer (quoted newlines are rare:
         * a line with a quote is scanned byte by byte) */
        for (;;) {
            char *nl = memchr(buf + pos, '\n', have - pos);
            if (!nl)
                break;
            char *p = buf + pos, *end = nl;
            if (memchr(p, '"', (size_t)(end - p))) {
                int inq = 0;
                size_t k = 1;
                for (char *q = p; q < end; q++) {
                    if (*q == '"')
                        inq = !inq;
                    else if (*q == ',' && !inq)
                        k++;
                }
                if (inq) /* the newline is inside quotes: wait for more */
                    break;
                fields += k;
            } else {
                fields++;
                for (char *q = p; (q = memchr(q, ',', (size_t)(end - q))) != NULL; q++)
                    fields++;
            }
            records++;
            pos = (size_t)(nl - buf) + 1;
        }
        memmove(buf, buf + pos, have - pos);
        have -= pos;
        if (n == 0)
            break;
        if (have >= CHUNK) { /* a record longer than a chunk */
            char *nb = realloc(buf, have + 2 * CHUNK);
            if (!nb)
                return 1;
            buf = nb;
        }
    }
    if (have)
        records++;
    printf("%zu records, %zu fields, %zu bytes\n", records, fields, bytes);
    fclose(f);
    free(buf);
    return 0;
}
