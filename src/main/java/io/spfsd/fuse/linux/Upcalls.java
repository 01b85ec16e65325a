package io.spfsd.fuse.linux;

import static io.spfsd.fuse.Op.*;

import io.spfsd.bindings.fuse3.fuse_lowlevel_ops;
import io.spfsd.fuse.Op;
import io.spfsd.fuse.OpObserver;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Builds the {@code struct fuse_lowlevel_ops} that libfuse calls: every operation registered
 * here, explicitly, with one upcall stub each. A stub calls its bridge method inside the
 * {@link UpcallBarrier} (nothing may escape an upcall: it would kill the JVM) and reports
 * the request's time. One lambda per operation, made once: no request allocates one. The
 * stubs live as long as the arena (the session's).
 */
final class Upcalls {
    private final OpObserver observer;

    private Upcalls(OpObserver observer) {
        this.observer = observer;
    }

    static long start() {
        ReplyClock.take(); // a reply made outside a request (none today) is not this one's
        return System.nanoTime();
    }

    void done(Op op, long start) {
        observer.op(op.ordinal(), System.nanoTime() - start, ReplyClock.take());
    }

    static MemorySegment build(ReadBridge r, WriteBridge w, OpObserver observer, Arena arena) {
        Upcalls u = new Upcalls(observer);
        MemorySegment ops = fuse_lowlevel_ops.allocate(arena);
        u.reads(ops, r, arena);
        WriteUpcalls.register(ops, w, u, arena);
        return ops;
    }

    private void reads(MemorySegment ops, ReadBridge b, Arena arena) {
        java.util.concurrent.locks.Lock fence = b.fence(); // replies with entries or attributes: Filesystem#replyFence
        fuse_lowlevel_ops.init(ops, fuse_lowlevel_ops.init.allocate((userdata, conn) -> {
            try {
                b.init(conn);
            } catch (Throwable t) {
                UpcallBarrier.failed(null, "init", t);
            }
        }, arena));
        fuse_lowlevel_ops.destroy(ops, fuse_lowlevel_ops.destroy.allocate(userdata -> {
            try {
                b.destroy();
            } catch (Throwable t) {
                UpcallBarrier.failed(null, "destroy", t);
            }
        }, arena));
        fuse_lowlevel_ops.lookup(ops, fuse_lowlevel_ops.lookup.allocate((req, parent, name) -> {
            long t = start();
            try {
                fence.lock();
                try {
                    b.lookup(req, parent, name);
                } finally {
                    fence.unlock();
                }
                done(LOOKUP, t);
            } catch (Throwable e) {
                UpcallBarrier.failed(req, "lookup", e);
            }
        }, arena));
        fuse_lowlevel_ops.forget(ops, fuse_lowlevel_ops.forget.allocate((req, ino, n) -> {
            long t = start();
            try {
                b.forget(req, ino, n);
                done(FORGET, t);
            } catch (Throwable e) {
                UpcallBarrier.failed(req, "forget", e);
            }
        }, arena));
        fuse_lowlevel_ops.forget_multi(ops, fuse_lowlevel_ops.forget_multi.allocate((req, count, forgets) -> {
            long t = start();
            try {
                b.forgetMulti(req, count, forgets);
                done(FORGET_MULTI, t);
            } catch (Throwable e) {
                UpcallBarrier.failed(req, "forget_multi", e);
            }
        }, arena));
        fuse_lowlevel_ops.getattr(ops, fuse_lowlevel_ops.getattr.allocate((req, ino, fi) -> {
            long t = start();
            try {
                fence.lock();
                try {
                    b.getattr(req, ino, fi);
                } finally {
                    fence.unlock();
                }
                done(GETATTR, t);
            } catch (Throwable e) {
                UpcallBarrier.failed(req, "getattr", e);
            }
        }, arena));
        fuse_lowlevel_ops.readlink(ops, fuse_lowlevel_ops.readlink.allocate((req, ino) -> {
            long t = start();
            try {
                b.readlink(req, ino);
                done(READLINK, t);
            } catch (Throwable e) {
                UpcallBarrier.failed(req, "readlink", e);
            }
        }, arena));
        fuse_lowlevel_ops.open(ops, fuse_lowlevel_ops.open.allocate((req, ino, fi) -> {
            long t = start();
            try {
                b.open(req, ino, fi);
                done(OPEN, t);
            } catch (Throwable e) {
                UpcallBarrier.failed(req, "open", e);
            }
        }, arena));
        fuse_lowlevel_ops.read(ops, fuse_lowlevel_ops.read.allocate((req, ino, size, off, fi) -> {
            long t = start();
            try {
                b.read(req, ino, size, off, fi);
                done(READ, t);
            } catch (Throwable e) {
                UpcallBarrier.failed(req, "read", e);
            }
        }, arena));
        fuse_lowlevel_ops.release(ops, fuse_lowlevel_ops.release.allocate((req, ino, fi) -> {
            long t = start();
            try {
                b.release(req, ino, fi);
                done(RELEASE, t);
            } catch (Throwable e) {
                UpcallBarrier.failed(req, "release", e);
            }
        }, arena));
        fuse_lowlevel_ops.opendir(ops, fuse_lowlevel_ops.opendir.allocate((req, ino, fi) -> {
            long t = start();
            try {
                fence.lock();
                try {
                    b.opendir(req, ino, fi);
                } finally {
                    fence.unlock();
                }
                done(OPENDIR, t);
            } catch (Throwable e) {
                UpcallBarrier.failed(req, "opendir", e);
            }
        }, arena));
        fuse_lowlevel_ops.readdir(ops, fuse_lowlevel_ops.readdir.allocate((req, ino, size, off, fi) -> {
            long t = start();
            try {
                fence.lock();
                try {
                    b.readdir(req, ino, size, off, fi, false);
                } finally {
                    fence.unlock();
                }
                done(READDIR, t);
            } catch (Throwable e) {
                UpcallBarrier.failed(req, "readdir", e);
            }
        }, arena));
        // libfuse enables READDIRPLUS only when this slot is set; every Filesystem answers it.
        fuse_lowlevel_ops.readdirplus(ops, fuse_lowlevel_ops.readdirplus.allocate((req, ino, size, off, fi) -> {
            long t = start();
            try {
                fence.lock();
                try {
                    b.readdir(req, ino, size, off, fi, true);
                } finally {
                    fence.unlock();
                }
                done(READDIRPLUS, t);
            } catch (Throwable e) {
                UpcallBarrier.failed(req, "readdirplus", e);
            }
        }, arena));
        fuse_lowlevel_ops.releasedir(ops, fuse_lowlevel_ops.releasedir.allocate((req, ino, fi) -> {
            long t = start();
            try {
                b.releasedir(req, ino, fi);
                done(RELEASEDIR, t);
            } catch (Throwable e) {
                UpcallBarrier.failed(req, "releasedir", e);
            }
        }, arena));
        fuse_lowlevel_ops.statfs(ops, fuse_lowlevel_ops.statfs.allocate((req, ino) -> {
            long t = start();
            try {
                b.statfs(req, ino);
                done(STATFS, t);
            } catch (Throwable e) {
                UpcallBarrier.failed(req, "statfs", e);
            }
        }, arena));
        fuse_lowlevel_ops.access(ops, fuse_lowlevel_ops.access.allocate((req, ino, mask) -> {
            long t = start();
            try {
                b.access(req, ino, mask);
                done(ACCESS, t);
            } catch (Throwable e) {
                UpcallBarrier.failed(req, "access", e);
            }
        }, arena));
        fuse_lowlevel_ops.getxattr(ops, fuse_lowlevel_ops.getxattr.allocate((req, ino, name, size) -> {
            long t = start();
            try {
                b.getxattr(req, ino, name, size);
                done(GETXATTR, t);
            } catch (Throwable e) {
                UpcallBarrier.failed(req, "getxattr", e);
            }
        }, arena));
        fuse_lowlevel_ops.listxattr(ops, fuse_lowlevel_ops.listxattr.allocate((req, ino, size) -> {
            long t = start();
            try {
                b.listxattr(req, ino, size);
                done(LISTXATTR, t);
            } catch (Throwable e) {
                UpcallBarrier.failed(req, "listxattr", e);
            }
        }, arena));
        fuse_lowlevel_ops.lseek(ops, fuse_lowlevel_ops.lseek.allocate((req, ino, off, whence, fi) -> {
            long t = start();
            try {
                b.lseek(req, ino, off, whence, fi);
                done(LSEEK, t);
            } catch (Throwable e) {
                UpcallBarrier.failed(req, "lseek", e);
            }
        }, arena));
    }
}
