/*
 * Per-operation latency client for bench/run.sh: times stat, a full directory listing, and
 * open+read+close of a file, each in a tight loop inside one process, so process start-up
 * does not drown what the filesystem costs.
 *
 *   latency FILE DIR ITERATIONS  ->  "stat_us readdir_us cat_us" (means, microseconds)
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static double now_us(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

static void fail(const char *what, const char *path) {
    perror(path);
    fprintf(stderr, "latency: %s failed\n", what);
    exit(1);
}

int main(int argc, char **argv) {
    if (argc != 4) {
        fprintf(stderr, "usage: latency FILE DIR ITERATIONS\n");
        return 2;
    }
    const char *file = argv[1], *dir = argv[2];
    int n = atoi(argv[3]);
    static char buf[1 << 16];
    struct stat st;

    /* warm-up: one of each */
    if (stat(file, &st) != 0) fail("stat", file);

    double t0 = now_us();
    for (int i = 0; i < n; i++)
        if (stat(file, &st) != 0) fail("stat", file);
    double stat_us = (now_us() - t0) / n;

    int m = n / 10 > 0 ? n / 10 : 1;
    t0 = now_us();
    for (int i = 0; i < m; i++) {
        DIR *d = opendir(dir);
        if (!d) fail("opendir", dir);
        int count = 0;
        while (readdir(d)) count++;
        closedir(d);
        if (count < 3) fail("readdir (too few entries)", dir);
    }
    double readdir_us = (now_us() - t0) / m;

    t0 = now_us();
    for (int i = 0; i < m; i++) {
        int fd = open(file, O_RDONLY);
        if (fd < 0) fail("open", file);
        long total = 0;
        ssize_t r;
        while ((r = read(fd, buf, sizeof buf)) > 0) total += r;
        close(fd);
        if (r < 0 || total != st.st_size) fail("read", file);
    }
    double cat_us = (now_us() - t0) / m;

    printf("%.2f %.2f %.2f\n", stat_us, readdir_us, cat_us);
    return 0;
}
