package io.spfsd.os;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * File operations by path that Java's file API does not offer (any mode bits, lchown, mknod,
 * nanosecond times, open with flags, pwrite from a buffer), for the core to use without
 * native memory. Each returns 0 (or a descriptor, or a count) on success and a negative
 * errno on failure.
 */
public final class FileOps {
    private FileOps() {
    }

    private static int fail() {
        return -Posix.errno();
    }

    public static int open(Path p, int flags, int mode) {
        int fd = Posix.open(NativePaths.of(p), flags | Posix.O_CLOEXEC, mode);
        return fd >= 0 ? fd : fail();
    }

    public static int chmod(Path p, int mode) {
        return Posix.chmod(NativePaths.of(p), mode & 07777) == 0 ? 0 : fail();
    }

    /** -1 leaves an id as it is; a symlink itself is changed, not its target. */
    public static int lchown(Path p, int uid, int gid) {
        return Posix.lchown(NativePaths.of(p), uid, gid) == 0 ? 0 : fail();
    }

    public static int fchown(int fd, int uid, int gid) {
        return Posix.fchown(fd, uid, gid) == 0 ? 0 : fail();
    }

    public static int truncate(Path p, long size) {
        return Posix.truncate(NativePaths.of(p), size) == 0 ? 0 : fail();
    }

    public static int mknod(Path p, int mode, long dev) {
        return Posix.mknod(NativePaths.of(p), mode, dev) == 0 ? 0 : fail();
    }

    /**
     * Sets access and modification time (seconds, nanoseconds); nsec {@link Posix#UTIME_NOW}
     * means now, {@link Posix#UTIME_OMIT} leaves it. A symlink itself is changed.
     */
    public static int utimens(Path p, long atimeSec, long atimeNsec, long mtimeSec, long mtimeNsec) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment times = a.allocate(32, 8);
            times.set(ValueLayout.JAVA_LONG, 0, atimeSec);
            times.set(ValueLayout.JAVA_LONG, 8, atimeNsec);
            times.set(ValueLayout.JAVA_LONG, 16, mtimeSec);
            times.set(ValueLayout.JAVA_LONG, 24, mtimeNsec);
            return Posix.utimensat(NativePaths.of(p), times, Posix.AT_SYMLINK_NOFOLLOW) == 0 ? 0 : fail();
        }
    }

    /** Writes data (a direct buffer, as FUSE hands it over) at offset; the count written or -errno. */
    public static long pwrite(int fd, ByteBuffer data, long offset) {
        MemorySegment m = MemorySegment.ofBuffer(data);
        long n = Posix.pwrite(fd, m, m.byteSize(), offset);
        return n >= 0 ? n : fail();
    }

    public static int fsync(int fd) {
        return Posix.fsync(fd) == 0 ? 0 : fail();
    }
}
