package io.spfsd.node;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One registered runtime: its name, the process tree it belongs to (root PID and that
 * process's start time, so a recycled PID never inherits it), its view, its open handles,
 * and, if it is editable, its scratch.
 */
public final class Mount {
    private final String name;
    private final int rootPid;
    private final long rootStartTime;
    private volatile RuntimeView view;
    private final Instant createdAt;
    private volatile long entries;
    private volatile Scratch scratch;
    private final boolean keep;
    private final AtomicInteger openHandles = new AtomicInteger();
    /** Every process tree this runtime was given to, by root PID, with that root's start time. */
    private final java.util.concurrent.ConcurrentHashMap<Integer, Long> roots =
            new java.util.concurrent.ConcurrentHashMap<>();
    private volatile boolean closed;
    /** Who made it (a user name), or null if unknown. */
    private volatile String owner;
    private volatile String remote;

    public Mount(int rootPid, long rootStartTime, RuntimeView view, Instant createdAt) {
        this("pid-" + rootPid, rootPid, rootStartTime, view, createdAt, null);
    }

    public Mount(String name, int rootPid, long rootStartTime, RuntimeView view, Instant createdAt, Scratch scratch) {
        this(name, rootPid, rootStartTime, view, createdAt, scratch, false);
    }

    /** keep: the runtime stays when its processes have exited (until removed); rootPid 0: none yet (restored). */
    public Mount(String name, int rootPid, long rootStartTime, RuntimeView view, Instant createdAt, Scratch scratch,
                 boolean keep) {
        this.name = name;
        this.scratch = scratch;
        this.keep = keep;
        if (rootPid > 0) {
            this.roots.put(rootPid, rootStartTime);
        }
        this.rootPid = rootPid;
        this.rootStartTime = rootStartTime;
        this.view = view;
        this.createdAt = createdAt.truncatedTo(java.time.temporal.ChronoUnit.SECONDS); // jq's fromdateiso8601 takes whole seconds only
        this.entries = view.merged().entryCount();
    }

    /** The view everyone without a runtime sees: an empty directory. */
    public static Mount defaultMount() {
        return new Mount(0, 0, RuntimeView.empty(), Instant.now());
    }

    public String name() {
        return name;
    }

    /** Records who made this runtime: once its processes are gone, they (and root) may still join it. */
    public Mount ownedBy(String user) {
        this.owner = user;
        return this;
    }

    /** Where payloads this runtime lacks come from: a remote's URL, or null (the daemon's own, if any). */
    public Mount fetchingFrom(String remote) {
        this.remote = remote;
        return this;
    }

    public String remote() {
        return remote;
    }

    /** Who made it, or null if unknown. */
    public String owner() {
        return owner;
    }

    /** The writable top; null for a read-only runtime. */
    public Scratch scratch() {
        return scratch;
    }

    /** The runtime becomes editable (spfsd edit): writes go to scratch from now on. */
    public void makeEditable(Scratch s) {
        if (scratch != null) {
            throw new IllegalStateException("runtime " + name + " is editable already");
        }
        this.scratch = s;
    }

    public boolean isKept() {
        return keep;
    }

    public boolean isEditable() {
        return scratch != null;
    }

    /** Another process tree joins the runtime (spfsd join). */
    public void addRoot(int pid, long startTime) {
        roots.put(pid, startTime);
    }

    /** A root exited; true if none is left. */
    public boolean removeRoot(int pid) {
        roots.remove(pid);
        return roots.isEmpty();
    }

    /** The start time of root pid, or -1 if pid is not one of this runtime's roots. */
    public long startTimeOf(int pid) {
        return roots.getOrDefault(pid, -1L);
    }

    public java.util.List<Integer> roots() {
        return roots.keySet().stream().sorted().toList();
    }

    /** The first root, which made the runtime. */
    public int rootPid() {
        return rootPid;
    }

    public long rootStartTime() {
        return rootStartTime;
    }

    /**
     * The runtime now runs on view (a commit added its scratch as a layer). Callers keep the
     * tree registry in step.
     */
    public void replaceView(RuntimeView v) {
        this.view = v;
        this.entries = v.merged().entryCount();
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
        Scratch s = scratch;
        if (s != null) {
            s.dirs().close();
        }
    }
}
