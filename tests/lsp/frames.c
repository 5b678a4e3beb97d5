/*
 * frames.c — the test driver's framing for tests/lsp.sh: turns a script of
 * JSON-RPC messages into Language Server Protocol frames, and frames back
 * into one message a line.
 *
 *   frames wrap   < session.txt > framed     one message per line; "#" lines
 *                                             are comments; @FILE:PATH@ stands
 *                                             for the text of PATH as a JSON
 *                                             string; a line starting "RAW "
 *                                             is sent as it is, after the
 *                                             escapes \r \n \\ (malformed
 *                                             frames for the robustness cases)
 *   frames unwrap < framed > lines            each body on its own line
 *
 * Exit status: 0, or 1 when unwrap meets a frame that is not well formed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Append the text of file PATH to B as a JSON string literal. */
static int put_file(FILE *b, const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "frames: cannot read %s\n", path);
        return -1;
    }
    fputc('"', b);
    int c;
    while ((c = getc(f)) != EOF) {
        if (c == '"' || c == '\\')
            fprintf(b, "\\%c", c);
        else if (c == '\n')
            fputs("\\n", b);
        else if (c == '\t')
            fputs("\\t", b);
        else if (c == '\r')
            fputs("\\r", b);
        else if (c < 0x20)
            fprintf(b, "\\u%04x", c);
        else
            fputc(c, b);
    }
    fputc('"', b);
    fclose(f);
    return 0;
}

static int wrap(void)
{
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    while ((n = getline(&line, &cap, stdin)) > 0) {
        if (line[n - 1] == '\n')
            line[--n] = '\0';
        if (n == 0 || line[0] == '#')
            continue;
        if (strncmp(line, "RAW ", 4) == 0) {
            for (const char *s = line + 4; *s; s++) {
                if (*s == '\\' && s[1]) {
                    s++;
                    putchar(*s == 'r' ? '\r' : *s == 'n' ? '\n' : *s);
                } else {
                    putchar(*s);
                }
            }
            continue;
        }
        char *body = NULL;
        size_t blen = 0;
        FILE *b = open_memstream(&body, &blen);
        for (const char *s = line; *s; s++) {
            const char *end;
            if (strncmp(s, "@FILE:", 6) == 0 && (end = strchr(s + 6, '@')) != NULL) {
                char path[4096];
                snprintf(path, sizeof path, "%.*s", (int)(end - s - 6), s + 6);
                if (put_file(b, path) != 0)
                    return 1;
                s = end;
            } else {
                fputc(*s, b);
            }
        }
        fclose(b);
        printf("Content-Length: %zu\r\n\r\n%s", blen, body);
        free(body);
    }
    free(line);
    return 0;
}

static int unwrap(void)
{
    for (;;) {
        char header[256];
        long len = -1;
        for (;;) {
            if (!fgets(header, sizeof header, stdin))
                return len < 0 ? 0 : 1;
            if (strcmp(header, "\r\n") == 0)
                break;
            if (strncmp(header, "Content-Length: ", 16) == 0)
                len = strtol(header + 16, NULL, 10);
            else
                return 1;
        }
        if (len < 0)
            return 1;
        for (long i = 0; i < len; i++) {
            int c = getchar();
            if (c == EOF)
                return 1;
            putchar(c);
        }
        putchar('\n');
    }
}

int main(int argc, char **argv)
{
    if (argc == 2 && strcmp(argv[1], "wrap") == 0)
        return wrap();
    if (argc == 2 && strcmp(argv[1], "unwrap") == 0)
        return unwrap();
    fputs("usage: frames wrap|unwrap\n", stderr);
    return 2;
}
