package io.spfsd.fs.api;

/**
 * Who sent a request: the calling thread's id (FUSE reports threads), user and group. The
 * adapter fills one per worker thread and reuses it, so no request allocates one; valid
 * only during the call.
 */
public final class Caller {
    public int pid;
    public int uid;
    public int gid;
    /** The request, as the adapter knows it, for {@link #interrupted()}. */
    private long request;
    private Interrupts interrupts = Interrupts.NEVER;

    /** Whether the kernel has asked to interrupt a request (the caller got a signal: FUSE_INTERRUPT). */
    @FunctionalInterface
    public interface Interrupts {
        Interrupts NEVER = request -> false;

        boolean interrupted(long request);
    }

    public Caller set(int pid, int uid, int gid) {
        this.pid = pid;
        this.uid = uid;
        this.gid = gid;
        return this;
    }

    /** The request this caller sent, and how to ask whether it was interrupted. */
    public Caller request(long request, Interrupts interrupts) {
        this.request = request;
        this.interrupts = interrupts;
        return this;
    }

    /**
     * Whether the caller gave up on this request (a signal): a wait on its behalf (a download)
     * should end, since the kernel holds a process killed during a request until it is answered.
     */
    public boolean interrupted() {
        return interrupts.interrupted(request);
    }
}
