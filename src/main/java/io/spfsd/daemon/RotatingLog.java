package io.spfsd.daemon;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The daemon's log file, rotated by size: past {@code maxBytes} it becomes FILE.1 (the
 * previous FILE.1 becomes FILE.2, the oldest is dropped), so a long-lived daemon's log
 * never takes more than about three times the limit.
 */
public final class RotatingLog extends OutputStream {
    public static final long DEFAULT_MAX_BYTES = 10L << 20;
    static final int KEPT = 2;

    private final Path file;
    private final long maxBytes;
    private FileOutputStream out;
    private long size;

    private RotatingLog(Path file, long maxBytes) throws IOException {
        this.file = file;
        this.maxBytes = maxBytes;
        open();
    }

    /** Sends System.out and System.err (and so the daemon's logger) to file. */
    public static void redirectStandardStreams(Path file, long maxBytes) throws IOException {
        PrintStream ps = new PrintStream(new RotatingLog(file, maxBytes), true, StandardCharsets.UTF_8);
        System.setOut(ps);
        System.setErr(ps);
    }

    static RotatingLog open(Path file, long maxBytes) throws IOException {
        return new RotatingLog(file, maxBytes);
    }

    private void open() throws IOException {
        out = new FileOutputStream(file.toFile(), true);
        size = Files.size(file);
    }

    @Override
    public synchronized void write(int b) throws IOException {
        write(new byte[]{(byte) b}, 0, 1);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) throws IOException {
        if (size > 0 && size + len > maxBytes) {
            rotate();
        }
        out.write(b, off, len);
        size += len;
    }

    private void rotate() throws IOException {
        out.close();
        for (int i = KEPT; i >= 1; i--) {
            Path from = i == 1 ? file : file.resolveSibling(file.getFileName() + "." + (i - 1));
            if (Files.exists(from)) {
                Files.move(from, file.resolveSibling(file.getFileName() + "." + i), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        open();
    }

    @Override
    public synchronized void flush() throws IOException {
        out.flush();
    }

    @Override
    public synchronized void close() throws IOException {
        out.close();
    }
}
