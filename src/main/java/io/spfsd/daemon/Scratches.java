package io.spfsd.daemon;

import io.spfsd.config.PrivateDirectories;
import io.spfsd.node.NodeDomain;
import io.spfsd.node.Scratch;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Editable runtimes' scratch directories: one 0700 directory per runtime under the daemon's
 * state directory ({@code runtimes/NAME}), removed when the runtime ends. What a daemon that
 * died left behind is reported at the next start, never deleted silently.
 */
final class Scratches {
    private static final Logger LOG = LoggerFactory.getLogger(Scratches.class);
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private final Path base;
    private final AtomicLong domains = new AtomicLong();

    Scratches(Path stateDir) {
        this.base = stateDir.resolve("runtimes");
    }

    /** Where runtimes' scratches and records are. */
    Path dir() {
        return base;
    }

    /** A new scratch for runtime name; fails if one of that name exists (in use, or left behind). */
    Scratch create(String name) throws IOException {
        return create(name, null);
    }

    /**
     * The same, for a runtime whose processes run as ids ({uid, gid}; null: unknown). A root
     * daemon gives another user's runtime a scratch of theirs: its upper directory is theirs
     * (inside the runtime's 0700 directory, so they reach it only through the mount).
     */
    Scratch create(String name, int[] ids) throws IOException {
        Path dir = base.resolve(name);
        PrivateDirectories.create(base);
        if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException("a scratch of runtime '" + name + "' exists at " + dir
                    + " (in use, or left by a daemon that died: commit or remove it)");
        }
        Path upper = PrivateDirectories.create(dir.resolve("upper"));
        NodeDomain.Private domain = new NodeDomain.Private(domains.incrementAndGet());
        if (ids == null || ids[0] == io.spfsd.os.Posix.getuid() || !io.spfsd.os.Users.isRoot()) {
            return Scratch.fresh(dir, domain);
        }
        Files.setPosixFilePermissions(upper, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        if (io.spfsd.os.FileOps.lchown(upper, ids[0], ids[1]) != 0) {
            throw new IOException("cannot give the scratch of runtime '" + name + "' to user " + ids[0]);
        }
        return Scratch.fresh(dir, domain, ids[0], ids[1]);
    }

    void remove(Scratch s) {
        removeDir(s.dir().getFileName().toString());
    }

    /** Removes runtime name's directory (scratch, and the record of a kept runtime). */
    void removeDir(String name) {
        Path dir = base.resolve(name);
        SIZES.remove(dir);
        try {
            deleteTree(dir);
        } catch (IOException e) {
            LOG.warn("cannot remove {}: {}", dir, e.toString());
        }
    }

    /**
     * What a kept runtime needs to come back after a restart; remote null: the daemon's own;
     * owner: the user who made it (null in records from before owners were kept).
     */
    record Kept(String name, java.util.List<String> refs, boolean editable, String remote, String owner,
                String createdAt) {
        /** When the runtime was made (now, for records from before this was kept). */
        java.time.Instant created() {
            try {
                return createdAt == null ? java.time.Instant.now() : java.time.Instant.parse(createdAt);
            } catch (java.time.format.DateTimeParseException e) {
                return java.time.Instant.now();
            }
        }
    }

    private static final String KEPT = "runtime.json";

    /**
     * Records a kept runtime beside its scratch (a directory of its own if it has none): written
     * whole to a temporary, synced and renamed into place, so a full disk or a crash leaves no
     * cut record, and the caller hears of every failure.
     */
    void saveKept(Kept k) throws IOException {
        Path dir = PrivateDirectories.create(base.resolve(k.name()));
        io.spfsd.storage.AtomicFiles.write(dir, dir.resolve(KEPT), io.spfsd.control.Protocol.JSON.writeValueAsBytes(k));
    }

