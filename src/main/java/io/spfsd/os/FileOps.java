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

    /** copy_file_range(2) where the C library has it (Linux): the kernel copies, or shares blocks where the file system can. */
    private static final java.lang.invoke.MethodHandle COPY_FILE_RANGE = Posix.find("copy_file_range",
            java.lang.foreign.FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.ADDRESS,
                    ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT), true);
    private static final ThreadLocal<MemorySegment> COPY_BUFFER = ThreadLocal.withInitial(
            () -> Arena.ofAuto().allocate(1 << 18));

    /**
     * Copies everything from in's offset on to out's offset (both just opened): the bytes
     * copied, or -errno. The kernel's copy where it can (copy_file_range), else reads and writes.
     */
    public static long copy(int in, int out) {
        long done = 0;
        if (COPY_FILE_RANGE != null) {
            try {
                for (long n; ; done += n) {
                    n = (long) COPY_FILE_RANGE.invokeExact(Posix.errnoCapture(), in, MemorySegment.NULL, out,
                            MemorySegment.NULL, 1L << 30, 0);
                    if (n == 0) {
                        return done;
                    }
                    if (n < 0) {
                        int err = Posix.errno();
                        if (done > 0 || (err != 18 && err != 38 && err != 22 && err != 95)) { // but EXDEV, ENOSYS, EINVAL, EOPNOTSUPP
                            return -err;
                        }
                        break; // this pair of files cannot: copy by hand
                    }
                }
            } catch (Throwable t) {
                throw new IllegalStateException(t);
            }
        }
        MemorySegment buf = COPY_BUFFER.get();
        for (long n; ; done += n) {
            n = Posix.read(in, buf, buf.byteSize());
            if (n <= 0) {
                return n == 0 ? done : -Posix.errno();
            }
            for (long w = 0; w < n; ) {
                long k = Posix.pwrite(out, buf.asSlice(w, n - w), n - w, done + w);
                if (k < 0) {
                    return -Posix.errno();
                }
                w += k;
            }
        }
    }

    private static int fail() {
        return -Posix.errno();
    }

    public static int open(Path p, int flags, int mode) {
        int fd = Posix.open(NativePaths.of(p), flags | Posix.O_CLOEXEC, mode);
        return fd >= 0 ? fd : fail();
    }

    /** -1 leaves an id as it is; a symlink itself is changed, not its target. */
    public static int lchown(Path p, int uid, int gid) {
        return Posix.lchown(NativePaths.of(p), uid, gid) == 0 ? 0 : fail();
    }

    public static int fchown(int fd, int uid, int gid) {
        return Posix.fchown(fd, uid, gid) == 0 ? 0 : fail();
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
