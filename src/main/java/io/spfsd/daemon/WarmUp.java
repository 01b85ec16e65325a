package io.spfsd.daemon;

import io.spfsd.metrics.DaemonMetrics;
import io.spfsd.storage.Repository;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A fresh daemon's first requests used to cost tens of microseconds each, some milliseconds:
 * classes loaded, method handles linked and spun on first use, the verdict file read by the
 * first open, and every request interpreted until the JIT had seen enough of them. This warms
 * what it can before the control socket opens, so before any runtime exists: it builds the
 * control protocol's JSON (de)serializers, reads the verdicts, and asks the mount point itself
 * what every path walk starts with (the root's attributes, a name that is not there, the
 * root's listing). The daemon's own process sees the empty view, so nothing of a runtime is
 * touched. Metrics start when it is done, so they hold the clients' requests only
 * (bench/results/performance-history.md, "A fresh daemon").
 */
final class WarmUp {
    private static final Logger LOG = LoggerFactory.getLogger(WarmUp.class);
    /** Rounds of the requests: about 0.15 s here, enough for the JIT to compile their common path. */
    static final int ROUNDS = 3000;
    /** Longest the daemon's start waits for it: a mount that does not answer must not stop the start. */
    static final long LIMIT_MILLIS = 3000;

    private WarmUp() {
    }

    /** Warms up through mountpoint, then starts metrics; returns the requests it made. */
    static long run(Path mountpoint, Repository repo, DaemonMetrics metrics) {
        metrics.record(false);
        long[] made = new long[1];
        long t0 = System.nanoTime();
        Thread t = Thread.ofPlatform().name("warm-up").daemon(true).start(() -> made[0] = requests(mountpoint, repo));
        try {
            t.join(LIMIT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (t.isAlive()) {
            LOG.warn("warm-up did not finish within {} ms; serving without it", LIMIT_MILLIS);
            t.interrupt();
        }
        metrics.record(true);
        LOG.debug("warm-up: {} rounds in {} ms", made[0], (System.nanoTime() - t0) / 1_000_000);
        return made[0];
    }

    private static long requests(Path mountpoint, Repository repo) {
        io.spfsd.control.ControlServer.warmUpCodecs();
        repo.verifier().preload();
        Path missing = mountpoint.resolve(".spfsd-warm-up");
        int i = 0;
        try {
            for (; i < ROUNDS && !Thread.currentThread().isInterrupted(); i++) {
                Files.readAttributes(mountpoint, BasicFileAttributes.class);
                Files.exists(missing);
                if (i % 16 == 0) {
                    try (DirectoryStream<Path> listing = Files.newDirectoryStream(mountpoint)) {
                        listing.forEach(p -> { });
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("warm-up stopped early: {}", e.toString());
        }
        return i;
    }
}
