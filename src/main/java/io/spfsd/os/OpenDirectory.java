package io.spfsd.os;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A directory held open, and the calls relative to it ({@link AtCalls}) on one of its entries,
 * named by its exact bytes. Failures throw the call's own errno ({@link ErrnoException}).
 *
 * <p>Counted: whoever gets one closes it once, and the descriptor is closed when the last
 * holder has (a cache keeps one count for itself, so a directory it drops stays usable by a
 * request that holds it, and its number is never reused under that request).
 */
public final class OpenDirectory implements AutoCloseable {
    private final int fd;
    private final AtomicInteger holders = new AtomicInteger(1);

    private OpenDirectory(int fd) {
        this.fd = fd;
    }

    /** The directory at path, opened for walking (no final symlink followed). */
    public static OpenDirectory open(Path path) throws ErrnoException {
        int fd = FileOps.open(path, AtCalls.O_WALK | AtCalls.O_DIRECTORY | Posix.O_NOFOLLOW, 0);
        if (fd < 0) {
            throw new ErrnoException(-fd, "open " + path);
        }
        return new OpenDirectory(fd);
    }

    /** Its entry name, a directory, opened: ENOTDIR if it is not one (a symlink included), ENOENT if absent. */
    public OpenDirectory child(byte[] name) throws ErrnoException {
        return new OpenDirectory(check(AtCalls.openat(fd, name,
                AtCalls.O_WALK | AtCalls.O_DIRECTORY | Posix.O_NOFOLLOW, 0), "open", name));
    }

    /** One more holder; false if it was closed meanwhile (the caller opens it anew). */
    public boolean hold() {
        for (int n = holders.get(); n > 0; n = holders.get()) {
            if (holders.compareAndSet(n, n + 1)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
        if (holders.decrementAndGet() == 0) {
            Posix.close(fd);
        }
    }

    public int fd() {
        return fd;
    }

    /** A path naming the entry name while this directory is open, for the calls that take only paths (listing, xattrs). */
    public Path pathOf(byte[] name) {
        return Os.current().pathAt(fd, name);
    }

    private static String what(String call, byte[] name) {
        return call + " " + new String(name, java.nio.charset.StandardCharsets.UTF_8);
    }

    private static int check(int r, String call, byte[] name) throws ErrnoException {
        if (r < 0) {
            throw new ErrnoException(-r, what(call, name));
        }
        return r;
    }

    /** What lstat says of name; null if there is no such entry. */
    public FileAttrs attrs(byte[] name) throws ErrnoException {
        return Os.current().attrsAt(fd, name);
    }

    /** open(2) of name with flags (O_NOFOLLOW added: a symlink is never opened through); the descriptor. */
    public int open(byte[] name, int flags, int mode) throws ErrnoException {
        return check(AtCalls.openat(fd, name, flags | Posix.O_NOFOLLOW, mode), "open", name);
    }

    /** An empty file name (a whiteout, an opaque marker); EEXIST if something is there. */
    public void createEmpty(byte[] name) throws ErrnoException {
        Posix.close(open(name, Posix.O_WRONLY | Posix.O_CREAT | Posix.O_EXCL, 0644));
    }

    public void mkdir(byte[] name, int mode) throws ErrnoException {
        check(AtCalls.mkdirat(fd, name, mode & 07777), "mkdir", name);
    }

    public void mknod(byte[] name, int mode, long dev) throws ErrnoException {
        check(AtCalls.mknodat(fd, name, mode, dev), "mknod", name);
    }

    public void symlink(byte[] target, byte[] name) throws ErrnoException {
        check(AtCalls.symlinkat(target, fd, name), "symlink", name);
    }

    public byte[] readlink(byte[] name) throws ErrnoException {
        int[] err = new int[1];
        byte[] target = AtCalls.readlinkat(fd, name, err);
        if (target == null) {
            throw new ErrnoException(-err[0], what("readlink", name));
        }
        return target;
    }

    public void unlink(byte[] name) throws ErrnoException {
        check(AtCalls.unlinkat(fd, name, 0), "unlink", name);
    }

    /** Removes name if it is there: whether it was. */
    public boolean unlinkIfThere(byte[] name) throws ErrnoException {
        int r = AtCalls.unlinkat(fd, name, 0);
        if (r == -Posix.ENOENT) {
            return false;
        }
        check(r, "unlink", name);
        return true;
    }

    public void rmdir(byte[] name) throws ErrnoException {
        check(AtCalls.unlinkat(fd, name, AtCalls.AT_REMOVEDIR), "rmdir", name);
    }

    /** Moves name to to's toName (flags: 0, Posix.RENAME_NOREPLACE or RENAME_EXCHANGE). */
    public void rename(byte[] name, OpenDirectory to, byte[] toName, int flags) throws ErrnoException {
        check(AtCalls.renameat(fd, name, to.fd, toName, flags), "rename", name);
    }

    /** A hard link of name as to's toName. */
    public void link(byte[] name, OpenDirectory to, byte[] toName) throws ErrnoException {
        check(AtCalls.linkat(fd, name, to.fd, toName), "link", name);
    }

    public void chmod(byte[] name, int mode) throws ErrnoException {
        check(AtCalls.fchmodat(fd, name, mode), "chmod", name);
    }

    public void chown(byte[] name, int uid, int gid) throws ErrnoException {
        check(AtCalls.fchownat(fd, name, uid, gid), "chown", name);
    }

    public void utimens(byte[] name, long atimeSec, long atimeNsec, long mtimeSec, long mtimeNsec)
            throws ErrnoException {
        check(AtCalls.utimensat(fd, name, atimeSec, atimeNsec, mtimeSec, mtimeNsec), "utimens", name);
    }

    /**
     * truncate(2) of name: opened for writing without blocking (a FIFO without a reader answers
     * ENXIO rather than hanging the request), then cut.
     */
    public void truncate(byte[] name, long size) throws ErrnoException {
        int f = open(name, Posix.O_WRONLY | AtCalls.O_NONBLOCK, 0);
        try {
            check(AtCalls.ftruncate(f, size), "truncate", name);
        } finally {
            Posix.close(f);
        }
    }
}
