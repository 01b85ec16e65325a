package io.spfsd.os;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * The POSIX calls spfsd makes directly, as FFM downcalls, with the constants whose values
 * differ between Linux and macOS. Each returns the raw result; {@link #errno()} is
 * captured for the calls that fail with -1. Calls only one system has live in its own
 * package (io.spfsd.os.linux.LinuxCalls).
 */
public final class Posix {
    private static final Linker LINKER = Linker.nativeLinker();
    private static final Linker.Option ERRNO = Linker.Option.captureCallState("errno");
    private static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO_HANDLE = CAPTURE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final ThreadLocal<MemorySegment> CAPTURED =
            ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(CAPTURE));

    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT;
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG;
    private static final ValueLayout ADDR = ValueLayout.ADDRESS;

    private static final MethodHandle OPEN = find("open", FunctionDescriptor.of(INT, ADDR, INT), true);
    private static final MethodHandle CLOSE = find("close", FunctionDescriptor.of(INT, INT), false);
    private static final MethodHandle READ = find("read", FunctionDescriptor.of(LONG, INT, ADDR, LONG), true);
    private static final MethodHandle WRITE = find("write", FunctionDescriptor.of(LONG, INT, ADDR, LONG), true);
    private static final MethodHandle POLL = find("poll", FunctionDescriptor.of(INT, ADDR, LONG, INT), true);
    private static final MethodHandle GETUID = find("getuid", FunctionDescriptor.of(INT), false);
    private static final MethodHandle GETGID = find("getgid", FunctionDescriptor.of(INT), false);
    private static final MethodHandle KILL = find("kill", FunctionDescriptor.of(INT, INT, INT), true);
    private static final MethodHandle GETPID = find("getpid", FunctionDescriptor.of(INT), false);
    private static final MethodHandle READLINK = find("readlink", FunctionDescriptor.of(LONG, ADDR, ADDR, LONG), true);
    private static final MethodHandle PREAD = find("pread", FunctionDescriptor.of(LONG, INT, ADDR, LONG, LONG), true);
    private static final MethodHandle GETRLIMIT = find("getrlimit", FunctionDescriptor.of(INT, INT, ADDR), true);
    private static final MethodHandle SETRLIMIT = find("setrlimit", FunctionDescriptor.of(INT, INT, ADDR), true);
    private static final MethodHandle LSEEK = find("lseek", FunctionDescriptor.of(LONG, INT, LONG, INT), true);
    private static final MethodHandle SETSID = find("setsid", FunctionDescriptor.of(INT), true);
    private static final MethodHandle ISATTY = find("isatty", FunctionDescriptor.of(INT, INT), false);
    /** open(2) is variadic: the mode goes as a variadic int. */
    private static final MethodHandle OPEN_MODE = LINKER.defaultLookup().find("open")
            .map(a -> LINKER.downcallHandle(a, FunctionDescriptor.of(INT, ADDR, INT, INT),
                    Linker.Option.firstVariadicArg(2), ERRNO))
            .orElse(null);
    private static final MethodHandle PWRITE = find("pwrite", FunctionDescriptor.of(LONG, INT, ADDR, LONG, LONG), true);
    private static final MethodHandle FSYNC = find("fsync", FunctionDescriptor.of(INT, INT), true);
    private static final MethodHandle FCHOWN = find("fchown", FunctionDescriptor.of(INT, INT, INT, INT), true);
    private static final MethodHandle LCHOWN = find("lchown", FunctionDescriptor.of(INT, ADDR, INT, INT), true);

    private static final boolean MAC = Platform.current().isMac();
    public static final int O_RDONLY = 0;
    public static final int ENOENT = 2, ESRCH = 3, ENXIO = 6;
    /** RLIMIT_NOFILE: 7 on Linux, 8 on macOS. */
    public static final int RLIMIT_NOFILE = MAC ? 8 : 7;
    /** lseek whence for sparse files: Linux SEEK_DATA 3, SEEK_HOLE 4; Darwin the other way round. */
    public static final int SEEK_DATA = MAC ? 4 : 3, SEEK_HOLE = MAC ? 3 : 4, SEEK_END = 2;
    public static final int O_CLOEXEC = MAC ? 0x1000000 : 02000000;
    public static final int O_ACCMODE = 3, O_WRONLY = 1, O_RDWR = 2;
    public static final int O_TRUNC = MAC ? 0x400 : 01000;
    public static final int O_CREAT = MAC ? 0x200 : 0100, O_EXCL = MAC ? 0x800 : 0200;
    public static final int O_APPEND = MAC ? 0x8 : 02000, O_NOFOLLOW = MAC ? 0x100 : 0400000;
    public static final int AT_FDCWD = MAC ? -2 : -100, AT_SYMLINK_NOFOLLOW = MAC ? 0x20 : 0x100;
    /** timespec.tv_nsec values of utimensat: now, and leave alone. */
    public static final long UTIME_NOW = MAC ? -1 : (1L << 30) - 1, UTIME_OMIT = MAC ? -2 : (1L << 30) - 2;
    /** rename flags (renameat2 on Linux; renameatx_np's RENAME_SWAP/EXCL on macOS). */
    public static final int RENAME_NOREPLACE = MAC ? 4 : 1, RENAME_EXCHANGE = MAC ? 2 : 2;
    public static final short POLLIN = 1;
    /** struct pollfd { int fd; short events; short revents; } */
    public static final StructLayout POLLFD = MemoryLayout.structLayout(
            INT.withName("fd"), ValueLayout.JAVA_SHORT.withName("events"), ValueLayout.JAVA_SHORT.withName("revents"));

    private Posix() {
    }

    /** A downcall to the C library's name; null where this system has no such function. */
    public static MethodHandle find(String name, FunctionDescriptor fd, boolean captureErrno) {
        return LINKER.defaultLookup().find(name)
                .map(a -> captureErrno ? LINKER.downcallHandle(a, fd, ERRNO) : LINKER.downcallHandle(a, fd))
                .orElse(null);
    }

    /** A downcall capturing errno that this system must have: fails at once, naming it, if it lacks it. */
    public static MethodHandle require(String name, FunctionDescriptor fd) {
        MethodHandle h = find(name, fd, true);
        if (h == null) {
            throw new UnsupportedOperationException(name + " is not in this C library");
        }
        return h;
    }

    /** Where calls that capture errno leave it: pass as the first argument of such a downcall. */
    public static MemorySegment errnoCapture() {
        return CAPTURED.get();
    }

    /** errno of the last failing call on this thread that captures it. */
    public static int errno() {
        return (int) ERRNO_HANDLE.get(CAPTURED.get(), 0L);
    }

    public static int open(MemorySegment cPath, int flags) {
        try {
            return (int) OPEN.invokeExact(CAPTURED.get(), cPath, flags);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    public static int close(int fd) {
        try {
            return (int) CLOSE.invokeExact(fd);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    public static long read(int fd, MemorySegment buf, long n) {
        try {
            return (long) READ.invokeExact(CAPTURED.get(), fd, buf, n);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    public static long write(int fd, MemorySegment buf, long n) {
        try {
            return (long) WRITE.invokeExact(CAPTURED.get(), fd, buf, n);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    public static int poll(MemorySegment fds, long n, int timeoutMs) {
        try {
            return (int) POLL.invokeExact(CAPTURED.get(), fds, n, timeoutMs);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    public static int getuid() {
        try {
            return (int) GETUID.invokeExact();
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    public static int getgid() {
        try {
            return (int) GETGID.invokeExact();
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** kill(2): sends signal sig to process pid. */
    public static int kill(int pid, int sig) {
        try {
            return (int) KILL.invokeExact(CAPTURED.get(), pid, sig);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    public static int getpid() {
        try {
            return (int) GETPID.invokeExact();
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** pread(2): reads n bytes at offset without moving the file position. */
    public static long pread(int fd, MemorySegment buf, long n, long offset) {
        try {
            return (long) PREAD.invokeExact(CAPTURED.get(), fd, buf, n, offset);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** lseek(2); with {@link #SEEK_DATA}/{@link #SEEK_HOLE} it finds the data of sparse files. */
    public static long lseek(int fd, long offset, int whence) {
        try {
            return (long) LSEEK.invokeExact(CAPTURED.get(), fd, offset, whence);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /**
     * Raises the soft limit of a resource to its hard limit; returns the new soft limit, or
     * -1 if it could not be read or set. rlim_t is 64 bits on every platform we run on.
     */
    public static long raiseSoftLimit(int resource) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment lim = a.allocate(16, 8);
            if ((int) GETRLIMIT.invokeExact(CAPTURED.get(), resource, lim) != 0) {
                return -1;
            }
            long hard = lim.get(LONG, 8);
            if (lim.get(LONG, 0) != hard) {
                lim.set(LONG, 0, hard);
                if ((int) SETRLIMIT.invokeExact(CAPTURED.get(), resource, lim) != 0) {
                    return -1;
                }
            }
            return hard;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** readlink(2): the target's bytes in buf (not NUL-terminated); the length, or -1. */
    public static long readlink(MemorySegment cPath, MemorySegment buf, long size) {
        try {
            return (long) READLINK.invokeExact(CAPTURED.get(), cPath, buf, size);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** setsid(2): a new session, so a terminal's signals no longer reach this process. */
    public static int setsid() {
        try {
            return (int) SETSID.invokeExact(CAPTURED.get());
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** Whether descriptor fd is a terminal (2: where progress is drawn). */
    public static boolean isatty(int fd) {
        try {
            return (int) ISATTY.invokeExact(fd) == 1;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    public static int open(MemorySegment cPath, int flags, int mode) {
        try {
            return (int) OPEN_MODE.invokeExact(CAPTURED.get(), cPath, flags, mode);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    public static long pwrite(int fd, MemorySegment buf, long n, long offset) {
        try {
            return (long) PWRITE.invokeExact(CAPTURED.get(), fd, buf, n, offset);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    public static int fsync(int fd) {
        try {
            return (int) FSYNC.invokeExact(CAPTURED.get(), fd);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    public static int fchown(int fd, int uid, int gid) {
        try {
            return (int) FCHOWN.invokeExact(CAPTURED.get(), fd, uid, gid);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** lchown(2): the link itself, not what it points to; -1 leaves an id as it is. */
    public static int lchown(MemorySegment cPath, int uid, int gid) {
        try {
            return (int) LCHOWN.invokeExact(CAPTURED.get(), cPath, uid, gid);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }
}
