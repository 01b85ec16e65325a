package io.spfsd.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Write-to-temp-then-rename, so a reader (or a crash) sees either no file or the whole file.
 * Temp files live in the repository's tmp/ so the rename never crosses a filesystem.
 */
public final class AtomicFiles {
    private AtomicFiles() {
    }

    /** Writes bytes to target atomically, forcing them to disk before the rename. */
    public static void write(Path tmpDir, Path target, byte[] data) throws IOException {
        write(tmpDir, target, data, true);
    }

    /** The same; force false skips the sync, for a cache that costs nothing but time if lost. */
    static void write(Path tmpDir, Path target, byte[] data, boolean force) throws IOException {
        Path tmp = createTemp(tmpDir, "w-");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ByteBuffer buf = ByteBuffer.wrap(data);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                if (force) {
                    ch.force(true);
                }
            }
            publish(tmp, target, true);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static final String PID = ProcessHandle.current().pid() + "-";
    private static final java.util.concurrent.atomic.AtomicLong TEMPS = new java.util.concurrent.atomic.AtomicLong();

    /**
     * Creates a new empty file in dir named prefix, this process's id and a counter. Not
     * Files.createTempFile: its random names start a SecureRandom, ~10 ms of a commit that
     * writes nothing else. A name a dead process with the same id left is skipped.
     */
    static Path createTemp(Path dir, String prefix) throws IOException {
        while (true) {
            try {
                return Files.createFile(tempName(dir, prefix));
            } catch (java.nio.file.FileAlreadyExistsException e) {
                // left by an earlier process of this id: the next number
            }
        }
    }

    /** A name in dir no other temporary file of this process has: for a writer that creates it itself. */
    static Path tempName(Path dir, String prefix) {
        return dir.resolve(prefix + PID + TEMPS.incrementAndGet() + ".tmp");
    }

    /**
     * Renames a finished temp file into place. With replace false, an existing target wins
     * (content-addressed files with the same name have the same content). True if tmp became
     * target.
     */
    static boolean publish(Path tmp, Path target, boolean replace) throws IOException {
        Files.createDirectories(target.getParent());
        if (!replace && Files.exists(target)) {
            Files.deleteIfExists(tmp);
            return false;
        }
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            return true;
        } catch (FileAlreadyExistsException e) {
            Files.deleteIfExists(tmp);
            return false;
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the repository's filesystem cannot rename atomically: " + target, e);
        }
    }
}
