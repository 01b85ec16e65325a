package io.spfsd.storage;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Flushes the repository in the background each time an import or a transfer has stored
 * another {@link #EVERY} bytes of payloads, one flush at a time, so that the disk writes while
 * the copying goes on and the flush that must come before the manifest finds little left.
 * The kernel would start writing back only past its dirty threshold (10 % of memory by
 * default), after most commits have ended. A first commit of /usr/share (697 MB) into a
 * journaled ext4: 2.38 and 4.54 s without, 2.24 and 4.01 s with (bench/results/performance-history.md).
 * A background flush that fails is left to the final one to report.
 */
final class FlushAhead {
    static final long EVERY = 64L << 20;

    private final Runnable flush;
    private final AtomicLong unflushed = new AtomicLong();
    private final AtomicBoolean flushing = new AtomicBoolean();

    /** Flushes with flush ({@link Repository#flush} of the repository written to). */
    FlushAhead(Runnable flush) {
        this.flush = flush;
    }

    /** Counts a payload of this many bytes just stored; may start a flush. */
    void stored(long bytes) {
        if (unflushed.addAndGet(bytes) >= EVERY && flushing.compareAndSet(false, true)) {
            unflushed.set(0);
            Thread.ofPlatform().name("flush-ahead").daemon().start(this::flush);
        }
    }

    private void flush() {
        try {
            flush.run();
        } catch (RuntimeException e) {
            // the flush before the manifest says what is wrong, if it still is
        } finally {
            flushing.set(false);
        }
    }
}
