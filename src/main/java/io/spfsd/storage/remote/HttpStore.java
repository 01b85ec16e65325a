package io.spfsd.storage.remote;

import io.spfsd.storage.CorruptObjectException;
import io.spfsd.storage.Digest;
import io.spfsd.storage.TagStore;
import io.spfsd.storage.UnknownRefException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A repository served over HTTP: reads from any static web server or CDN (GET, HEAD), writes
 * where the server takes PUT (nginx's WebDAV module, with create_full_put_path). The layout is
 * docs/repository-format.md's. Everything read is checked against its digest by the receiving
 * store; transient failures (connection errors, 5xx) are retried with backoff; every request
 * has a time limit, so an unreachable origin is an error within a bounded time, never a hang.
 * Loaded only when an http(s) remote is used.
 */
class HttpStore implements ObjectStore {
    private static final Pattern VERSIONED = Pattern.compile("(.+)~([0-9]{1,9})");
    private static final int ATTEMPTS = 3;

    private final URI base;
    private final HttpClient http;
    private final Duration timeout;
    private final Signer signer;

    /** Adds what a server needs to accept a request (S3: a SigV4 signature); NONE for plain web servers. */
    interface Signer {
        Signer NONE = (builder, method, uri) -> builder;

        HttpRequest.Builder sign(HttpRequest.Builder builder, String method, URI uri);
    }

    HttpStore(String url, Duration timeout) {
        this(url, timeout, Signer.NONE);
    }

    HttpStore(String url, Duration timeout, Signer signer) {
        this.base = URI.create(url.endsWith("/") ? url : url + "/");
        this.timeout = timeout;
        this.signer = signer;
        // HTTP/1.1: on plain http the client would otherwise offer every new connection an h2c upgrade
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    private HttpRequest request(String method, String path, HttpRequest.BodyPublisher body) {
        URI uri = base.resolve(path);
        return signer.sign(HttpRequest.newBuilder(uri).timeout(timeout).method(method, body), method, uri).build();
    }

    @Override
    public String name() {
        return base.toString();
    }

    private static String shard(String kind, Digest d) {
        String s = d.toString();
        return kind + "/" + s.substring(0, 2) + "/" + s.substring(2);
    }

    @Override
    public boolean hasObject(Digest d) throws IOException {
        return exists(shard("objects", d));
    }

    @Override
    public byte[] readObject(Digest d) throws IOException {
        byte[] bytes = send(get(shard("objects", d)), HttpResponse.BodyHandlers.ofByteArray(), "object " + d).body();
        if (!Digest.of(bytes).equals(d)) {
            throw new CorruptObjectException("object " + d + " from " + base + " does not match its digest");
        }
        return bytes;
    }

    @Override
    public void writeObject(Digest d, byte[] encoded) throws IOException {
        if (!Digest.of(encoded).equals(d)) {
            throw new CorruptObjectException("object " + d + " does not match its digest: not pushed");
        }
        put(shard("objects", d), HttpRequest.BodyPublishers.ofByteArray(encoded));
    }

    @Override
    public boolean hasPayload(Digest d) throws IOException {
        return exists(shard("payloads", d));
    }

    @Override
    public InputStream openPayload(Digest d) throws IOException {
        return send(get(shard("payloads", d)), HttpResponse.BodyHandlers.ofInputStream(), "payload " + d).body();
    }

    /**
     * Sends a payload that must hash to d. It is hashed into a local temporary file first, so a
     * source that changed under its digest is refused before anything reaches the server.
     */
    @Override
    public void writePayload(Digest d, InputStream content) throws IOException {
        Path t = Files.createTempFile("spfsd-push-", ".tmp");
        try {
            java.security.MessageDigest sha = Digest.sha256();
            try (var out = new java.security.DigestOutputStream(Files.newOutputStream(t), sha)) {
                content.transferTo(out);
            }
            if (!Digest.fromBytes(sha.digest()).equals(d)) {
                throw new CorruptObjectException("payload " + d + " does not match its digest: not pushed");
            }
            put(shard("payloads", d), HttpRequest.BodyPublishers.ofFile(t));
        } finally {
            Files.deleteIfExists(t);
        }
    }

    @Override
    public Digest resolve(String ref) throws IOException {
        Matcher m = VERSIONED.matcher(ref);
        String tag = m.matches() ? m.group(1) : ref;
        int n = m.matches() ? Integer.parseInt(m.group(2)) : 0;
        List<TagStore.TagVersion> history = tagHistory(tag);
        if (!history.isEmpty()) {
            if (n >= history.size()) {
                throw new UnknownRefException("tag " + tag + " has " + history.size() + " versions at " + base);
            }
            return history.get(n).target();
        }
        String plain = Digest.stripPadding(ref);
        if (plain.length() == Digest.TEXT_LENGTH && Digest.isBase32(plain)) {
            Digest d = Digest.parse(ref);
            if (!hasObject(d)) {
                throw new UnknownRefException("no object " + d + " at " + base);
            }
            return d;
        }
        throw new UnknownRefException("unknown ref '" + ref + "' at " + base + " (no such tag; over http a digest"
                + " must be given whole)");
    }

    @Override
    public Digest tag(String tag) throws IOException {
        List<TagStore.TagVersion> h = tagHistory(tag);
        return h.isEmpty() ? null : h.getFirst().target();
    }

    @Override
    public void pushTag(String tag, Digest target) throws IOException {
        String now = tagText(tag);
        String line = target + " " + java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS) + " "
                + System.getProperty("user.name", "unknown") + "\n";
        put("tags/" + tag + ".tag", HttpRequest.BodyPublishers.ofString((now == null ? "" : now) + line));
    }

    /** Every version of tag, newest first, from its tag file; empty when there is none. */
    @Override
    public List<TagStore.TagVersion> tagHistory(String tag) throws IOException {
        if (!TagStore.isValidName(tag)) {
            return List.of();
        }
        String text = tagText(tag);
        return text == null ? List.of() : TagStore.parse(tag, text.lines().toList()).reversed();
    }

    /** Rewrites the tag file with the versions it lacks added, in time order (not atomic against another pusher). */
    @Override
    public void mergeTag(String tag, List<TagStore.TagVersion> versions) throws IOException {
        List<TagStore.TagVersion> all = new java.util.ArrayList<>(tagHistory(tag).reversed());
        TagStore.mergeInto(all, versions);
        put("tags/" + tag + ".tag", HttpRequest.BodyPublishers.ofString(TagStore.text(all)));
    }

    private String tagText(String tag) throws IOException {
        HttpResponse<String> r = send(get("tags/" + tag + ".tag"), HttpResponse.BodyHandlers.ofString(
                StandardCharsets.UTF_8), null);
        return r.statusCode() == 404 ? null : r.body();
    }

    private boolean exists(String path) throws IOException {
        HttpRequest head = request("HEAD", path, HttpRequest.BodyPublishers.noBody());
        return send(head, HttpResponse.BodyHandlers.discarding(), null).statusCode() == 200;
    }

    private HttpRequest get(String path) {
        return request("GET", path, HttpRequest.BodyPublishers.noBody());
    }

    private void put(String path, HttpRequest.BodyPublisher body) throws IOException {
        HttpRequest r = request("PUT", path, body);
        HttpResponse<Void> resp = send(r, HttpResponse.BodyHandlers.discarding(), null);
        if (resp.statusCode() / 100 != 2) {
            throw new IOException("PUT " + r.uri() + " was refused (HTTP " + resp.statusCode() + "): the server must"
                    + " accept PUT (e.g. nginx's dav_methods PUT with create_full_put_path on)");
        }
    }

    /**
     * Sends with retries (connection errors and 5xx, backoff 0.2 s, 0.4 s). With what set, any
     * answer but 200 is an error naming it; without, the caller reads the status.
     */
    private <T> HttpResponse<T> send(HttpRequest r, HttpResponse.BodyHandler<T> body, String what) throws IOException {
        IOException last = null;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            if (attempt > 0) {
                try {
                    Thread.sleep(200L << (attempt - 1));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new java.io.InterruptedIOException("interrupted");
                }
            }
            try {
                HttpResponse<T> resp = http.send(r, body);
                if (resp.statusCode() >= 500) {
                    last = new IOException(r.method() + " " + r.uri() + ": HTTP " + resp.statusCode());
                    continue;
                }
                if (what != null && resp.statusCode() == 404) {
                    throw new UnknownRefException(what + " is not at " + base);
                }
                if (what != null && resp.statusCode() != 200) {
                    throw new IOException(r.method() + " " + r.uri() + ": HTTP " + resp.statusCode());
                }
                return resp;
            } catch (java.net.http.HttpTimeoutException e) {
                last = new IOException(base + " did not answer within " + timeout.toSeconds() + " s (" + r.uri() + ")");
            } catch (IOException e) {
                last = new IOException("cannot reach " + base + ": " + (e.getMessage() != null ? e.getMessage()
                        : e.getClass().getSimpleName()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted");
            }
        }
        throw last;
    }
}
