/*
 * rpc.c — LSP framing; see rpc.h.
 */
#include "rpc.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lang/util.h"

#define MAX_HEADER_LINE 1024
#define MAX_HEADER_LINES 32

/* One header line into BUF (without CR LF). 1 read, 0 end of stream before
 * any byte, -1 too long (the rest of the line is consumed). */
static int read_line(FILE *in, char *buf, size_t n)
{
    size_t k = 0;
    int c;
    bool any = false, too_long = false;
    while ((c = getc(in)) != EOF) {
        any = true;
        if (c == '\n')
            break;
        if (k + 1 < n)
            buf[k++] = (char)c;
        else
            too_long = true;
    }
    if (!any)
        return 0;
    if (k > 0 && buf[k - 1] == '\r')
        k--;
    buf[k] = '\0';
    if (c == EOF && k == 0)
        return 0;
    return too_long ? -1 : 1;
}

rpc_status rpc_read(FILE *in, char **body, size_t *len, const char **why)
{
    char line[MAX_HEADER_LINE];
    long long length = -1;
    bool bad = false;
    int nlines = 0;
    *body = NULL;
    *len = 0;
    *why = NULL;
    for (;;) {
        int r = read_line(in, line, sizeof line);
        if (r == 0)
            return RPC_EOF;
        if (r < 0) {
            bad = true;
            *why = "header line too long";
            continue;
        }
        if (line[0] == '\0') {
            if (nlines == 0)
                continue; /* stray blank line between frames */
            break;
        }
        if (++nlines > MAX_HEADER_LINES) {
            bad = true;
            *why = "too many header lines";
            continue;
        }
        const char *colon = strchr(line, ':');
        if (!colon) {
            bad = true;
            *why = "header line without ':'";
            continue;
        }
        if ((size_t)(colon - line) == 14 && strncasecmp(line, "Content-Length", 14) == 0) {
            const char *v = colon + 1;
            while (*v == ' ' || *v == '\t')
                v++;
            char *end;
            if (!isdigit((unsigned char)*v)) {
                bad = true;
                *why = "Content-Length is not a number";
                continue;
            }
            long long n = strtoll(v, &end, 10);
            while (*end == ' ' || *end == '\t')
                end++;
            if (*end != '\0' || n < 0) {
                bad = true;
                *why = "Content-Length is not a number";
                continue;
            }
            length = n;
        }
    }
    if (!bad && length < 0) {
        bad = true;
        *why = "no Content-Length header";
    }
    if (!bad && length > (long long)RPC_MAX_BODY) {
        /* Skip the body without keeping it. */
        for (long long i = 0; i < length; i++)
            if (getc(in) == EOF)
                return RPC_EOF;
        *why = "message body too large";
        return RPC_BAD;
    }
    if (bad)
        return RPC_BAD;
    char *b = xmalloc((size_t)length + 1);
    size_t got = fread(b, 1, (size_t)length, in);
    if (got != (size_t)length) {
        free(b);
        return RPC_EOF;
    }
    b[got] = '\0';
    *body = b;
    *len = got;
    return RPC_OK;
}

int rpc_write(FILE *out, const json_t *msg)
{
    char *s = json_dumps(msg, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_ENSURE_ASCII);
    if (!s)
        return -1;
    size_t n = strlen(s);
    int rc = fprintf(out, "Content-Length: %zu\r\n\r\n", n) < 0 || fwrite(s, 1, n, out) != n || fflush(out) != 0 ? -1 : 0;
    free(s);
    return rc;
}
