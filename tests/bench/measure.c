/*
 * measure.c — run a command the way `make bench` measures it:
 *
 *   measure OUTFILE COMMAND [ARGS...]
 *
 * runs COMMAND with its standard output counted (and copied to OUTFILE,
 * or discarded when OUTFILE is -), and prints one line:
 *
 *   wall SECONDS maxrss KIB out BYTES status N
 *
 * wall is from clock_gettime(CLOCK_MONOTONIC); maxrss is the child's peak
 * resident set from wait4's rusage (getrusage of the child).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: measure OUTFILE COMMAND [ARGS...]\n");
        return 2;
    }
    FILE *copy = strcmp(argv[1], "-") == 0 ? NULL : fopen(argv[1], "wb");
    int fd[2];
    if (pipe(fd) != 0)
        return 1;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    pid_t pid = fork();
    if (pid < 0)
        return 1;
    if (pid == 0) {
        dup2(fd[1], 1);
        close(fd[0]);
        close(fd[1]);
        execvp(argv[2], argv + 2);
        perror(argv[2]);
        _exit(127);
    }
    close(fd[1]);
    static char buf[1 << 16];
    ssize_t n;
    unsigned long long out = 0;
    while ((n = read(fd[0], buf, sizeof buf)) > 0) {
        out += (unsigned long long)n;
        if (copy)
            fwrite(buf, 1, (size_t)n, copy);
    }
    int status;
    struct rusage ru;
    wait4(pid, &status, 0, &ru);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    if (copy)
        fclose(copy);
    double wall = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    printf("wall %.3f maxrss %ld out %llu status %d\n", wall, ru.ru_maxrss, out,
           WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
    return 0;
}
