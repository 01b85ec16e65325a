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

    public ControlClient(Path socket) {
        this(socket, quickTimeoutMillis(System.getenv("SPFSD_TIMEOUT")));
    }

    /** A client whose quick requests wait at most quickTimeoutMillis for their answer. */
    public ControlClient(Path socket, long quickTimeoutMillis) {
        this.socket = socket;
        this.quickTimeoutMillis = quickTimeoutMillis;
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
            long timeout = answerTimeoutMillis(request.op());
            Thread watchdog = timeout > 0 ? Thread.ofPlatform().daemon(true).name("control-timeout")
                    .start(() -> closeAfter(ch, timeout)) : null;
            String reply;
            try {
                byte[] line = (ClientJson.write(request) + "\n").getBytes(StandardCharsets.UTF_8);
                ByteBuffer out = ByteBuffer.wrap(line);
                while (out.hasRemaining()) {
                    ch.write(out);
                }
                reply = LineReader.readLine(ch, Protocol.MAX_RESPONSE);
            } catch (java.nio.channels.AsynchronousCloseException e) {
                throw new IOException("the daemon on " + socket + " did not answer within " + timeout / 1000.0
                        + " s (SPFSD_TIMEOUT sets the limit, in seconds)");
            } finally {
                if (watchdog != null) {
                    watchdog.interrupt();
                }
            }
            if (reply == null) {
                throw new IOException("the daemon closed the connection without answering");
            }
            return ClientJson.readResponse(reply);
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

    private static void closeAfter(SocketChannel ch, long millis) {
        try {
            Thread.sleep(millis);
            ch.close();
        } catch (InterruptedException | IOException e) {
            // answered in time, or already closed
        }
    }
}
