package io.spfsd.storage.remote;

import io.spfsd.storage.CorruptObjectException;
import io.spfsd.storage.Digest;
import io.spfsd.storage.TagStore;
import io.spfsd.storage.UnknownRefException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A repository served over HTTP: reads from any static web server or CDN (GET, HEAD), writes
 * where the server takes PUT (nginx's WebDAV module, with create_full_put_path). The layout is
 * docs/repository-format.md's. Everything read is checked against its digest by the receiving
 * store; transient failures (connection errors, 5xx) are retried with backoff; connecting and
 * every read have a time limit, so an unreachable or stalled origin is an error within a
 * bounded time, never a hang. Loaded only when an http(s) remote is used.
 *
 * <p>Built on HttpURLConnection, not java.net.http.HttpClient: side by side on loopback
 * (bench/results/performance-history.md) the blocking client moved a 100 MB body in half the time and 2,000
 * small ones on 8 threads in a third, and it keeps finished connections for reuse.
 */
class HttpStore implements ObjectStore {
    private static final Pattern VERSIONED = Pattern.compile("(.+)~([0-9]{1,9})");
    private static final int ATTEMPTS = 3;

    static {
        // Idle connections kept per server (the JDK's default is 5): one for each of a
        // transfer's parallel streams, so none is reopened per file.
        if (System.getProperty("http.maxConnections") == null) {
            System.setProperty("http.maxConnections", Integer.toString(Transfer.PARALLEL * 2));
        }
    }

    private final URI base;
    private final int timeoutMillis;
    private final Duration timeout;
    private final Signer signer;
    /** GETs of objects and payloads (most of the requests); the rest goes through HttpURLConnection. */
    private final KeptAliveGets gets;

    /** Adds what a server needs to accept a request (S3: a SigV4 signature); NONE for plain web servers. */
    interface Signer {
        Signer NONE = (header, method, uri) -> { };

        /** Sets the headers that authorize method on uri, through header(name, value). */
        void sign(BiConsumer<String, String> header, String method, URI uri);
    }

    /** A request body that can be sent again on a retry. */
    private interface Body {
        long length() throws IOException;

        void writeTo(OutputStream out) throws IOException;

        static Body of(byte[] bytes) {
            return new Body() {
                public long length() {
                    return bytes.length;
                }

                public void writeTo(OutputStream out) throws IOException {
                    out.write(bytes);
                }
            };
        }

        static Body of(Path file) {
            return new Body() {
                public long length() throws IOException {
                    return Files.size(file);
                }

                public void writeTo(OutputStream out) throws IOException {
                    Files.copy(file, out);
                }
            };
        }
    }

    HttpStore(String url, Duration timeout) {
        this(url, timeout, Signer.NONE);
    }

    HttpStore(String url, Duration timeout, Signer signer) {
        this.base = URI.create(url.endsWith("/") ? url : url + "/");
        this.timeout = timeout;
        this.timeoutMillis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
        this.signer = signer;
        // A proxy set for the JVM (http.proxyHost, https.proxyHost, or the system's) is honoured
        // by HttpURLConnection only: with one, every request goes that way.
        this.gets = proxied(base.getScheme()) ? null : new KeptAliveGets(base, timeoutMillis);
    }

    private static boolean proxied(String scheme) {
        return System.getProperty(scheme.toLowerCase(java.util.Locale.ROOT) + ".proxyHost") != null
                || Boolean.getBoolean("java.net.useSystemProxies");
    }

    @Override
    public String name() {
        return base.toString();
    }

    private static String shard(String kind, Digest d) {
        return kind + "/" + d.shardedText();
    }

    @Override
    public boolean hasObject(Digest d) throws IOException {
        return exists(shard("objects", d));
    }

    @Override
    public byte[] readObject(Digest d) throws IOException {
        byte[] bytes;
        try (InputStream in = get(shard("objects", d), "object " + d)) {
            bytes = in.readNBytes(io.spfsd.storage.ObjectCodec.MAX_OBJECT_BYTES + 1);
        }
        if (bytes.length > io.spfsd.storage.ObjectCodec.MAX_OBJECT_BYTES) {
            throw new CorruptObjectException("object " + d + " from " + base + " is larger than "
                    + (io.spfsd.storage.ObjectCodec.MAX_OBJECT_BYTES >> 20) + " MiB: refused");
        }
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
        put(shard("objects", d), Body.of(encoded));
    }

    @Override
    public boolean hasPayload(Digest d) throws IOException {
        return exists(shard("payloads", d));
    }

    @Override
    public InputStream openPayload(Digest d) throws IOException {
        return get(shard("payloads", d), "payload " + d);
    }

    /**
     * Sends a payload that must hash to d. It is hashed into a local temporary file first, so a
     * source that changed under its digest is refused before anything reaches the server.
     */
    @Override
    public void writePayload(Digest d, InputStream content) throws IOException {
        Path t = Files.createTempFile("spfsd-push-", ".tmp");
        try {
            java.security.MessageDigest sha = Digest.sha256ForBulk();
            try (var out = new java.security.DigestOutputStream(Files.newOutputStream(t), sha)) {
                content.transferTo(out);
            }
            if (!Digest.fromBytes(sha.digest()).equals(d)) {
                throw new CorruptObjectException("payload " + d + " does not match its digest: not pushed");
            }
            put(shard("payloads", d), Body.of(t));
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
        put("tags/" + tag + ".tag", Body.of(((now == null ? "" : now) + line).getBytes(StandardCharsets.UTF_8)));
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
        put("tags/" + tag + ".tag", Body.of(TagStore.text(all).getBytes(StandardCharsets.UTF_8)));
    }

    private String tagText(String tag) throws IOException {
        HttpURLConnection c = send("GET", "tags/" + tag + ".tag", null);
        try (InputStream in = body(c)) {
            if (c.getResponseCode() == 404) {
                return null;
            }
            if (c.getResponseCode() != 200) {
                throw new IOException("GET " + c.getURL() + ": HTTP " + c.getResponseCode());
            }
            byte[] text = in.readNBytes(TagStore.MAX_FILE_BYTES + 1);
            if (text.length > TagStore.MAX_FILE_BYTES) {
                throw new CorruptObjectException("tag " + tag + " at " + base + " is larger than "
                        + (TagStore.MAX_FILE_BYTES >> 20) + " MiB: refused");
            }
            return new String(text, StandardCharsets.UTF_8);
        }
    }

    private boolean exists(String path) throws IOException {
        HttpURLConnection c = send("HEAD", path, null);
        try (InputStream ignored = body(c)) {
            return c.getResponseCode() == 200;
        }
    }

    /**
     * The body of a 200 answer to GET path; what names it in the error for a 404. Sent on a
     * kept-alive connection of {@link KeptAliveGets}; a redirect is followed by HttpURLConnection.
     */
    private InputStream get(String path, String what) throws IOException {
        if (gets == null) {
            return getFollowingRedirects(path, what);
        }
        URI uri = base.resolve(path);
        KeptAliveGets.Response r = withRetries("GET", uri, () -> {
            java.util.Map<String, String> headers = new java.util.LinkedHashMap<>();
            signer.sign(headers::put, "GET", uri);
            KeptAliveGets.Response answer = gets.get(uri, headers);
            if (answer.status() >= 500) {
                answer.body().close();
                throw new ServerError(answer.status(), "");
            }
            return answer;
        });
        if (r.status() == 200) {
            return r.body();
        }
        try (InputStream unwanted = r.body()) {
            unwanted.readNBytes(64 * 1024); // a short body read to its end leaves the connection reusable
        }
        if (r.status() / 100 == 3) {
            return getFollowingRedirects(path, what);
        }
        return failedGet(uri, r.status(), what);
    }

    /** The same through HttpURLConnection: redirects followed, proxies honoured. */
    private InputStream getFollowingRedirects(String path, String what) throws IOException {
        HttpURLConnection c = send("GET", path, null);
        int status = c.getResponseCode();
        if (status == 200) {
            return c.getInputStream();
        }
        body(c).close();
        return failedGet(c.getURL(), status, what);
    }

    private InputStream failedGet(Object url, int status, String what) throws IOException {
        if (status == 404) {
            throw new UnknownRefException(what + " is not at " + base);
        }
        throw new IOException("GET " + url + ": HTTP " + status);
    }

    private void put(String path, Body body) throws IOException {
        HttpURLConnection c = send("PUT", path, body);
        int status = c.getResponseCode();
        String answer = HttpRefusals.answerOf(body(c));
        if (status / 100 != 2) {
            throw new IOException(HttpRefusals.putRefusal(c.getURL(), status, answer));
        }
    }

    /** A response's body, whatever its status (empty for none), to be read and closed by the caller. */
    private static InputStream body(HttpURLConnection c) throws IOException {
        InputStream in = c.getResponseCode() < 400 ? c.getInputStream() : c.getErrorStream();
        return in != null ? in : InputStream.nullInputStream();
    }

    /**
     * Sends a request with retries (connection errors and 5xx, backoff 0.2 s, 0.4 s) and returns
     * the connection once its status has arrived (never 5xx): the caller reads the status and
     * the body, and closes the body.
     */
    private HttpURLConnection send(String method, String path, Body body) throws IOException {
        URI uri = base.resolve(path);
        return withRetries(method, uri, () -> {
            HttpURLConnection c = (HttpURLConnection) uri.toURL().openConnection();
            c.setRequestMethod(method);
            c.setConnectTimeout(timeoutMillis);
            c.setReadTimeout(timeoutMillis);
            c.setInstanceFollowRedirects(true);
            c.setUseCaches(false);
            signer.sign(c::setRequestProperty, method, uri);
            if (body != null) {
                c.setDoOutput(true);
                c.setFixedLengthStreamingMode(body.length());
                try (OutputStream out = c.getOutputStream()) {
                    body.writeTo(out);
                }
            }
            if (c.getResponseCode() >= 500) {
                int status = c.getResponseCode();
                throw new ServerError(status, HttpRefusals.answerOf(body(c)));
            }
            return c;
        });
    }

    private static String message(IOException e) {
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    /** One try of a request: the answer, or a ServerError worth another try. */
    private interface Attempt<T> {
        T send() throws IOException;
    }

    /** A 5xx answer: the server may do better on the next try. */
    private static final class ServerError extends IOException {
        final int status;
        final String answer;

        ServerError(int status, String answer) {
            super("HTTP " + status);
            this.status = status;
            this.answer = answer;
        }
    }


    /**
     * Sends a request with retries (connection errors and 5xx, backoff 0.2 s, 0.4 s) and returns
     * the answer once its status has arrived (never 5xx): the caller reads the status and the
     * body, and closes the body.
     */
    private <T> T withRetries(String method, URI uri, Attempt<T> attempt) throws IOException {
        IOException last = null;
        for (int i = 0; i < ATTEMPTS; i++) {
            if (i > 0) {
                try {
                    Thread.sleep(200L << (i - 1));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new java.io.InterruptedIOException("interrupted");
                }
            }
            try {
                return attempt.send();
            } catch (ServerError e) {
                last = new IOException(method.equals("PUT") ? HttpRefusals.putRefusal(uri, e.status, e.answer)
                        : method + " " + uri + ": HTTP " + e.status);
            } catch (SocketTimeoutException e) {
                last = new IOException(base + " did not answer within " + timeout.toSeconds() + " s (" + uri + ")");
            } catch (java.net.ConnectException | java.net.UnknownHostException | java.net.NoRouteToHostException e) {
                last = new IOException("cannot reach " + base + ": " + message(e));
            } catch (IOException e) {
                last = new IOException(method + " " + uri + ": " + message(e));
            }
        }
        throw last;
    }
}
