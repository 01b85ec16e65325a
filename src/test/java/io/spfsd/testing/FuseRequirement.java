package io.spfsd.testing;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Tests that mount for real call this first. Without /dev/fuse they are skipped on a
 * developer's machine, but fail in CI (CI=true): a CI run must never pass by skipping them.
 */
public final class FuseRequirement {
    private FuseRequirement() {
    }

    public static void require() {
        boolean available = Files.exists(Path.of("/dev/fuse")) && System.getProperty("os.name").equals("Linux");
        if (!available && "true".equals(System.getenv("CI"))) {
            fail("this test needs FUSE (/dev/fuse on Linux), and CI=true forbids skipping it");
        }
        assumeTrue(available, "FUSE is not available here");
    }
}
