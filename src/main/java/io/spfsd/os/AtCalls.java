package io.spfsd.os;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * The POSIX calls relative to an open directory (openat, mkdirat, unlinkat, renameat, ...) as FFM
 * downcalls, with the constants whose values differ between Linux and macOS. Names are a single
 * path component's exact bytes: what an editable runtime's scratch is reached by, one directory
 * at a time ({@link OpenDirectory}), so no path is ever longer than a name and no symlink on the
 * way is followed. Each returns what the call does (0, a descriptor, a count) or -errno.
 */
public final class AtCalls {
    private static final boolean MAC = Platform.current().isMac();
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT;
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG;
    private static final ValueLayout ADDR = ValueLayout.ADDRESS;

    public static final int O_DIRECTORY = MAC ? 0x100000 : 0200000;
    public static final int O_NONBLOCK = MAC ? 0x4 : 04000;
    /** A directory opened only to be walked from: O_PATH on Linux (no read right needed); macOS has none, so read. */
    static final int O_WALK = MAC ? 0 : 010000000;
    public static final int AT_REMOVEDIR = MAC ? 0x80 : 0x200;
    private static final int ENOSYS = MAC ? 78 : 38;

    private static final MethodHandle OPENAT = Linker.nativeLinker().defaultLookup().find("openat")
            .map(a -> Linker.nativeLinker().downcallHandle(a, FunctionDescriptor.of(INT, INT, ADDR, INT, INT),
                    Linker.Option.firstVariadicArg(3), Linker.Option.captureCallState("errno")))
            .orElseThrow();
    private static final MethodHandle MKDIRAT = Posix.require("mkdirat", FunctionDescriptor.of(INT, INT, ADDR, INT));
    /** macOS has mknodat only from 13; where it lacks it, mknod in a scratch answers ENOSYS. */
    private static final MethodHandle MKNODAT = Posix.find("mknodat",
            FunctionDescriptor.of(INT, INT, ADDR, INT, MAC ? INT : LONG), true);
    private static final MethodHandle UNLINKAT = Posix.require("unlinkat", FunctionDescriptor.of(INT, INT, ADDR, INT));
    private static final MethodHandle RENAMEAT = Posix.require("renameat", FunctionDescriptor.of(INT, INT, ADDR, INT, ADDR));
    /** renameat2 on Linux, renameatx_np on macOS: the same arguments, flags as Posix.RENAME_*. */
    private static final MethodHandle RENAMEAT_FLAGS = Posix.find(MAC ? "renameatx_np" : "renameat2",
            FunctionDescriptor.of(INT, INT, ADDR, INT, ADDR, INT), true);
    private static final MethodHandle LINKAT = Posix.require("linkat",
            FunctionDescriptor.of(INT, INT, ADDR, INT, ADDR, INT));
    private static final MethodHandle SYMLINKAT = Posix.require("symlinkat", FunctionDescriptor.of(INT, ADDR, INT, ADDR));
    private static final MethodHandle READLINKAT = Posix.require("readlinkat",
            FunctionDescriptor.of(LONG, INT, ADDR, ADDR, LONG));
    private static final MethodHandle FCHMODAT = Posix.require("fchmodat", FunctionDescriptor.of(INT, INT, ADDR, INT, INT));
    private static final MethodHandle FCHOWNAT = Posix.require("fchownat",
            FunctionDescriptor.of(INT, INT, ADDR, INT, INT, INT));
    private static final MethodHandle UTIMENSAT = Posix.require("utimensat",
            FunctionDescriptor.of(INT, INT, ADDR, ADDR, INT));
    private static final MethodHandle FTRUNCATE = Posix.require("ftruncate", FunctionDescriptor.of(INT, INT, LONG));

    private static final ThreadLocal<MemorySegment> LINK_TARGET = ThreadLocal.withInitial(
            () -> Arena.ofAuto().allocate(NativePaths.PATH_MAX + 1));

    private AtCalls() {
    }

    private static MemorySegment first(byte[] name) {
        return NativePaths.of(name);
    }

    private static MemorySegment second(byte[] name) {
        return NativePaths.ofSecond(name);
    }

    private static int result(int r) {
        return r >= 0 ? r : -Posix.errno();
    }

