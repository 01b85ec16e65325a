package io.spfsd.fuse;

import io.spfsd.bindings.fuse3.fuse_lowlevel_ops;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Builds the {@code struct fuse_lowlevel_ops} that libfuse calls: one upcall stub per
 * operation, each wrapping the Java method in {@link UpcallBarrier}. The stubs live as long
 * as the arena (the session's).
 */
final class OpsTable {
    private OpsTable() {
    }

    static MemorySegment build(FuseOperations fs, Arena arena) {
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
            try {
                fs.lookup(req, parent, name);
            } catch (Throwable t) {
                UpcallBarrier.failed(req, "lookup", t);
            }
        }, arena));
        fuse_lowlevel_ops.forget(ops, fuse_lowlevel_ops.forget.allocate((req, ino, n) -> {
            try {
                fs.forget(req, ino, n);
            } catch (Throwable t) {
                UpcallBarrier.failed(req, "forget", t);
            }
        }, arena));
        fuse_lowlevel_ops.forget_multi(ops, fuse_lowlevel_ops.forget_multi.allocate((req, count, forgets) -> {
            try {
                fs.forgetMulti(req, count, forgets);
            } catch (Throwable t) {
                UpcallBarrier.failed(req, "forget_multi", t);
            }
        }, arena));
        fuse_lowlevel_ops.getattr(ops, fuse_lowlevel_ops.getattr.allocate((req, ino, fi) -> {
            try {
                fs.getattr(req, ino, fi);
            } catch (Throwable t) {
                UpcallBarrier.failed(req, "getattr", t);
            }
        }, arena));
        fuse_lowlevel_ops.readlink(ops, fuse_lowlevel_ops.readlink.allocate((req, ino) -> {
            try {
                fs.readlink(req, ino);
            } catch (Throwable t) {
                UpcallBarrier.failed(req, "readlink", t);
            }
        }, arena));
        fuse_lowlevel_ops.open(ops, fuse_lowlevel_ops.open.allocate((req, ino, fi) -> {
            try {
                fs.open(req, ino, fi);
            } catch (Throwable t) {
                UpcallBarrier.failed(req, "open", t);
            }
        }, arena));
        fuse_lowlevel_ops.read(ops, fuse_lowlevel_ops.read.allocate((req, ino, size, off, fi) -> {
            try {
                fs.read(req, ino, size, off, fi);
            } catch (Throwable t) {
                UpcallBarrier.failed(req, "read", t);
            }
        }, arena));
        fuse_lowlevel_ops.release(ops, fuse_lowlevel_ops.release.allocate((req, ino, fi) -> {
            try {
                fs.release(req, ino, fi);
            } catch (Throwable t) {
                UpcallBarrier.failed(req, "release", t);
            }
        }, arena));
        fuse_lowlevel_ops.opendir(ops, fuse_lowlevel_ops.opendir.allocate((req, ino, fi) -> {
            try {
                fs.opendir(req, ino, fi);
            } catch (Throwable t) {
                UpcallBarrier.failed(req, "opendir", t);
            }
        }, arena));
        fuse_lowlevel_ops.readdir(ops, fuse_lowlevel_ops.readdir.allocate((req, ino, size, off, fi) -> {
            try {
                fs.readdir(req, ino, size, off, fi);
            } catch (Throwable t) {
                UpcallBarrier.failed(req, "readdir", t);
            }
        }, arena));
        if (overrides(fs, "readdirplus")) {
            // libfuse enables READDIRPLUS only when this op is set; the kernel does not fall back
            // to readdir on ENOSYS, so a filesystem without it must leave the slot empty.
            fuse_lowlevel_ops.readdirplus(ops, fuse_lowlevel_ops.readdirplus.allocate((req, ino, size, off, fi) -> {
                try {
                    fs.readdirplus(req, ino, size, off, fi);
                } catch (Throwable t) {
                    UpcallBarrier.failed(req, "readdirplus", t);
                }
            }, arena));
        }
        fuse_lowlevel_ops.releasedir(ops, fuse_lowlevel_ops.releasedir.allocate((req, ino, fi) -> {
            try {
                fs.releasedir(req, ino, fi);
            } catch (Throwable t) {
                UpcallBarrier.failed(req, "releasedir", t);
            }
        }, arena));
        fuse_lowlevel_ops.statfs(ops, fuse_lowlevel_ops.statfs.allocate((req, ino) -> {
            try {
                fs.statfs(req, ino);
            } catch (Throwable t) {
                UpcallBarrier.failed(req, "statfs", t);
            }
        }, arena));
        fuse_lowlevel_ops.access(ops, fuse_lowlevel_ops.access.allocate((req, ino, mask) -> {
            try {
                fs.access(req, ino, mask);
            } catch (Throwable t) {
                UpcallBarrier.failed(req, "access", t);
            }
        }, arena));
        fuse_lowlevel_ops.getxattr(ops, fuse_lowlevel_ops.getxattr.allocate((req, ino, name, size) -> {
            try {
                fs.getxattr(req, ino, name, size);
            } catch (Throwable t) {
                UpcallBarrier.failed(req, "getxattr", t);
            }
        }, arena));
        fuse_lowlevel_ops.listxattr(ops, fuse_lowlevel_ops.listxattr.allocate((req, ino, size) -> {
            try {
                fs.listxattr(req, ino, size);
            } catch (Throwable t) {
                UpcallBarrier.failed(req, "listxattr", t);
            }
        }, arena));
        installModifiers(fs, ops, arena);
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
    private static void installModifiers(FuseOperations fs, MemorySegment ops, Arena arena) {
        fuse_lowlevel_ops.setattr(ops, fuse_lowlevel_ops.setattr.allocate(
                (req, ino, attr, toSet, fi) -> modify(fs, req, "setattr"), arena));
        fuse_lowlevel_ops.mknod(ops, fuse_lowlevel_ops.mknod.allocate(
                (req, parent, name, mode, rdev) -> modify(fs, req, "mknod"), arena));
        fuse_lowlevel_ops.mkdir(ops, fuse_lowlevel_ops.mkdir.allocate(
                (req, parent, name, mode) -> modify(fs, req, "mkdir"), arena));
        fuse_lowlevel_ops.unlink(ops, fuse_lowlevel_ops.unlink.allocate(
                (req, parent, name) -> modify(fs, req, "unlink"), arena));
        fuse_lowlevel_ops.rmdir(ops, fuse_lowlevel_ops.rmdir.allocate(
                (req, parent, name) -> modify(fs, req, "rmdir"), arena));
        fuse_lowlevel_ops.symlink(ops, fuse_lowlevel_ops.symlink.allocate(
                (req, link, parent, name) -> modify(fs, req, "symlink"), arena));
        fuse_lowlevel_ops.rename(ops, fuse_lowlevel_ops.rename.allocate(
                (req, parent, name, newParent, newName, flags) -> modify(fs, req, "rename"), arena));
        fuse_lowlevel_ops.link(ops, fuse_lowlevel_ops.link.allocate(
                (req, ino, newParent, newName) -> modify(fs, req, "link"), arena));
        fuse_lowlevel_ops.write(ops, fuse_lowlevel_ops.write.allocate(
                (req, ino, buf, size, off, fi) -> modify(fs, req, "write"), arena));
        fuse_lowlevel_ops.create(ops, fuse_lowlevel_ops.create.allocate(
                (req, parent, name, mode, fi) -> modify(fs, req, "create"), arena));
        fuse_lowlevel_ops.setxattr(ops, fuse_lowlevel_ops.setxattr.allocate(
                (req, ino, name, value, size, flags) -> modify(fs, req, "setxattr"), arena));
        fuse_lowlevel_ops.removexattr(ops, fuse_lowlevel_ops.removexattr.allocate(
                (req, ino, name) -> modify(fs, req, "removexattr"), arena));
        fuse_lowlevel_ops.fallocate(ops, fuse_lowlevel_ops.fallocate.allocate(
                (req, ino, mode, off, len, fi) -> modify(fs, req, "fallocate"), arena));
    }

    private static void modify(FuseOperations fs, MemorySegment req, String op) {
        try {
            fs.modify(req, op);
        } catch (Throwable t) {
            UpcallBarrier.failed(req, op, t);
        }
    }
}
