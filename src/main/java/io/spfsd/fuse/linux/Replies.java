package io.spfsd.fuse.linux;

import io.spfsd.bindings.fuse3.fuse3_h;
import java.lang.foreign.MemorySegment;

/**
 * Thin, allocation-free wrappers over fuse_reply_*: every reply goes through here, so
 * {@link ReplyClock} can tell the time spent handing answers to the kernel from the rest.
 */
public final class Replies {
    private Replies() {
    }

    public static void err(MemorySegment req, int errno) {
        long t = ReplyClock.begin();
        fuse3_h.fuse_reply_err(req, errno);
        ReplyClock.end(t);
    }

    public static void none(MemorySegment req) {
        long t = ReplyClock.begin();
        fuse3_h.fuse_reply_none(req);
        ReplyClock.end(t);
    }

    public static void entry(MemorySegment req, MemorySegment entryParam) {
        long t = ReplyClock.begin();
        fuse3_h.fuse_reply_entry(req, entryParam);
        ReplyClock.end(t);
    }

    public static void create(MemorySegment req, MemorySegment entryParam, MemorySegment fi) {
        long t = ReplyClock.begin();
        fuse3_h.fuse_reply_create(req, entryParam, fi);
        ReplyClock.end(t);
    }

    public static void open(MemorySegment req, MemorySegment fi) {
        long t = ReplyClock.begin();
        fuse3_h.fuse_reply_open(req, fi);
        ReplyClock.end(t);
    }

    /** Replies data from memory; size 0 (with any segment) is an empty reply, e.g. end of a listing. */
    public static void buf(MemorySegment req, MemorySegment data, long size) {
        long t = ReplyClock.begin();
        fuse3_h.fuse_reply_buf(req, data, size);
        ReplyClock.end(t);
    }

    /** Replies file data described by a buffer vector (libfuse splices or preads descriptors itself). */
    public static void data(MemorySegment req, MemorySegment bufvec) {
        long t = ReplyClock.begin();
        fuse3_h.fuse_reply_data(req, bufvec, 0);
        ReplyClock.end(t);
    }

    public static void attr(MemorySegment req, MemorySegment stat, double timeoutSeconds) {
        long t = ReplyClock.begin();
        fuse3_h.fuse_reply_attr(req, stat, timeoutSeconds);
        ReplyClock.end(t);
    }

    public static void readlink(MemorySegment req, MemorySegment target) {
        long t = ReplyClock.begin();
        fuse3_h.fuse_reply_readlink(req, target);
        ReplyClock.end(t);
    }

    public static void statfs(MemorySegment req, MemorySegment statvfs) {
        long t = ReplyClock.begin();
        fuse3_h.fuse_reply_statfs(req, statvfs);
        ReplyClock.end(t);
    }

    public static void lseek(MemorySegment req, long offset) {
        long t = ReplyClock.begin();
        fuse3_h.fuse_reply_lseek(req, offset);
        ReplyClock.end(t);
    }

    /** The size of an extended attribute or of the name list (the caller asked with size 0). */
    public static void xattrSize(MemorySegment req, long size) {
        long t = ReplyClock.begin();
        fuse3_h.fuse_reply_xattr(req, size);
        ReplyClock.end(t);
    }

    public static void written(MemorySegment req, long count) {
        long t = ReplyClock.begin();
        fuse3_h.fuse_reply_write(req, count);
        ReplyClock.end(t);
    }

    /** Replies bytes that live on the Java heap (rare: payloads are replied from descriptors). */
    public static void bytes(MemorySegment req, java.nio.ByteBuffer data) {
        try (java.lang.foreign.Arena a = java.lang.foreign.Arena.ofConfined()) {
            MemorySegment m = a.allocate(Math.max(1, data.remaining()));
            m.asByteBuffer().put(data.duplicate());
            buf(req, m, data.remaining());
        }
    }
}
