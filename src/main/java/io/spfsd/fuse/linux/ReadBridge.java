package io.spfsd.fuse.linux;

import io.spfsd.bindings.fuse3.fuse3_h;
import io.spfsd.bindings.fuse3.fuse_buf;
import io.spfsd.bindings.fuse3.fuse_bufvec;
import io.spfsd.bindings.fuse3.fuse_file_info;
import io.spfsd.bindings.fuse3.fuse_forget_data;
import io.spfsd.fs.api.Filesystem;
import io.spfsd.fs.api.OpenOut;
import io.spfsd.fs.api.ReadOut;
import io.spfsd.fs.api.ValueOut;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reading half of the libfuse3 low-level API over the neutral contract: each method
 * decodes one request, asks the {@link Filesystem}, and replies exactly once (forget: none).
 */
final class ReadBridge {
    private static final Logger LOG = LoggerFactory.getLogger(ReadBridge.class);

    private final Filesystem fs;
    private final boolean splice;
    private volatile MemorySegment session = MemorySegment.NULL;

    /** Held from computing a reply that tells the kernel what to cache until it is written (Filesystem#replyFence). */
    java.util.concurrent.locks.Lock fence() {
        return fs.replyFence();
    }

    ReadBridge(Filesystem fs, boolean splice) {
        this.fs = fs;
        this.splice = splice;
    }

    void session(MemorySegment se) {
        this.session = se;
    }

    void init(MemorySegment conn) {
        // With SPLICE_WRITE libfuse moves file data from a descriptor into /dev/fuse without
        // copying it through user space; without it, libfuse preads.
        boolean spliced = splice && ConnFlags.want(conn, fuse3_h.FUSE_CAP_SPLICE_WRITE())
                && ConnFlags.want(conn, fuse3_h.FUSE_CAP_SPLICE_MOVE());
        ConnFlags.want(conn, fuse3_h.FUSE_CAP_CACHE_SYMLINKS());
        fs.init(new KernelNotifier(session));
        LOG.info("FUSE connection ready (reads: {})", spliced ? "splice" : "pread");
    }

    void destroy() {
        fs.destroy();
    }

    static long fh(MemorySegment fi) {
        return fi.equals(MemorySegment.NULL) ? -1 : fuse_file_info.fh(fi.reinterpret(fuse_file_info.sizeof()));
    }

    static int flags(MemorySegment fi) {
        return fuse_file_info.flags(fi.reinterpret(fuse_file_info.sizeof()));
    }

    void lookup(MemorySegment req, long parent, MemorySegment name) {
        NativeOut o = NativeOut.get();
        int err = fs.lookup(o.caller(req), parent, o.name(name), o.entryOut);
        if (err != 0) {
            Replies.err(req, err);
        } else {
            Replies.entry(req, o.entryParam(o.entryOut));
        }
    }

    void forget(MemorySegment req, long ino, long nlookup) {
        fs.forget(ino, nlookup);
        Replies.none(req);
    }

    void forgetMulti(MemorySegment req, long count, MemorySegment forgets) {
        MemorySegment all = forgets.reinterpret(count * fuse_forget_data.sizeof());
        for (long i = 0; i < count; i++) {
            MemorySegment f = fuse_forget_data.asSlice(all, i);
            fs.forget(fuse_forget_data.ino(f), fuse_forget_data.nlookup(f));
        }
        Replies.none(req);
    }

    void getattr(MemorySegment req, long ino, MemorySegment fi) {
        NativeOut o = NativeOut.get();
        o.attrOut.clear();
        int err = fs.getattr(o.caller(req), ino, o.attrOut);
        if (err != 0) {
            Replies.err(req, err);
        } else {
            Replies.attr(req, o.stat(o.attrOut), o.attrOut.timeout);
        }
    }

    void readlink(MemorySegment req, long ino) {
        NativeOut o = NativeOut.get();
        o.valueOut.clear();
        int err = fs.readlink(o.caller(req), ino, o.valueOut);
        if (err != 0) {
            Replies.err(req, err);
        } else {
            Replies.readlink(req, o.cString(o.valueOut.text));
        }
    }

    void open(MemorySegment req, long ino, MemorySegment fi) {
        open(req, ino, fi, false);
    }

    void opendir(MemorySegment req, long ino, MemorySegment fi) {
        open(req, ino, fi, true);
    }

    private void open(MemorySegment req, long ino, MemorySegment fiPtr, boolean dir) {
        NativeOut o = NativeOut.get();
        MemorySegment fi = fiPtr.reinterpret(fuse_file_info.sizeof());
        o.openOut.clear();
        int flags = fuse_file_info.flags(fi);
        int err = dir ? fs.opendir(o.caller(req), ino, flags, o.openOut) : fs.open(o.caller(req), ino, flags, o.openOut);
        if (err != 0) {
            Replies.err(req, err);
        } else {
            Replies.open(req, fileInfo(fi, o.openOut));
        }
    }

