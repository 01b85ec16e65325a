package io.spfsd.control;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;

/**
 * Lines of the control protocol: reads '\n'-terminated lines of at most a given number of
 * bytes, one ({@link #readLine}) or one after another from an instance, which keeps what came
 * after each line; and writes one ({@link #writeLine}).
 */
final class LineReader {
    private static final int MAX_DRAIN = 16 * 1024 * 1024;

    private final ReadableByteChannel ch;
    private final ByteBuffer buf = ByteBuffer.allocate(4096).flip();

    LineReader(ReadableByteChannel ch) {
        this.ch = ch;
    }

    /** The next line without its newline; null at end of stream before any byte of it. */
    String next(int limit) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(256);
        while (true) {
            while (buf.hasRemaining()) {
                byte b = buf.get();
                if (b == '\n') {
                    return line.toString(StandardCharsets.UTF_8);
                }
                line.write(b);
                if (line.size() > limit) {
                    throw new TooLongException(limit);
                }
            }
            buf.clear();
            int n = ch.read(buf);
            buf.flip();
            if (n < 0) {
                return line.size() == 0 ? null : line.toString(StandardCharsets.UTF_8);
            }
        }
    }

    /** A line over the limit. */
    static final class TooLongException extends IOException {
        TooLongException(int limit) {
            super("message longer than " + limit + " bytes");
        }
    }

    /**
     * Discards the rest of an oversized message (up to a bound), so that the error reply is
     * not lost to a connection reset caused by unread input.
     */
    static void drain(ReadableByteChannel ch) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(8192);
        long total = 0;
        int n;
        while (total < MAX_DRAIN && (n = ch.read(buf)) > 0) {
            for (int i = 0; i < n; i++) {
                if (buf.get(i) == '\n') {
                    return;
                }
            }
            total += n;
            buf.clear();
        }
    }

    /** The line without its newline; null at end of stream before any byte (what came after it is dropped). */
    static String readLine(ReadableByteChannel ch, int limit) throws IOException {
        return new LineReader(ch).next(limit);
    }

    /** message as one line of the protocol's JSON, written whole to ch. */
    static void writeLine(java.nio.channels.WritableByteChannel ch, Object message) throws IOException {
        ByteBuffer b = ByteBuffer.wrap((Protocol.JSON.writeValueAsString(message) + "\n").getBytes(StandardCharsets.UTF_8));
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }
}
