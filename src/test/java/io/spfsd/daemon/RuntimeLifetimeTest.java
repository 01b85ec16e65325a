package io.spfsd.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.spfsd.os.Os;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A runtime lives until the last of its processes exits: processes that leave the root's
 * tree (setsid, double fork: reparented to init) keep their view, then the runtime goes.
 */
class RuntimeLifetimeTest {
    @TempDir
    Path tmp;

    @Test
    void processesThatLeaveTheTreeKeepTheRuntimeUntilTheLastOneExits() throws Exception {
        if ("true".equals(System.getenv("CI")) || Os.current().runtimeGroups().available()) {
            assertThat(Os.current().runtimeGroups().available()).as("cgroup v2 as root (CI has it)").isTrue();
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(Os.current().runtimeGroups().available(),
                "no cgroup v2 here (needs root)");
        try (DaemonHarness h = new DaemonHarness(tmp)) {
            DaemonHarness.write(tmp.resolve("a/f"), "from A\n");
            h.commit(tmp.resolve("a"), "a");
            Path out = tmp.resolve("out");
            // The root starts a daemon-like process in a new session (double fork) and exits at once.
            String orphan = "(setsid sh -c 'sleep 1; cat $MNT/f > " + out + " 2>&1' < /dev/null > /dev/null 2>&1 &)";
            assertThat(h.runIn("a", orphan + "; echo root done")).isEqualTo("root done\n");
            Thread.sleep(300);
            assertThat(h.daemon.router().mountCount()).as("kept by the process that left").isEqualTo(1);
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (h.daemon.router().mountCount() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(Files.readString(out)).isEqualTo("from A\n");
            assertThat(h.daemon.router().mountCount()).as("gone with the last process").isZero();
        }
    }
}
