package io.spfsd.storage.remote;

import io.spfsd.storage.CorruptObjectException;
import io.spfsd.storage.Digest;
import io.spfsd.storage.Refs;
import io.spfsd.storage.Repository;
import io.spfsd.storage.UnknownRefException;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One remote lazy runtimes come from; the local repository is its cache. A ref not here is
 * resolved there and its objects (manifests, layers, platforms: no payloads) fetched when a
 * runtime is mounted; a payload is fetched on its first open, once however many open it at the
 * same time, verified before it is stored. An open whose download fails, stalls for the time
 * limit, or has not finished by its deadline (the limit plus the payload's size at
 * {@link #MIN_RATE} bytes a second: a server that drips keeps moving, but not for ever) fails
 * (EIO, one log line) instead of hanging its process, and the download is abandoned. {@link LazyRemotes} holds a
 * daemon's remotes and answers the repository's requests for missing payloads.
 */
public final class LazyRemote {
    private static final Logger LOG = LoggerFactory.getLogger(LazyRemote.class);

    /** The slowest download waited for to its end, in bytes a second. */
    static final long MIN_RATE = 64 * 1024;

    private final ObjectStore far;
    private final Repository local;
    private final Duration limit;
    private final long minRate;
    private final Map<Digest, Fetch> fetching = new ConcurrentHashMap<>();
    private final ResolvedRefs resolutions;

    /** A download in progress: its outcome, and how far it has come (what "stalled" is judged by). */
    private record Fetch(CompletableFuture<Outcome> done, java.util.concurrent.atomic.AtomicLong bytes,
                         java.util.concurrent.atomic.AtomicReference<InputStream> body,
                         java.util.concurrent.atomic.AtomicBoolean abandoned) {
        Fetch() {
            this(new CompletableFuture<>(), new java.util.concurrent.atomic.AtomicLong(),
                    new java.util.concurrent.atomic.AtomicReference<>(), new java.util.concurrent.atomic.AtomicBoolean());
        }

        /** Stops the download: its body is closed, which ends a read blocked on it. */
        void abandon() {
            abandoned.set(true);
            InputStream in = body.get();
            if (in != null) {
                try {
                    in.close();
                } catch (IOException | RuntimeException e) {
                    // closing is all that is wanted
                }
            }
        }
    }
    /** Told of every payload fetched (null: nobody). */
    private final PayloadCache cache;

    LazyRemote(ObjectStore far, Repository local, Duration limit) {
        this(far, local, limit, null);
    }

    LazyRemote(ObjectStore far, Repository local, Duration limit, PayloadCache cache) {
        this(far, local, limit, cache, MIN_RATE);
    }

    LazyRemote(ObjectStore far, Repository local, Duration limit, PayloadCache cache, long minRate) {
        this.far = far;
        this.local = local;
        this.limit = limit;
        this.cache = cache;
        this.minRate = minRate;
        this.resolutions = ResolvedRefs.of(local);
        if (far instanceof SpfsStore spfs) {
            spfs.rememberIn(local);
        }
    }

    /** How long a download of size bytes is waited for at most (a size no manifest can honestly give stops at a year). */
    Duration deadline(long size) {
        long millis = size / minRate >= LONGEST.toSeconds() ? LONGEST.toMillis()
                : size / minRate * 1000 + size % minRate * 1000 / minRate;
        return limit.plusMillis(millis);
    }

    private static final Duration LONGEST = Duration.ofDays(365);

    public String name() {
        return far.name();
    }

    /**
     * What the remote made of d decoded (a conversion's manifest), given to the repository now
     * holding d's bytes, so mounting it does not read and decode it again.
     */
    private void handOver(Digest d, int depth) {
        io.spfsd.storage.StoredObject o = far.decoded(d);
        if (o == null || depth > Refs.MAX_PLATFORM_DEPTH) {
            return;
        }
        local.justDecoded(d, o);
        switch (o) {
            case io.spfsd.storage.StoredObject.Layer l -> {
                if (l.manifest() != null) {
                    handOver(l.manifest(), depth + 1);
                }
            }
            case io.spfsd.storage.StoredObject.Platform p -> p.stack().forEach(c -> handOver(c, depth + 1));
            case io.spfsd.storage.StoredObject.ManifestObject m -> { }
        }
    }

    /** A ref resolved here, or on the remote with its objects brought here. */
    public Digest resolve(String ref) {
        return resolve(ref, w -> { });
    }

    /**
     * The same; when the remote cannot be reached, the last resolution of ref this machine saw
     * there is used if everything it names is here (offline), and warnings is told so, with
     * when that resolution was made.
     */
    public Digest resolve(String ref, java.util.function.Consumer<String> warnings) {
        try {
            return new Refs(local).resolve(ref);
        } catch (UnknownRefException notHere) {
            try {
                Digest d = far.resolve(ref);
                Transfer.copyObjects(far, new RepositoryStore(local), List.of(d));
                handOver(d, 0);
                resolutions.remember(far.name(), ref, d);
                return d;
            } catch (UnknownRefException e) {
                throw new UnknownRefException(notHere.getMessage() + ", nor at " + far.name());
            } catch (io.spfsd.storage.spfs.SpfsFormatException e) {
                throw damaged(ref, e);
            } catch (IOException e) {
                ResolvedRefs.Resolution last = earlierHere(ref);
                if (last != null) {
                    warnings.accept("cannot reach " + far.name() + " (" + e.getMessage() + "): using '" + ref
                            + "' as it was resolved there at " + last.time());
                    return last.digest();
                }
                throw new UnknownRefException("cannot resolve '" + ref + "' at " + far.name() + ": " + e.getMessage());
            }
        }
    }

    /**
     * The remote was reached and answered with what is not an object of its format (damaged,
     * cut, not its digest): refused, and not made up for with an earlier resolution, which the
     * remote no longer gives. The user is told of that one, to name it if they want it.
     */
    private CorruptObjectException damaged(String ref, IOException e) {
        ResolvedRefs.Resolution last = earlierHere(ref);
        String earlier = last != null
                ? "; its resolution there at " + last.time() + " is still here: run " + last.digest() + " to use it"
                : "; spfs check on that repository lists what is damaged";
        return new CorruptObjectException("cannot resolve '" + ref + "' at " + far.name() + ": " + e.getMessage()
                + earlier);
    }

    /** The last resolution of ref this machine saw on the remote, if everything it names is here; else null. */
    private ResolvedRefs.Resolution earlierHere(String ref) {
        ResolvedRefs.Resolution last = resolutions.last(far.name(), ref);
        return last != null && local.hasObject(last.digest()) ? last : null;
    }

    /** How a fetch ended: the payload is here, the remote does not have it, or it failed (logged). */
    enum Outcome { FETCHED, NOT_THERE, FAILED, GAVE_UP }

    /** How often a wait asks whether its opener gave up. */
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    /**
     * Brings payload d, of the size its manifest gives, here (once, however many ask at once).
     * FAILED, and one log line, when it cannot: the remote fails or sends other than size bytes,
     * the download makes no progress for the time limit, or it has not finished by its
     * {@link #deadline}. An unreachable, stalled or dripping origin never hangs an open.
     */
    Outcome fetchPayload(Digest d, long size) {
        return fetchPayload(d, size, () -> false);
    }

    /** The same; GAVE_UP as soon as gaveUp says the opener has (the download goes on for others). */
    Outcome fetchPayload(Digest d, long size, java.util.function.BooleanSupplier gaveUp) {
        Fetch mine = new Fetch();
        Fetch running = fetching.putIfAbsent(d, mine);
        if (running != null && running.abandoned().get() && fetching.replace(d, running, mine)) {
            running = null; // an abandoned download still winding down is not waited for
        }
        if (running == null) {
            Thread.ofPlatform().daemon(true).name("fetch-" + d.toString().substring(0, 8)).start(() -> download(d, size, mine));
            running = mine;
        }
        long deadline = System.nanoTime() + deadline(size).toNanos();
        long seen = -1;
        long nextIdleCheck = System.nanoTime() + limit.toNanos();
        while (true) {
            long now0 = System.nanoTime();
            long wait = Math.min(Math.min(nextIdleCheck, deadline) - now0, POLL_NANOS);
            try {
                return running.done().get(Math.max(1, wait), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                if (gaveUp.getAsBoolean()) {
                    LOG.info("payload {} from {}: the opener gave up (interrupted)", d, far.name());
                    return Outcome.GAVE_UP;
                }
                if (System.nanoTime() - nextIdleCheck < 0 && System.nanoTime() - deadline < 0) {
                    continue;
                }
                nextIdleCheck = System.nanoTime() + limit.toNanos();
                long now = running.bytes().get();
                if (System.nanoTime() - deadline >= 0) {
                    LOG.error("payload {} from {}: {} of {} bytes after {} s, slower than {} KiB/s; replied EIO",
                            d, far.name(), now, size, deadline(size).toSeconds(), minRate / 1024);
                    running.abandon();
                    return Outcome.FAILED;
                }
                if (now == seen) {
                    LOG.error("payload {} from {}: no progress for {} s; replied EIO", d, far.name(), limit.toSeconds());
                    running.abandon();
                    return Outcome.FAILED;
                }
                seen = now; // still moving: keep waiting
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Outcome.FAILED;
            } catch (java.util.concurrent.ExecutionException e) {
                return Outcome.FAILED;
            }
        }
    }

    /** Runs the download; it leaves the table of running fetches before its outcome is told, so an open after a failure starts afresh. */
    private void download(Digest d, long size, Fetch fetch) {
        Outcome outcome = downloadOnce(d, size, fetch);
        fetching.remove(d, fetch);
        fetch.done().complete(outcome);
    }

    private Outcome downloadOnce(Digest d, long size, Fetch fetch) {
        try {
            if (!local.hasPayload(d)) {
                Repository.Payload p;
                InputStream body = far.openPayload(d);
                fetch.body().set(body);
                if (fetch.abandoned().get()) {
                    body.close(); // given up while the request went out
                }
                try (InputStream in = new Transfer.CountingStream(new SizedStream(body, size, ""), fetch.bytes())) {
                    p = local.putPayloadExpecting(in, d);
                }
                if (cache != null) {
                    cache.fetched(d, p.size());
                }
            }
            return Outcome.FETCHED;
        } catch (UnknownRefException e) {
            // not there: with several remotes another may have it (LazyRemotes says if none has)
            return Outcome.NOT_THERE;
        } catch (IOException | RuntimeException e) {
            if (!fetch.abandoned().get()) {
                LOG.error("payload {} could not be fetched from {}: {}", d, far.name(), e.getMessage());
            }
            return Outcome.FAILED;
        }
    }

}
