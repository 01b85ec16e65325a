package io.spfsd.fuse.linux;

/**
 * How long this thread has spent inside {@code fuse_reply_*} for its current request: the
 * write to /dev/fuse that hands the answer to the kernel and wakes the caller. A request's
 * time is reported as two parts, its own work and this hand-over, because the hand-over is
 * the kernel's: on a busy machine the woken caller often preempts the replying thread right
 * inside that write, and the wait until it runs again lands there too (bench/results/performance-history.md,
 * "Where a request's time goes").
 */
final class ReplyClock {
    private static final ThreadLocal<long[]> SPENT = ThreadLocal.withInitial(() -> new long[1]);

    private ReplyClock() {
    }

    static long begin() {
        return System.nanoTime();
    }

    static void end(long begin) {
        SPENT.get()[0] += System.nanoTime() - begin;
    }

    /** The time spent in replies since the last take, which starts the count again. */
    static long take() {
        long[] spent = SPENT.get();
        long nanos = spent[0];
        spent[0] = 0;
        return nanos;
    }
}
