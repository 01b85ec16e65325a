package io.spfsd.storage;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/** Waiting for work handed to a pool, with the work's own exception coming back as it was thrown. */
public final class Futures {
    private Futures() {
    }

    /** f's result; its IOException or RuntimeException rethrown; what names the work if interrupted. */
    public static <T> T await(Future<T> f, String what) throws IOException {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException(what + " interrupted");
        } catch (ExecutionException e) {
            switch (e.getCause()) {
                case IOException io -> throw io;
                case RuntimeException r -> throw r;
                default -> throw new IOException(e.getCause());
            }
        }
    }
}
