package io.spfsd.os.linux;

import io.spfsd.os.FileStat;
import io.spfsd.os.MountTable;
import io.spfsd.os.NativePaths;
import io.spfsd.os.Os;
import io.spfsd.os.Posix;
import io.spfsd.os.ProcessTable;
import io.spfsd.os.RuntimeGroups;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.util.Optional;

/** Linux: /proc for processes, pidfd for exits, mountinfo for mounts, statx for files, syncfs for durability. */
public final class LinuxOs implements Os {
    private static final ThreadLocal<MemorySegment> STATX = ThreadLocal.withInitial(
            () -> Arena.ofAuto().allocate(Statx.LAYOUT));
    private static final MemorySegment EMPTY_PATH = Arena.global().allocate(1);

    /** Made on first use: its exit watcher starts logging (~18 ms), which commands that only read files never need. */
    private final io.spfsd.os.MadeOnFirstUse<LinuxProcessTable> processes =
            new io.spfsd.os.MadeOnFirstUse<>(LinuxProcessTable::new);
    private final MountTable mounts = new LinuxMountTable();
    private volatile RuntimeGroups groups;

    @Override
    public java.util.List<io.spfsd.os.PlatformCheck> checks() {
        return LinuxChecks.run(runtimeGroups(), System.getenv("PATH"));
    }

    @Override
    public ProcessTable processes() {
        return processes.get();
    }

    @Override
    public MountTable mounts() {
        return mounts;
    }

    /** Made on first use (a daemon's; clients never ask). */
    @Override
    public synchronized RuntimeGroups runtimeGroups() {
        if (groups == null) {
            groups = CgroupGroups.create(processes.get().watcher());
        }
        return groups;
    }

    /** /proc/PID belongs to the process's effective user and group. */
    @Override
    public int[] processIds(int pid) {
        Path proc = Path.of("/proc", Integer.toString(pid));
        try {
            return new int[] {(Integer) Files.getAttribute(proc, "unix:uid"),
                (Integer) Files.getAttribute(proc, "unix:gid")};
        } catch (IOException | UnsupportedOperationException e) {
            return null;
        }
    }

    @Override
    public Optional<UserPrincipal> processOwner(int pid) {
        try {
            return Optional.of(Files.getOwner(Path.of("/proc", Integer.toString(pid))));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    @Override
    public FileStat stat(int fd) {
        return fstatx(fd) ? Statx.toFileStat(STATX.get()) : null;
    }

    @Override
    public java.util.List<io.spfsd.os.DirEntry> list(Path dir) throws IOException {
        return DirectoryReader.list(dir);
    }

    @Override
    public void linkWalkAhead() {
        LongShapeCalls.isatty(-1); // links the one shape that list, stat, isatty and the content store share
        LinuxContentStore.linkAhead(); // and finds libcrypto's SHA-256 for it
    }

    @Override
    public io.spfsd.os.ContentStore contentStore(Path dir) {
        return LinuxContentStore.open(dir);
    }

    @Override
    public boolean isTerminal(int fd) {
        return LongShapeCalls.isatty(fd);
    }

    @Override
    public Boolean isRegularFile(MemorySegment cPath) {
        MemorySegment st = STATX.get();
        return Statx.call(LinuxCalls.AT_FDCWD, cPath, LinuxCalls.AT_SYMLINK_NOFOLLOW, Statx.STATX_TYPE, st) == 0
                && (Statx.mode(st) & FileStat.S_IFMT) == FileStat.S_IFREG;
    }

    @Override
    public FileStat stat(Path path) {
        return lstatx(path) ? Statx.toFileStat(STATX.get()) : null;
    }

    @Override
    public io.spfsd.os.FileAttrs attrs(int fd) {
        return fstatx(fd) ? Statx.toFileAttrs(STATX.get()) : null;
    }

    /** statx of the open file fd into this thread's buffer; whether it could be read. */
    private static boolean fstatx(int fd) {
        return Statx.call(fd, EMPTY_PATH, LinuxCalls.AT_EMPTY_PATH, LinuxCalls.STATX_BASIC_STATS, STATX.get())
                == 0;
    }

    @Override
    public io.spfsd.os.FileAttrs attrs(Path path) {
        return lstatx(path) ? Statx.toFileAttrs(STATX.get()) : null;
    }

    @Override
    public io.spfsd.os.FileAttrs attrsAt(int dir, byte[] name) throws io.spfsd.os.ErrnoException {
        MemorySegment st = STATX.get();
        int r = LinuxCalls.statx(dir, NativePaths.of(name), LinuxCalls.AT_SYMLINK_NOFOLLOW,
                LinuxCalls.STATX_BASIC_STATS, st);
        if (r == 0) {
            return Statx.toFileAttrs(st);
        }
        if (r == -Posix.ENOENT || r == -ENOTDIR) {
            return null;
        }
        throw new io.spfsd.os.ErrnoException(-r, "stat " + new String(name, java.nio.charset.StandardCharsets.UTF_8));
    }

    /** /proc/self/fd/DIR/NAME: the kernel resolves the descriptor's directory, then the name (not followed by l-calls). */
    @Override
    public Path pathAt(int dir, byte[] name) {
        return NativePaths.child(Path.of("/proc/self/fd/" + dir), name);
    }

    private static final int ENOTDIR = 20;

    /**
     * statx of path (no final symlink followed) into this thread's buffer; whether it is there.
     * A path too long for the kernel (a commit walking a scratch deeper than PATH_MAX) is
     * reached through its parent directory, opened for the call and closed after it.
     */
    private boolean lstatx(Path path) {
        byte[] bytes = NativePaths.bytes(path);
        if (bytes.length < NativePaths.PATH_MAX) { // this thread's buffer: an arena per call is half a cold walk's time
            return Statx.call(LinuxCalls.AT_FDCWD, NativePaths.of(bytes),
                    LinuxCalls.AT_SYMLINK_NOFOLLOW, LinuxCalls.STATX_BASIC_STATS, STATX.get()) == 0;
        }
        int end = bytes.length - 1;
        while (end > 0 && bytes[end] != '/') {
            end--; // the parent is bytes[0, end)
        }
        int dir = openDirectory(bytes, end);
        if (dir < 0) {
            return false;
        }
        try (Arena a = Arena.ofConfined()) {
            return Statx.call(dir, NativePaths.cString(a, bytes, end + 1, bytes.length - end - 1),
                    LinuxCalls.AT_SYMLINK_NOFOLLOW, LinuxCalls.STATX_BASIC_STATS, STATX.get()) == 0;
        } finally {
            Posix.close(dir);
        }
    }

    /** Longest path passed whole: PATH_MAX is 4096 with the NUL; the rest leaves room for a suffix. */
    private static final int LONGEST = 4000;
    private static final int O_PATH = 010000000, O_DIRECTORY = 0200000;

    /** The directory all[0, end) opened O_PATH: its longest prefix in one call, then one component at a time. */
    private static int openDirectory(byte[] all, int end) {
        int cut = Math.min(end, LONGEST);
        while (cut > 0 && all[cut] != '/') {
            cut--;
        }
        try (Arena a = Arena.ofConfined()) {
            int fd = LinuxCalls.openat(LinuxCalls.AT_FDCWD, NativePaths.cString(a, all, 0, Math.max(cut, 1)),
                    O_PATH | O_DIRECTORY | Posix.O_CLOEXEC);
            int from = cut + 1;
            while (fd >= 0 && from < end) {
                int to = from;
                while (to < end && all[to] != '/') {
                    to++;
                }
                int next = to > from ? LinuxCalls.openat(fd, NativePaths.cString(a, all, from, to - from),
                        O_PATH | O_DIRECTORY | Posix.O_NOFOLLOW | Posix.O_CLOEXEC) : fd;
                if (next != fd) {
                    Posix.close(fd);
                }
                fd = next;
                from = to + 1;
            }
            return fd;
        }
    }

    @Override
    public long getxattr(Path path, String name, byte[] value) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cPath = NativePaths.of(arena, path);
            MemorySegment cName = arena.allocateFrom(name);
            return filling(arena, value, (buf, size) -> LinuxCalls.lgetxattr(cPath, cName, buf, size));
        }
    }

