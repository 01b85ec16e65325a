package io.spfsd.os.linux;

import io.spfsd.os.ContentStore;
import io.spfsd.os.FileStat;
import io.spfsd.os.NativeSha256;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@link ContentStore} on Linux: open, an anonymous file (O_TMPFILE) in the temporary
 * directory, read into native memory, hash there with the system's SHA-256, write, linkat
 * into place (never replacing), statx of the descriptor, close. No Java stream, Path or heap
 * copy of the bytes; no existence check before the link (the link is the check); the
 * temporary and the final name are reached from descriptors of their directories, not walked
 * from the root. A first commit of /usr/share spent more time in the Java way's streams,
 * copies and extra calls than in copying (bench/results/performance-history.md, "The first commit's copies").
 *
 * <p>Its calls are {@link LongShapeCalls}: libcrypto's SHA-256 functions take pointers and a
 * size_t, so they share the shape too.
 */
final class LinuxContentStore implements ContentStore {
    private static final int O_RDONLY_DIRECTORY_CLOEXEC = 0200000 | 02000000;
    private static final int O_WRONLY = 01, O_CREAT = 0100, O_EXCL = 0200, O_NOFOLLOW = 0400000,
            O_CLOEXEC = 02000000, O_TMPFILE = 020200000;
    private static final int RENAME_NOREPLACE = 1, AT_SYMLINK_FOLLOW = 0x400;
    private static final MemorySegment DOT = Arena.global().allocateFrom(".");

    /**
     * How copies get their names, learnt on the first: an anonymous file (O_TMPFILE) linked
     * by its descriptor or through /proc, else a named temporary renamed. An anonymous file
     * needs no name made and removed in tmp/ (a tenth of a first commit's CPU on a tmpfs went
     * to renames), and a crash leaves nothing of it behind.
     */
    private volatile int way;
    static final int NOT_YET_KNOWN = 0, BY_DESCRIPTOR = 1, BY_PROC = 2, NAMED = 3;
    private static final int BUFFER = 1 << 20;
    private static final MemorySegment EMPTY = Arena.global().allocate(1);

    /** SHA256_Init, SHA256_Update, SHA256_Final; null without libcrypto. */
    private static final MethodHandle[] SHA = sha256Functions();

    /** Temporary files are named c-PID-N.tmp: c- is this class's, so no other writer's counter can collide. */
    private static final String TMP_PREFIX = "c-" + ProcessHandle.current().pid() + "-";
    private static final AtomicLong TEMPS = new AtomicLong();

    private final int dirFd;
    /** A descriptor of each temporary directory used, closed with the store. */
    private final Map<Path, Integer> tmpDirFds = new ConcurrentHashMap<>();

    private LinuxContentStore(int dirFd, int way) {
        this.dirFd = dirFd;
        this.way = way;
    }

    /** A store into dir; null without libcrypto or when dir cannot be opened (the Java way then). */
    static LinuxContentStore open(Path dir) {
        return open(dir, NOT_YET_KNOWN);
    }

    /** A store into dir that starts with a way of naming copies (a test's, for the ways this system would not pick). */
    static LinuxContentStore open(Path dir, int way) {
        if (SHA == null) {
            return null;
        }
        int fd = openDirectory(dir);
        return fd < 0 ? null : new LinuxContentStore(fd, way);
    }

    /** Loads this class, and so libcrypto and its calls, on the caller's thread. */
    static void linkAhead() {
    }

    private static MethodHandle[] sha256Functions() {
        SymbolLookup lib = NativeSha256.cryptoLibrary();
        if (lib == null) {
            return null;
        }
        try {
            return new MethodHandle[]{LongShapeCalls.handle(lib.findOrThrow("SHA256_Init")),
                    LongShapeCalls.handle(lib.findOrThrow("SHA256_Update")),
                    LongShapeCalls.handle(lib.findOrThrow("SHA256_Final"))};
        } catch (RuntimeException e) {
            return null; // not these symbols: the Java way, with the JDK's SHA-256
        }
    }

    private static int openDirectory(Path dir) {
        return LongShapeCalls.open(dir, O_RDONLY_DIRECTORY_CLOEXEC);
    }

