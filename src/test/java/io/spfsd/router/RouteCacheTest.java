package io.spfsd.router;

import static org.assertj.core.api.Assertions.assertThat;

import io.spfsd.metrics.DaemonMetrics;
import io.spfsd.node.Mount;
import io.spfsd.testing.FakeProcessTable;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RouteCacheTest {
    final FakeProcessTable procs = new FakeProcessTable()
            .add(1, 0, 1).add(10, 1, 100).add(20, 10, 200).add(30, 20, 300);
    final Router router = new Router(procs);
    final AtomicLong now = new AtomicLong();
    final DaemonMetrics metrics = new DaemonMetrics("lookup");
    final RouteCache cache = new RouteCache(router, metrics, Duration.ofMillis(100), now::get, 1000);

    @Test
    void aHitReadsNothingFromTheProcessTable() throws Exception {
        Mount m = RouterTest.mount(20, 200);
        router.mount(m);
        assertThat(cache.resolve(30)).isSameAs(m);
        int afterMiss = procs.reads.get();
        assertThat(afterMiss).isPositive();
        for (int i = 0; i < 1000; i++) {
            assertThat(cache.resolve(30)).isSameAs(m);
        }
        assertThat(procs.reads.get()).isEqualTo(afterMiss);
        Map<String, Object> s = metrics.snapshot(1, 0);
        assertThat(s.get("cache_hits")).isEqualTo(1000L);
        assertThat(s.get("cache_misses")).isEqualTo(1L);
        assertThat((double) s.get("cache_hit_rate")).isGreaterThan(0.99);
        assertThat(s.get("route_lookups")).isEqualTo(1L);
    }

    @Test
    void theWalkStopsAtTheNearestRegisteredRoot() throws Exception {
        router.mount(RouterTest.mount(20, 200));
        router.resolve(30);
        assertThat(procs.reads.get()).as("30's link, 20's link and start time; nothing above 20").isEqualTo(3);
    }

    @Test
    void aNewChildOfAKnownParentCostsOneRead() throws Exception {
        Mount m = RouterTest.mount(10, 100);
        router.mount(m);
        assertThat(cache.resolve(30)).isSameAs(m); // walks 30, 20, 10
        procs.add(31, 20, 310); // a new process under 20, as a shell loop makes
        int before = procs.reads.get();
        assertThat(cache.resolve(31)).isSameAs(m);
        assertThat(procs.reads.get() - before).as("31's link; 20 is remembered").isEqualTo(1);
    }

    @Test
    void entriesExpireAfterTheTtl() throws Exception {
        router.mount(RouterTest.mount(20, 200));
        cache.resolve(30);
        int reads = procs.reads.get();
        now.addAndGet(Duration.ofMillis(99).toNanos());
        cache.resolve(30);
        assertThat(procs.reads.get()).isEqualTo(reads);
        now.addAndGet(Duration.ofMillis(2).toNanos());
        cache.resolve(30);
        assertThat(procs.reads.get()).as("expired: /proc read again").isGreaterThan(reads);
    }

    @Test
    void afterUnmountNoProcessOfTheTreeResolvesToTheOldMountEvenInsideTheTtl() throws Exception {
        Mount m = RouterTest.mount(20, 200);
        router.mount(m);
        assertThat(cache.resolve(30)).isSameAs(m);
        assertThat(cache.resolve(20)).isSameAs(m);
        router.unmount(20);
        cache.invalidate(m);
        assertThat(cache.resolve(30)).isSameAs(router.defaultMount());
        assertThat(cache.resolve(20)).isSameAs(router.defaultMount());
        // Even without the explicit invalidation, the router generation guards the cache:
        Mount again = RouterTest.mount(20, 200);
        router.mount(again);
        assertThat(cache.resolve(30)).isSameAs(again);
        router.unmount(20);
        assertThat(cache.resolve(30)).isSameAs(router.defaultMount());
    }

    @Test
    void aNewRuntimeIsSeenAtOnceByCallersCachedBeforeIt() throws Exception {
        assertThat(cache.resolve(30)).isSameAs(router.defaultMount());
        Mount m = RouterTest.mount(10, 100);
        router.mount(m);
        assertThat(cache.resolve(30)).isSameAs(m);
    }

    @Test
    void boundedHowEverManyPidsAsk() {
        for (int pid = 100; pid < 200_000; pid++) {
            procs.add(pid, 1, pid);
            cache.resolve(pid);
        }
        assertThat(cache.size()).isLessThanOrEqualTo(1000);
    }

    @Test
    void disabledCacheWalksEveryTime() throws Exception {
        RouteCache off = new RouteCache(router, metrics, null);
        router.mount(RouterTest.mount(20, 200));
        off.resolve(30);
        int reads = procs.reads.get();
        off.resolve(30);
        assertThat(procs.reads.get()).isGreaterThan(reads);
        assertThat(off.enabled()).isFalse();
    }
}
