package io.spfsd.fuse.linux;

import io.spfsd.bindings.fuse3.fuse3_h;
import io.spfsd.fs.api.DirSink;
import io.spfsd.fs.api.EntryOut;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * A readdir reply being built: entries go straight into this thread's reply buffer with
 * fuse_add_direntry(_plus), until one does not fit.
 */
final class DirBuffer implements DirSink {
    private final NativeOut out;
    private MemorySegment buf = Arena.ofAuto().allocate(64 * 1024);
    private MemorySegment req;
    private long size;
    private long used;

    DirBuffer(NativeOut out) {
        this.out = out;
    }

    /** Starts a reply of at most size bytes to req. */
    DirBuffer start(MemorySegment request, long maxSize) {
        if (buf.byteSize() < maxSize) {
            buf = Arena.ofAuto().allocate(maxSize);
        }
        this.req = request;
        this.size = maxSize;
        this.used = 0;
        return this;
    }

    @Override
    public boolean add(String name, long ino, int mode, long nextOffset) {
        NativeOut.ATTRS.writeInoAndMode(out.stat, ino, mode);
        long room = size - used;
        long n = fuse3_h.fuse_add_direntry(req, buf.asSlice(used), room, out.cString(name), out.stat, nextOffset);
        if (n > room) {
            return false;
        }
        used += n;
        return true;
    }

    @Override
    public boolean fitsPlus(String name) {
        return fuse3_h.fuse_add_direntry_plus(req, MemorySegment.NULL, 0, out.cString(name), MemorySegment.NULL, 0)
                <= size - used;
    }

    @Override
    public void addPlus(String name, EntryOut entry, long nextOffset) {
        MemorySegment param = out.entryParam(entry);
        used += fuse3_h.fuse_add_direntry_plus(req, buf.asSlice(used), size - used, out.cString(name), param,
                nextOffset);
    }

    void reply() {
        Replies.buf(req, buf, used);
    }
}
