package io.spfsd.storage;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;

/**
 * Removes what nothing references (spfs clean): objects and payloads not reachable from any
 * version of any tag nor from the extra roots given (the refs of live and kept runtimes), and
 * files left in tmp/ by writes that died. Anything younger than the grace period stays, whatever
 * references it. Run it under {@link RepositoryLock#forCleaning}.
 */
public final class RepositoryClean {
    private RepositoryClean() {
    }

    /** What was (or, in a dry run, would be) removed. */
    public record Report(long objects, long payloads, long tmpFiles, long bytes, boolean dryRun) {
    }

    public static Report run(Repository repo, Collection<Digest> extraRoots, Duration grace, boolean dryRun)
            throws IOException {
        Set<Digest> liveObjects = new HashSet<>();
        Set<Digest> livePayloads = new HashSet<>();
        Deque<Digest> todo = new ArrayDeque<>(extraRoots);
        for (String tag : repo.tags().names()) {
            repo.tags().history(tag).forEach(v -> todo.add(v.target()));
        }
        while (!todo.isEmpty()) {
            Digest d = todo.pop();
            if (!liveObjects.add(d) || !repo.hasObject(d)) {
                continue;
            }
            repo.readObject(d).references(todo::push, livePayloads::add);
        }
        Instant cutoff = Instant.now().minus(grace);
        long[] counts = new long[4];
        sweep(repo.root().resolve("objects"), liveObjects, cutoff, dryRun, counts, 0);
        sweep(repo.root().resolve("payloads"), livePayloads, cutoff, dryRun, counts, 1);
        sweepTmp(repo.tmpDir(), cutoff, dryRun, counts);
        return new Report(counts[0], counts[1], counts[2], counts[3], dryRun);
    }

    /** Every digest-named file under base/AB/ that live does not hold and that is older than cutoff. */
    private static void sweep(Path base, Set<Digest> live, Instant cutoff, boolean dryRun, long[] counts, int kind)
            throws IOException {
        if (!Files.isDirectory(base)) {
            return;
        }
        try (DirectoryStream<Path> shards = Files.newDirectoryStream(base)) {
            for (Path shard : shards) {
                if (!Files.isDirectory(shard)) {
                    continue;
                }
                try (DirectoryStream<Path> files = Files.newDirectoryStream(shard)) {
                    for (Path f : files) {
                        Digest d = digestOf(shard, f);
                        if (d == null || live.contains(d)) {
                            continue; // not ours to judge, or referenced
                        }
                        removeIfOld(f, cutoff, dryRun, counts, kind);
                    }
                }
            }
        }
    }

    private static Digest digestOf(Path shard, Path f) {
        try {
            return Digest.parse(shard.getFileName().toString() + f.getFileName());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static void sweepTmp(Path tmp, Instant cutoff, boolean dryRun, long[] counts) throws IOException {
        if (!Files.isDirectory(tmp)) {
            return;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(tmp)) {
            for (Path f : files) {
                if (Files.isRegularFile(f, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    removeIfOld(f, cutoff, dryRun, counts, 2);
                } else if (Files.isDirectory(f, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    sweepTmp(f, cutoff, dryRun, counts); // a writing thread's own (tmp/tN/)
                }
            }
        }
    }

    private static void removeIfOld(Path f, Instant cutoff, boolean dryRun, long[] counts, int kind)
            throws IOException {
        BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class);
        if (a.lastModifiedTime().toInstant().isAfter(cutoff)) {
            return;
        }
        if (!dryRun) {
            Files.deleteIfExists(f);
        }
        counts[kind]++;
        counts[3] += a.size();
    }
}
