package io.spfsd.os.linux;

import io.spfsd.os.Posix;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/** The C library calls only Linux has: pidfd, eventfd, umount2, fallocate, xattrs (syncfs and statx: LongShapeCalls). */
public final class LinuxCalls {
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT;
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG;
    private static final ValueLayout ADDR = ValueLayout.ADDRESS;

    /** syscall(2) is variadic: the pid and flags go as variadic ints. */
    private static final MethodHandle SYSCALL2 = Linker.nativeLinker().defaultLookup().find("syscall")
            .map(a -> Linker.nativeLinker().downcallHandle(a, FunctionDescriptor.of(LONG, LONG, INT, INT),
                    Linker.Option.firstVariadicArg(1), Linker.Option.captureCallState("errno")))
            .orElse(null);
    private static final MethodHandle EVENTFD = Posix.find("eventfd", FunctionDescriptor.of(INT, INT, INT), true);
    private static final MethodHandle UMOUNT2 = Posix.find("umount2", FunctionDescriptor.of(INT, ADDR, INT), true);
    private static final MethodHandle FALLOCATE = Posix.find("fallocate",
            FunctionDescriptor.of(INT, INT, INT, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG), true);
    private static final MethodHandle GETTID = Posix.find("gettid", FunctionDescriptor.of(INT), false);

    private static final MethodHandle OPENAT = Posix.find("openat", FunctionDescriptor.of(INT, INT, ADDR, INT), true);
    /** statx with its errno (Statx.call's shape reads none): what a scratch's lookup answers. */
    private static final MethodHandle STATX = Posix.find("statx",
            FunctionDescriptor.of(INT, INT, ADDR, INT, INT, ADDR), true);
    private static final MethodHandle LGETXATTR = Posix.find("lgetxattr",
            FunctionDescriptor.of(LONG, ADDR, ADDR, ADDR, LONG), true);
    private static final MethodHandle LLISTXATTR = Posix.find("llistxattr",
            FunctionDescriptor.of(LONG, ADDR, ADDR, LONG), true);
    private static final MethodHandle LSETXATTR = Posix.find("lsetxattr",
            FunctionDescriptor.of(INT, ADDR, ADDR, ADDR, LONG, INT), true);
    private static final MethodHandle LREMOVEXATTR = Posix.find("lremovexattr",
            FunctionDescriptor.of(INT, ADDR, ADDR), true);

    /** statx(2) flags and mask. */
    static final int AT_FDCWD = -100, AT_EMPTY_PATH = 0x1000, AT_SYMLINK_NOFOLLOW = 0x100, STATX_BASIC_STATS = 0x7ff;
    static final int MNT_DETACH = 2;

    private LinuxCalls() {
    }

    /** pidfd_open(2) (Linux 5.3+): a descriptor that becomes readable when the process exits. */
    static int pidfdOpen(int pid) {
        final long sysPidfdOpen = 434; // same number on x86_64 and aarch64
        try {
            return (int) (long) SYSCALL2.invokeExact(Posix.errnoCapture(), sysPidfdOpen, pid, 0);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    static int eventfd(int initial, int flags) {
        try {
            return (int) EVENTFD.invokeExact(Posix.errnoCapture(), initial, flags);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    static int umount2(MemorySegment cPath, int flags) {
        try {
            return (int) UMOUNT2.invokeExact(Posix.errnoCapture(), cPath, flags);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** The calling thread's kernel id (what FUSE reports as the caller's pid). */
    static int gettid() {
        try {
            return (int) GETTID.invokeExact();
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** fallocate(2): 0, or -1 with errno. */
    static int fallocate(int fd, int mode, long offset, long length) {
        try {
            return (int) FALLOCATE.invokeExact(Posix.errnoCapture(), fd, mode, offset, length);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** openat(2) without a mode (no O_CREAT): a descriptor, or -1 with errno. */
    static int openat(int dirfd, MemorySegment cPath, int flags) {
        try {
            return (int) OPENAT.invokeExact(Posix.errnoCapture(), dirfd, cPath, flags);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** lgetxattr(2): the size, or -1 with errno. value NULL (size 0) asks for the size. */
    static long lgetxattr(MemorySegment path, MemorySegment name, MemorySegment value, long size) {
        try {
            return (long) LGETXATTR.invokeExact(Posix.errnoCapture(), path, name, value, size);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    static long llistxattr(MemorySegment path, MemorySegment names, long size) {
        try {
            return (long) LLISTXATTR.invokeExact(Posix.errnoCapture(), path, names, size);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    static int lsetxattr(MemorySegment path, MemorySegment name, MemorySegment value, long size, int flags) {
        try {
            return (int) LSETXATTR.invokeExact(Posix.errnoCapture(), path, name, value, size, flags);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    static int lremovexattr(MemorySegment path, MemorySegment name) {
        try {
            return (int) LREMOVEXATTR.invokeExact(Posix.errnoCapture(), path, name);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** statx(2) into buf: 0, or -errno. */
    static int statx(int dir, MemorySegment cName, int flags, int mask, MemorySegment buf) {
        try {
            int r = (int) STATX.invokeExact(Posix.errnoCapture(), dir, cName, flags, mask, buf);
            return r == 0 ? 0 : -Posix.errno();
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }
}