    @Override
    public long listxattr(Path path, byte[] names) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cPath = NativePaths.of(arena, path);
            return filling(arena, names, (buf, size) -> LinuxCalls.llistxattr(cPath, buf, size));
        }
    }

    /**
     * A call that fills a buffer of a size (NULL, 0: it only tells the size): its count, or
     * -errno; out gets the bytes.
     */
    private static long filling(Arena arena, byte[] out,
                                java.util.function.ToLongBiFunction<MemorySegment, Long> call) {
        MemorySegment buf = out == null ? MemorySegment.NULL : arena.allocate(Math.max(1, out.length));
        long n = call.applyAsLong(buf, out == null ? 0L : out.length);
        if (n < 0) {
            return -Posix.errno();
        }
        if (out != null) {
            MemorySegment.copy(buf, ValueLayout.JAVA_BYTE, 0, out, 0, (int) n);
        }
        return n;
    }

    @Override
    public int setxattr(Path path, String name, byte[] value, int flags) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment v = arena.allocate(Math.max(1, value.length));
            MemorySegment.copy(value, 0, v, ValueLayout.JAVA_BYTE, 0, value.length);
            return LinuxCalls.lsetxattr(NativePaths.of(arena, path), arena.allocateFrom(name), v, value.length,
                    flags) == 0 ? 0 : Posix.errno();
        }
    }

    @Override
    public int removexattr(Path path, String name) {
        try (Arena arena = Arena.ofConfined()) {
            return LinuxCalls.lremovexattr(NativePaths.of(arena, path), arena.allocateFrom(name)) == 0 ? 0
                    : Posix.errno();
        }
    }

    @Override
    public int fallocate(int fd, int mode, long offset, long length) {
        return LinuxCalls.fallocate(fd, mode, offset, length) == 0 ? 0 : Posix.errno();
    }

    /**
     * syncfs(2) on the filesystem of dir; sync(2) if that fails. Through {@link LongShapeCalls}:
     * Posix's and LinuxCalls' handles cost a commit ~45 ms to link, more than syncfs itself
     * takes when little is left to write.
     */
    @Override
    public void syncFilesystemOf(Path dir) throws IOException {
        final int O_RDONLY_CLOEXEC = 02000000; // not Posix's: reading its constants links all its calls
        try {
            int fd = LongShapeCalls.open(dir, O_RDONLY_CLOEXEC);
            if (fd >= 0) {
                long rc = (long) LongShapeCalls.SYNCFS.invokeExact((long) fd, 0L, 0L, 0L, 0L);
                LongShapeCalls.close(fd);
                if ((int) rc == 0) {
                    return;
                }
            }
            long unused = (long) LongShapeCalls.SYNC.invokeExact(0L, 0L, 0L, 0L, 0L);
        } catch (Throwable e) {
            throw new IOException("could not flush " + dir + " to disk: " + e.getMessage(), e);
        }
    }
}
