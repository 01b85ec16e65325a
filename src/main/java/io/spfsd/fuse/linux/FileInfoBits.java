package io.spfsd.fuse.linux;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The bitfields of {@code struct fuse_file_info}, which jextract skips. In libfuse 3.x they
 * are one {@code unsigned int} right after {@code int flags} (byte offset 4), allocated from
 * the least significant bit by GCC and Clang on every little-endian target we build for:
 * writepage, direct_io, keep_cache, flush, nonseekable, flock_release, cache_readdir, noflush.
 * FileInfoBitsTest checks this against a C compiler and the installed header.
 */
public final class FileInfoBits {
    static final long OFFSET = 4;
    public static final int DIRECT_IO = 1 << 1;
    public static final int KEEP_CACHE = 1 << 2;
    public static final int NONSEEKABLE = 1 << 4;
    public static final int CACHE_READDIR = 1 << 6;
    public static final int NOFLUSH = 1 << 7;

    private static final ValueLayout.OfInt WORD = ValueLayout.JAVA_INT_UNALIGNED;

    private FileInfoBits() {
    }

    public static void set(MemorySegment fileInfo, int bits) {
        MemorySegment fi = fileInfo.reinterpret(OFFSET + 4);
        fi.set(WORD, OFFSET, fi.get(WORD, OFFSET) | bits);
    }

    public static boolean isSet(MemorySegment fileInfo, int bit) {
        return (fileInfo.reinterpret(OFFSET + 4).get(WORD, OFFSET) & bit) != 0;
    }
}
