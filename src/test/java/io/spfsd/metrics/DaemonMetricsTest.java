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
        m.op(0, 1_000);
        m.op(0, 9_000);
        clock.add(Duration.ofMinutes(5)); // past Micrometer's decaying-max window
        m.op(0, 2_000);
        Map<?, ?> lookup = (Map<?, ?>) ((Map<?, ?>) m.snapshot(0, 0).get("ops")).get("lookup");
        assertThat(lookup.get("count")).isEqualTo(3L);
        assertThat((double) lookup.get("mean_us")).isEqualTo(4.0);
        assertThat((double) lookup.get("max_us")).isEqualTo(9.0);
    }
}
