package io.spfsd.platform;

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
 * The few POSIX calls the daemon makes directly, as FFM downcalls. Each returns the raw
 * result; {@link #errno()} is captured for the calls that fail with -1.
 */
public final class Libc {
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
    /** syscall(2) is variadic: the pid and flags go as variadic ints. */
    private static final MethodHandle SYSCALL2 = LINKER.defaultLookup().find("syscall")
            .map(a -> LINKER.downcallHandle(a, FunctionDescriptor.of(LONG, LONG, INT, INT),
                    Linker.Option.firstVariadicArg(1), ERRNO))
            .orElse(null);
    private static final MethodHandle EVENTFD = find("eventfd", FunctionDescriptor.of(INT, INT, INT), true);
    private static final MethodHandle GETUID = find("getuid", FunctionDescriptor.of(INT), false);
    private static final MethodHandle GETGID = find("getgid", FunctionDescriptor.of(INT), false);
    private static final MethodHandle SYNCFS = find("syncfs", FunctionDescriptor.of(INT, INT), true);
    private static final MethodHandle SYNC = find("sync", FunctionDescriptor.ofVoid(), false);
    private static final MethodHandle UMOUNT2 = find("umount2", FunctionDescriptor.of(INT, ADDR, INT), true);
    private static final MethodHandle KILL = find("kill", FunctionDescriptor.of(INT, INT, INT), true);
    private static final MethodHandle GETTID = find("gettid", FunctionDescriptor.of(INT), false);
    private static final MethodHandle GETPID = find("getpid", FunctionDescriptor.of(INT), false);
    private static final MethodHandle READLINK = find("readlink", FunctionDescriptor.of(LONG, ADDR, ADDR, LONG), true);
    private static final MethodHandle PREAD = find("pread", FunctionDescriptor.of(LONG, INT, ADDR, LONG, LONG), true);
    private static final MethodHandle STATX = find("statx", FunctionDescriptor.of(INT, INT, ADDR, INT, INT, ADDR), true);
    private static final MethodHandle GETRLIMIT = find("getrlimit", FunctionDescriptor.of(INT, INT, ADDR), true);
    private static final MethodHandle SETRLIMIT = find("setrlimit", FunctionDescriptor.of(INT, INT, ADDR), true);
    private static final MethodHandle LSEEK = find("lseek", FunctionDescriptor.of(LONG, INT, LONG, INT), true);

    public static final int O_RDONLY = 0;
    public static final int ENOENT = 2, ESRCH = 3, ENXIO = 6;
    /** RLIMIT_NOFILE: 7 on Linux, 8 on macOS. */
    public static final int RLIMIT_NOFILE = isMac() ? 8 : 7;
    /** lseek whence values for sparse files (the same on Linux and macOS). */
    public static final int SEEK_DATA = 3, SEEK_HOLE = 4;
    /** statx(2) flags and mask (Linux). */
    public static final int AT_FDCWD = -100, AT_EMPTY_PATH = 0x1000, AT_SYMLINK_NOFOLLOW = 0x100, STATX_BASIC_STATS = 0x7ff;
    public static final int O_CLOEXEC = isMac() ? 0x1000000 : 02000000;
    public static final short POLLIN = 1;
    /** struct pollfd { int fd; short events; short revents; } */
    public static final StructLayout POLLFD = MemoryLayout.structLayout(
            INT.withName("fd"), ValueLayout.JAVA_SHORT.withName("events"), ValueLayout.JAVA_SHORT.withName("revents"));

    private Libc() {
    }

    static boolean isMac() {
        return System.getProperty("os.name", "").toLowerCase().startsWith("mac");
    }

    private static MethodHandle find(String name, FunctionDescriptor fd, boolean captureErrno) {
        return LINKER.defaultLookup().find(name)
                .map(a -> captureErrno ? LINKER.downcallHandle(a, fd, ERRNO) : LINKER.downcallHandle(a, fd))
                .orElse(null);
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

    /** pidfd_open(2) (Linux 5.3+): a descriptor that becomes readable when the process exits. */
    public static int pidfdOpen(int pid) {
        final long sysPidfdOpen = 434; // same number on x86_64 and aarch64
        try {
            return (int) (long) SYSCALL2.invokeExact(CAPTURED.get(), sysPidfdOpen, pid, 0);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    public static int eventfd(int initial, int flags) {
        try {
            return (int) EVENTFD.invokeExact(CAPTURED.get(), initial, flags);
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

    /** syncfs(2) on the filesystem of fd; -1 where the platform has no syncfs (macOS). */
    public static int syncfs(int fd) {
        if (SYNCFS == null) {
            return -1;
        }
        try {
            return (int) SYNCFS.invokeExact(CAPTURED.get(), fd);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    public static void sync() {
        try {
            SYNC.invokeExact();
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** umount2(2) (Linux); -1 where the platform has none. */
    public static int umount2(MemorySegment cPath, int flags) {
        if (UMOUNT2 == null) {
            return -1;
        }
        try {
            return (int) UMOUNT2.invokeExact(CAPTURED.get(), cPath, flags);
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

    /** The calling thread's kernel id (what FUSE reports as the caller's pid). */
    public static int gettid() {
        try {
            return (int) GETTID.invokeExact();
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

    /** statx(2) (Linux 4.11+) into buf ({@link Statx#LAYOUT}); -1 where the platform has none. */
    public static int statx(int dirfd, MemorySegment cPath, int flags, int mask, MemorySegment buf) {
        if (STATX == null) {
            return -1;
        }
        try {
            return (int) STATX.invokeExact(CAPTURED.get(), dirfd, cPath, flags, mask, buf);
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
}
