package io.spfsd.control;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Listens on a Unix domain socket with mode 0600 (bound inside a 0700 directory, so there
 * is no moment where others can connect). Each connection gets a virtual thread, one request
 * and one response. Reading the request is bounded ({@link #READ_LIMIT}) and so is writing the
 * answer ({@link #WRITE_LIMIT}); the work between is not, since a commit of a large scratch
 * takes as long as it takes. A client that asked for progress gets lines while it waits
 * ({@link StreamedProgress}), and if it goes away the work stops ({@link ProgressSink}); for
 * one that did not, the work finishes and its outcome is in the log. Bad input gets a
 * one-line error response; nothing a client sends can stop the server or learn its internals.
 */
public final class ControlServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ControlServer.class);

    /**
     * Answers a request from the peer with the given credentials; long work tells progress,
     * and learns that its client went away, through the sink.
     */
    public interface Handler {
        Protocol.Response handle(Protocol.Request request, UnixDomainPrincipal peer, ProgressSink progress);
    }

    /** How long a client has to send its request line. */
    static final java.time.Duration READ_LIMIT = java.time.Duration.ofSeconds(5);
    /** How long a client has to take its answer (one that never reads must not hold a slot for ever). */
    static final java.time.Duration WRITE_LIMIT = java.time.Duration.ofSeconds(30);

    private final Path socket;
    private final ServerSocketChannel server;
    private final Handler handler;
    private final java.time.Duration readLimit;
    private final ScheduledExecutorService timeouts = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("control-timeouts").daemon(true).factory());
    private volatile boolean closed;
    /** Connections served at once; a bound on descriptors and threads whatever clients do. */
    static final int MAX_CONNECTIONS = 256;
    private final Semaphore slots = new Semaphore(MAX_CONNECTIONS);

    private ControlServer(Path socket, ServerSocketChannel server, Handler handler, java.time.Duration readLimit) {
        this.socket = socket;
        this.server = server;
        this.handler = handler;
        this.readLimit = readLimit;
    }

    public static ControlServer start(Path socket, Handler handler) throws IOException {
        return start(socket, handler, false);
    }

    /**
     * With allUsers, every user of the machine may connect (the socket 0666 in a directory
     * others may enter): the machine's daemon, whose handler decides by each peer's credentials
     * what it may do. The socket is bound inside its directory before its mode is opened, so
     * it is never open to more users than it should be.
     */
    public static ControlServer start(Path socket, Handler handler, boolean allUsers) throws IOException {
        return start(socket, handler, READ_LIMIT, allUsers);
    }

    static ControlServer start(Path socket, Handler handler, java.time.Duration readLimit) throws IOException {
        return start(socket, handler, readLimit, false);
    }

    private static ControlServer start(Path socket, Handler handler, java.time.Duration readLimit, boolean allUsers)
            throws IOException {
        io.spfsd.config.PrivateDirectories.create(socket.toAbsolutePath().getParent());
        Files.deleteIfExists(socket); // a leftover of a killed daemon; callers checked nobody listens
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString(allUsers ? "rw-rw-rw-" : "rw-------"));
        if (allUsers) {
            Files.setPosixFilePermissions(socket.toAbsolutePath().getParent(),
                    PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        ControlServer s = new ControlServer(socket, server, handler, readLimit);
        Thread.ofPlatform().name("control-accept").daemon(true).start(s::acceptLoop);
        return s;
    }

    public Path socket() {
        return socket;
    }

    /**
     * Accepts until closed. At most {@link #MAX_CONNECTIONS} connections are served at once
     * (more wait in the kernel's backlog); a failing accept (out of descriptors) backs off
     * instead of spinning, and is logged at most once a second.
     */
    private void acceptLoop() {
        long backoffMs = 0;
        long lastWarning = 0;
        long suppressed = 0;
        while (!closed) {
            try {
                slots.acquire();
            } catch (InterruptedException e) {
                return;
            }
            try {
                SocketChannel ch = server.accept();
                backoffMs = 0;
                Thread.ofVirtual().name("control-conn").start(() -> {
                    try {
                        serve(ch);
                    } finally {
                        slots.release();
                    }
                });
            } catch (IOException e) {
                slots.release();
                if (closed) {
                    return;
                }
                long now = System.nanoTime();
                if (now - lastWarning > 1_000_000_000L) {
                    LOG.warn("control socket accept failed: {}{}", e.toString(),
                            suppressed > 0 ? " (and " + suppressed + " more times)" : "");
                    lastWarning = now;
                    suppressed = 0;
                } else {
                    suppressed++;
                }
                backoffMs = Math.min(1000, Math.max(10, backoffMs * 2));
                try {
                    Thread.sleep(backoffMs);
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    /** Connections one user may have at once: the machine's daemon serves every user, and no one may take all. */
    static final int MAX_PER_USER = 64;
    private final java.util.concurrent.ConcurrentHashMap<String, java.util.concurrent.atomic.AtomicInteger> perUser =
            new java.util.concurrent.ConcurrentHashMap<>();

    /** Serves ch unless its user already has {@link #MAX_PER_USER} connections open: that one is told so and closed. */
    private void serve(SocketChannel ch) {
        UnixDomainPrincipal peer;
        try {
            peer = ch.getOption(ExtendedSocketOptions.SO_PEERCRED);
        } catch (IOException | UnsupportedOperationException e) {
            closeQuietly(ch);
            return;
        }
        String user = peer.user().getName();
        var open = perUser.computeIfAbsent(user, k -> new java.util.concurrent.atomic.AtomicInteger());
        try {
            if (open.incrementAndGet() > MAX_PER_USER) {
                refuse(ch, "too many connections from " + user + " at once (" + MAX_PER_USER
                        + "): wait for some to end, then try again");
                return;
            }
            serve(ch, peer);
        } finally {
            open.decrementAndGet();
        }
    }

    /** Answers ch's request (read first, within the read limit, so the client can take the answer) with why. */
    private void refuse(SocketChannel ch, String why) {
        var timeout = timeouts.schedule(() -> closeQuietly(ch), readLimit.toMillis(), TimeUnit.MILLISECONDS);
        try (ch) {
            try {
                LineReader.readLine(ch, Protocol.MAX_REQUEST);
            } catch (LineReader.TooLongException e) {
                LineReader.drain(ch);
            }
            timeout.cancel(false);
            timeout = timeouts.schedule(() -> closeQuietly(ch), WRITE_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
            LineReader.writeLine(ch, Protocol.Response.failure(why));
        } catch (IOException e) {
            LOG.debug("control connection ended: {}", e.toString());
        } finally {
            timeout.cancel(false);
        }
    }

    private void serve(SocketChannel ch, UnixDomainPrincipal peer) {
        var timeout = timeouts.schedule(() -> closeQuietly(ch), readLimit.toMillis(), TimeUnit.MILLISECONDS);
        Protocol.Request request = null;
        StreamedProgress progress = null;
        try (ch) {
            Protocol.Response response;
            try {
                String line = LineReader.readLine(ch, Protocol.MAX_REQUEST);
                if (!timeout.cancel(false)) {
                    return; // the limit passed while the line came in: the connection is closed
                }
                if (line == null) {
                    return;
                }
                request = RequestParser.parse(line);
                progress = request.wantsProgress() ? new StreamedProgress(ch) : null;
                response = handler.handle(request, peer, progress != null ? progress : ProgressSink.NONE);
            } catch (RequestParser.BadRequestException e) {
                response = Protocol.Response.failure(e.getMessage());
            } catch (LineReader.TooLongException e) {
                LineReader.drain(ch);
                response = Protocol.Response.failure(e.getMessage());
            } catch (RuntimeException e) {
                // The client gets no internal detail; the log has all of it.
                LOG.error("control request failed", e);
                response = Protocol.Response.failure("internal error in the daemon (its log has the details)");
            }
            timeout = timeouts.schedule(() -> closeQuietly(ch), WRITE_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
            if (progress != null) {
                progress.close();
                if (progress.clientGone()) {
                    LOG.info("the client of a {} request went away; its outcome: {}", request.op(),
                            response.ok() ? "done" : response.error());
                    return;
                }
            }
            LineReader.writeLine(ch, response);
        } catch (IOException e) {
            if (request != null) {
                LOG.warn("the client of a {} request went away before its answer: {}", request.op(), e.toString());
            } else {
                LOG.debug("control connection ended: {}", e.toString());
            }
        } finally {
            timeout.cancel(false);
            if (progress != null) {
                progress.close();
            }
        }
    }

    private static void closeQuietly(SocketChannel ch) {
        try {
            ch.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
            Files.deleteIfExists(socket);
        } catch (IOException e) {
            LOG.warn("closing control socket: {}", e.toString());
        }
        timeouts.shutdownNow();
    }

    /**
     * Builds databind's reader of requests and writers of responses before the first client:
     * done by the first request, it cost that request ~90 ms (a fresh daemon's first mount took
     * 190 ms, the next ones 3 ms). Part of the daemon's warm-up.
     */
    public static void warmUpCodecs() {
        try {
            RequestParser.parse("{\"op\":\"mount\",\"pid\":1,\"refs\":[\"warm-up\"],\"editable\":false,"
                    + "\"name\":\"warm-up\",\"paths\":[],\"keep\":false,\"remote\":\"file:///warm-up\"}");
            Protocol.MountInfo m = new Protocol.MountInfo("warm-up", 1, java.util.List.of(1), java.util.List.of("a"),
                    java.util.List.of("b"), "2026-01-01T00:00:00.000Z", 1, 0, true, "/warm-up", 1L, false);
            Protocol.JSON.writeValueAsString(new Protocol.Response(true, null, m, null, null));
            Protocol.JSON.writeValueAsString(new Protocol.Response(true, null, null, null, new Protocol.Status("v", 1, 1,
                    "/m", "/r", 1, java.util.List.of(m), 1, 0, java.util.Map.of("ops", java.util.Map.of("x", 1.5)))));
            Protocol.JSON.writeValueAsString(Protocol.Response.failure("warm-up"));
        } catch (RequestParser.BadRequestException | IOException e) {
            throw new IllegalStateException("the protocol's own sample does not parse", e);
        }
    }
}
