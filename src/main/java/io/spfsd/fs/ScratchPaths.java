package io.spfsd.fs;

import io.spfsd.storage.Names;
import java.nio.file.Path;

/**
 * Paths in a scratch for names that are bytes (io.spfsd.storage.Names), exactly those bytes
 * whether UTF-8 or not (NativePaths.child).
 */
final class ScratchPaths {
    private ScratchPaths() {
    }

    static Path child(Path dir, String name) {
        return io.spfsd.os.NativePaths.child(dir, Names.encode(name));
    }

    /**
     * The components of a path inside a runtime's view as a client gives it: relative to the
     * view's root (a leading '/' is the root too), '.' and empty components dropped. A ".."
     * or a NUL is refused: such a path is not one inside the view, whatever it would resolve to.
     */
    static java.util.List<String> components(String path) {
        if (path.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("a path cannot hold a NUL byte");
        }
        java.util.List<String> parts = new java.util.ArrayList<>();
        for (String part : path.split("/")) {
            if (part.equals("..")) {
                throw new IllegalArgumentException("'" + io.spfsd.storage.Names.display(path)
                        + "' has a '..': give a path inside the runtime, from its root");
            }
            if (!part.isEmpty() && !part.equals(".")) {
                if (io.spfsd.storage.Names.encodedLength(part) > io.spfsd.storage.Names.MAX_BYTES) {
                    throw new IllegalArgumentException("a name in '" + io.spfsd.storage.Names.display(path)
                            + "' is longer than " + io.spfsd.storage.Names.MAX_BYTES + " bytes");
                }
                parts.add(part);
            }
        }
        return parts;
    }

    /** The exact name of p (bytes as Names' String), however Java decoded it. */
    static String name(Path p) {
        return io.spfsd.storage.RawPaths.fileName(p);
    }
}
