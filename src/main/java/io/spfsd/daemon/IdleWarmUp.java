package io.spfsd.daemon;

import io.spfsd.storage.spfs.ConversionWarmUp;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a daemon warms up while nobody asks anything of it: the conversion of an spfs manifest
 * ({@link ConversionWarmUp}), which the first runtime of a large spfs tag otherwise runs
 * interpreted. It costs CPU (a few hundred ms of it), so it neither delays the daemon's start nor
 * competes with a client: it begins only once the daemon has been idle for {@link #IDLE_MILLIS}
 * after its socket opened (a daemon that `spfsd run` starts has its first client at once), and
 * stops between two pieces as soon as a client comes. A daemon started at boot (systemd, launchd)
 * is warm by the time its first runtime is asked for.
 */
final class IdleWarmUp {
    private static final Logger LOG = LoggerFactory.getLogger(IdleWarmUp.class);
    /** Quiet time after the socket opens before it begins. */
    static final long IDLE_MILLIS = 500;
    /** Directories converted per piece: a client waits for at most one piece (some ms) to end. */
    static final int TREES_PER_PIECE = 20;

    private final CountDownLatch firstClient;
    private final java.util.concurrent.CompletableFuture<Long> finished = new java.util.concurrent.CompletableFuture<>();
    private volatile long converted;

    private IdleWarmUp(CountDownLatch firstClient) {
        this.firstClient = firstClient;
    }

    /** Starts it in a thread of its own; firstClient is counted down by the daemon's first request. */
    static IdleWarmUp start(CountDownLatch firstClient) {
        IdleWarmUp w = new IdleWarmUp(firstClient);
        Thread.ofPlatform().name("idle-warm-up").daemon(true).start(w::run);
        return w;
    }

    /** Completed when it has ended (done, or given way to a client), with the entries it converted. */
    java.util.concurrent.CompletableFuture<Long> finished() {
        return finished;
    }

    private void run() {
        try {
            if (!firstClient.await(IDLE_MILLIS, TimeUnit.MILLISECONDS)) {
                convert();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            finished.complete(converted);
        }
    }

    /** Pieces of ConversionWarmUp.TREES directories in all, while no client has come. */
    private void convert() {
        try {
            for (int done = 0; done < ConversionWarmUp.TREES && firstClient.getCount() > 0; done += TREES_PER_PIECE) {
                converted += ConversionWarmUp.run(TREES_PER_PIECE, ConversionWarmUp.FILES);
            }
        } catch (java.io.IOException | RuntimeException e) { // a warm-up that fails costs speed, never service
            LOG.warn("warm-up of the spfs conversion failed: {}", e.toString());
        }
        LOG.debug("idle warm-up: {} entries converted", converted);
    }
}
