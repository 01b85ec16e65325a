/*
 * Throughput client for bench/concurrency.sh: stat(2)s one path in a tight loop for a number
 * of seconds and prints how many it made per second. Run several at once to see whether a
 * filesystem's throughput grows with its clients.
 *
 *   statloop PATH SECONDS  ->  "ops_per_second"
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>

static double now_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: statloop PATH SECONDS\n");
        return 2;
    }
    struct stat st;
    double seconds = atof(argv[2]), start = now_s(), end = start + seconds, t = start;
    long n = 0;
    while (t < end) {
        for (int i = 0; i < 256; i++, n++) {
            if (stat(argv[1], &st) != 0) {
                perror(argv[1]);
                return 1;
            }
        }
        t = now_s();
    }
    printf("%.0f\n", n / (t - start));
    return 0;
}
