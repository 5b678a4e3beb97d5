/*
 * replay.c — a main() for the libFuzzer harnesses without libFuzzer (as
 * SQLite's fuzzcheck does): every file named on the command line, and every
 * file in a directory named there, is passed once to LLVMFuzzerTestOneInput.
 * `make test` links each harness with this driver and the sanitized library
 * and replays tests/fuzz/corpus/HARNESS/, so the corpus is checked under
 * ASan and UBSan with gcc; `make fuzz` links the same harnesses with
 * libFuzzer (clang) to grow it. Prints "replay NAME: N inputs"; a crash or
 * sanitizer report fails the run.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Run the harness on the bytes of PATH; false when it cannot be read. */
static int run_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return 0;
    size_t cap = 4096, len = 0;
    uint8_t *buf = malloc(cap);
    size_t n;
    while (buf && (n = fread(buf + len, 1, cap - len, f)) > 0) {
        len += n;
        if (len == cap) {
            uint8_t *b = realloc(buf, cap *= 2);
            if (!b) {
                free(buf);
                buf = NULL;
            }
            buf = b;
        }
    }
    fclose(f);
    if (!buf)
        return 0;
    LLVMFuzzerTestOneInput(buf, len);
    free(buf);
    return 1;
}

/* qsort comparator over C strings, for a stable replay order. */
static int cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(int argc, char **argv)
{
    size_t count = 0;
    for (int i = 1; i < argc; i++) {
        struct stat st;
        if (stat(argv[i], &st) != 0) {
            fprintf(stderr, "replay: cannot read %s\n", argv[i]);
            return 1;
        }
        if (!S_ISDIR(st.st_mode)) {
            count += (size_t)run_file(argv[i]);
            continue;
        }
        DIR *d = opendir(argv[i]);
        if (!d)
            return 1;
        char **names = NULL;
        size_t nn = 0;
        struct dirent *e;
        while ((e = readdir(d)) != NULL) {
            if (e->d_name[0] == '.')
                continue;
            char **g = realloc(names, (nn + 1) * sizeof *names);
            if (!g)
                return 1;
            names = g;
            size_t l = strlen(argv[i]) + strlen(e->d_name) + 2;
            names[nn] = malloc(l);
            if (!names[nn])
                return 1;
            snprintf(names[nn++], l, "%s/%s", argv[i], e->d_name);
        }
        closedir(d);
        qsort(names, nn, sizeof *names, cmp);
        for (size_t k = 0; k < nn; k++) {
            count += (size_t)run_file(names[k]);
            free(names[k]);
        }
        free(names);
    }
    const char *slash = strrchr(argv[0], '/');
    printf("replay %s: %zu inputs\n", slash ? slash + 1 : argv[0], count);
    return 0;
}