    public static int openat(int dir, byte[] name, int flags, int mode) {
        try {
            return result((int) OPENAT.invokeExact(Posix.errnoCapture(), dir, first(name), flags | Posix.O_CLOEXEC, mode));
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    public static int mkdirat(int dir, byte[] name, int mode) {
        try {
            return result((int) MKDIRAT.invokeExact(Posix.errnoCapture(), dir, first(name), mode));
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    public static int mknodat(int dir, byte[] name, int mode, long dev) {
        if (MKNODAT == null) {
            return -ENOSYS;
        }
        try {
            return result(MAC ? (int) MKNODAT.invokeExact(Posix.errnoCapture(), dir, first(name), mode, (int) dev)
                    : (int) MKNODAT.invokeExact(Posix.errnoCapture(), dir, first(name), mode, dev));
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    public static int unlinkat(int dir, byte[] name, int flags) {
        try {
            return result((int) UNLINKAT.invokeExact(Posix.errnoCapture(), dir, first(name), flags));
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** flags 0 is rename(2); others (Posix.RENAME_NOREPLACE, RENAME_EXCHANGE) need renameat2 / renameatx_np. */
    public static int renameat(int fromDir, byte[] from, int toDir, byte[] to, int flags) {
        try {
            if (flags == 0) {
                return result((int) RENAMEAT.invokeExact(Posix.errnoCapture(), fromDir, first(from), toDir, second(to)));
            }
            if (RENAMEAT_FLAGS == null) {
                return -ENOSYS;
            }
            return result((int) RENAMEAT_FLAGS.invokeExact(Posix.errnoCapture(), fromDir, first(from), toDir,
                    second(to), flags));
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** A hard link; a symlink at from is linked itself (no AT_SYMLINK_FOLLOW). */
    public static int linkat(int fromDir, byte[] from, int toDir, byte[] to) {
        try {
            return result((int) LINKAT.invokeExact(Posix.errnoCapture(), fromDir, first(from), toDir, second(to), 0));
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    public static int symlinkat(byte[] target, int dir, byte[] name) {
        try {
            return result((int) SYMLINKAT.invokeExact(Posix.errnoCapture(), second(target), dir, first(name)));
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** The target's bytes, or null with -errno in err[0]. */
    public static byte[] readlinkat(int dir, byte[] name, int[] err) {
        try {
            MemorySegment buf = LINK_TARGET.get();
            long n = (long) READLINKAT.invokeExact(Posix.errnoCapture(), dir, first(name), buf, buf.byteSize());
            if (n < 0) {
                err[0] = -Posix.errno();
                return null;
            }
            return buf.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /**
     * chmod of name itself: a symlink there is refused (EOPNOTSUPP on Linux, where a link has no
     * mode of its own), never followed out of the directory.
     */
    public static int fchmodat(int dir, byte[] name, int mode) {
        try {
            return result((int) FCHMODAT.invokeExact(Posix.errnoCapture(), dir, first(name), mode & 07777,
                    Posix.AT_SYMLINK_NOFOLLOW));
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** -1 leaves an id as it is; a symlink itself is changed. */
    public static int fchownat(int dir, byte[] name, int uid, int gid) {
        try {
            return result((int) FCHOWNAT.invokeExact(Posix.errnoCapture(), dir, first(name), uid, gid,
                    Posix.AT_SYMLINK_NOFOLLOW));
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** Access and modification times (seconds, nanoseconds; Posix.UTIME_NOW / UTIME_OMIT); a symlink itself. */
    public static int utimensat(int dir, byte[] name, long atimeSec, long atimeNsec, long mtimeSec, long mtimeNsec) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment times = a.allocate(32, 8);
            times.set(LONG, 0, atimeSec);
            times.set(LONG, 8, atimeNsec);
            times.set(LONG, 16, mtimeSec);
            times.set(LONG, 24, mtimeNsec);
            return result((int) UTIMENSAT.invokeExact(Posix.errnoCapture(), dir, first(name), times,
                    Posix.AT_SYMLINK_NOFOLLOW));
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    public static int ftruncate(int fd, long size) {
        try {
            return result((int) FTRUNCATE.invokeExact(Posix.errnoCapture(), fd, size));
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }
}
