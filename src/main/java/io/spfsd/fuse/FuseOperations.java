package io.spfsd.fuse;

import java.lang.foreign.MemorySegment;

/**
 * The FUSE low-level operations, one Java method per request kind, called from libfuse's
 * worker threads. Each method must reply to {@code req} exactly once (forget and
 * forget_multi reply with none), and must reply last: if it throws, the upcall barrier
 * replies EIO in its place. Pointers are raw segments valid only during the call.
 *
 * <p>The defaults make an empty read-only filesystem: writes answer EROFS, and what a
 * read-only daemon does not support answers ENOSYS, which the kernel remembers.
 */
public interface FuseOperations {
    /** Called once when the kernel connects; conn is a {@code struct fuse_conn_info *}. */
    default void init(MemorySegment conn) {
    }

    default void destroy() {
    }

    void lookup(MemorySegment req, long parent, MemorySegment name);

    default void forget(MemorySegment req, long ino, long nlookup) {
        Replies.none(req);
    }

    default void forgetMulti(MemorySegment req, long count, MemorySegment forgets) {
        Replies.none(req);
    }

    void getattr(MemorySegment req, long ino, MemorySegment fi);

    default void readlink(MemorySegment req, long ino) {
        Replies.err(req, Errno.EINVAL);
    }

    default void open(MemorySegment req, long ino, MemorySegment fi) {
        Replies.err(req, Errno.ENOENT);
    }

    default void read(MemorySegment req, long ino, long size, long offset, MemorySegment fi) {
        Replies.err(req, Errno.EBADF);
    }

    default void release(MemorySegment req, long ino, MemorySegment fi) {
        Replies.err(req, 0);
    }

    default void opendir(MemorySegment req, long ino, MemorySegment fi) {
        Replies.err(req, Errno.ENOENT);
    }

    default void readdir(MemorySegment req, long ino, long size, long offset, MemorySegment fi) {
        Replies.err(req, Errno.EBADF);
    }

    default void readdirplus(MemorySegment req, long ino, long size, long offset, MemorySegment fi) {
        Replies.err(req, Errno.ENOSYS);
    }

    default void releasedir(MemorySegment req, long ino, MemorySegment fi) {
        Replies.err(req, 0);
    }

    default void statfs(MemorySegment req, long ino) {
        Replies.err(req, Errno.ENOSYS);
    }

    /** SEEK_DATA/SEEK_HOLE (the kernel answers the other whences itself); ENOSYS: no holes. */
    default void lseek(MemorySegment req, long ino, long offset, int whence, MemorySegment fi) {
        Replies.err(req, Errno.ENOSYS);
    }

    default void access(MemorySegment req, long ino, int mask) {
        Replies.err(req, Errno.ENOSYS);
    }

    /**
     * No extended attributes. ENOSYS makes the kernel remember that and answer EOPNOTSUPP
     * itself from then on; ENODATA would cost a round trip per file on every `ls -l`.
     */
    default void getxattr(MemorySegment req, long ino, MemorySegment name, long size) {
        Replies.err(req, Errno.ENOSYS);
    }

    default void listxattr(MemorySegment req, long ino, long size) {
        Replies.err(req, Errno.ENOSYS);
    }

    /** Every modifying request (setattr, mknod, mkdir, unlink, rmdir, symlink, rename, link,
     * write, create, setxattr, removexattr, fallocate, copy_file_range) lands here. */
    default void modify(MemorySegment req, String operation) {
        Replies.err(req, Errno.EROFS);
    }
}
