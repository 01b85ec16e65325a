package io.spfsd.node;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One registered runtime: the process tree it belongs to (root PID and that process's start
 * time, so a recycled PID never inherits it), its view, and its open handles.
 */
public final class Mount {
    private final int rootPid;
    private final long rootStartTime;
    private final RuntimeView view;
    private final Instant createdAt;
    private final long entries;
    private final AtomicInteger openHandles = new AtomicInteger();
    private volatile boolean closed;

    public Mount(int rootPid, long rootStartTime, RuntimeView view, Instant createdAt) {
        this.rootPid = rootPid;
        this.rootStartTime = rootStartTime;
        this.view = view;
        this.createdAt = createdAt;
        this.entries = view.merged().entryCount();
    }

    /** The view everyone without a runtime sees: an empty directory. */
    public static Mount defaultMount() {
        return new Mount(0, 0, RuntimeView.empty(), Instant.now());
    }

    public int rootPid() {
        return rootPid;
    }

    public long rootStartTime() {
        return rootStartTime;
    }

    public RuntimeView view() {
        return view;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public long entries() {
        return entries;
    }

    public int openHandles() {
        return openHandles.get();
    }

    void handleOpened() {
        openHandles.incrementAndGet();
    }

    void handleClosed() {
        openHandles.decrementAndGet();
    }

    /** Unregistered: handles still open on it fail from now on. */
    public boolean isClosed() {
        return closed;
    }

    public void close() {
        closed = true;
    }
}
