package io.spfsd.storage;

import io.spfsd.os.NativePaths;
import io.spfsd.os.Posix;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The exact bytes of names Java cannot decode ({@link NativePaths}), as the Strings that
 * stand for them ({@link Names}). Only names that came out with a U+FFFD take this slower way.
 * Symlink targets are bytes too: read and written here, never through java.nio's Path, which
 * would replace what is not UTF-8.
 */
public final class RawPaths {
    private RawPaths() {
    }

    /** The file name of p, exactly. */
    public static String fileName(Path p) {
        byte[] exact = NativePaths.lossyFileNameBytes(p);
        return exact == null ? p.getFileName().toString() : Names.decode(exact);
    }

    /** The target of the symlink p, exactly. */
    public static String linkTarget(Path p) throws IOException {
        String s = Files.readSymbolicLink(p).toString();
        if (!NativePaths.isLossy(s)) {
            return s;
        }
        try (Arena a = Arena.ofConfined()) {
            MemorySegment buf = a.allocate(4096);
            long n = Posix.readlink(NativePaths.of(p), buf, buf.byteSize());
            if (n < 0) {
                throw new IOException("cannot read the symlink " + p + " (errno " + Posix.errno() + ")");
            }
            return Names.decode(buf.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE));
        }
    }
}
