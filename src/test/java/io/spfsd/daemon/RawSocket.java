package io.spfsd.daemon;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Sends raw bytes to the control socket and returns what comes back, for malformed-input tests. */
final class RawSocket {
    private RawSocket() {
    }

    static String send(Path socket, String raw) throws IOException {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            ByteBuffer out = ByteBuffer.wrap(raw.getBytes(StandardCharsets.UTF_8));
            while (out.hasRemaining()) {
                ch.write(out);
            }
            ch.shutdownOutput();
            ByteBuffer in = ByteBuffer.allocate(8192);
            StringBuilder sb = new StringBuilder();
            while (ch.read(in) > 0) {
                in.flip();
                sb.append(StandardCharsets.UTF_8.decode(in));
                in.clear();
            }
            return sb.toString();
        } catch (IOException e) {
            return "connection error: " + e.getMessage();
        }
    }
}
