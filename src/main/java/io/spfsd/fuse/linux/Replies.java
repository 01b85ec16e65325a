package io.spfsd.fuse.linux;

import io.spfsd.bindings.fuse3.fuse3_h;
import java.lang.foreign.MemorySegment;

/** Thin, allocation-free wrappers over fuse_reply_*. */
public final class Replies {
    private Replies() {
    }

    public static void err(MemorySegment req, int errno) {
        fuse3_h.fuse_reply_err(req, errno);
    }

    public static void none(MemorySegment req) {
        fuse3_h.fuse_reply_none(req);
    }

    public static void entry(MemorySegment req, MemorySegment entryParam) {
        fuse3_h.fuse_reply_entry(req, entryParam);
    }

    public static void open(MemorySegment req, MemorySegment fi) {
        fuse3_h.fuse_reply_open(req, fi);
    }

    /** Replies data from memory; size 0 (with any segment) is an empty reply, e.g. end of a listing. */
    public static void buf(MemorySegment req, MemorySegment data, long size) {
        fuse3_h.fuse_reply_buf(req, data, size);
    }

    public static void attr(MemorySegment req, MemorySegment stat, double timeoutSeconds) {
        fuse3_h.fuse_reply_attr(req, stat, timeoutSeconds);
    }

    /** Replies bytes that live on the Java heap (rare: payloads are replied from descriptors). */
    public static void bytes(MemorySegment req, java.nio.ByteBuffer data) {
        try (java.lang.foreign.Arena a = java.lang.foreign.Arena.ofConfined()) {
            MemorySegment m = a.allocate(Math.max(1, data.remaining()));
            m.asByteBuffer().put(data.duplicate());
            fuse3_h.fuse_reply_buf(req, m, data.remaining());
        }
    }
}
