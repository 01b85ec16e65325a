package io.spfsd.fuse.linux;

import io.spfsd.bindings.fuse3.fuse3_h;
import io.spfsd.fs.api.KernelCache;
import io.spfsd.storage.Names;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/** Cache invalidation through libfuse's notify calls on this session. */
final class KernelNotifier implements KernelCache {
    private final MemorySegment session;

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

    @Override
    public int invalidateInode(long ino, long offset, long length) {
        return fuse3_h.fuse_lowlevel_notify_inval_inode(session, ino, offset, length);
    }
}
