package io.spfsd.os.linux;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * The C calls of the command-line paths that must start fast (an import's walk, a terminal
 * check), all of one shape, (long x5) -> long: descriptors, flags and pointers passed as longs
 * (the registers every 64-bit ABI uses for them; a callee ignores arguments it does not take),
 * results read back at their own width. The Linker builds one stub for them all; each new
 * shape costs a fresh JVM ~10 ms to link, and Posix's dozens ~80 ms.
 */
final class LongShapeCalls {
    private LongShapeCalls() {
    }

    private static final Linker LINKER = Linker.nativeLinker();
    private static final FunctionDescriptor SHAPE = FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG,
            ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG);
    static final MethodHandle OPENAT = handle("openat");
    static final MethodHandle GETDENTS64 = handle("getdents64");
    static final MethodHandle STATX = handle("statx");
    static final MethodHandle CLOSE = handle("close");
    static final MethodHandle ISATTY = handle("isatty");
    static final MethodHandle READ = handle("read");
    static final MethodHandle WRITE = handle("write");
    static final MethodHandle RENAMEAT2 = handle("renameat2");
    static final MethodHandle UNLINKAT = handle("unlinkat");
    static final MethodHandle LINKAT = handle("linkat");
    static final MethodHandle SYNCFS = handle("syncfs");
    static final MethodHandle SYNC = handle("sync");

    private static MethodHandle handle(String name) {
        return handle(LINKER.defaultLookup().find(name).orElseThrow());
    }

    /** A function of another library, called through the same shape (its arguments all fit a long). */
    static MethodHandle handle(java.lang.foreign.MemorySegment function) {
        return LINKER.downcallHandle(function, SHAPE);
    }

    /**
     * open(2) of path (no relative directory) with flags and no mode: a descriptor, or -1,
     * also for a path the kernel would refuse as too long.
     */
    static int open(java.nio.file.Path path, int flags) {
        byte[] bytes = io.spfsd.os.NativePaths.bytes(path);
        if (bytes.length >= io.spfsd.os.NativePaths.PATH_MAX) {
            return -1;
        }
        try {
            return (int) (long) OPENAT.invokeExact((long) LinuxCalls.AT_FDCWD,
                    io.spfsd.os.NativePaths.of(bytes).address(), (long) flags, 0L, 0L);
        } catch (Throwable t) {
            return -1;
        }
    }

    /** close(2); what it says is not asked (descriptors that were read, or whose file is dropped or already named). */
    static void close(long fd) {
        try {
            long unused = (long) CLOSE.invokeExact(fd, 0L, 0L, 0L, 0L);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** isatty(fd): whether fd is a terminal. */
    static boolean isatty(int fd) {
        try {
            return (int) (long) ISATTY.invokeExact((long) fd, 0L, 0L, 0L, 0L) == 1;
        } catch (Throwable t) {
            return false;
        }
    }
}
