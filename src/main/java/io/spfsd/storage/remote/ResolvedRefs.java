package io.spfsd.storage.remote;

import io.spfsd.storage.Digest;
import io.spfsd.storage.Repository;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The last resolution of each ref on each remote this repository's lazy runtimes saw, so that
 * a runtime of a ref already resolved and cached can start while its remote is down. Kept in
 * the repository's `remote-resolved` file (a cache: a line per remote and ref, with the digest
 * and the time), replaced whole on each change; one per repository in this process.
 */
final class ResolvedRefs {
    /** A ref's target on a remote, and when that was learned. */
    record Resolution(Digest digest, Instant time) {
    }

    private static final Map<Path, ResolvedRefs> BY_REPOSITORY = new java.util.concurrent.ConcurrentHashMap<>();
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ResolvedRefs.class);

    private final Repository repo;
    private final Path file;
    private Map<String, Resolution> known;

    private ResolvedRefs(Repository repo) {
        this.repo = repo;
        this.file = repo.root().resolve("remote-resolved");
    }

    static ResolvedRefs of(Repository repo) {
        return BY_REPOSITORY.computeIfAbsent(repo.root().toAbsolutePath(), r -> new ResolvedRefs(repo));
    }

    synchronized void remember(String remote, String ref, Digest d) {
        Resolution before = loaded().put(key(remote, ref), new Resolution(d, Instant.now().truncatedTo(ChronoUnit.SECONDS)));
        if (before != null && before.digest().equals(d) && before.time().isAfter(Instant.now().minusSeconds(60))) {
            return; // nothing worth a write
        }
        StringBuilder sb = new StringBuilder();
        known.forEach((k, v) -> sb.append(k).append('\t').append(v.digest()).append('\t').append(v.time()).append('\n'));
        try {
            repo.replaceCacheFile(file, sb.toString().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            LOG.warn("cannot record the resolution of {} at {}: {}", ref, remote, e.toString());
        }
    }

    synchronized Resolution last(String remote, String ref) {
        return loaded().get(key(remote, ref));
    }

    private Map<String, Resolution> loaded() {
        if (known == null) {
            known = new LinkedHashMap<>();
            try {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    String[] f = line.split("\t");
                    if (f.length == 4) {
                        try {
                            known.put(f[0] + '\t' + f[1], new Resolution(Digest.parse(f[2]), Instant.parse(f[3])));
                        } catch (IllegalArgumentException | java.time.DateTimeException e) {
                            // a damaged line: that resolution is not known
                        }
                    }
                }
            } catch (NoSuchFileException e) {
                // none yet
            } catch (IOException e) {
                LOG.warn("cannot read {}: {}", file, e.toString());
            }
        }
        return known;
    }

    /** Remote and ref, tab-separated: neither a URL nor a ref holds a tab. */
    private static String key(String remote, String ref) {
        return remote + '\t' + ref;
    }
}