    /** Kept runtimes recorded by an earlier daemon. */
    List<Kept> kept() {
        List<Kept> out = new ArrayList<>();
        for (Path d : leftoverDirs()) {
            Path f = d.resolve(KEPT);
            if (Files.isRegularFile(f)) {
                try {
                    out.add(io.spfsd.control.Protocol.JSON.readValue(Files.readString(f), Kept.class));
                } catch (IOException e) {
                    LOG.warn("cannot read {}: {}", f, e.toString());
                }
            }
        }
        return out;
    }

    /** The scratch of a kept runtime, as it was. */
    Scratch reopen(String name) {
        Path dir = base.resolve(name);
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, COMMITTED + "*")) {
            for (Path left : s) {
                deleteTree(left); // a commit's old copy the earlier daemon had not deleted yet
            }
        } catch (java.nio.file.NoSuchFileException e) {
            // no scratch directory: nothing was left
        } catch (IOException e) {
            LOG.warn("cannot remove what a commit left in {}: {}", dir, e.toString());
        }
        return Scratch.found(dir, new NodeDomain.Private(domains.incrementAndGet()));
    }

    /** What a committed scratch's upper tree is renamed to, to be deleted after the commit is answered. */
    static final String COMMITTED = "committed-";

    private static final java.util.concurrent.ExecutorService DELETER = java.util.concurrent.Executors
            .newSingleThreadExecutor(Thread.ofPlatform().name("scratch-deleter").daemon(true).factory());

    /**
     * Deletes dir in the background: a committed copy of a scratch is no longer served, and
     * deleting 20,000 files took longer than committing them. One left by a daemon that ends
     * first is deleted when the runtime ends or is restored.
     */
    static java.util.concurrent.Future<?> deleteLater(Path dir) {
        return DELETER.submit(() -> {
            try {
                deleteTree(dir);
            } catch (IOException e) {
                LOG.warn("cannot remove {}: {}", dir, e.toString());
            }
        });
    }

    /** Scratch directories present at start and not kept on purpose: left by a daemon that died. */
    List<Path> leftovers() {
        return leftoverDirs().stream().filter(d -> !Files.isRegularFile(d.resolve(KEPT))).toList();
    }

    private List<Path> leftoverDirs() {
        List<Path> out = new ArrayList<>();
        if (Files.isDirectory(base)) {
            try (DirectoryStream<Path> s = Files.newDirectoryStream(base)) {
                s.forEach(out::add);
            } catch (IOException e) {
                LOG.warn("cannot list {}: {}", base, e.toString());
            }
        }
        return out;
    }

    /** How long a scratch's size is reused before status walks the scratch again. */
    static final long SIZE_TTL_NANOS = 2_000_000_000L;
    /** Per scratch directory: {bytes, when measured (nanoTime)}. */
    private static final java.util.Map<Path, long[]> SIZES = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * The bytes of the scratch's files (their sizes), measured at most every {@link #SIZE_TTL_NANOS}:
     * measuring walks the whole scratch, and status asks for every runtime each time.
     */
    static long bytes(Scratch s) {
        return bytes(s, System.nanoTime());
    }

    static long bytes(Scratch s, long now) {
        long[] known = SIZES.get(s.dir());
        if (known != null && now - known[1] < SIZE_TTL_NANOS) {
            return known[0];
        }
        long b = walkBytes(s);
        SIZES.put(s.dir(), new long[]{b, now});
        return b;
    }

    private static long walkBytes(Scratch s) {
        long[] total = {0};
        try {
            Files.walkFileTree(s.upper(), new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    total[0] += attrs.size();
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            return -1;
        }
        return total[0];
    }

    /** dir and all in it, relative to open directories (a scratch can be deeper than a path the system takes). */
    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try { // another deleter (the runtime's end) may be at it too: what is gone is done
            io.spfsd.fs.ScratchTree.deleteContents(dir);
        } catch (java.nio.file.NoSuchFileException e) {
            return;
        }
        Files.deleteIfExists(dir);
    }
}
