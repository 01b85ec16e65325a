package io.spfsd.storage;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A bound on work handed on and not yet done, with hysteresis: past the high mark, whoever
 * hands work on waits until it is down to half of it. A semaphore woke the waiting walker at
 * every release, to hand on one file and wait again: a context switch per file of a first
 * commit (55,000 for /usr/share's 48,000 files).
 */
final class InFlight {
    private final int high;
    private final int low;
    private final AtomicInteger count = new AtomicInteger();
    private final Object drained = new Object();

    InFlight(int high) {
        this.high = high;
        this.low = high / 2;
    }

    /** Counts one more piece of work, first waiting while there are more than the high mark. */
    void enter() {
        if (count.incrementAndGet() > high) {
            synchronized (drained) {
                while (count.get() > low) { // checked under the lock leave notifies under: no wake-up is lost
                    try {
                        drained.wait();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return; // the import is being stopped: let the walk end
                    }
                }
            }
        }
    }

    /** One piece done; wakes the waiting once it is down to the low mark. */
    void leave() {
        if (count.decrementAndGet() == low) {
            synchronized (drained) {
                drained.notifyAll();
            }
        }
    }
}
