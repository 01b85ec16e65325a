package io.spfsd.os;

import java.util.function.Supplier;

/**
 * A value made the first time it is asked for, once, whichever threads ask: for the parts of
 * an Os that cost a command's start (a process table starts a logging exit watcher) and that
 * most commands never use.
 */
public final class MadeOnFirstUse<T> {
    private final Supplier<T> maker;
    private volatile T value;

    public MadeOnFirstUse(Supplier<T> maker) {
        this.maker = maker;
    }

    public T get() {
        T v = value;
        if (v == null) {
            synchronized (this) {
                v = value;
                if (v == null) {
                    v = maker.get();
                    value = v;
                }
            }
        }
        return v;
    }
}
