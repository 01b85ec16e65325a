package io.spfsd.router;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import io.spfsd.metrics.DaemonMetrics;
import io.spfsd.node.Mount;
import java.time.Duration;

/**
 * Caches routing decisions per caller PID (seed 3c.2), so the hot path does not read /proc.
 *
 * <p>An entry holds the mount a caller's ancestry resolved to, stamped with the router's
 * generation. A hit whose generation is current returns the mount with one map look-up: no
 * syscall, no lock beyond the map's. After any mount or unmount the generation differs and
 * the entry counts as a miss, so an unmounted runtime is never served from the cache, even
 * inside the TTL. Entries expire {@code ttl} after they were written ({@code
 * expireAfterWrite}; a process tree only changes on fork, exit and reparenting), and the
 * cache is bounded, so a million distinct PIDs cannot grow memory without bound.
 *
 * <p>PID reuse: a cached PID is trusted for at most the TTL. For another process to get the
 * same PID inside it, the kernel would have to hand out every other PID first (it allocates
 * them in increasing order up to pid_max), i.e. pid_max forks within 100 ms. Runtime roots
 * are additionally checked by start time (see {@link Router}).
 */
public final class RouteCache {
    public static final Duration DEFAULT_TTL = Duration.ofMillis(100);
    public static final long MAX_ENTRIES = 65_536;

    private final Router router;
    private final DaemonMetrics metrics;
    private final Cache<Integer, Route> cache;

    /** A routing decision for one caller. */
    private record Route(Mount mount, long generation) {
    }

    /** ttl null: no caching (every request walks /proc), for before/after comparisons. */
    public RouteCache(Router router, DaemonMetrics metrics, Duration ttl) {
        this(router, metrics, ttl, Ticker.systemTicker(), MAX_ENTRIES);
    }

    /** For tests: a controllable clock and bound. */
    RouteCache(Router router, DaemonMetrics metrics, Duration ttl, Ticker ticker, long maxEntries) {
        this.router = router;
        this.metrics = metrics;
        this.cache = ttl == null ? null : Caffeine.newBuilder()
                .expireAfterWrite(ttl)
                .maximumSize(maxEntries)
                .ticker(ticker)
                .executor(Runnable::run)
                .build();
    }

    /** The mount the calling thread tid sees. */
    public Mount resolve(int tid) {
        long generation = router.generation();
        if (cache == null) {
            metrics.routed(false);
            metrics.routeLookup();
            return router.resolve(tid);
        }
        Route r = cache.getIfPresent(tid);
        if (r != null && r.generation() == generation) {
            metrics.routed(true);
            return r.mount();
        }
        metrics.routed(false);
        metrics.routeLookup();
        Mount m = router.resolve(tid, new Router.Memo() {
            @Override
            public Mount recall(int pid) {
                Route a = cache.getIfPresent(pid);
                return a != null && a.generation() == generation ? a.mount() : null;
            }

            @Override
            public void remember(int pid, Mount mount) {
                cache.put(pid, new Route(mount, generation));
            }
        });
        cache.put(tid, new Route(m, generation)); // the thread itself, when it is not its process
        return m;
    }

    public void invalidate(int pid) {
        if (cache != null) {
            cache.invalidate(pid);
        }
    }

    /** Drops every cached decision that resolved to mount (its root and all descendants). */
    public void invalidate(Mount mount) {
        if (cache != null) {
            cache.asMap().values().removeIf(r -> r.mount() == mount);
            cache.invalidate(mount.rootPid());
        }
    }

    public void clear() {
        if (cache != null) {
            cache.invalidateAll();
        }
    }

    public boolean enabled() {
        return cache != null;
    }

    public long size() {
        if (cache == null) {
            return 0;
        }
        cache.cleanUp();
        return cache.estimatedSize();
    }
}
