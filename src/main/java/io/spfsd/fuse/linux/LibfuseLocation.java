package io.spfsd.fuse.linux;

import io.spfsd.os.Platform;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Where the libfuse3 library is: $SPFSD_LIBFUSE if set, else the usual places of the platform.
 * Linux: the fuse3 package's libfuse3.so.3 in the multiarch and plain library directories.
 * macOS: macFUSE 4.10+ installs libfuse3 in /usr/local/lib on Intel and Apple silicon alike
 * (../shared/platform/macos-facts.md 1.2); older macFUSE has only libfuse 2, which spfsd cannot use.
 */
final class LibfuseLocation {
    private LibfuseLocation() {
    }

    static List<Path> candidates(Platform p) {
        if (p.isMac()) {
            return List.of(Path.of("/usr/local/lib/libfuse3.4.dylib"), Path.of("/usr/local/lib/libfuse3.dylib"));
        }
        String multiarch = p == Platform.LINUX_AARCH64 ? "aarch64-linux-gnu" : "x86_64-linux-gnu";
        return List.of(Path.of("/lib", multiarch, "libfuse3.so.3"), Path.of("/usr/lib", multiarch, "libfuse3.so.3"),
                Path.of("/usr/lib64/libfuse3.so.3"), Path.of("/lib64/libfuse3.so.3"), Path.of("/usr/lib/libfuse3.so.3"),
                Path.of("/usr/local/lib/libfuse3.so.3"), Path.of("/usr/local/lib64/libfuse3.so.3"));
    }

    /** The library to load; a one-line error naming what to install when there is none. */
    static Path find(Platform p, String override) {
        if (override != null && !override.isBlank()) {
            Path o = Path.of(override);
            if (!Files.isRegularFile(o)) {
                throw new IllegalStateException("SPFSD_LIBFUSE names " + o + ", which is not a file");
            }
            return o;
        }
        for (Path c : candidates(p)) {
            if (Files.isRegularFile(c)) {
                return c;
            }
        }
        throw new IllegalStateException(p.isMac()
                ? "macFUSE's libfuse3 is not installed (looked for /usr/local/lib/libfuse3.4.dylib): install macFUSE"
                + " 4.10 or newer (brew install --cask macfuse), or set SPFSD_LIBFUSE"
                : "libfuse3 is not installed (looked for libfuse3.so.3 in the usual library directories): install"
                + " the fuse3 package (Debian: apt-get install fuse3), or set SPFSD_LIBFUSE");
    }
}