    /** A thread's memory: the data, the hash's context and result, the temporary's and /proc names, a statx, a size. */
    private record Buffers(MemorySegment data, MemorySegment context, MemorySegment digest, MemorySegment tmpName,
                           MemorySegment procPath, MemorySegment statx, long[] size) {
        static Buffers allocate() {
            Arena a = Arena.ofAuto();
            return new Buffers(a.allocate(BUFFER, 64), a.allocate(256, 16), a.allocate(32), a.allocate(64),
                    a.allocate(64), a.allocate(Statx.LAYOUT), new long[1]);
        }

        long total() {
            return size[0];
        }

        void total(long n) {
            size[0] = n;
        }
    }

    private static final ThreadLocal<Buffers> BUFFERS = ThreadLocal.withInitial(Buffers::allocate);

    @Override
    public Copy store(Path src, long expectedSize, Path tmpDir, Namer namer) {
        int tmpFd = tmpDirFds.computeIfAbsent(tmpDir, LinuxContentStore::openDirectory);
        if (tmpFd < 0) {
            return null;
        }
        Buffers b = BUFFERS.get();
        try {
            long in = LongShapeCalls.open(src, O_NOFOLLOW | O_CLOEXEC);
            if (in < 0) {
                return null;
            }
            try {
                boolean named = way == NAMED;
                long out = named ? -1 : (long) LongShapeCalls.OPENAT.invokeExact((long) tmpFd, DOT.address(),
                        (long) (O_TMPFILE | O_WRONLY | O_CLOEXEC), 0666L, 0L);
                if ((int) out < 0) {
                    named = true;
                    way = NAMED; // a file system without O_TMPFILE
                    nameTemporary(b.tmpName());
                    out = (long) LongShapeCalls.OPENAT.invokeExact((long) tmpFd, b.tmpName().address(),
                            (long) (O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC), 0666L, 0L);
                    if ((int) out < 0) {
                        return null;
                    }
                }
                Copy done = null;
                try {
                    byte[] sha256 = copy(in, out, expectedSize, b);
                    if (sha256 != null) {
                        MemorySegment name = namer.nameFor(sha256);
                        int placed = named ? rename(tmpFd, b, name) : link(out, b, name);
                        if (placed == PLACED) {
                            done = placedCopy(out, sha256, b);
                        } else if (placed == THERE) {
                            done = new Copy(sha256, b.total(), false, null);
                        }
                    }
                } finally {
                    LongShapeCalls.close(out);
                    if (named && (done == null || !done.placed())) {
                        long unused = (long) LongShapeCalls.UNLINKAT.invokeExact((long) tmpFd, b.tmpName().address(), 0L,
                                0L, 0L);
                    }
                }
                return done;
            } finally {
                LongShapeCalls.close(in);
            }
        } catch (Throwable t) {
            return null; // the Java way, done again, says what
        }
    }

    /** Copies in to out hashing; the SHA-256 of what was copied (its size in b), or null if a call failed. */
    private static byte[] copy(long in, long out, long expectedSize, Buffers b) throws Throwable {
        long data = b.data().address(), context = b.context().address();
        long unused = (long) SHA[0].invokeExact(context, 0L, 0L, 0L, 0L);
        long total = 0;
        while (true) {
            long n = (long) LongShapeCalls.READ.invokeExact(in, data, (long) BUFFER, 0L, 0L);
            if (n < 0) {
                return null;
            }
            if (n == 0) {
                break;
            }
            unused = (long) SHA[1].invokeExact(context, data, n, 0L, 0L);
            for (long written = 0; written < n; ) {
                long w = (long) LongShapeCalls.WRITE.invokeExact(out, data + written, n - written, 0L, 0L);
                if (w <= 0) {
                    return null;
                }
                written += w;
            }
            total += n;
            if (n < BUFFER && total == expectedSize) {
                break; // a short read that reaches the size the walk saw is the end: no read to say so
            }
        }
        unused = (long) SHA[2].invokeExact(b.digest().address(), context, 0L, 0L, 0L);
        b.total(total);
        return b.digest().toArray(ValueLayout.JAVA_BYTE);
    }

    private static final int PLACED = 1, THERE = 0, FAILED = -1;

