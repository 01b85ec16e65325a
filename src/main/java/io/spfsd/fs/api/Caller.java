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

    public Caller set(int pid, int uid, int gid) {
        this.pid = pid;
        this.uid = uid;
        this.gid = gid;
        return this;
    }
}
