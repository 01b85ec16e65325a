package io.spfsd.control;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Sends one request to the daemon and reads its response. */
public final class ControlClient {
    private final Path socket;

    private final long quickTimeoutMillis;
    private final long silenceMillis;

    public ControlClient(Path socket) {
        this(socket, quickTimeoutMillis(System.getenv("SPFSD_TIMEOUT")));
    }

    /** A client whose quick requests wait at most quickTimeoutMillis for their answer. */
    public ControlClient(Path socket, long quickTimeoutMillis) {
        this(socket, quickTimeoutMillis, Math.max(PROGRESS_SILENCE_MILLIS, quickTimeoutMillis));
    }

    /** The same, with requests that take progress giving up after silenceMillis without a line. */
    ControlClient(Path socket, long quickTimeoutMillis, long silenceMillis) {
        this.socket = socket;
        this.quickTimeoutMillis = quickTimeoutMillis;
        this.silenceMillis = silenceMillis;
    }

    /** The limit for quick requests from $SPFSD_TIMEOUT (seconds, fractions allowed), default 10 s. */
    public static long quickTimeoutMillis(String env) {
        try {
            return env == null ? 10_000 : Math.max(0, (long) (Double.parseDouble(env) * 1000));
        } catch (NumberFormatException e) {
            return 10_000;
        }
    }

    /**
     * How long a request waits for its answer before the client gives up with a one-line error
     * (a daemon that accepts and never answers must not hang a shell): quick requests 10 s, or
     * $SPFSD_TIMEOUT seconds; mount 60 s (a large stack is read and merged); commit, diff and
     * reset not at all (they copy or walk a whole scratch). 0 means no limit.
     */
    long answerTimeoutMillis(String op) {
        return switch (op == null ? "" : op) {
            case "commit", "diff", "reset" -> 0;
            case "mount", "edit" -> Math.max(60_000, quickTimeoutMillis);
            default -> quickTimeoutMillis;
        };
    }

    /** No daemon is listening on the socket. */
    public static final class NotRunningException extends IOException {
        public NotRunningException(Path socket) {
            super("no spfsd daemon is listening on " + socket + " (start one with: spfsd serve)");
        }
    }

    public Path socket() {
        return socket;
    }

    public boolean isRunning() {
        try {
            send(new Protocol.Request("ping", null, null));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    public Protocol.Response send(Protocol.Request request) throws IOException {
        return send(request, null);
    }

    /**
     * Sends request; with a listener, asks for progress lines (commit, diff) and hands each to
     * it while the answer is awaited. Such a request waits as long as lines keep coming, and
     * gives up after {@link #PROGRESS_SILENCE_MILLIS} (or $SPFSD_TIMEOUT, if longer) without
     * one (the daemon sends one every second while it works); closing the connection, which a
     * client that is killed does, stops the daemon's work.
     */
    public Protocol.Response send(Protocol.Request request, java.util.function.Consumer<Protocol.Progress> listener)
            throws IOException {
        SocketChannel ch;
        try {
            ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        } catch (UnsupportedOperationException e) {
            throw new IOException("this platform has no Unix domain sockets", e);
        }
        try (ch) {
            try {
                ch.connect(UnixDomainSocketAddress.of(socket));
            } catch (IOException e) {
                throw connectFailure(e, socket);
            }
            Protocol.Request sent = listener != null ? request.withProgress() : request;
            long timeout = listener != null ? silenceMillis : answerTimeoutMillis(request.op());
            try (Watchdog watchdog = timeout > 0 ? new Watchdog(ch, timeout) : null) {
                byte[] line = (ClientJson.write(sent) + "\n").getBytes(StandardCharsets.UTF_8);
                ByteBuffer out = ByteBuffer.wrap(line);
                while (out.hasRemaining()) {
                    ch.write(out);
                }
                LineReader lines = new LineReader(ch);
                while (true) {
                    String reply = lines.next(Protocol.MAX_RESPONSE);
                    if (reply == null) {
                        throw new IOException("the daemon closed the connection without answering");
                    }
                    Protocol.Progress p = listener != null ? ClientJson.readProgress(reply) : null;
                    if (p == null) {
                        return ClientJson.readResponse(reply);
                    }
                    if (watchdog != null) {
                        watchdog.extend();
                    }
                    listener.accept(p);
                }
            } catch (java.nio.channels.AsynchronousCloseException e) {
                throw new IOException(listener != null
                        ? "the daemon on " + socket + " sent nothing for " + timeout / 1000.0 + " s while it worked"
                        : "the daemon on " + socket + " did not answer within " + timeout / 1000.0
                                + " s (SPFSD_TIMEOUT sets the limit, in seconds)");
            }
        }
    }

    /** How long a request with progress waits for its next line: the daemon sends one a second. */
    static final long PROGRESS_SILENCE_MILLIS = 60_000;

    /** Closes a channel once its deadline passes; each {@link #extend} moves the deadline on. */
    private static final class Watchdog implements AutoCloseable {
        private final SocketChannel ch;
        private final long limitMillis;
        private volatile long deadline;
        private final Thread thread;

        Watchdog(SocketChannel ch, long limitMillis) {
            this.ch = ch;
            this.limitMillis = limitMillis;
            extend();
            this.thread = Thread.ofPlatform().daemon(true).name("control-timeout").start(this::watch);
        }

        void extend() {
            deadline = System.nanoTime() + limitMillis * 1_000_000L;
        }

        private void watch() {
            try {
                long left;
                while ((left = deadline - System.nanoTime()) > 0) {
                    java.util.concurrent.TimeUnit.NANOSECONDS.sleep(left);
                }
                ch.close();
            } catch (InterruptedException | IOException e) {
                // answered in time, or already closed
            }
        }

        @Override
        public void close() {
            thread.interrupt();
        }
    }

    /**
     * What a failed connect means to the user: nobody listens, or the socket is another user's
     * (the kernel's EACCES, which the JDK reports as a BindException or SocketException saying
     * "Permission denied": the socket's directory or the socket itself is not theirs to use).
     */
    static IOException connectFailure(IOException e, Path socket) {
        if (e instanceof java.net.ConnectException || e instanceof java.nio.file.NoSuchFileException) {
            return new NotRunningException(socket);
        }
        if (e.getMessage() != null && e.getMessage().contains("Permission denied")) {
            return new IOException("permission denied: the daemon on " + socket + " does not take requests from "
                    + System.getProperty("user.name", "this user") + " (its socket is another user's; ask its owner"
                    + " for access, or use a daemon of your own: unset SPFSD_SOCKET)", e);
        }
        if (!java.nio.file.Files.exists(socket)) {
            return new NotRunningException(socket);
        }
        return new IOException("cannot connect to " + socket + ": " + e.getMessage(), e);
    }
}
