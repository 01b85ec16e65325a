package io.spfsd.fuse;

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

    /** fuse_reply_lseek (libfuse 3.8+; the bindings predate it, so it is looked up by name). */
    private static final java.lang.invoke.MethodHandle REPLY_LSEEK = Libfuse.optionalSymbol("fuse_reply_lseek")
            .map(a -> java.lang.foreign.Linker.nativeLinker().downcallHandle(a, java.lang.foreign.FunctionDescriptor.of(
                    java.lang.foreign.ValueLayout.JAVA_INT, java.lang.foreign.ValueLayout.ADDRESS,
                    java.lang.foreign.ValueLayout.JAVA_LONG)))
            .orElse(null);

    public static void lseek(MemorySegment req, long offset) {
        if (REPLY_LSEEK == null) {
            err(req, Errno.ENOSYS);
            return;
        }
        try {
            int ignored = (int) REPLY_LSEEK.invokeExact(req, offset);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }
}
