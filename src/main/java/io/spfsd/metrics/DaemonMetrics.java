package io.spfsd.metrics;

import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.function.Supplier;

/**
 * The daemon's meters, in one Micrometer registry (Prometheus's, so `spfsd status --prometheus`
 * prints a real scrape: counters, and timers as _count, _sum and _max in seconds that rate()
 * can use). Counters and timers are created once and held in fields or arrays, so recording
 * never looks a meter up by name on the hot path.
 */
public final class DaemonMetrics {
    private final PrometheusMeterRegistry registry;
    private final Counter routedRequests;
    private final Counter cacheHits;
    private final Counter cacheMisses;
    private final Counter routeWalks;
    private final String[] opNames;
    private final Timer[] opTimers;
    /**
     * Longest request per operation since the start. Micrometer's own max decays over a
     * two-minute window while its mean covers the whole life, so the two could disagree
     * (max below mean); mean, count and this max all cover the same span.
     */
    private final LongAccumulator[] opMaxNanos;
    /**
     * The part of each operation's time spent in the reply (the write to the FUSE device that
     * wakes the caller; see {@code ReplyClock}): what is left is the daemon's own work.
     */
    private final Timer[] replyTimers;

    /** False while the daemon warms itself up: its own requests are not the clients'. */
    private volatile boolean recording = true;

    /** Starts (true) or stops recording requests and routing decisions. */
    public void record(boolean on) {
        recording = on;
    }

    public DaemonMetrics(String... operations) {
        this(Clock.SYSTEM, operations);
    }

    /** With a given clock (tests move it). */
    public DaemonMetrics(Clock clock, String... operations) {
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT,
                new io.prometheus.metrics.model.registry.PrometheusRegistry(), clock);
        routedRequests = registry.counter("spfsd.routing.requests");
        cacheHits = registry.counter("spfsd.routing.cache.hits");
        cacheMisses = registry.counter("spfsd.routing.cache.misses");
        routeWalks = registry.counter("spfsd.routing.route.lookups");
        opNames = operations.clone();
        opTimers = new Timer[operations.length];
        opMaxNanos = new LongAccumulator[operations.length];
        replyTimers = new Timer[operations.length];
        for (int i = 0; i < operations.length; i++) {
            opTimers[i] = Timer.builder("spfsd.fuse.op").tag("op", operations[i]).register(registry);
            opMaxNanos[i] = new LongAccumulator(Math::max, 0);
            replyTimers[i] = Timer.builder("spfsd.fuse.reply").tag("op", operations[i]).register(registry);
        }
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** The registry in the Prometheus text exposition format (version 0.0.4). */
    public String prometheusText() {
        return registry.scrape();
    }

    /** A request needed the routing decision. */
    public void routed(boolean cacheHit) {
        if (!recording) {
            return;
        }
        routedRequests.increment();
        (cacheHit ? cacheHits : cacheMisses).increment();
    }

    /** The routes were searched along an ancestry (a miss, or routes changed since caching). */
    public void routeLookup() {
        if (!recording) {
            return;
        }
        routeWalks.increment();
    }

    /** One request of operation op: nanos in all, replyNanos of them in its reply. */
    public void op(int op, long nanos, long replyNanos) {
        if (!recording) {
            return;
        }
        opTimers[op].record(nanos, TimeUnit.NANOSECONDS);
        opMaxNanos[op].accumulate(nanos);
        replyTimers[op].record(replyNanos, TimeUnit.NANOSECONDS);
    }

    public void gauge(String name, Supplier<Number> value) {
        Gauge.builder(name, value).register(registry);
    }

    /** The snake_case map `spfsd status --json` carries under "metrics". */
    public Map<String, Object> snapshot(int activeMounts, int openHandles) {
        Map<String, Object> m = new LinkedHashMap<>();
        long hits = (long) cacheHits.count();
        long misses = (long) cacheMisses.count();
        m.put("lookup_count", (long) routedRequests.count());
        m.put("cache_hits", hits);
        m.put("cache_misses", misses);
        m.put("cache_hit_rate", hits + misses == 0 ? 0.0 : (double) hits / (hits + misses));
        m.put("route_lookups", (long) routeWalks.count());
        m.put("active_mounts", activeMounts);
        m.put("open_handles", openHandles);
        Map<String, Object> ops = new LinkedHashMap<>();
        for (int i = 0; i < opNames.length; i++) {
            Timer t = opTimers[i];
            if (t.count() > 0) {
                Map<String, Object> o = new LinkedHashMap<>();
                o.put("count", t.count());
                o.put("mean_us", Math.round(t.mean(TimeUnit.NANOSECONDS) / 10.0) / 100.0);
                o.put("max_us", Math.round(opMaxNanos[i].get() / 10.0) / 100.0);
                double reply = replyTimers[i].mean(TimeUnit.NANOSECONDS);
                o.put("reply_mean_us", Math.round(reply / 10.0) / 100.0);
                o.put("work_mean_us", Math.round((t.mean(TimeUnit.NANOSECONDS) - reply) / 10.0) / 100.0);
                ops.put(opNames[i], o);
            }
        }
        m.put("ops", ops);
        return m;
    }
}
