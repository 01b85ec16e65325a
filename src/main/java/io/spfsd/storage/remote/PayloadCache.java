package io.spfsd.storage.remote;

import io.spfsd.storage.Digest;
import io.spfsd.storage.Repository;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * The payloads a lazy runtime brought from its remote: the only ones that may be evicted (the
 * remote has them), least recently opened first, never one a runtime holds open. Listed in the
 * repository's {@code remote-cache} (a digest per line), so a restarted daemon still knows them.
 */
public final class PayloadCache {
    /** What an eviction freed. */
    public record Freed(long payloads, long bytes) {
    }

    private final Repository repo;
    private final Path list;
    private final long limitBytes;
    private final Predicate<Digest> open;
    private final Map<Digest, long[]> entries = new ConcurrentHashMap<>(); // digest -> {size, last use}
    private final AtomicLong total = new AtomicLong();
    private final AtomicLong clock = new AtomicLong();

    /** limitBytes <= 0: no limit. open: whether a runtime holds a payload open. */
    public PayloadCache(Repository repo, long limitBytes, Predicate<Digest> open) {
        this.repo = repo;
        this.list = repo.root().resolve("remote-cache");
        this.limitBytes = limitBytes;
        this.open = open;
        load();
    }

    private void load() {
        try {
            for (String line : Files.readAllLines(list, StandardCharsets.US_ASCII)) {
                try {
                    Digest d = Digest.parse(line.strip());
                    Path p = repo.payloadPath(d);
                    if (Files.isRegularFile(p) && !entries.containsKey(d)) {
                        long size = Files.size(p);
                        entries.put(d, new long[]{size, clock.incrementAndGet()});
                        total.addAndGet(size);
                    }
                } catch (IllegalArgumentException | IOException e) {
                    // a damaged line or a payload gone: nothing to track
                }
            }
        } catch (IOException e) {
            // no list yet
        }
    }

    /** A payload was just fetched: track it, then make room if the cache is over its limit. */
    public void fetched(Digest d, long size) {
        if (entries.putIfAbsent(d, new long[]{size, clock.incrementAndGet()}) == null) {
            total.addAndGet(size);
            try {
                Files.writeString(list, d + "\n", StandardCharsets.US_ASCII, StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND, StandardOpenOption.WRITE);
            } catch (IOException e) {
                // untracked after a restart: kept, never evicted (safe)
            }
        }
        if (limitBytes > 0 && total.get() > limitBytes) {
            evict(limitBytes);
        }
    }

    /** A payload was opened: it is now the most recently used. */
    public void opened(Digest d) {
        long[] e = entries.get(d);
        if (e != null) {
            e[1] = clock.incrementAndGet();
        }
    }

    public long bytes() {
        return total.get();
    }

    /** Evicts, least recently opened first, until at most keepBytes remain; never what is open. */
    public synchronized Freed evict(long keepBytes) {
        List<Map.Entry<Digest, long[]>> lru = new ArrayList<>(entries.entrySet());
        lru.sort(Comparator.comparingLong(e -> e.getValue()[1]));
        long payloads = 0;
        long bytes = 0;
        for (Map.Entry<Digest, long[]> e : lru) {
            if (total.get() <= keepBytes) {
                break;
            }
            if (open.test(e.getKey())) {
                continue;
            }
            try {
                Files.deleteIfExists(repo.payloadPath(e.getKey()));
            } catch (IOException ex) {
                continue;
            }
            entries.remove(e.getKey());
            total.addAndGet(-e.getValue()[0]);
            payloads++;
            bytes += e.getValue()[0];
        }
        rewriteList();
        return new Freed(payloads, bytes);
    }

    private void rewriteList() {
        StringBuilder sb = new StringBuilder();
        entries.keySet().forEach(d -> sb.append(d).append('\n'));
        try {
            repo.replaceCacheFile(list, sb.toString().getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            // the old list names payloads that may be gone: load() skips those
        }
    }
}
