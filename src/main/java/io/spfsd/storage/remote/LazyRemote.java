package io.spfsd.storage.remote;

import io.spfsd.storage.Digest;
import io.spfsd.storage.Refs;
import io.spfsd.storage.Repository;
import io.spfsd.storage.UnknownRefException;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A daemon's remote (`spfsd serve --remote R`): the local repository is its cache. A ref not
 * here is resolved there and its objects (manifests, layers, platforms: no payloads) fetched
 * when a runtime is mounted; a payload is fetched on its first open, once however many open it
 * at the same time, verified before it is stored. An open that cannot be served within the time
 * limit fails (EIO, one log line) instead of hanging its process.
 */
public final class LazyRemote {
    private static final Logger LOG = LoggerFactory.getLogger(LazyRemote.class);

    private final ObjectStore far;
    private final Repository local;
    private final Duration limit;
    private final Map<Digest, CompletableFuture<Boolean>> fetching = new ConcurrentHashMap<>();
    private volatile PayloadCache cache;

    public LazyRemote(ObjectStore far, Repository local, Duration limit) {
        this.far = far;
        this.local = local;
        this.limit = limit;
        local.fetchMissingPayloadsWith(this::fetchPayload);
    }

    /**
     * Keeps the fetched payloads within cacheBytes (0: no limit), evicting the least recently
     * opened first and never one open says is open.
     */
    public LazyRemote withCache(long cacheBytes, java.util.function.Predicate<Digest> open) {
        PayloadCache c = new PayloadCache(local, cacheBytes, open);
        cache = c;
        local.onPayloadOpened(c::opened);
        return this;
    }

    /** Empties the cache but for what is open; null without a cache. */
    public PayloadCache.Freed evictAll() {
        PayloadCache c = cache;
        return c == null ? null : c.evict(0);
    }

    public String name() {
        return far.name();
    }

    /** A ref resolved here, or on the remote with its objects brought here. */
    public Digest resolve(String ref) {
        try {
            return new Refs(local).resolve(ref);
        } catch (UnknownRefException notHere) {
            try {
                Digest d = far.resolve(ref);
                Transfer.copyObjects(far, new RepositoryStore(local), List.of(d));
                return d;
            } catch (UnknownRefException e) {
                throw new UnknownRefException(notHere.getMessage() + ", nor at " + far.name());
            } catch (IOException e) {
                throw new UnknownRefException("cannot resolve '" + ref + "' at " + far.name() + ": " + e.getMessage());
            }
        }
    }

    /** Brings payload d here (once, however many ask at once); false if it cannot within the limit. */
    public boolean fetchPayload(Digest d) {
        CompletableFuture<Boolean> mine = new CompletableFuture<>();
        CompletableFuture<Boolean> running = fetching.putIfAbsent(d, mine);
        if (running == null) {
            Thread.ofPlatform().daemon(true).name("fetch-" + d.toString().substring(0, 8)).start(() -> {
                try {
                    if (!local.hasPayload(d)) {
                        Repository.Payload p;
                        try (InputStream in = far.openPayload(d)) {
                            p = local.putPayloadExpecting(in, d);
                        }
                        PayloadCache c = cache;
                        if (c != null) {
                            c.fetched(d, p.size());
                        }
                    }
                    mine.complete(true);
                } catch (IOException | RuntimeException e) {
                    LOG.error("payload {} could not be fetched from {}: {}", d, far.name(), e.getMessage());
                    mine.complete(false);
                } finally {
                    fetching.remove(d, mine);
                }
            });
            running = mine;
        }
        try {
            return running.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            LOG.error("payload {} did not arrive from {} within {} s", d, far.name(), limit.toSeconds());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (java.util.concurrent.ExecutionException e) {
            return false;
        }
    }
}
