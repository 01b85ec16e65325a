package io.spfsd.process;

import java.util.Arrays;

/**
 * A process and its ancestors, nearest first, each with its start time. Arrays rather than
 * objects: the router walks this on every routed request.
 */
public final class Ancestry {
    private final int[] pids;
    private final long[] startTimes;

    Ancestry(int[] pids, long[] startTimes) {
        this.pids = pids;
        this.startTimes = startTimes;
    }

    public static Ancestry of(int[] pids, long[] startTimes) {
        if (pids.length != startTimes.length) {
            throw new IllegalArgumentException("pids and start times differ in length");
        }
        return new Ancestry(pids.clone(), startTimes.clone());
    }

    public int size() {
        return pids.length;
    }

    public int pid(int i) {
        return pids[i];
    }

    public long startTime(int i) {
        return startTimes[i];
    }

    @Override
    public String toString() {
        return "Ancestry" + Arrays.toString(pids);
    }

    static final class Builder {
        private int[] pids = new int[16];
        private long[] starts = new long[16];
        private int n;

        void add(int pid, long startTime) {
            if (n == pids.length) {
                pids = Arrays.copyOf(pids, n * 2);
                starts = Arrays.copyOf(starts, n * 2);
            }
            pids[n] = pid;
            starts[n++] = startTime;
        }

        Ancestry build() {
            return new Ancestry(Arrays.copyOf(pids, n), Arrays.copyOf(starts, n));
        }
    }
}