    /** The open answer into the kernel's fuse_file_info: handle and cache bits. */
    static MemorySegment fileInfo(MemorySegment fi, OpenOut out) {
        fuse_file_info.fh(fi, out.fh);
        int bits = (out.keepCache ? FileInfoBits.KEEP_CACHE : 0) | (out.cacheReaddir ? FileInfoBits.CACHE_READDIR : 0)
                | (out.directIo ? FileInfoBits.DIRECT_IO : 0) | (out.nonseekable ? FileInfoBits.NONSEEKABLE : 0)
                | (out.noFlush ? FileInfoBits.NOFLUSH : 0);
        if (bits != 0) {
            FileInfoBits.set(fi, bits);
        }
        return fi;
    }

    void read(MemorySegment req, long ino, long size, long offset, MemorySegment fi) {
        NativeOut o = NativeOut.get();
        ReadOut r = o.readOut;
        int err = fs.read(o.caller(req), ino, fh(fi), size, offset, r);
        if (err != 0) {
            Replies.err(req, err);
        } else if (r.fd >= 0) {
            // libfuse reads the descriptor itself: splice into /dev/fuse when enabled, else pread.
            MemorySegment v = o.bufvec;
            fuse_bufvec.count(v, 1);
            fuse_bufvec.idx(v, 0);
            fuse_bufvec.off(v, 0);
            MemorySegment b = fuse_bufvec.buf(v, 0);
            fuse_buf.size(b, r.length);
            fuse_buf.flags(b, fuse3_h.FUSE_BUF_IS_FD() | fuse3_h.FUSE_BUF_FD_SEEK());
            fuse_buf.mem(b, MemorySegment.NULL);
            fuse_buf.fd(b, r.fd);
            fuse_buf.pos(b, r.offset);
            Replies.data(req, v);
        } else {
            Replies.bytes(req, r.bytes);
        }
    }

    void release(MemorySegment req, long ino, MemorySegment fi) {
        Replies.err(req, fs.release(NativeOut.get().caller(req), ino, fh(fi)));
    }

    void readdir(MemorySegment req, long ino, long size, long offset, MemorySegment fi, boolean plus) {
        NativeOut o = NativeOut.get();
        DirBuffer d = o.dirBuffer.start(req, size);
        int err = fs.readdir(o.caller(req), ino, fh(fi), offset, plus, d);
        if (err != 0) {
            Replies.err(req, err);
        } else {
            d.reply();
        }
    }

    void releasedir(MemorySegment req, long ino, MemorySegment fi) {
        Replies.err(req, fs.releasedir(NativeOut.get().caller(req), ino, fh(fi)));
    }

    void statfs(MemorySegment req, long ino) {
        NativeOut o = NativeOut.get();
        int err = fs.statfs(o.caller(req), ino, o.statfsOut);
        if (err != 0) {
            Replies.err(req, err);
        } else {
            Replies.statfs(req, o.statvfs(o.statfsOut));
        }
    }

    void access(MemorySegment req, long ino, int mask) {
        Replies.err(req, fs.access(NativeOut.get().caller(req), ino, mask));
    }

    void lseek(MemorySegment req, long ino, long offset, int whence, MemorySegment fi) {
        NativeOut o = NativeOut.get();
        o.valueOut.clear();
        int err = fs.lseek(o.caller(req), ino, fh(fi), offset, whence, o.valueOut);
        if (err != 0) {
            Replies.err(req, err);
        } else {
            Replies.lseek(req, o.valueOut.number);
        }
    }

    void getxattr(MemorySegment req, long ino, MemorySegment name, long size) {
        NativeOut o = NativeOut.get();
        o.valueOut.clear();
        xattrReply(req, size, fs.getxattr(o.caller(req), ino, o.name(name), size, o.valueOut), o.valueOut);
    }

    void listxattr(MemorySegment req, long ino, long size) {
        NativeOut o = NativeOut.get();
        o.valueOut.clear();
        xattrReply(req, size, fs.listxattr(o.caller(req), ino, size, o.valueOut), o.valueOut);
    }

    /** size 0 asks for the size; otherwise the value, which must fit. */
    private static void xattrReply(MemorySegment req, long size, int err, ValueOut v) {
        if (err != 0) {
            Replies.err(req, err);
        } else if (size == 0) {
            Replies.xattrSize(req, v.number);
        } else {
            Replies.bytes(req, java.nio.ByteBuffer.wrap(v.bytes));
        }
    }

    static byte[] bytes(MemorySegment p, long size) {
        return p.reinterpret(size).toArray(ValueLayout.JAVA_BYTE);
    }
}
