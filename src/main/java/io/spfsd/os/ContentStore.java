package io.spfsd.os;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;

/**
 * Copies files into a directory under the names their contents give (see
 * {@link Os#contentStore}). The bytes never pass through Java's heap. Closing it closes the
 * descriptors it keeps.
 */
public interface ContentStore extends AutoCloseable {
    /**
     * Copies the regular file src (expectedSize bytes, as a stat said) into a new file in
     * tmpDir (on the store's file system; anonymous where the system allows), hashing the
     * bytes with SHA-256 as they pass, then gives the copy the name namer gives for that
     * digest, never replacing a file of that name (content-addressed: it holds the same
     * bytes; the copy is then dropped). Null when anything failed: nothing is left behind,
     * and the Java way, done again, says what.
     */
    Copy store(Path src, long expectedSize, Path tmpDir, Namer namer);

    @Override
    void close();

    /** Where a copy goes once its SHA-256 is known: a NUL-terminated path relative to the store's directory, whose directory exists. */
    @FunctionalInterface
    interface Namer {
        MemorySegment nameFor(byte[] sha256) throws IOException;
    }

    /**
     * What {@link #store} did with a file.
     *
     * @param sha256 the SHA-256 of the bytes copied
     * @param size   how many bytes were copied
     * @param placed whether the copy now has the content's name; false when a file of that
     *               name was there already and the copy was dropped
     * @param stat   the placed copy's stat (null if not placed, or if it could not be read)
     */
    record Copy(byte[] sha256, long size, boolean placed, FileStat stat) {
    }
}
