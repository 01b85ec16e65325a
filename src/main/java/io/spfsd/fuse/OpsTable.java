package io.spfsd.fuse;

import io.spfsd.bindings.fuse3.fuse_lowlevel_ops;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Builds the {@code struct fuse_lowlevel_ops} that libfuse calls: one upcall stub per
 * operation. Each stub calls the Java method inside the {@link UpcallBarrier} (nothing may
 * escape an upcall) and reports the operation's time to an {@link OpObserver}. The stubs live
 * as long as the arena (the session's).
 */
final class OpsTable {
    static final int LOOKUP = 0;
    static final int FORGET = 1;
    static final int FORGET_MULTI = 2;
    static final int GETATTR = 3;
    static final int READLINK = 4;
    static final int OPEN = 5;
    static final int READ = 6;
    static final int RELEASE = 7;
    static final int OPENDIR = 8;
    static final int READDIR = 9;
    static final int READDIRPLUS = 10;
    static final int RELEASEDIR = 11;
    static final int STATFS = 12;
    static final int ACCESS = 13;
    static final int GETXATTR = 14;
    static final int LISTXATTR = 15;
    static final int MODIFY = 16;
    static final int LSEEK = 17;
    /** Operation names by index, for metrics. */
    static final String[] NAMES = {"lookup", "forget", "forget_multi", "getattr", "readlink", "open", "read",
        "release", "opendir", "readdir", "readdirplus", "releasedir", "statfs", "access", "getxattr", "listxattr",
        "modify", "lseek"};

    private OpsTable() {
    }

    static MemorySegment build(FuseOperations fs, OpObserver observer, Arena arena) {
        MemorySegment ops = fuse_lowlevel_ops.allocate(arena);
        fuse_lowlevel_ops.init(ops, fuse_lowlevel_ops.init.allocate((userdata, conn) -> {
            try {
                fs.init(conn);
            } catch (Throwable t) {
                UpcallBarrier.failed(null, "init", t);
            }
        }, arena));
        fuse_lowlevel_ops.destroy(ops, fuse_lowlevel_ops.destroy.allocate(userdata -> {
            try {
                fs.destroy();
            } catch (Throwable t) {
                UpcallBarrier.failed(null, "destroy", t);
            }
        }, arena));
        fuse_lowlevel_ops.lookup(ops, fuse_lowlevel_ops.lookup.allocate((req, parent, name) -> {
            long start = System.nanoTime();
            try {
                fs.lookup(req, parent, name);
                observer.op(LOOKUP, System.nanoTime() - start);
            } catch (Throwable t) {
                UpcallBarrier.failed(req, "lookup", t);
            }
        }, arena));
        fuse_lowlevel_ops.forget(ops, fuse_lowlevel_ops.forget.allocate((req, ino, n) -> {
            long start = System.nanoTime();
            try {
                fs.forget(req, ino, n);
                observer.op(FORGET, System.nanoTime() - start);
            } catch (Throwable t) {
                UpcallBarrier.failed(req, "forget", t);
            }
        }, arena));
        fuse_lowlevel_ops.forget_multi(ops, fuse_lowlevel_ops.forget_multi.allocate((req, count, forgets) -> {
            long start = System.nanoTime();
            try {
                fs.forgetMulti(req, count, forgets);
                observer.op(FORGET_MULTI, System.nanoTime() - start);
            } catch (Throwable t) {
                UpcallBarrier.failed(req, "forget_multi", t);
            }
        }, arena));
        fuse_lowlevel_ops.getattr(ops, fuse_lowlevel_ops.getattr.allocate((req, ino, fi) -> {
            long start = System.nanoTime();
            try {
                fs.getattr(req, ino, fi);
                observer.op(GETATTR, System.nanoTime() - start);
            } catch (Throwable t) {
                UpcallBarrier.failed(req, "getattr", t);
            }
        }, arena));
        fuse_lowlevel_ops.readlink(ops, fuse_lowlevel_ops.readlink.allocate((req, ino) -> {
            long start = System.nanoTime();
            try {
                fs.readlink(req, ino);
                observer.op(READLINK, System.nanoTime() - start);
            } catch (Throwable t) {
                UpcallBarrier.failed(req, "readlink", t);
            }
        }, arena));
        fuse_lowlevel_ops.open(ops, fuse_lowlevel_ops.open.allocate((req, ino, fi) -> {
            long start = System.nanoTime();
            try {
                fs.open(req, ino, fi);
                observer.op(OPEN, System.nanoTime() - start);
            } catch (Throwable t) {
                UpcallBarrier.failed(req, "open", t);
            }
        }, arena));
        fuse_lowlevel_ops.read(ops, fuse_lowlevel_ops.read.allocate((req, ino, size, off, fi) -> {
            long start = System.nanoTime();
            try {
                fs.read(req, ino, size, off, fi);
                observer.op(READ, System.nanoTime() - start);
            } catch (Throwable t) {
                UpcallBarrier.failed(req, "read", t);
            }
        }, arena));
        fuse_lowlevel_ops.release(ops, fuse_lowlevel_ops.release.allocate((req, ino, fi) -> {
            long start = System.nanoTime();
            try {
                fs.release(req, ino, fi);
                observer.op(RELEASE, System.nanoTime() - start);
            } catch (Throwable t) {
                UpcallBarrier.failed(req, "release", t);
            }
        }, arena));
        fuse_lowlevel_ops.opendir(ops, fuse_lowlevel_ops.opendir.allocate((req, ino, fi) -> {
            long start = System.nanoTime();
            try {
                fs.opendir(req, ino, fi);
                observer.op(OPENDIR, System.nanoTime() - start);
            } catch (Throwable t) {
                UpcallBarrier.failed(req, "opendir", t);
            }
        }, arena));
        fuse_lowlevel_ops.readdir(ops, fuse_lowlevel_ops.readdir.allocate((req, ino, size, off, fi) -> {
            long start = System.nanoTime();
            try {
                fs.readdir(req, ino, size, off, fi);
                observer.op(READDIR, System.nanoTime() - start);
            } catch (Throwable t) {
                UpcallBarrier.failed(req, "readdir", t);
            }
        }, arena));
        if (overrides(fs, "readdirplus")) {
            // libfuse enables READDIRPLUS only when this op is set; the kernel does not fall back
            // to readdir on ENOSYS, so a filesystem without it must leave the slot empty.
            fuse_lowlevel_ops.readdirplus(ops, fuse_lowlevel_ops.readdirplus.allocate((req, ino, size, off, fi) -> {
                long start = System.nanoTime();
                try {
                    fs.readdirplus(req, ino, size, off, fi);
                    observer.op(READDIRPLUS, System.nanoTime() - start);
                } catch (Throwable t) {
                    UpcallBarrier.failed(req, "readdirplus", t);
                }
            }, arena));
        }
        fuse_lowlevel_ops.releasedir(ops, fuse_lowlevel_ops.releasedir.allocate((req, ino, fi) -> {
            long start = System.nanoTime();
            try {
                fs.releasedir(req, ino, fi);
                observer.op(RELEASEDIR, System.nanoTime() - start);
            } catch (Throwable t) {
                UpcallBarrier.failed(req, "releasedir", t);
            }
        }, arena));
        fuse_lowlevel_ops.statfs(ops, fuse_lowlevel_ops.statfs.allocate((req, ino) -> {
            long start = System.nanoTime();
            try {
                fs.statfs(req, ino);
                observer.op(STATFS, System.nanoTime() - start);
            } catch (Throwable t) {
                UpcallBarrier.failed(req, "statfs", t);
            }
        }, arena));
        fuse_lowlevel_ops.access(ops, fuse_lowlevel_ops.access.allocate((req, ino, mask) -> {
            long start = System.nanoTime();
            try {
                fs.access(req, ino, mask);
                observer.op(ACCESS, System.nanoTime() - start);
            } catch (Throwable t) {
                UpcallBarrier.failed(req, "access", t);
            }
        }, arena));
        fuse_lowlevel_ops.getxattr(ops, fuse_lowlevel_ops.getxattr.allocate((req, ino, name, size) -> {
            long start = System.nanoTime();
            try {
                fs.getxattr(req, ino, name, size);
                observer.op(GETXATTR, System.nanoTime() - start);
            } catch (Throwable t) {
                UpcallBarrier.failed(req, "getxattr", t);
            }
        }, arena));
        fuse_lowlevel_ops.listxattr(ops, fuse_lowlevel_ops.listxattr.allocate((req, ino, size) -> {
            long start = System.nanoTime();
            try {
                fs.listxattr(req, ino, size);
                observer.op(LISTXATTR, System.nanoTime() - start);
            } catch (Throwable t) {
                UpcallBarrier.failed(req, "listxattr", t);
            }
        }, arena));
        fuse_lowlevel_ops.lseek(ops, fuse_lowlevel_ops.lseek.allocate((req, ino, off, whence, fi) -> {
            long start = System.nanoTime();
            try {
                fs.lseek(req, ino, off, whence, fi);
                observer.op(LSEEK, System.nanoTime() - start);
            } catch (Throwable t) {
                UpcallBarrier.failed(req, "lseek", t);
            }
        }, arena));
        installModifiers(fs, observer, ops, arena);
        return ops;
    }

    private static boolean overrides(FuseOperations fs, String method) {
        for (var m : fs.getClass().getMethods()) {
            if (m.getName().equals(method) && !m.isDefault() && m.getDeclaringClass() != FuseOperations.class) {
                return true;
            }
        }
        return false;
    }

    /** Every operation that would change the tree is routed to {@link FuseOperations#modify}. */
    private static void installModifiers(FuseOperations fs, OpObserver observer, MemorySegment ops, Arena arena) {
        fuse_lowlevel_ops.setattr(ops, fuse_lowlevel_ops.setattr.allocate(
                (req, ino, attr, toSet, fi) -> modify(fs, observer, req, "setattr"), arena));
        fuse_lowlevel_ops.mknod(ops, fuse_lowlevel_ops.mknod.allocate(
                (req, parent, name, mode, rdev) -> modify(fs, observer, req, "mknod"), arena));
        fuse_lowlevel_ops.mkdir(ops, fuse_lowlevel_ops.mkdir.allocate(
                (req, parent, name, mode) -> modify(fs, observer, req, "mkdir"), arena));
        fuse_lowlevel_ops.unlink(ops, fuse_lowlevel_ops.unlink.allocate(
                (req, parent, name) -> modify(fs, observer, req, "unlink"), arena));
        fuse_lowlevel_ops.rmdir(ops, fuse_lowlevel_ops.rmdir.allocate(
                (req, parent, name) -> modify(fs, observer, req, "rmdir"), arena));
        fuse_lowlevel_ops.symlink(ops, fuse_lowlevel_ops.symlink.allocate(
                (req, link, parent, name) -> modify(fs, observer, req, "symlink"), arena));
        fuse_lowlevel_ops.rename(ops, fuse_lowlevel_ops.rename.allocate(
                (req, parent, name, newParent, newName, flags) -> modify(fs, observer, req, "rename"), arena));
        fuse_lowlevel_ops.link(ops, fuse_lowlevel_ops.link.allocate(
                (req, ino, newParent, newName) -> modify(fs, observer, req, "link"), arena));
        fuse_lowlevel_ops.write(ops, fuse_lowlevel_ops.write.allocate(
                (req, ino, buf, size, off, fi) -> modify(fs, observer, req, "write"), arena));
        fuse_lowlevel_ops.create(ops, fuse_lowlevel_ops.create.allocate(
                (req, parent, name, mode, fi) -> modify(fs, observer, req, "create"), arena));
        fuse_lowlevel_ops.setxattr(ops, fuse_lowlevel_ops.setxattr.allocate(
                (req, ino, name, value, size, flags) -> modify(fs, observer, req, "setxattr"), arena));
        fuse_lowlevel_ops.removexattr(ops, fuse_lowlevel_ops.removexattr.allocate(
                (req, ino, name) -> modify(fs, observer, req, "removexattr"), arena));
        fuse_lowlevel_ops.fallocate(ops, fuse_lowlevel_ops.fallocate.allocate(
                (req, ino, mode, off, len, fi) -> modify(fs, observer, req, "fallocate"), arena));
    }

    private static void modify(FuseOperations fs, OpObserver observer, MemorySegment req, String op) {
        long start = System.nanoTime();
        try {
            fs.modify(req, op);
            observer.op(MODIFY, System.nanoTime() - start);
        } catch (Throwable t) {
            UpcallBarrier.failed(req, op, t);
        }
    }
}
