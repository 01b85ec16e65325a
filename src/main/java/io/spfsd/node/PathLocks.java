package io.spfsd.node;

import java.util.concurrent.locks.ReentrantLock;

/**
 * An editable runtime's locks on its paths, striped: whatever copies a stack file up, or
 * removes or moves a name, holds the lock of each path it changes. The kernel already orders
 * operations on one directory's names (it locks the directory for create, unlink and rename);
 * it does not for open, setattr and setxattr, which are what copy up, so those and the
 * operations that remove or move a name meet here. Reads take no lock.
 */
public final class PathLocks {
    private static final int STRIPES = 64;
    private final ReentrantLock[] stripes = new ReentrantLock[STRIPES];

    public PathLocks() {
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new ReentrantLock();
        }
    }

    /** A held lock; closing releases it. */
    public interface Held extends AutoCloseable {
        @Override
        void close();
    }

    /** Holds rel's lock until the result is closed. */
    public Held hold(String rel) {
        ReentrantLock l = stripes[index(rel)];
        l.lock();
        return l::unlock;
    }

    /** Holds the locks of both paths, taken in one order everywhere so that two renames cannot deadlock. */
    public Held hold(String a, String b) {
        int ia = index(a);
        int ib = index(b);
        if (ia == ib) {
            return hold(a);
        }
        ReentrantLock first = stripes[Math.min(ia, ib)];
        ReentrantLock second = stripes[Math.max(ia, ib)];
        first.lock();
        second.lock();
        return () -> {
            second.unlock();
            first.unlock();
        };
    }

    private static int index(String rel) {
        return Math.floorMod(rel.hashCode() * 0x9E3779B9, STRIPES);
    }
}
