package io.spfsd.os;

import java.io.ByteArrayOutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Paths for native calls: exactly the bytes the file system has. A Path from a directory
 * listing keeps a name's bytes, but its toString() replaces bytes that are not UTF-8 with
 * U+FFFD; its URI percent-encodes the bytes themselves, which is how they are recovered
 * (public API, no reflection). Only paths that come out with a U+FFFD take that way.
 */
public final class NativePaths {
    /** The system's longest path, its NUL included (Linux's PATH_MAX): paths of this many bytes or more are refused. */
    public static final int PATH_MAX = 4096;
    private static final int MAX = PATH_MAX;
    private static final byte[] NO_BYTES = new byte[0];
    private static final ThreadLocal<MemorySegment> BUFFER = ThreadLocal.withInitial(
            () -> Arena.ofAuto().allocate(MAX + 1));
    private static final ThreadLocal<MemorySegment> SECOND = ThreadLocal.withInitial(
            () -> Arena.ofAuto().allocate(MAX + 1));

    private NativePaths() {
    }

    public static boolean isLossy(String decoded) {
        return decoded.indexOf('\uFFFD') >= 0;
    }

    /** p as a NUL-terminated C string in this thread's buffer, valid until the next call. */
    public static MemorySegment of(Path p) {
        byte[] b = bytes(p);
        if (b.length > MAX) {
            throw new IllegalArgumentException("path too long: " + p);
        }
        MemorySegment s = BUFFER.get();
        MemorySegment.copy(b, 0, s, ValueLayout.JAVA_BYTE, 0, b.length);
        s.set(ValueLayout.JAVA_BYTE, b.length, (byte) 0);
        return s;
    }

    /** path's bytes as a NUL-terminated C string in this thread's buffer, valid until the next call. */
    public static MemorySegment of(byte[] path) {
        return of(path, NO_BYTES);
    }

    /** head then tail as one NUL-terminated C string in this thread's buffer, valid until the next call. */
    public static MemorySegment of(byte[] head, byte[] tail) {
        return into(BUFFER.get(), head, tail);
    }

    /**
     * path's bytes as a NUL-terminated C string in this thread's second buffer, valid until the
     * next call: for the calls that take two (rename, link, symlink) beside {@link #of(byte[])}.
     */
    public static MemorySegment ofSecond(byte[] path) {
        return into(SECOND.get(), path, NO_BYTES);
    }

    private static MemorySegment into(MemorySegment s, byte[] head, byte[] tail) {
        if (head.length + tail.length > MAX) {
            throw new IllegalArgumentException("path too long: " + (head.length + tail.length) + " bytes");
        }
        MemorySegment.copy(head, 0, s, ValueLayout.JAVA_BYTE, 0, head.length);
        MemorySegment.copy(tail, 0, s, ValueLayout.JAVA_BYTE, head.length, tail.length);
        s.set(ValueLayout.JAVA_BYTE, head.length + tail.length, (byte) 0);
        return s;
    }

    /** p's exact bytes as a NUL-terminated C string in arena, for calls that need several at once. */
    public static MemorySegment of(Arena arena, Path p) {
        return cString(arena, bytes(p));
    }

    /** b as a NUL-terminated C string in arena (the arena's memory starts zeroed). */
    public static MemorySegment cString(Arena arena, byte[] b) {
        return cString(arena, b, 0, b.length);
    }

    /** b[off, off + len) as a NUL-terminated C string in arena. */
    public static MemorySegment cString(Arena arena, byte[] b, int off, int len) {
        MemorySegment s = arena.allocate(len + 1L);
        MemorySegment.copy(b, off, s, ValueLayout.JAVA_BYTE, 0, len);
        return s;
    }

    /**
     * dir's entry name, given as its exact bytes: a name that is not UTF-8 cannot go through
     * Path.resolve(String), whose encoder would replace its bytes, so it goes through a file URI
     * with the bytes percent-encoded, which Java turns back into exactly those bytes.
     */
    public static Path child(Path dir, byte[] name) {
        String text = new String(name, StandardCharsets.UTF_8);
        if (java.util.Arrays.equals(text.getBytes(StandardCharsets.UTF_8), name)) {
            return dir.resolve(text);
        }
        StringBuilder uri = new StringBuilder(dir.toAbsolutePath().toUri().getRawPath());
        if (uri.charAt(uri.length() - 1) != '/') {
            uri.append('/');
        }
        for (byte x : name) {
            int c = x & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~".indexOf(c) >= 0) {
                uri.append((char) c);
            } else {
                uri.append('%').append(String.format("%02X", c));
            }
        }
        return Path.of(java.net.URI.create("file://" + uri));
    }

    /** The bytes of p: its UTF-8 text, or, where Java could not decode it, its absolute path's exact bytes. */
    public static byte[] bytes(Path p) {
        String text = p.toString();
        return isLossy(text) ? absoluteBytes(p) : text.getBytes(StandardCharsets.UTF_8);
    }

    /** The exact bytes of p's file name; null when its text is exact already (nothing was lost decoding it). */
    public static byte[] lossyFileNameBytes(Path p) {
        if (!isLossy(p.getFileName().toString())) {
            return null;
        }
        byte[] abs = absoluteBytes(p);
        int slash = abs.length - 1;
        while (slash >= 0 && abs[slash] != '/') {
            slash--;
        }
        return java.util.Arrays.copyOfRange(abs, slash + 1, abs.length);
    }

    /** p's absolute path as bytes, from its URI; no trailing slash. */
    public static byte[] absoluteBytes(Path p) {
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
