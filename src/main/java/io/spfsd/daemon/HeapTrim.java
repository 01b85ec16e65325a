package io.spfsd.daemon;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Gives memory back after a burst. The views of runtimes that ended become garbage, but a
 * quiet daemon allocates too little to trigger a collection, so the heap (and RSS) would
 * stay at its peak. A few seconds after runtimes stop ending, one full collection lets the
 * serial collector shrink the heap to its free ratio (DaemonLauncher.DAEMON_JVM_OPTIONS);
 * at most one every half minute, so a stream of short runs costs nothing.
 */
final class HeapTrim implements AutoCloseable {
    private static final long QUIET_SECONDS = 5;
    private static final long MIN_INTERVAL_NANOS = 30_000_000_000L;

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("heap-trim").daemon(true).factory());
    private ScheduledFuture<?> pending;
    private long lastTrim = System.nanoTime() - MIN_INTERVAL_NANOS;

    synchronized void runtimeEnded() {
        if (timer.isShutdown()) {
            return; // the daemon is closing: an exit the watcher was still reporting needs no trim
        }
        if (pending != null) {
            pending.cancel(false);
        }
        long wait = Math.max(TimeUnit.SECONDS.toNanos(QUIET_SECONDS), lastTrim + MIN_INTERVAL_NANOS - System.nanoTime());
        pending = timer.schedule(this::trim, wait, TimeUnit.NANOSECONDS);
    }

    private void trim() {
        synchronized (this) {
            lastTrim = System.nanoTime();
            pending = null;
        }
        System.gc();
    }

    @Override
    public synchronized void close() {
        timer.shutdownNow();
    }
}
