package io.spfsd.fuse.linux;

import io.spfsd.bindings.fuse3.fuse3_h;
import io.spfsd.fs.api.KernelCache;
import io.spfsd.storage.Names;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/** Cache invalidation through libfuse's notify calls on this session. */
final class KernelNotifier implements KernelCache {
    /** fuse_kernel.h: FUSE_NOTIFY_INVAL_ENTRY, and its flag FUSE_EXPIRE_ONLY (protocol 7.38, Linux 6.2). */
    private static final int NOTIFY_INVAL_ENTRY = 3;
    private static final int EXPIRE_ONLY = 1;
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(KernelNotifier.class);
    private final MemorySegment session;
    private volatile boolean expireRefused;

    KernelNotifier(MemorySegment session) {
        this.session = session;
    }

    @Override
    public int invalidateEntry(long parent, String name) {
        byte[] b = Names.encode(name);
        try (Arena a = Arena.ofConfined()) {
            return fuse3_h.fuse_lowlevel_notify_inval_entry(session, parent, io.spfsd.os.NativePaths.cString(a, b),
                    b.length);
        }
    }

    /**
     * libfuse 3.14 has no call for FUSE_EXPIRE_ONLY (3.16's fuse_lowlevel_notify_expire_entry),
     * so the notification is written to the session's device as libfuse writes its own: a
     * fuse_out_header (len, error = the notify code, unique 0), then fuse_notify_inval_entry_out
     * (parent, namelen, flags), then the name and its NUL. A kernel that refuses the flag (older
     * than 6.2) gets the entry dropped instead: a stale name must never outlive agreement.
     */
    @Override
    public int expireEntry(long parent, String name) {
        if (expireRefused) {
            return invalidateEntry(parent, name);
        }
        byte[] b = Names.encode(name);
        int len = 16 + 16 + b.length + 1;
        try (Arena a = Arena.ofConfined()) {
            MemorySegment m = a.allocate(len, 8);
            m.set(java.lang.foreign.ValueLayout.JAVA_INT, 0, len);
            m.set(java.lang.foreign.ValueLayout.JAVA_INT, 4, NOTIFY_INVAL_ENTRY);
            m.set(java.lang.foreign.ValueLayout.JAVA_LONG, 8, 0L);
            m.set(java.lang.foreign.ValueLayout.JAVA_LONG, 16, parent);
            m.set(java.lang.foreign.ValueLayout.JAVA_INT, 24, b.length);
            m.set(java.lang.foreign.ValueLayout.JAVA_INT, 28, EXPIRE_ONLY);
            MemorySegment.copy(b, 0, m, java.lang.foreign.ValueLayout.JAVA_BYTE, 32, b.length);
            long n = io.spfsd.os.Posix.write(fuse3_h.fuse_session_fd(session), m, len);
            if (n == len) {
                return 0;
            }
            int err = io.spfsd.os.Posix.errno();
            if (err == io.spfsd.fs.api.Errno.EINVAL) {
                expireRefused = true;
                LOG.warn("the kernel cannot expire an entry without dropping it (Linux 6.2 can): a working"
                        + " directory where runtimes differ may become unreachable when another runtime looks it up");
                return invalidateEntry(parent, name);
            }
            return -err;
        }
    }

    @Override
    public int invalidateInode(long ino, long offset, long length) {
        return fuse3_h.fuse_lowlevel_notify_inval_inode(session, ino, offset, length);
    }
}
