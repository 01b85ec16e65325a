package io.spfsd.fuse.linux;

import static io.spfsd.fuse.Op.*;

import io.spfsd.bindings.fuse3.fuse_lowlevel_ops;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/** The upcall stubs of the writing operations; see {@link Upcalls}. */
final class WriteUpcalls {
    private WriteUpcalls() {
    }

    static void register(MemorySegment ops, WriteBridge b, Upcalls u, Arena arena) {
        java.util.concurrent.locks.Lock fence = b.fence(); // replies with entries or attributes: Filesystem#replyFence
        fuse_lowlevel_ops.create(ops, fuse_lowlevel_ops.create.allocate((req, parent, name, mode, fi) -> {
            long t = Upcalls.start();
            try {
                fence.lock();
                try {
                    b.create(req, parent, name, mode, fi);
                } finally {
                    fence.unlock();
                }
                u.done(CREATE, t);
            } catch (Throwable e) {
                UpcallBarrier.failed(req, "create", e);
            }
        }, arena));
        fuse_lowlevel_ops.mkdir(ops, fuse_lowlevel_ops.mkdir.allocate((req, parent, name, mode) -> {
            long t = Upcalls.start();
            try {
                fence.lock();
                try {
                    b.mkdir(req, parent, name, mode);
                } finally {
                    fence.unlock();
                }
                u.done(MKDIR, t);
            } catch (Throwable e) {
                UpcallBarrier.failed(req, "mkdir", e);
            }
        }, arena));
        fuse_lowlevel_ops.mknod(ops, fuse_lowlevel_ops.mknod.allocate((req, parent, name, mode, rdev) -> {
            long t = Upcalls.start();
            try {
                fence.lock();
                try {
                    b.mknod(req, parent, name, mode, rdev);
                } finally {
                    fence.unlock();
                }
                u.done(MKNOD, t);
            } catch (Throwable e) {
                UpcallBarrier.failed(req, "mknod", e);
            }
        }, arena));
        fuse_lowlevel_ops.symlink(ops, fuse_lowlevel_ops.symlink.allocate((req, link, parent, name) -> {
            long t = Upcalls.start();
            try {
                fence.lock();
                try {
                    b.symlink(req, link, parent, name);
                } finally {
                    fence.unlock();
                }
                u.done(SYMLINK, t);
            } catch (Throwable e) {
                UpcallBarrier.failed(req, "symlink", e);
            }
        }, arena));
        fuse_lowlevel_ops.link(ops, fuse_lowlevel_ops.link.allocate((req, ino, newParent, newName) -> {
            long t = Upcalls.start();
            try {
                fence.lock();
                try {
                    b.link(req, ino, newParent, newName);
                } finally {
                    fence.unlock();
                }
                u.done(LINK, t);
            } catch (Throwable e) {
                UpcallBarrier.failed(req, "link", e);
            }
        }, arena));
        fuse_lowlevel_ops.unlink(ops, fuse_lowlevel_ops.unlink.allocate((req, parent, name) -> {
            long t = Upcalls.start();
            try {
                b.unlink(req, parent, name);
                u.done(UNLINK, t);
            } catch (Throwable e) {
                UpcallBarrier.failed(req, "unlink", e);
            }
        }, arena));
        fuse_lowlevel_ops.rmdir(ops, fuse_lowlevel_ops.rmdir.allocate((req, parent, name) -> {
            long t = Upcalls.start();
            try {
                b.rmdir(req, parent, name);
                u.done(RMDIR, t);
            } catch (Throwable e) {
                UpcallBarrier.failed(req, "rmdir", e);
            }
        }, arena));
        fuse_lowlevel_ops.rename(ops, fuse_lowlevel_ops.rename.allocate((req, parent, name, newParent, newName, flags) -> {
            long t = Upcalls.start();
            try {
                b.rename(req, parent, name, newParent, newName, flags);
                u.done(RENAME, t);
            } catch (Throwable e) {
                UpcallBarrier.failed(req, "rename", e);
            }
        }, arena));
        fuse_lowlevel_ops.setattr(ops, fuse_lowlevel_ops.setattr.allocate((req, ino, attr, toSet, fi) -> {
            long t = Upcalls.start();
            try {
                fence.lock();
                try {
                    b.setattr(req, ino, attr, toSet, fi);
                } finally {
                    fence.unlock();
                }
                u.done(SETATTR, t);
            } catch (Throwable e) {
                UpcallBarrier.failed(req, "setattr", e);
            }
        }, arena));
        fuse_lowlevel_ops.write(ops, fuse_lowlevel_ops.write.allocate((req, ino, buf, size, off, fi) -> {
            long t = Upcalls.start();
            try {
                b.write(req, ino, buf, size, off, fi);
                u.done(WRITE, t);
            } catch (Throwable e) {
                UpcallBarrier.failed(req, "write", e);
            }
        }, arena));
        fuse_lowlevel_ops.flush(ops, fuse_lowlevel_ops.flush.allocate((req, ino, fi) -> {
            long t = Upcalls.start();
            try {
                b.flush(req, ino, fi);
                u.done(FLUSH, t);
            } catch (Throwable e) {
                UpcallBarrier.failed(req, "flush", e);
            }
        }, arena));
        fuse_lowlevel_ops.fsync(ops, fuse_lowlevel_ops.fsync.allocate((req, ino, datasync, fi) -> {
            long t = Upcalls.start();
            try {
                b.fsync(req, ino, datasync, fi);
                u.done(FSYNC, t);
            } catch (Throwable e) {
                UpcallBarrier.failed(req, "fsync", e);
            }
        }, arena));
        fuse_lowlevel_ops.fsyncdir(ops, fuse_lowlevel_ops.fsyncdir.allocate((req, ino, datasync, fi) -> {
            long t = Upcalls.start();
            try {
                b.fsyncdir(req, ino, datasync, fi);
                u.done(FSYNCDIR, t);
            } catch (Throwable e) {
                UpcallBarrier.failed(req, "fsyncdir", e);
            }
        }, arena));
        fuse_lowlevel_ops.fallocate(ops, fuse_lowlevel_ops.fallocate.allocate((req, ino, mode, off, len, fi) -> {
            long t = Upcalls.start();
            try {
                b.fallocate(req, ino, mode, off, len, fi);
                u.done(FALLOCATE, t);
            } catch (Throwable e) {
                UpcallBarrier.failed(req, "fallocate", e);
            }
        }, arena));
        fuse_lowlevel_ops.setxattr(ops, fuse_lowlevel_ops.setxattr.allocate((req, ino, name, value, size, flags) -> {
            long t = Upcalls.start();
            try {
                b.setxattr(req, ino, name, value, size, flags);
                u.done(SETXATTR, t);
            } catch (Throwable e) {
                UpcallBarrier.failed(req, "setxattr", e);
            }
        }, arena));
        fuse_lowlevel_ops.removexattr(ops, fuse_lowlevel_ops.removexattr.allocate((req, ino, name) -> {
            long t = Upcalls.start();
            try {
                b.removexattr(req, ino, name);
                u.done(REMOVEXATTR, t);
            } catch (Throwable e) {
                UpcallBarrier.failed(req, "removexattr", e);
            }
        }, arena));
        fuse_lowlevel_ops.copy_file_range(ops, fuse_lowlevel_ops.copy_file_range.allocate((req, inIno, inOff, inFi, outIno, outOff, outFi, len, flags) -> {
            long t = Upcalls.start();
            try {
                b.copyFileRange(req, inIno, inOff, inFi, outIno, outOff, outFi, len, flags);
                u.done(COPY_FILE_RANGE, t);
            } catch (Throwable e) {
                UpcallBarrier.failed(req, "copy_file_range", e);
            }
        }, arena));
    }
}
