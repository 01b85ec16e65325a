package io.spfsd.fuse.linux;

import io.spfsd.bindings.fuse3.fuse3_h;
import io.spfsd.bindings.fuse3.fuse_file_info;
import io.spfsd.fs.api.Attr;
import io.spfsd.fs.api.Filesystem;
import io.spfsd.fs.api.SetattrIn;
import java.lang.foreign.MemorySegment;

/**
 * The writing half of the libfuse3 low-level API over the neutral contract: each method
 * decodes one request, asks the {@link Filesystem}, and replies exactly once.
 */
final class WriteBridge {
    private final Filesystem fs;

    /** Held from computing a reply that tells the kernel what to cache until it is written (Filesystem#replyFence). */
    java.util.concurrent.locks.Lock fence() {
        return fs.replyFence();
    }

    WriteBridge(Filesystem fs) {
        this.fs = fs;
    }

    /** Replies with the entry in o, or the error. */
    private static void entryReply(MemorySegment req, NativeOut o, int err) {
        if (err != 0) {
            Replies.err(req, err);
        } else {
            Replies.entry(req, o.entryParam(o.entryOut));
        }
    }

    void create(MemorySegment req, long parent, MemorySegment name, int mode, MemorySegment fiPtr) {
        NativeOut o = NativeOut.get();
        MemorySegment fi = fiPtr.reinterpret(fuse_file_info.sizeof());
        o.entryOut.clear();
        o.openOut.clear();
        int err = fs.create(o.caller(req), parent, o.name(name), mode, fuse_file_info.flags(fi), o.entryOut, o.openOut);
        if (err != 0) {
            Replies.err(req, err);
        } else {
            Replies.create(req, o.entryParam(o.entryOut), ReadBridge.fileInfo(fi, o.openOut));
        }
    }

    void mkdir(MemorySegment req, long parent, MemorySegment name, int mode) {
        NativeOut o = NativeOut.get();
        o.entryOut.clear();
        entryReply(req, o, fs.mkdir(o.caller(req), parent, o.name(name), mode, o.entryOut));
    }

    void mknod(MemorySegment req, long parent, MemorySegment name, int mode, long rdev) {
        NativeOut o = NativeOut.get();
        o.entryOut.clear();
        entryReply(req, o, fs.mknod(o.caller(req), parent, o.name(name), mode, rdev, o.entryOut));
    }

    void symlink(MemorySegment req, MemorySegment target, long parent, MemorySegment name) {
        NativeOut o = NativeOut.get();
        o.entryOut.clear();
        String t = o.name(target);
        entryReply(req, o, fs.symlink(o.caller(req), t, parent, o.name(name), o.entryOut));
    }

    void link(MemorySegment req, long ino, long newParent, MemorySegment newName) {
        NativeOut o = NativeOut.get();
        o.entryOut.clear();
        entryReply(req, o, fs.link(o.caller(req), ino, newParent, o.name(newName), o.entryOut));
    }

    void unlink(MemorySegment req, long parent, MemorySegment name) {
        NativeOut o = NativeOut.get();
        Replies.err(req, fs.unlink(o.caller(req), parent, o.name(name)));
    }

    void rmdir(MemorySegment req, long parent, MemorySegment name) {
        NativeOut o = NativeOut.get();
        Replies.err(req, fs.rmdir(o.caller(req), parent, o.name(name)));
    }

    void rename(MemorySegment req, long parent, MemorySegment name, long newParent, MemorySegment newName,
                int flags) {
        NativeOut o = NativeOut.get();
        String from = o.name(name);
        Replies.err(req, fs.rename(o.caller(req), parent, from, newParent, o.name(newName), flags));
    }

    void setattr(MemorySegment req, long ino, MemorySegment attr, int toSet, MemorySegment fi) {
        NativeOut o = NativeOut.get();
        SetattrIn in = o.setattrIn;
        Attr given = o.attrOut.attr;
        NativeOut.ATTRS.read(attr.reinterpret(NativeOut.ATTRS.stat.size()), given);
        in.valid = toSet; // libfuse's FUSE_SET_ATTR_* bits, which SetattrIn's SET_* copy
        in.mode = given.mode;
        in.uid = given.uid;
        in.gid = given.gid;
        in.size = given.size;
        in.atimeSec = given.atimeSec;
        in.atimeNsec = given.atimeNsec;
        in.mtimeSec = given.mtimeSec;
        in.mtimeNsec = given.mtimeNsec;
        in.fh = ReadBridge.fh(fi);
        o.attrOut.clear();
        int err = fs.setattr(o.caller(req), ino, in, o.attrOut);
        if (err != 0) {
            Replies.err(req, err);
        } else {
            Replies.attr(req, o.stat(o.attrOut), o.attrOut.timeout);
        }
    }

    void write(MemorySegment req, long ino, MemorySegment buf, long size, long offset, MemorySegment fi) {
        NativeOut o = NativeOut.get();
        o.valueOut.clear();
        int err = fs.write(o.caller(req), ino, ReadBridge.fh(fi), buf.reinterpret(size).asByteBuffer(), offset,
                o.valueOut);
        if (err != 0) {
            Replies.err(req, err);
        } else {
            Replies.written(req, o.valueOut.number);
        }
    }

    void flush(MemorySegment req, long ino, MemorySegment fi) {
        Replies.err(req, fs.flush(NativeOut.get().caller(req), ino, ReadBridge.fh(fi)));
    }

    void fsync(MemorySegment req, long ino, int datasync, MemorySegment fi) {
        Replies.err(req, fs.fsync(NativeOut.get().caller(req), ino, ReadBridge.fh(fi), datasync != 0));
    }

    void fsyncdir(MemorySegment req, long ino, int datasync, MemorySegment fi) {
        Replies.err(req, fs.fsyncdir(NativeOut.get().caller(req), ino, ReadBridge.fh(fi), datasync != 0));
    }

    void fallocate(MemorySegment req, long ino, int mode, long offset, long length, MemorySegment fi) {
        Replies.err(req, fs.fallocate(NativeOut.get().caller(req), ino, ReadBridge.fh(fi), mode, offset, length));
    }

    void setxattr(MemorySegment req, long ino, MemorySegment name, MemorySegment value, long size, int flags) {
        NativeOut o = NativeOut.get();
        Replies.err(req, fs.setxattr(o.caller(req), ino, o.name(name), ReadBridge.bytes(value, size), flags));
    }

    void removexattr(MemorySegment req, long ino, MemorySegment name) {
        NativeOut o = NativeOut.get();
        Replies.err(req, fs.removexattr(o.caller(req), ino, o.name(name)));
    }

    void copyFileRange(MemorySegment req, long inIno, long inOff, MemorySegment inFi, long outIno, long outOff,
                       MemorySegment outFi, long length, int flags) {
        NativeOut o = NativeOut.get();
        o.valueOut.clear();
        int err = fs.copyFileRange(o.caller(req), inIno, ReadBridge.fh(inFi), inOff, outIno, ReadBridge.fh(outFi),
                outOff, length, flags, o.valueOut);
        if (err != 0) {
            Replies.err(req, err);
        } else {
            Replies.written(req, o.valueOut.number);
        }
    }
}
