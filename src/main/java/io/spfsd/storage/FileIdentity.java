package io.spfsd.storage;

import io.spfsd.platform.Libc;
import io.spfsd.platform.Statx;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;

/**
 * Which file, in which state: device, inode, size and status-change time. Any write,
 * truncation or replacement of a file changes at least one of them, so a verdict on a
 * file's content holds for exactly as long as its identity stays the same.
 */
record FileIdentity(long dev, long ino, long size, long ctimeNanos) {
    private static final ThreadLocal<MemorySegment> STATX = ThreadLocal.withInitial(
            () -> Arena.ofAuto().allocate(Statx.LAYOUT));
    private static final MemorySegment EMPTY_PATH = Arena.global().allocate(1);

    /** Reads the identity of an open file into this thread's buffer; null if fstat fails. */
    static MemorySegment statFd(int fd) {
        MemorySegment st = STATX.get();
        return Libc.statx(fd, EMPTY_PATH, Libc.AT_EMPTY_PATH, Libc.STATX_BASIC_STATS, st) == 0 ? st : null;
    }

    static FileIdentity of(MemorySegment st) {
        return new FileIdentity(Statx.dev(st), Statx.ino(st), Statx.size(st), Statx.ctimeNanos(st));
    }

    /** The identity of the file at path (not following a final symlink); null if it cannot be read. */
    static FileIdentity of(Path path) {
        MemorySegment st = statPath(path);
        return st == null ? null : of(st);
    }

    /** Reads what statx says of path (not following a final symlink) into this thread's buffer; null on failure. */
    static MemorySegment statPath(Path path) {
        MemorySegment st = STATX.get();
        return Libc.statx(Libc.AT_FDCWD, NativePaths.of(path), Libc.AT_SYMLINK_NOFOLLOW, Libc.STATX_BASIC_STATS, st)
                == 0 ? st : null;
    }

    /** Compares with a statx result without allocating: the check every open makes. */
    boolean matches(MemorySegment st) {
        return ino == Statx.ino(st) && size == Statx.size(st) && ctimeNanos == Statx.ctimeNanos(st)
                && dev == Statx.dev(st);
    }

    String toLine(Digest d) {
        return d + " " + dev + " " + ino + " " + size + " " + ctimeNanos + "\n";
    }
}
