package io.spfsd.storage.remote;

import io.spfsd.storage.CorruptObjectException;
import io.spfsd.storage.Digest;
import io.spfsd.storage.ObjectCodec;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Copies what some objects reach from one store to another (push and pull): payloads first,
 * in parallel, then objects, children before the objects that name them, so the destination
 * never holds an object whose content is missing; tags are the caller's last step. An object
 * the destination has is complete there for the same reason, so its part is skipped: a transfer
 * that was interrupted resumes where it stopped, and one that finds everything moves nothing.
 */
public final class Transfer {
    /** What moved. */
    public record Result(long objects, long payloads, long bytes) {
    }

    /** Told about progress: payloads moved so far, of how many, and bytes. */
    public interface Listener {
        void payloads(long done, long total, long bytes);

        /**
         * The same with bytes against the whole: moved so far, what the destination had already
         * (both count towards bytesTotal, the size of every payload the refs reach). Called from
         * the transfer's threads, one payload at a time each.
         */
        default void progress(long done, long total, long moved, long present, long bytesTotal) {
            payloads(done, total, moved);
        }
    }

    static final int PARALLEL = 8;

    private Transfer() {
    }

    public static Result copy(ObjectStore from, ObjectStore to, List<Digest> roots, Listener listener)
            throws IOException {
        return copy(from, to, roots, listener, true);
    }

    /** Only the objects roots reach, no payloads (a lazy runtime's mount: payloads come when opened). */
    public static Result copyObjects(ObjectStore from, ObjectStore to, List<Digest> roots) throws IOException {
        return copy(from, to, roots, (d, t, b) -> { }, false);
    }

    private static Result copy(ObjectStore from, ObjectStore to, List<Digest> roots, Listener listener,
                               boolean withPayloads) throws IOException {
        List<Digest> objects = new ArrayList<>(); // parents before children
        List<byte[]> encoded = new ArrayList<>();
        java.util.Map<Digest, Long> payloads = new java.util.LinkedHashMap<>();
        Set<Digest> seen = new java.util.HashSet<>();
        Deque<Digest> todo = new ArrayDeque<>(roots);
        java.util.Map<Digest, Integer> depth = new java.util.HashMap<>(); // of platforms in platforms
        while (!todo.isEmpty()) {
            Digest d = todo.pop();
            if (!seen.add(d) || to.hasObject(d)) {
                continue;
            }
            int level = depth.getOrDefault(d, 0);
            if (level > io.spfsd.storage.Refs.MAX_PLATFORM_DEPTH) {
                throw new CorruptObjectException("platforms nested more than " + io.spfsd.storage.Refs.MAX_PLATFORM_DEPTH
                        + " deep at " + d + " from " + from.name() + ": refused");
            }
            byte[] bytes = from.readObject(d);
            // What the store made in this process (a conversion) it has decoded: its digest is of these bytes.
            io.spfsd.storage.StoredObject o = from.decoded(d);
            if (o == null) {
                if (!Digest.of(bytes).equals(d)) {
                    throw new CorruptObjectException("object " + d + " from " + from.name() + " does not match its digest");
                }
                o = ObjectCodec.decode(bytes);
            }
            objects.add(d);
            encoded.add(bytes);
            if (!withPayloads && o instanceof io.spfsd.storage.StoredObject.ManifestObject) {
                continue; // a manifest names only payloads, which stay where they are
            }
            int below = o instanceof io.spfsd.storage.StoredObject.Platform ? level + 1 : level;
            o.references(child -> {
                depth.merge(child, below, Math::max);
                todo.push(child);
            }, (p, size) -> sized(payloads, p, size, d));
        }
        long[] moved = withPayloads ? copyPayloads(from, to, payloads, listener) : new long[2];
        if (moved[0] > 0) {
            to.makePayloadsDurable();
        }
        for (int i = objects.size() - 1; i >= 0; i--) {
            to.writeChecked(objects.get(i), encoded.get(i)); // decoded above, its digest checked or made here
        }
        return new Result(objects.size(), moved[0], moved[1]);
    }

    /** Notes payload p's size, as manifest m gives it; two manifests that disagree are refused. */
    private static void sized(java.util.Map<Digest, Long> payloads, Digest p, long size, Digest m) {
        Long before = payloads.putIfAbsent(p, size);
        if (before != null && before != size) {
            throw new CorruptObjectException("manifest " + m + " gives payload " + p + " " + size
                    + " bytes, another manifest " + before + ": refused");
        }
    }

    private static long[] copyPayloads(ObjectStore from, ObjectStore to, java.util.Map<Digest, Long> payloads,
                                       Listener listener) throws IOException {
        AtomicLong done = new AtomicLong();
        AtomicLong moved = new AtomicLong();
        AtomicLong bytes = new AtomicLong();
        AtomicLong present = new AtomicLong(); // bytes the destination had already
        long bytesTotal = payloads.values().stream().mapToLong(Long::longValue).sum();
        ExecutorService pool = Executors.newFixedThreadPool(PARALLEL, Thread.ofPlatform().name("transfer-", 0)
                .daemon(true).factory());
        try {
            List<Future<?>> jobs = new ArrayList<>();
            for (java.util.Map.Entry<Digest, Long> p : payloads.entrySet()) {
                Digest d = p.getKey();
                jobs.add(pool.submit(() -> {
                    if (to.hasPayload(d)) {
                        present.addAndGet(p.getValue());
                    } else {
                        try (InputStream in = new CountingStream(new SizedStream(from.openPayload(d), p.getValue(),
                                "payload " + d + " from " + from.name() + ": "), bytes)) {
                            to.writePayload(d, in);
                        }
                        moved.incrementAndGet();
                    }
                    listener.progress(done.incrementAndGet(), payloads.size(), bytes.get(), present.get(), bytesTotal);
                    return null;
                }));
            }
            for (Future<?> j : jobs) {
                io.spfsd.storage.Futures.await(j, "transfer");
            }
        } finally {
            // On a failure the others stop too, and all have cleaned up before this returns:
            // nothing of this transfer is still being written once the caller hears of it.
            pool.shutdownNow();
            try {
                pool.awaitTermination(1, java.util.concurrent.TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return new long[]{moved.get(), bytes.get()};
    }

    /** Counts the bytes read through it (a transfer's progress; how far a lazy fetch has come). */
    static final class CountingStream extends java.io.FilterInputStream {
        private final AtomicLong count;

        CountingStream(InputStream in, AtomicLong count) {
            super(in);
            this.count = count;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count.addAndGet(n);
            }
            return n;
        }
    }
}
