package io.spfsd.storage.remote;

import io.spfsd.storage.Digest;
import io.spfsd.storage.Refs;
import io.spfsd.storage.Repository;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * The remotes a daemon serves lazy runtimes from: its own (`serve --remote`), and each one a
 * mount names (`run --remote`), opened on first use. They share the local repository as their
 * cache, and its size limit. A payload that a runtime's open needs and the repository lacks is
 * fetched from that runtime's remote, then the daemon's own: never from a remote another
 * runtime named, which would tell one user's server what another user reads. A remote no live
 * runtime names any more (its runtimes ended, or its mount failed) is forgotten at the next
 * mount or status.
 */
public final class LazyRemotes {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(LazyRemotes.class);
    private final Repository local;
    private final Duration limit;
    private final String own;
    private final PayloadCache cache;
    private final Map<String, LazyRemote> byUrl = new ConcurrentHashMap<>();
    /** The remotes the live runtimes name (null for the daemon's own). */
    private final java.util.function.Supplier<java.util.Collection<String>> inUse;

    /**
     * own: the daemon's remote (null: none), opened now so a bad one stops the start. open: whether a
     * runtime holds a payload open (never evicted). cacheBytes: the cache's limit (0: none).
     */
    public LazyRemotes(Repository local, String own, Duration limit, long cacheBytes, Predicate<Digest> open,
                       java.util.function.Supplier<java.util.Collection<String>> inUse) {
        this.local = local;
        this.own = own;
        this.limit = limit;
        this.inUse = inUse;
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
        forgetUnused();
        List<String> out = new java.util.ArrayList<>();
        LazyRemote mine = own == null ? null : byUrl.get(own);
        if (mine != null) {
            out.add(mine.name());
        }
        byUrl.entrySet().stream().filter(e -> !e.getKey().equals(own)).sorted(Map.Entry.comparingByKey())
                .forEach(e -> out.add(e.getValue().name()));
        return out;
    }

    /** Drops the remotes no live runtime names: opened again if one does later. */
    private void forgetUnused() {
        java.util.Set<String> live = new java.util.HashSet<>();
        inUse.get().forEach(u -> live.add(u == null ? own : u));
        byUrl.keySet().removeIf(u -> !u.equals(own) && !live.contains(u));
    }

    /**
     * A ref as a runtime of remote url sees it (null: the daemon's own): here first, else there,
     * with its objects brought here. Without any remote, here only.
     */
    public Digest resolve(String ref, String url, java.util.function.Consumer<String> warnings) {
        String from = url != null ? url : own;
        if (from == null) {
            return new Refs(local).resolve(ref);
        }
        forgetUnused();
        return remote(from).resolve(ref, warnings);
    }

    private LazyRemote remote(String url) {
        return byUrl.computeIfAbsent(url, u -> {
            LazyRemote r = new LazyRemote(Remotes.open(u, false), local, limit, cache);
            local.onPayloadOpened(cache::opened); // from the first remote on: before, nothing is evictable
            return r;
        });
    }

    /** Fetches d for a runtime of remote url (null: the daemon's own): from there, then the daemon's own. */
    private boolean fetchPayload(Digest d, long size, String url, java.util.function.BooleanSupplier gaveUp) {
        List<String> from = java.util.stream.Stream.of(url, own).filter(java.util.Objects::nonNull).distinct().toList();
        boolean failed = false;
        for (String u : from) {
            LazyRemote r;
            try {
                r = remote(u);
            } catch (RuntimeException e) {
                LOG.error("payload {}: remote {} cannot be opened: {}", d, u, e.getMessage());
                failed = true;
                continue;
            }
            switch (r.fetchPayload(d, size, gaveUp)) {
                case FETCHED -> {
                    return true;
                }
                case FAILED -> failed = true; // logged with its reason
                case GAVE_UP -> {
                    return false; // the opener is gone: nobody to ask another remote for
                }
                case NOT_THERE -> { }
            }
        }
        if (!failed && !from.isEmpty()) {
            LOG.error("payload {} is not at {}", d, String.join(", ", from));
        }
        return false;
    }

    /** Empties the cache but for what is open. */
    public PayloadCache.Freed evictAll() {
        return cache.evict(0);
    }
}
