package io.spfsd.os.linux;

import io.spfsd.os.DirEntry;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A directory's entries with an lstat of each, in the fewest calls and conversions: one open,
 * getdents64 for the names (bytes, as the file system has them), and statx relative to the
 * directory's descriptor for each (the kernel walks one component, not the whole path; no
 * Path or String is made). What an import does for every entry of the tree it imports.
 *
 * <p>Its calls are {@link LongShapeCalls}: one shape, linked once.
 */
final class DirectoryReader {
    private DirectoryReader() {
    }

    private static final int O_RDONLY_DIRECTORY_CLOEXEC_NOFOLLOW = 0200000 | 02000000 | 0400000;
    private static final int BUFFER = 1 << 16;
    private static final ThreadLocal<MemorySegment> DENTS = ThreadLocal.withInitial(
            () -> Arena.ofAuto().allocate(BUFFER, 8));
    private static final ThreadLocal<MemorySegment> STATX_BUF = ThreadLocal.withInitial(
            () -> Arena.ofAuto().allocate(Statx.LAYOUT));
    /** linux_dirent64: d_ino u64, d_off s64, d_reclen u16, d_type u8, then the NUL-terminated name. */
    private static final int RECLEN = 16, NAME = 19;

    /** dir's entries (but . and ..), or null when dir cannot be opened here (the caller lists it the Java way). */
    static List<DirEntry> list(Path dir) throws IOException {
        int fd = LongShapeCalls.open(dir, O_RDONLY_DIRECTORY_CLOEXEC_NOFOLLOW);
        if (fd < 0) {
            return null;
        }
        try {
            return entries(fd);
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        } finally {
            LongShapeCalls.close(fd);
        }
    }

    private static List<DirEntry> entries(long fd) throws Throwable {
        List<DirEntry> out = new ArrayList<>();
        MemorySegment buf = DENTS.get();
        MemorySegment st = STATX_BUF.get();
        while (true) {
            long got = (long) LongShapeCalls.GETDENTS64.invokeExact(fd, buf.address(), (long) BUFFER, 0L, 0L);
            if (got < 0) {
                throw new IOException("cannot read a directory (getdents64 failed)");
            }
            if (got == 0) {
                return out;
            }
            byte[] bytes = new byte[(int) got]; // what was read: most directories are a few hundred bytes of names
            MemorySegment.copy(buf, ValueLayout.JAVA_BYTE, 0, bytes, 0, (int) got);
            for (int at = 0; at < got; ) {
                int reclen = (bytes[at + RECLEN] & 0xff) | (bytes[at + RECLEN + 1] & 0xff) << 8;
                int start = at + NAME;
                int end = start;
                while (bytes[end] != 0) {
                    end++;
                }
                if (!isDotOrDotDot(bytes, start, end)) {
                    long r = (long) LongShapeCalls.STATX.invokeExact(fd, buf.address() + start,
                            (long) LinuxCalls.AT_SYMLINK_NOFOLLOW, (long) LinuxCalls.STATX_BASIC_STATS, st.address());
                    byte[] name = java.util.Arrays.copyOfRange(bytes, start, end);
                    out.add(new DirEntry(name, (int) r == 0 ? Statx.toFileStat(st) : null));
                }
                at += reclen;
            }
        }
    }

    private static boolean isDotOrDotDot(byte[] b, int start, int end) {
        return b[start] == '.' && (end - start == 1 || (end - start == 2 && b[start + 1] == '.'));
    }
}
