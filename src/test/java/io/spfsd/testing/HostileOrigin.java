package io.spfsd.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An http remote on the loopback that serves a repository's objects and tags honestly and its
 * payloads as a hostile or unlucky server would ({@link Payloads}). Everything it sends is
 * bounded in bytes and time, and it stops when closed.
 */
public final class HostileOrigin implements AutoCloseable {
    /** What a GET of a payload gets. */
    public enum Payloads {
        /** the file, as it is */
        HONEST,
        /** zeros for ever (up to {@link #MAX_BYTES}) */
        ENDLESS,
        /** one byte every {@link #dripMillis}, for ever (up to {@link #MAX_SECONDS}) */
        DRIP,
        /** the headers, then nothing (up to {@link #MAX_SECONDS}) */
        STALL
    }

    public static final long MAX_BYTES = 2L << 30;
    public static final long MAX_SECONDS = 60;

    private final HttpServer server;
    private final Path repo;
    private final CountDownLatch closed = new CountDownLatch(1);
    private volatile Payloads payloads = Payloads.HONEST;
    private volatile long dripMillis = 100;
    private volatile long tagDelayMillis;
    /** What a PUT gets: this status and body (the origin stores nothing). */
    private volatile int putStatus = 405;
    private volatile String putAnswer = "";
    /** Bytes of payload bodies sent so far. */
    public final AtomicLong payloadBytesSent = new AtomicLong();
    /** Every request's method and path, in the order they came. */
    public final java.util.List<String> requests = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** Hostile payload bodies being sent now. */
    private int sending;

    public HostileOrigin(Path repo) throws IOException {
        this.repo = repo;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::answer);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
    }

    public HostileOrigin payloads(Payloads how) {
        this.payloads = how;
        return this;
    }

    /** Answers every PUT with status and body, as a server that cannot or will not write would. */
    public HostileOrigin refusePuts(int status, String body) {
        this.putStatus = status;
        this.putAnswer = body;
        return this;
    }

    /** Answers each request for a tag only after millis, as a busy server far away would. */
    public HostileOrigin answerTagsAfter(long millis) {
        this.tagDelayMillis = millis;
        return this;
    }

    public HostileOrigin dripEvery(long millis) {
        this.dripMillis = millis;
        return this;
    }

    private void answer(HttpExchange x) throws IOException {
        try (x) {
            String path = x.getRequestURI().getPath().substring(1);
            requests.add(x.getRequestMethod() + " " + path);
            if (x.getRequestMethod().equals("PUT")) {
                x.getRequestBody().transferTo(OutputStream.nullOutputStream());
                byte[] answer = putAnswer.getBytes(java.nio.charset.StandardCharsets.UTF_8);
                x.sendResponseHeaders(putStatus, answer.length == 0 ? -1 : answer.length);
                if (answer.length > 0) {
                    x.getResponseBody().write(answer);
                }
                return;
            }
            if (path.startsWith("tags/") && tagDelayMillis > 0 && awaitClose(tagDelayMillis)) {
                return; // closed meanwhile
            }
            Path file = repo.resolve(path).normalize();
            if (!file.startsWith(repo) || !Files.isRegularFile(file)) {
                x.sendResponseHeaders(404, -1);
                return;
            }
            boolean head = x.getRequestMethod().equals("HEAD");
            if (!path.startsWith("payloads/") || payloads == Payloads.HONEST) {
                byte[] body = Files.readAllBytes(file);
                x.sendResponseHeaders(200, head ? -1 : body.length);
                if (!head) {
                    x.getResponseBody().write(body);
                    payloadBytesSent.addAndGet(path.startsWith("payloads/") ? body.length : 0);
                }
                return;
            }
            if (head) {
                x.sendResponseHeaders(200, -1);
                return;
            }
            x.sendResponseHeaders(200, 0); // chunked: no length to hold the client to
            OutputStream out = x.getResponseBody();
            changeSending(1);
            try {
                hostileBody(out);
            } finally {
                changeSending(-1);
            }
        } catch (IOException e) {
            // the client went away: what a hostile server wants to know, and all it gets
        }
    }

    private synchronized void changeSending(int by) {
        sending += by;
        notifyAll();
    }

    /** Waits until no hostile body is being sent (every client hung up); false if that takes longer than millis. */
    public synchronized boolean awaitHungUp(long millis) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (sending > 0) {
            long left = TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime());
            if (left <= 0) {
                return false;
            }
            wait(left);
        }
        return true;
    }

    private void hostileBody(OutputStream out) throws IOException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(MAX_SECONDS);
        switch (payloads) {
            case ENDLESS -> {
                byte[] zeros = new byte[64 * 1024];
                while (payloadBytesSent.get() < MAX_BYTES && System.nanoTime() < end && closed.getCount() > 0) {
                    out.write(zeros);
                    payloadBytesSent.addAndGet(zeros.length);
                }
            }
            case DRIP -> {
                while (System.nanoTime() < end && !awaitClose(dripMillis)) {
                    out.write(0);
                    out.flush();
                    payloadBytesSent.incrementAndGet();
                }
            }
            case STALL -> {
                out.flush();
                awaitClose(TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime()));
            }
            default -> throw new IllegalStateException();
        }
    }

    private boolean awaitClose(long millis) {
        try {
            return closed.await(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    @Override
    public void close() {
        closed.countDown();
        server.stop(0);
    }
}
