package io.spfsd.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A background flush every 64 MiB stored, never two at once, and a failed one stays quiet. */
class FlushAheadTest {
    @Test
    void flushesOnceEnoughIsStoredAndOneAtATime() throws Exception {
        Semaphore started = new Semaphore(0);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        FlushAhead f = new FlushAhead(() -> {
            most.accumulateAndGet(running.incrementAndGet(), Math::max);
            started.release();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            running.decrementAndGet();
        });

        f.stored(FlushAhead.EVERY - 1);
        assertThat(started.tryAcquire(200, TimeUnit.MILLISECONDS)).as("not yet 64 MiB").isFalse();
        f.stored(1);
        assertThat(started.tryAcquire(10, TimeUnit.SECONDS)).as("64 MiB: a flush").isTrue();
        for (int i = 0; i < 5; i++) {
            f.stored(FlushAhead.EVERY); // while it runs: no second flush
        }
        assertThat(started.tryAcquire(200, TimeUnit.MILLISECONDS)).isFalse();
        release.countDown();
        while (running.get() > 0) {
            Thread.sleep(5);
        }
        Thread.sleep(50); // the flag is cleared after the flush returns
        f.stored(FlushAhead.EVERY);
        assertThat(started.tryAcquire(10, TimeUnit.SECONDS)).as("the next 64 MiB: another").isTrue();
        assertThat(most.get()).isEqualTo(1);
    }

    @Test
    void aFailedFlushIsLeftToTheFinalOne() throws Exception {
        Semaphore tried = new Semaphore(0);
        java.util.List<Throwable> uncaught = new java.util.concurrent.CopyOnWriteArrayList<>();
        Thread.UncaughtExceptionHandler before = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> uncaught.add(e));
        try {
            failTwice(tried);
        } finally {
            Thread.setDefaultUncaughtExceptionHandler(before);
        }
        assertThat(uncaught).as("nothing escapes to the thread's handler (a stack trace on stderr)").isEmpty();
    }

    private static void failTwice(Semaphore tried) throws Exception {
        FlushAhead f = new FlushAhead(() -> {
            tried.release();
            throw new RepositoryException("disk gone", null);
        });
        f.stored(FlushAhead.EVERY);
        assertThat(tried.tryAcquire(10, TimeUnit.SECONDS)).isTrue();
        Thread.sleep(50);
        f.stored(FlushAhead.EVERY);
        assertThat(tried.tryAcquire(10, TimeUnit.SECONDS)).as("it tries again later").isTrue();
    }
}
