package io.spfsd.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.spfsd.control.Protocol;
import io.spfsd.storage.spfs.ConversionWarmUp;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A daemon warms its request path up through its own mount before clients come, and does not count that. */
class WarmUpTest {
    @TempDir
    Path tmp;

    @Test
    void theWarmUpRunsBeforeTheSocketOpensAndItsRequestsAreNotCounted() throws Exception {
        try (DaemonHarness h = new DaemonHarness(tmp)) {
            assertThat(h.daemon.warmUpRounds()).isEqualTo(WarmUp.ROUNDS);
            Map<String, Object> metrics = h.client.send(Protocol.Request.status()).status().metrics();
            // thousands of routed lookups and getattrs were made; only a stray request from
            // another process on this machine could be counted
            assertThat(((Number) metrics.get("lookup_count")).longValue()).isLessThan(100);
            @SuppressWarnings("unchecked")
            Map<String, Map<String, Number>> ops = (Map<String, Map<String, Number>>) metrics.get("ops");
            assertThat(ops.getOrDefault("getattr", Map.of("count", 0)).get("count").longValue()).isLessThan(100);

            DaemonHarness.write(tmp.resolve("layer/f"), "x\n");
            h.commit(tmp.resolve("layer"), "layer");
            assertThat(h.runIn("layer", "cat $MNT/f")).isEqualTo("x\n");
            @SuppressWarnings("unchecked")
            Map<String, Map<String, Number>> after = (Map<String, Map<String, Number>>) h.client
                    .send(Protocol.Request.status()).status().metrics().get("ops");
            assertThat(after.get("open").get("count").longValue()).as("clients' requests are counted").isPositive();
        }
    }

    @Test
    void anIdleDaemonWarmsTheSpfsConversionUpAndStillServes() throws Exception {
        try (DaemonHarness h = new DaemonHarness(tmp)) {
            assertThat(h.daemon.idleWarmUp().finished().get(60, TimeUnit.SECONDS))
                    .as("every piece of the made-up manifests: directories and files")
                    .isEqualTo(ConversionWarmUp.TREES * (ConversionWarmUp.FILES + 1L));
            DaemonHarness.write(tmp.resolve("layer/f"), "x\n");
            h.commit(tmp.resolve("layer"), "layer");
            assertThat(h.runIn("layer", "cat $MNT/f")).isEqualTo("x\n");
        }
    }

    @Test
    void aClientThatComesFirstIsNotCompetedWith() throws Exception {
        CountDownLatch firstClient = new CountDownLatch(1);
        firstClient.countDown();
        assertThat(IdleWarmUp.start(firstClient).finished().get(60, TimeUnit.SECONDS)).isZero();
    }
}
