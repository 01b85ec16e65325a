package io.spfsd.bench;

import io.spfsd.metrics.DaemonMetrics;
import io.spfsd.node.Mount;
import io.spfsd.node.RuntimeView;
import io.spfsd.os.linux.LinuxProcessTable;
import io.spfsd.router.RouteCache;
import io.spfsd.router.Router;
import io.spfsd.testing.FakeProcessTable;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The routing decision in isolation. The process table is in memory, so "walk" measures the
 * Java side of a cache miss; "procWalk" reads the real /proc for this JVM's own ancestry.
 * Run with bench/jmh.sh; never used as a timed assertion.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RoutingBenchmark {
    @Param({"1", "1000"})
    public int runtimes;

    @Param({"1", "50"})
    public int depth;

    private RouteCache hits;
    private Router router;
    private Router procRouter;
    private int caller;
    private int self;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        // A chain pid 1 <- base <- ... <- base+depth-1 (the caller), with the runtime's root at
        // base. Realistic PIDs: above Integer's small-value cache, so boxing would show.
        final int base = 40_000;
        FakeProcessTable chain = new FakeProcessTable().add(1, 0, 1).add(base, 1, base);
        for (int pid = base + 1; pid < base + depth; pid++) {
            chain.add(pid, pid - 1, pid);
        }
        caller = base + depth - 1;
        router = new Router(chain);
        router.mount(new Mount(base, base, RuntimeView.empty(), Instant.now()));
        for (int i = 1; i < runtimes; i++) {
            int pid = 100_000 + i; // other runtimes' roots, not on the caller's path
            chain.add(pid, 1, pid);
            router.mount(new Mount(pid, pid, RuntimeView.empty(), Instant.now()));
        }
        hits = new RouteCache(router, new DaemonMetrics("lookup"), Duration.ofHours(1));
        hits.resolve(caller);
        self = (int) ProcessHandle.current().pid();
        procRouter = new Router(new LinuxProcessTable());
        procRouter.mount(new Mount(1, 1, RuntimeView.empty(), Instant.now())); // never matches: full walk
    }

    /** A cached decision: what nearly every routed request costs. */
    @Benchmark
    public Mount hit() {
        return hits.resolve(caller);
    }

    /** The same from two threads at once (libfuse serves requests on several threads). */
    @Benchmark
    @Threads(2)
    public Mount hitTwoThreads() {
        return hits.resolve(caller);
    }

    /** A miss with the process table in memory: the walk and route checks alone. */
    @Benchmark
    public Mount walk() {
        return router.resolve(caller);
    }

    /** A miss against the real /proc: this JVM's whole ancestry, read every time. */
    @Benchmark
    public Mount procWalk() {
        return procRouter.resolve(self);
    }
}
