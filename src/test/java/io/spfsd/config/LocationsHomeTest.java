package io.spfsd.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class LocationsHomeTest {
    @Test
    void homeComesFromTheEnvironmentLikeEveryUnixTool() {
        assertThat(Locations.home(Map.of("HOME", "/tmp/elsewhere"))).isEqualTo("/tmp/elsewhere");
    }

    @Test
    void aMissingOrRelativeHomeFallsBackToThePasswdEntry() {
        assertThat(Locations.home(Map.of())).isEqualTo(System.getProperty("user.home"));
        assertThat(Locations.home(Map.of("HOME", "relative"))).isEqualTo(System.getProperty("user.home"));
    }
}
