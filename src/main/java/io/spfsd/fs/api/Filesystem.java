package io.spfsd.fs.api;

import java.nio.ByteBuffer;

/**
 * The neutral FUSE contract: one method per operation, typed arguments, no native memory.
 * Each method returns 0 or an errno ({@link Errno}) and, on 0, fills the out-parameters it
 * is given; the adapter owns them (one set per worker thread) and turns them into exactly
 * one reply. Methods are called concurrently from the adapter's worker threads and must not
 * block on each other. Names are Strings that stand for exact bytes (io.spfsd.storage.Names).
 *
 * <p>The write operations answer EROFS by default: a read-only filesystem overrides none of
 * them. Flags, modes and whence values are the platform's own, passed through unchanged.
 */
public interface Filesystem {
    /** The kernel connected; cache is how to invalidate what it caches. */
    default void init(KernelCache cache) {
    }

    default void destroy() {
    }

    /**
     * Held by the adapter from calling an operation whose reply carries cache timeouts (an
     * entry, attributes, a listing) until that reply is written, so a reply computed under
     * one set of views never reaches the kernel after the filesystem has invalidated what that
     * set allowed it to keep. A read lock: requests never wait for each other.
     */
    default java.util.concurrent.locks.Lock replyFence() {
        return NO_FENCE;
    }

    /** A fence that holds nothing back. */
    java.util.concurrent.locks.Lock NO_FENCE = new java.util.concurrent.locks.ReentrantReadWriteLock().readLock();

    int lookup(Caller c, long parent, String name, EntryOut out);

    /** The kernel dropped nlookup lookups of ino. No reply. */
    void forget(long ino, long nlookup);

    int getattr(Caller c, long ino, AttrOut out);

    /** out.text: the target. */
    int readlink(Caller c, long ino, ValueOut out);

    int open(Caller c, long ino, int flags, OpenOut out);

    int read(Caller c, long ino, long fh, long size, long offset, ReadOut out);

    int release(Caller c, long ino, long fh);

    int opendir(Caller c, long ino, int flags, OpenOut out);

    /** Entries from offset on (0: the first, ".": offsets are what earlier entries gave as next). */
    int readdir(Caller c, long ino, long fh, long offset, boolean plus, DirSink sink);

    int releasedir(Caller c, long ino, long fh);

    int statfs(Caller c, long ino, StatfsOut out);

    int access(Caller c, long ino, int mask);

    /** SEEK_DATA/SEEK_HOLE; out.number: the offset found. */
    default int lseek(Caller c, long ino, long fh, long offset, int whence, ValueOut out) {
        return Errno.ENOSYS;
    }

    /**
     * size 0: out.number is the value's size; else out.bytes is the value (ERANGE if larger).
     * ENOSYS (the default) makes the kernel stop asking: no extended attributes here.
     */
    default int getxattr(Caller c, long ino, String name, long size, ValueOut out) {
        return Errno.ENOSYS;
    }

    /** As getxattr, with the NUL-separated names. */
    default int listxattr(Caller c, long ino, long size, ValueOut out) {
        return Errno.ENOSYS;
    }

    // ---- writes: EROFS unless a filesystem has writable nodes ----

    default int create(Caller c, long parent, String name, int mode, int flags, EntryOut entry, OpenOut open) {
        return Errno.EROFS;
    }

    default int mkdir(Caller c, long parent, String name, int mode, EntryOut out) {
        return Errno.EROFS;
    }

    default int mknod(Caller c, long parent, String name, int mode, long rdev, EntryOut out) {
        return Errno.EROFS;
    }

    default int symlink(Caller c, String target, long parent, String name, EntryOut out) {
        return Errno.EROFS;
    }

    default int link(Caller c, long ino, long newParent, String newName, EntryOut out) {
        return Errno.EROFS;
    }

    default int unlink(Caller c, long parent, String name) {
        return Errno.EROFS;
    }

    default int rmdir(Caller c, long parent, String name) {
        return Errno.EROFS;
    }

    /** flags: RENAME_NOREPLACE, RENAME_EXCHANGE (the platform's values). */
    default int rename(Caller c, long parent, String name, long newParent, String newName, int flags) {
        return Errno.EROFS;
    }

    default int setattr(Caller c, long ino, SetattrIn in, AttrOut out) {
        return Errno.EROFS;
    }

    /** out.number: bytes written. data is valid only during the call. */
    default int write(Caller c, long ino, long fh, ByteBuffer data, long offset, ValueOut out) {
        return Errno.EROFS;
    }

    default int flush(Caller c, long ino, long fh) {
        return 0;
    }

    default int fsync(Caller c, long ino, long fh, boolean dataOnly) {
        return 0;
    }

    default int fsyncdir(Caller c, long ino, long fh, boolean dataOnly) {
        return 0;
    }

    default int fallocate(Caller c, long ino, long fh, int mode, long offset, long length) {
        return Errno.EROFS;
    }

    default int setxattr(Caller c, long ino, String name, byte[] value, int flags) {
        return Errno.EROFS;
    }

    default int removexattr(Caller c, long ino, String name) {
        return Errno.EROFS;
    }

    /** out.number: bytes copied. */
    default int copyFileRange(Caller c, long inIno, long inFh, long inOffset, long outIno, long outFh,
                              long outOffset, long length, int flags, ValueOut out) {
        return Errno.EROFS;
    }
}
