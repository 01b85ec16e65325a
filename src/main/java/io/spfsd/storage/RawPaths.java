package io.spfsd.storage;

import io.spfsd.platform.Libc;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The exact bytes of names Java cannot decode. A Path from a directory listing keeps the
 * name's bytes, but its toString() replaces bytes that are not UTF-8 with U+FFFD; its URI
 * percent-encodes the bytes themselves, which is how they are recovered here (public API,
 * no reflection). Only names that came out with a U+FFFD take this slower way.
 */
final class RawPaths {
    private RawPaths() {
    }

    static boolean isLossy(String decoded) {
        return decoded.indexOf('\uFFFD') >= 0;
    }

    /** The file name of p, exactly. */
    static String fileName(Path p) {
        String s = p.getFileName().toString();
        if (!isLossy(s)) {
            return s;
        }
        byte[] abs = absoluteBytes(p);
        int slash = abs.length - 1;
        while (slash >= 0 && abs[slash] != '/') {
            slash--;
        }
        return Names.decode(abs, slash + 1, abs.length - slash - 1);
    }

    /** The target of the symlink p, exactly. */
    static String linkTarget(Path p) throws IOException {
        String s = Files.readSymbolicLink(p).toString();
        if (!isLossy(s)) {
            return s;
        }
        byte[] path = absoluteBytes(p);
        try (Arena a = Arena.ofConfined()) {
            MemorySegment cPath = a.allocate(path.length + 1L);
            MemorySegment.copy(path, 0, cPath, ValueLayout.JAVA_BYTE, 0, path.length);
            MemorySegment buf = a.allocate(4096);
            long n = Libc.readlink(cPath, buf, buf.byteSize());
            if (n < 0) {
                throw new IOException("cannot read the symlink " + p + " (errno " + Libc.errno() + ")");
            }
            return Names.decode(buf.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE));
        }
    }

    /** p's absolute path as bytes, from its URI; no trailing slash. */
    static byte[] absoluteBytes(Path p) {
        String raw = p.toAbsolutePath().toUri().getRawPath();
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%' && i + 2 < raw.length()) {
                out.write(Integer.parseInt(raw, i + 1, i + 3, 16));
                i += 2;
            } else {
                out.write(c); // the URI's raw path is ASCII: everything else was percent-encoded
            }
        }
        byte[] b = out.toByteArray();
        int len = b.length;
        while (len > 1 && b[len - 1] == '/') {
            len--; // a directory's URI ends in '/'
        }
        return java.util.Arrays.copyOf(b, len);
    }
}