    /**
     * Links the anonymous file out to name: by its descriptor (AT_EMPTY_PATH, which takes
     * CAP_DAC_READ_SEARCH), else through /proc/self/fd (any user). linkat never replaces, so a
     * failure with a file at name means it is there (EEXIST); without errno, that is asked.
     */
    private int link(long out, Buffers b, MemorySegment name) throws Throwable {
        int w = way;
        if (w != BY_PROC) {
            long r = (long) LongShapeCalls.LINKAT.invokeExact(out, EMPTY.address(), (long) dirFd, name.address(),
                    (long) LinuxCalls.AT_EMPTY_PATH);
            if ((int) r == 0) {
                way = BY_DESCRIPTOR;
                return PLACED;
            }
            if (exists(name, b)) {
                return THERE;
            }
            if (w == BY_DESCRIPTOR) {
                return FAILED;
            }
        }
        long r = (long) LongShapeCalls.LINKAT.invokeExact((long) LinuxCalls.AT_FDCWD, procPath(out, b).address(),
                (long) dirFd, name.address(), (long) AT_SYMLINK_FOLLOW);
        if ((int) r == 0) {
            way = BY_PROC;
            return PLACED;
        }
        if (exists(name, b)) {
            return THERE;
        }
        way = NAMED; // neither works here: named temporaries for the rest
        return FAILED;
    }

    /**
     * Renames the named temporary to name, never replacing: a failure with a file at name
     * means it is there (EEXIST). With none there, the file system refused the flag (EINVAL:
     * NFS, some FUSE file systems), and a plain rename does what the Java way would: the
     * check just made, then the rename (a file that appeared between them had these bytes).
     */
    private int rename(int tmpFd, Buffers b, MemorySegment name) throws Throwable {
        long r = (long) LongShapeCalls.RENAMEAT2.invokeExact((long) tmpFd, b.tmpName().address(), (long) dirFd,
                name.address(), (long) noReplace);
        if ((int) r == 0) {
            return PLACED;
        }
        if (exists(name, b)) {
            return THERE;
        }
        r = (long) LongShapeCalls.RENAMEAT2.invokeExact((long) tmpFd, b.tmpName().address(), (long) dirFd,
                name.address(), 0L);
        return (int) r == 0 ? PLACED : FAILED;
    }

    /** RENAME_NOREPLACE; a test's store sets a flag no file system takes, to be refused as NFS refuses this one. */
    int noReplace = RENAME_NOREPLACE;

    private boolean exists(MemorySegment name, Buffers b) {
        return Statx.call(dirFd, name, LinuxCalls.AT_SYMLINK_NOFOLLOW, Statx.STATX_TYPE, b.statx()) == 0;
    }

    /**
     * A placed copy, its stat taken (after the link or rename, which change ctime). Its
     * writeback is left to the commit's one syncfs: started here per file (sync_file_range),
     * it made 48,000 small writes of what syncfs writes in large ones, and a first commit on
     * ext4 no faster (bench/results/performance-history.md).
     */
    private static Copy placedCopy(long out, byte[] sha256, Buffers b) throws Throwable {
        FileStat stat = Statx.call((int) out, EMPTY, LinuxCalls.AT_EMPTY_PATH, LinuxCalls.STATX_BASIC_STATS,
                b.statx()) == 0 ? Statx.toFileStat(b.statx()) : null;
        return new Copy(sha256, b.total(), true, stat);
    }

    /** c-PID-N.tmp, NUL-terminated, into name. */
    private static void nameTemporary(MemorySegment name) {
        putCString(name, TMP_PREFIX + TEMPS.incrementAndGet() + ".tmp");
    }

    /** /proc/self/fd/N, NUL-terminated, in b. */
    private static MemorySegment procPath(long fd, Buffers b) {
        putCString(b.procPath(), "/proc/self/fd/" + fd);
        return b.procPath();
    }

    /** An ASCII string and its NUL into s (the ways of naming a copy that make names: not the usual one, so a String will do). */
    private static void putCString(MemorySegment s, String ascii) {
        byte[] bytes = ascii.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        MemorySegment.copy(bytes, 0, s, ValueLayout.JAVA_BYTE, 0, bytes.length);
        s.set(ValueLayout.JAVA_BYTE, bytes.length, (byte) 0);
    }

    @Override
    public void close() {
        for (int fd : tmpDirFds.values()) {
            if (fd >= 0) {
                LongShapeCalls.close(fd);
            }
        }
        tmpDirFds.clear();
        LongShapeCalls.close(dirFd);
    }
}
