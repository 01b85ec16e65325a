package io.spfsd.storage.remote;

import io.spfsd.storage.Digest;
import io.spfsd.storage.Refs;
import io.spfsd.storage.Repository;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * The remotes a daemon serves lazy runtimes from: its own (`serve --remote`), and each one a
 * mount names (`run --remote`), opened on first use. They share the local repository as their
 * cache, and its size limit. A payload that an open needs and the repository lacks is fetched
 * from them in turn, the daemon's own first: payloads are content-addressed and verified, so
 * whichever remote has one gives the right bytes.
 */
public final class LazyRemotes {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(LazyRemotes.class);
    private final Repository local;
    private final Duration limit;
    private final String own;
    private final PayloadCache cache;
    private final Map<String, LazyRemote> byUrl = new ConcurrentHashMap<>();
    private final List<LazyRemote> inOrder = new CopyOnWriteArrayList<>();

    /**
     * own: the daemon's remote (null: none), opened now so a bad one stops the start. open: whether a
     * runtime holds a payload open (never evicted). cacheBytes: the cache's limit (0: none).
     */
    public LazyRemotes(Repository local, String own, Duration limit, long cacheBytes, Predicate<Digest> open) {
        this.local = local;
        this.own = own;
        this.limit = limit;
        this.cache = new PayloadCache(local, cacheBytes, open);
        local.fetchMissingPayloadsWith(this::fetchPayload);
        if (own != null) {
            remote(own);
        }
    }

    /** The daemon's own remote, or null. */
    public String own() {
        return own;
    }

    /** Every remote in use, the daemon's own first. */
    public List<String> urls() {
        return inOrder.stream().map(LazyRemote::name).toList();
    }

    /**
     * A ref as a runtime of remote url sees it (null: the daemon's own): here first, else there,
     * with its objects brought here. Without any remote, here only.
     */
    public Digest resolve(String ref, String url) {
        String from = url != null ? url : own;
        return from == null ? new Refs(local).resolve(ref) : remote(from).resolve(ref);
    }

    private LazyRemote remote(String url) {
        return byUrl.computeIfAbsent(url, u -> {
            LazyRemote r = new LazyRemote(Remotes.open(u, false), local, limit, cache);
            inOrder.add(r);
            local.onPayloadOpened(cache::opened); // from the first remote on: before, nothing is evictable
            return r;
        });
    }

    private boolean fetchPayload(Digest d) {
        boolean failed = false;
        for (LazyRemote r : inOrder) {
            switch (r.fetchPayload(d)) {
                case FETCHED -> {
                    return true;
                }
                case FAILED -> failed = true; // logged with its reason
                case NOT_THERE -> { }
            }
        }
        if (!failed && !inOrder.isEmpty()) {
            LOG.error("payload {} is not at {}", d, String.join(", ", urls()));
        }
        return false;
    }

    /** Empties the cache but for what is open. */
    public PayloadCache.Freed evictAll() {
        return cache.evict(0);
    }
}
