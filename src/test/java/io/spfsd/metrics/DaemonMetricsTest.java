package io.spfsd.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MockClock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DaemonMetricsTest {
    @Test
    void maxAndMeanCoverTheSameSpanSoMaxIsNeverBelowMean() {
        MockClock clock = new MockClock();
        DaemonMetrics m = new DaemonMetrics(clock, "lookup");
        m.op(0, 1_000, 400);
        m.op(0, 9_000, 8_000);
        clock.add(Duration.ofMinutes(5)); // past Micrometer's decaying-max window
        m.op(0, 2_000, 600);
        Map<?, ?> lookup = (Map<?, ?>) ((Map<?, ?>) m.snapshot(0, 0).get("ops")).get("lookup");
        assertThat(lookup.get("count")).isEqualTo(3L);
        assertThat((double) lookup.get("mean_us")).isEqualTo(4.0);
        assertThat((double) lookup.get("max_us")).isEqualTo(9.0);
    }

    @Test
    void nothingIsRecordedWhileRecordingIsOff() {
        DaemonMetrics m = new DaemonMetrics("lookup");
        m.record(false);
        m.routed(false);
        m.routeLookup();
        m.op(0, 1_000, 500);
        m.record(true);
        m.routed(true);
        Map<String, Object> s = m.snapshot(0, 0);
        assertThat(s.get("lookup_count")).isEqualTo(1L);
        assertThat(s.get("cache_misses")).isEqualTo(0L);
        assertThat(s.get("route_lookups")).isEqualTo(0L);
        assertThat((Map<?, ?>) s.get("ops")).isEmpty();
    }

    @Test
    void aRequestsTimeIsSplitIntoItsReplyAndTheDaemonsOwnWork() {
        DaemonMetrics m = new DaemonMetrics("lookup", "getattr");
        m.op(0, 10_000, 7_000);
        m.op(0, 20_000, 15_000);
        m.op(1, 3_000, 0);
        Map<?, ?> ops = (Map<?, ?>) m.snapshot(0, 0).get("ops");
        Map<?, ?> lookup = (Map<?, ?>) ops.get("lookup");
        assertThat((double) lookup.get("reply_mean_us")).isEqualTo(11.0);
        assertThat((double) lookup.get("work_mean_us")).isEqualTo(4.0);
        Map<?, ?> getattr = (Map<?, ?>) ops.get("getattr");
        assertThat((double) getattr.get("reply_mean_us")).isEqualTo(0.0);
        assertThat((double) getattr.get("work_mean_us")).isEqualTo(3.0);
        assertThat(m.prometheusText()).contains("spfsd_fuse_reply_seconds_count{op=\"lookup\"} 2");
    }
}
