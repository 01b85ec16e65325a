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

    public ControlClient(Path socket) {
        this.socket = socket;
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
            } catch (java.net.ConnectException | java.nio.file.NoSuchFileException e) {
                throw new NotRunningException(socket);
            } catch (IOException e) {
                if (!java.nio.file.Files.exists(socket)) {
                    throw new NotRunningException(socket);
                }
                throw new IOException("cannot connect to " + socket + ": " + e.getMessage(), e);
            }
            byte[] line = (Protocol.JSON.writeValueAsString(request) + "\n").getBytes(StandardCharsets.UTF_8);
            ByteBuffer out = ByteBuffer.wrap(line);
            while (out.hasRemaining()) {
                ch.write(out);
            }
            String reply = LineReader.readLine(ch, Protocol.MAX_RESPONSE);
            if (reply == null) {
                throw new IOException("the daemon closed the connection without answering");
            }
            return Protocol.JSON.readValue(reply, Protocol.Response.class);
        }
    }
}
