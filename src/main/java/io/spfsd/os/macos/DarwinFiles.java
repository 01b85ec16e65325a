package io.spfsd.os.macos;

import io.spfsd.os.FileStat;
import io.spfsd.os.NativeStruct;
import io.spfsd.os.Platform;
import io.spfsd.os.Posix;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;

/**
 * The file calls MacOs makes, as FFM downcalls into libSystem: lstat and fstat into Darwin's
 * 144-byte struct stat (on x86_64 the unsuffixed symbols are the legacy 32-bit-inode ABI, so
 * the $INODE64 ones; arm64 has only the 64-bit one), unmount
 * (MNT_FORCE: no lazy detach on macOS), fsync_volume_np and the xattr calls (which take a position
 * and options where Linux has l-prefixed ones). Numbers from the macOS SDK's headers (sys/stdio.h,
 * sys/mount.h, sys/xattr.h, unistd.h) and ../shared/platform/macos-facts.md 2.1 and 2.7. Not run
 * on a Mac yet; {@link #toFileStat} is tested on Linux.
 */
final class DarwinFiles {
    static final int AT_FDCWD = -2, MNT_FORCE = 0x80000, O_RDONLY = 0, O_CLOEXEC = 0x1000000;
    static final int SYNC_VOLUME_FULLSYNC = 0x1, SYNC_VOLUME_WAIT = 0x2;
    static final int XATTR_NOFOLLOW = 0x1, XATTR_CREATE = 0x2, XATTR_REPLACE = 0x4;
    private static final NativeStruct STAT = DarwinLayouts.STAT;
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT;
    private static final ValueLayout ADDR = ValueLayout.ADDRESS;

    private final ThreadLocal<MemorySegment> statBuf = ThreadLocal.withInitial(
            () -> Arena.ofAuto().allocate(STAT.size(), 8));
    private final MethodHandle lstat;
    private final MethodHandle fstat;
    private final MethodHandle fstatat;
    /** fcntl is variadic: F_GETPATH's buffer goes as the first variadic argument. */
    private final MethodHandle fcntlPath = java.lang.foreign.Linker.nativeLinker().defaultLookup().find("fcntl")
            .map(a -> java.lang.foreign.Linker.nativeLinker().downcallHandle(a,
                    FunctionDescriptor.of(INT, INT, INT, ADDR), java.lang.foreign.Linker.Option.firstVariadicArg(2),
                    java.lang.foreign.Linker.Option.captureCallState("errno")))
            .orElseThrow();
    static final int F_GETPATH = 50, MAXPATHLEN = 1024, AT_SYMLINK_NOFOLLOW = 0x20, ENOENT = 2, ENOTDIR = 20;
    private final MethodHandle unmount = Posix.require("unmount", FunctionDescriptor.of(INT, ADDR, INT));
    private final MethodHandle open = Posix.require("open", FunctionDescriptor.of(INT, ADDR, INT));
    private final MethodHandle close = Posix.require("close", FunctionDescriptor.of(INT, INT));
    private final MethodHandle fsyncVolume = Posix.require("fsync_volume_np", FunctionDescriptor.of(INT, INT, INT));
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG;
    private final MethodHandle getxattr = Posix.require("getxattr",
            FunctionDescriptor.of(LONG, ADDR, ADDR, ADDR, LONG, INT, INT));
    private final MethodHandle listxattr = Posix.require("listxattr", FunctionDescriptor.of(LONG, ADDR, ADDR, LONG, INT));
    private final MethodHandle setxattr = Posix.require("setxattr",
            FunctionDescriptor.of(INT, ADDR, ADDR, ADDR, LONG, INT, INT));
    private final MethodHandle removexattr = Posix.require("removexattr", FunctionDescriptor.of(INT, ADDR, ADDR, INT));

    DarwinFiles(Platform platform) {
        lstat = Posix.require(statSymbol("lstat", platform), FunctionDescriptor.of(INT, ADDR, ADDR));
        fstat = Posix.require(statSymbol("fstat", platform), FunctionDescriptor.of(INT, INT, ADDR));
        fstatat = Posix.require(statSymbol("fstatat", platform), FunctionDescriptor.of(INT, INT, ADDR, ADDR, INT));
    }

    /** The symbol of the 64-bit-inode stat call on a Mac platform. */
    static String statSymbol(String call, Platform platform) {
        return platform == Platform.MACOS_X86_64 ? call + "$INODE64" : call;
    }

    /** What a Darwin struct stat says, as spfsd's FileStat (device as the kernel's dev_t). */
    static FileStat toFileStat(MemorySegment st) {
        return new FileStat((int) STAT.field("st_mode").get(st), STAT.field("st_dev").get(st),
                STAT.field("st_ino").get(st), STAT.field("st_size").get(st), STAT.field("st_blocks").get(st),
                STAT.field("st_ctimespec.tv_sec").get(st) * 1_000_000_000L + STAT.field("st_ctimespec.tv_nsec").get(st));
    }

    /** Everything a getattr needs, from a Darwin struct stat (st_rdev is Darwin's 32-bit dev_t). */
    static io.spfsd.os.FileAttrs toFileAttrs(MemorySegment st) {
        return new io.spfsd.os.FileAttrs((int) STAT.field("st_mode").get(st), (int) STAT.field("st_nlink").get(st),
                (int) STAT.field("st_uid").get(st), (int) STAT.field("st_gid").get(st), STAT.field("st_rdev").get(st),
                STAT.field("st_size").get(st), STAT.field("st_blocks").get(st),
                nanos(st, "st_atimespec"), nanos(st, "st_mtimespec"), nanos(st, "st_ctimespec"));
    }

