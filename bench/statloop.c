/*
 * Throughput client for bench/concurrency.sh: stat(2)s one path in a tight loop for a number
 * of seconds and prints how many it made per second. Run several at once to see whether a
 * filesystem's throughput grows with its clients. With "open", each op is open(2) and close(2)
 * of the path instead (an OPEN and a RELEASE request on FUSE).
 *
 *   statloop PATH SECONDS [open]  ->  "ops_per_second"
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <time.h>

static double now_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv) {
    if (argc != 3 && !(argc == 4 && strcmp(argv[3], "open") == 0)) {
        fprintf(stderr, "usage: statloop PATH SECONDS [open]\n");
        return 2;
    }
    int opens = argc == 4;
    struct stat st;
    double seconds = atof(argv[2]), start = now_s(), end = start + seconds, t = start;
    long n = 0;
    while (t < end) {
        for (int i = 0; i < 256; i++, n++) {
            if (opens) {
                int fd = open(argv[1], O_RDONLY);
                if (fd < 0 || close(fd) != 0) {
                    perror(argv[1]);
                    return 1;
                }
            } else if (stat(argv[1], &st) != 0) {
                perror(argv[1]);
                return 1;
            }
        }
        t = now_s();
    }
    printf("%.0f\n", n / (t - start));
    return 0;
}
