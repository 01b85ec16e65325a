package io.spfsd.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class InFlightTest {
    @Test
    void pastTheHighMarkOneWaitsUntilItIsDownToHalf() throws Exception {
        InFlight gate = new InFlight(4);
        for (int i = 0; i < 4; i++) {
            gate.enter(); // up to the mark: never waits
        }
        CountDownLatch entered = new CountDownLatch(1);
        Thread fifth = Thread.ofPlatform().start(() -> {
            gate.enter();
            entered.countDown();
        });
        awaitWaiting(fifth);
        gate.leave(); // 5 → 4
        gate.leave(); // 4 → 3: still above half
        assertThat(entered.await(200, TimeUnit.MILLISECONDS)).as("woken above the low mark").isFalse();
        gate.leave(); // 3 → 2: half
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
        fifth.join();
    }

    private static void awaitWaiting(Thread t) throws InterruptedException {
        for (int i = 0; i < 1000 && t.getState() != Thread.State.WAITING; i++) {
            Thread.sleep(5);
        }
        assertThat(t.getState()).isEqualTo(Thread.State.WAITING);
    }
}
