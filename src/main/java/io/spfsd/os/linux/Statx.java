package io.spfsd.os.linux;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;

/**
 * Linux {@code struct statx}: unlike {@code struct stat}, one layout for every architecture
 * (the kernel defines it with fixed-width fields), so no per-architecture copy is needed.
 * Only the fields spfsd reads have accessors; StatxLayoutTest checks them against the C headers.
 */
final class Statx {
    public static final long SIZE = 256;
    static final long STX_MODE = 28, STX_INO = 32, STX_SIZE = 40, STX_BLOCKS = 48, STX_CTIME = 96,
            STX_DEV_MAJOR = 136, STX_DEV_MINOR = 140, STX_NLINK = 16, STX_UID = 20, STX_GID = 24, STX_ATIME = 64,
            STX_MTIME = 112, STX_RDEV_MAJOR = 128, STX_RDEV_MINOR = 132;
    /** statx_timestamp: tv_sec (s64), tv_nsec (u32), padding. */
    private static final long TV_NSEC = 8;
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(MemoryLayout.paddingLayout(SIZE))
            .withByteAlignment(8);

    private Statx() {
    }

    /** statx's mask for the file type and mode alone. */
    static final int STATX_TYPE = 0x1;

    /**
     * statx(2) (Linux 4.11+) into buf ({@link #LAYOUT}), through {@link LongShapeCalls}: not
     * with LinuxCalls' and Posix's other calls, whose linking cost a cold JVM ~100 ms, a third
     * of a re-commit's walk. Callers read no errno.
     */
    static int call(int dirfd, MemorySegment cPath, int flags, int mask, MemorySegment buf) {
        try {
            return (int) (long) LongShapeCalls.STATX.invokeExact((long) dirfd, cPath.address(), (long) flags,
                    (long) mask, buf.address());
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    static io.spfsd.os.FileStat toFileStat(MemorySegment s) {
        return new io.spfsd.os.FileStat(mode(s), dev(s), ino(s), size(s), blocks(s), ctimeNanos(s));
    }

    static io.spfsd.os.FileAttrs toFileAttrs(MemorySegment s) {
        return new io.spfsd.os.FileAttrs(mode(s), s.get(ValueLayout.JAVA_INT, STX_NLINK),
                s.get(ValueLayout.JAVA_INT, STX_UID), s.get(ValueLayout.JAVA_INT, STX_GID),
                makedev(s.get(ValueLayout.JAVA_INT, STX_RDEV_MAJOR), s.get(ValueLayout.JAVA_INT, STX_RDEV_MINOR)),
                size(s), blocks(s), nanos(s, STX_ATIME), nanos(s, STX_MTIME), ctimeNanos(s));
    }

    /** glibc's dev_t of a major and minor number (sys/sysmacros.h's makedev). */
    static long makedev(int major, int minor) {
        long ma = Integer.toUnsignedLong(major);
        long mi = Integer.toUnsignedLong(minor);
        return ((ma & 0xfffff000L) << 32) | ((ma & 0xfffL) << 8) | ((mi & 0xffffff00L) << 12) | (mi & 0xffL);
    }

    private static long nanos(MemorySegment s, long at) {
        return s.get(ValueLayout.JAVA_LONG, at) * 1_000_000_000L + Integer.toUnsignedLong(s.get(ValueLayout.JAVA_INT,
                at + TV_NSEC));
    }

    public static int mode(MemorySegment s) {
        return Short.toUnsignedInt(s.get(ValueLayout.JAVA_SHORT, STX_MODE));
    }

    public static long ino(MemorySegment s) {
        return s.get(ValueLayout.JAVA_LONG, STX_INO);
    }

    public static long size(MemorySegment s) {
        return s.get(ValueLayout.JAVA_LONG, STX_SIZE);
    }

    /** 512-byte blocks allocated: less than size/512 for a sparse file. */
    public static long blocks(MemorySegment s) {
        return s.get(ValueLayout.JAVA_LONG, STX_BLOCKS);
    }

    /** Device as major in the high and minor in the low 32 bits (not glibc's dev_t encoding). */
    public static long dev(MemorySegment s) {
        return ((long) s.get(ValueLayout.JAVA_INT, STX_DEV_MAJOR) << 32)
                | Integer.toUnsignedLong(s.get(ValueLayout.JAVA_INT, STX_DEV_MINOR));
    }

    /** Status change time in nanoseconds since the epoch. */
    public static long ctimeNanos(MemorySegment s) {
        return nanos(s, STX_CTIME);
    }
}
