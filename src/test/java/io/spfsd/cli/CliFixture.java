package io.spfsd.cli;

import io.spfsd.config.Locations;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** A repository in a temporary directory, and the CLI run against it inside the test JVM. */
abstract class CliFixture {
    @TempDir
    Path tmp;
    Locations locations;

    /** What a suite adds to the environment (SPFSD_REPO is always the temporary repository). */
    Map<String, String> environment() {
        return Map.of();
    }

    @BeforeEach
    void locateTheRepository() {
        Map<String, String> env = new HashMap<>(environment());
        env.put("SPFSD_REPO", tmp.resolve("repo").toString());
        locations = new Locations(env, tmp.toString(), "Linux");
    }

    CliRun run(String... args) {
        return CliRun.of(locations, args);
    }
}
