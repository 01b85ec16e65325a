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
 */
final class RawPaths {
    private RawPaths() {
    }

    /** The file name of p, exactly. */
    static String fileName(Path p) {
        String s = p.getFileName().toString();
        if (!NativePaths.isLossy(s)) {
            return s;
        }
        byte[] abs = NativePaths.absoluteBytes(p);
        int slash = abs.length - 1;
        while (slash >= 0 && abs[slash] != '/') {
            slash--;
        }
        return Names.decode(abs, slash + 1, abs.length - slash - 1);
    }

    /** The target of the symlink p, exactly. */
    static String linkTarget(Path p) throws IOException {
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