    private static long nanos(MemorySegment st, String field) {
        return STAT.field(field + ".tv_sec").get(st) * 1_000_000_000L + STAT.field(field + ".tv_nsec").get(st);
    }

    /** fstatat(dir, name, AT_SYMLINK_NOFOLLOW): null if absent, else the errno thrown. */
    io.spfsd.os.FileAttrs attrsAt(int dir, byte[] name) throws io.spfsd.os.ErrnoException {
        try {
            MemorySegment st = statBuf.get();
            int r = (int) fstatat.invokeExact(Posix.errnoCapture(), dir, io.spfsd.os.NativePaths.of(name), st,
                    AT_SYMLINK_NOFOLLOW);
            if (r == 0) {
                return toFileAttrs(st);
            }
            int err = Posix.errno();
            if (err == ENOENT || err == ENOTDIR) {
                return null;
            }
            throw new io.spfsd.os.ErrnoException(err, "stat");
        } catch (io.spfsd.os.ErrnoException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** The path of the open directory dir (fcntl F_GETPATH), or null if the system cannot say. */
    Path pathOf(int dir) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment buf = a.allocate(MAXPATHLEN);
            int r = (int) fcntlPath.invokeExact(Posix.errnoCapture(), dir, F_GETPATH, buf);
            return r < 0 ? null : Path.of(buf.getString(0));
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    FileStat lstat(Path path) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = statBuf.get();
            int r = (int) lstat.invokeExact(Posix.errnoCapture(), a.allocateFrom(path.toString()), st);
            return r == 0 ? toFileStat(st) : null;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    FileStat fstat(int fd) {
        try {
            MemorySegment st = statBuf.get();
            return (int) fstat.invokeExact(Posix.errnoCapture(), fd, st) == 0 ? toFileStat(st) : null;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** unmount(path, MNT_FORCE): 0, or the errno. */
    int forceUnmount(Path path) {
        try (Arena arena = Arena.ofConfined()) {
            int r = (int) unmount.invokeExact(Posix.errnoCapture(), arena.allocateFrom(path.toString()), MNT_FORCE);
            return r == 0 ? 0 : Posix.errno();
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** fsync_volume_np on the volume holding dir, waiting for a full sync: 0, or the errno. */
    int syncVolume(Path dir) {
        try (Arena arena = Arena.ofConfined()) {
            int fd = (int) open.invokeExact(Posix.errnoCapture(), arena.allocateFrom(dir.toString()),
                    O_RDONLY | O_CLOEXEC);
            if (fd < 0) {
                return Posix.errno();
            }
            int r = (int) fsyncVolume.invokeExact(Posix.errnoCapture(), fd, SYNC_VOLUME_FULLSYNC | SYNC_VOLUME_WAIT);
            int err = r == 0 ? 0 : Posix.errno();
            int unused = (int) close.invokeExact(Posix.errnoCapture(), fd);
            return err;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** getxattr(path, name, value, size, 0, XATTR_NOFOLLOW): the size, or -errno. value null: the size only. */
    long getxattr(Path path, String name, byte[] value) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = value == null ? MemorySegment.NULL : arena.allocate(Math.max(1, value.length));
            long n = (long) getxattr.invokeExact(Posix.errnoCapture(), arena.allocateFrom(path.toString()),
                    arena.allocateFrom(name), buf, value == null ? 0L : value.length, 0, XATTR_NOFOLLOW);
            return n < 0 ? -Posix.errno() : copyOut(buf, value, n);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    long listxattr(Path path, byte[] names) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = names == null ? MemorySegment.NULL : arena.allocate(Math.max(1, names.length));
            long n = (long) listxattr.invokeExact(Posix.errnoCapture(), arena.allocateFrom(path.toString()), buf,
                    names == null ? 0L : names.length, XATTR_NOFOLLOW);
            return n < 0 ? -Posix.errno() : copyOut(buf, names, n);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    private static long copyOut(MemorySegment from, byte[] to, long n) {
        if (to != null) {
            MemorySegment.copy(from, ValueLayout.JAVA_BYTE, 0, to, 0, (int) n);
        }
        return n;
    }

    /** flags as macFUSE passes them (Darwin's XATTR_CREATE, XATTR_REPLACE): 0, or the errno. */
    int setxattr(Path path, String name, byte[] value, int flags) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment v = arena.allocate(Math.max(1, value.length));
            MemorySegment.copy(value, 0, v, ValueLayout.JAVA_BYTE, 0, value.length);
            int r = (int) setxattr.invokeExact(Posix.errnoCapture(), arena.allocateFrom(path.toString()),
                    arena.allocateFrom(name), v, (long) value.length, 0,
                    (flags & (XATTR_CREATE | XATTR_REPLACE)) | XATTR_NOFOLLOW);
            return r == 0 ? 0 : Posix.errno();
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    int removexattr(Path path, String name) {
        try (Arena arena = Arena.ofConfined()) {
            int r = (int) removexattr.invokeExact(Posix.errnoCapture(), arena.allocateFrom(path.toString()),
                    arena.allocateFrom(name), XATTR_NOFOLLOW);
            return r == 0 ? 0 : Posix.errno();
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }
}
