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
final class AtomicFiles {
    private AtomicFiles() {
    }

    /** Writes bytes to target atomically, forcing them to disk before the rename. */
    static void write(Path tmpDir, Path target, byte[] data) throws IOException {
        write(tmpDir, target, data, true);
    }

    /** The same; force false skips the sync, for a cache that costs nothing but time if lost. */
    static void write(Path tmpDir, Path target, byte[] data, boolean force) throws IOException {
        Path tmp = Files.createTempFile(tmpDir, "w-", ".tmp");
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
