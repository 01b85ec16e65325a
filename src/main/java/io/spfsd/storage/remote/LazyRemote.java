package io.spfsd.storage.remote;

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
 * same time, verified before it is stored. An open whose download fails or stalls for the time
 * limit fails (EIO, one log line) instead of hanging its process. {@link LazyRemotes} holds a
 * daemon's remotes and answers the repository's requests for missing payloads.
 */
public final class LazyRemote {
    private static final Logger LOG = LoggerFactory.getLogger(LazyRemote.class);

    private final ObjectStore far;
    private final Repository local;
    private final Duration limit;
    private final Map<Digest, Fetch> fetching = new ConcurrentHashMap<>();

    /** A download in progress: its outcome, and how far it has come (what "stalled" is judged by). */
    private record Fetch(CompletableFuture<Outcome> done, java.util.concurrent.atomic.AtomicLong bytes) {
    }
    /** Told of every payload fetched (null: nobody). */
    private final PayloadCache cache;

    LazyRemote(ObjectStore far, Repository local, Duration limit) {
        this(far, local, limit, null);
    }

    LazyRemote(ObjectStore far, Repository local, Duration limit, PayloadCache cache) {
        this.far = far;
        this.local = local;
        this.limit = limit;
        this.cache = cache;
    }

    public String name() {
        return far.name();
    }

    /** A ref resolved here, or on the remote with its objects brought here. */
    public Digest resolve(String ref) {
        try {
            return new Refs(local).resolve(ref);
        } catch (UnknownRefException notHere) {
            try {
                Digest d = far.resolve(ref);
                Transfer.copyObjects(far, new RepositoryStore(local), List.of(d));
                return d;
            } catch (UnknownRefException e) {
                throw new UnknownRefException(notHere.getMessage() + ", nor at " + far.name());
            } catch (IOException e) {
                throw new UnknownRefException("cannot resolve '" + ref + "' at " + far.name() + ": " + e.getMessage());
            }
        }
    }

    /**
     * Brings payload d here (once, however many ask at once). False, and one log line, when it
     * cannot: the remote fails, or the download makes no progress for the time limit (an
     * unreachable or stalled origin never hangs an open; a slow but moving one is waited for).
     */
    /** How a fetch ended: the payload is here, the remote does not have it, or it failed (logged). */
    enum Outcome { FETCHED, NOT_THERE, FAILED }

    Outcome fetchPayload(Digest d) {
        Fetch mine = new Fetch(new CompletableFuture<>(), new java.util.concurrent.atomic.AtomicLong());
        Fetch running = fetching.putIfAbsent(d, mine);
        if (running == null) {
            Thread.ofPlatform().daemon(true).name("fetch-" + d.toString().substring(0, 8)).start(() -> download(d, mine));
            running = mine;
        }
        long seen = -1;
        while (true) {
            try {
                return running.done().get(limit.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                long now = running.bytes().get();
                if (now == seen) {
                    LOG.error("payload {} from {}: no progress for {} s; replied EIO", d, far.name(), limit.toSeconds());
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

    private void download(Digest d, Fetch fetch) {
        try {
            if (!local.hasPayload(d)) {
                Repository.Payload p;
                try (InputStream in = new Transfer.CountingStream(far.openPayload(d), fetch.bytes())) {
                    p = local.putPayloadExpecting(in, d);
                }
                if (cache != null) {
                    cache.fetched(d, p.size());
                }
            }
            fetch.done().complete(Outcome.FETCHED);
        } catch (UnknownRefException e) {
            // not there: with several remotes another may have it (LazyRemotes says if none has)
            fetch.done().complete(Outcome.NOT_THERE);
        } catch (IOException | RuntimeException e) {
            LOG.error("payload {} could not be fetched from {}: {}", d, far.name(), e.getMessage());
            fetch.done().complete(Outcome.FAILED);
        } finally {
            fetching.remove(d, fetch);
        }
    }

}
