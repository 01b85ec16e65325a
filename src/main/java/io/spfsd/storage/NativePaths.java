package io.spfsd.storage;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** A path as a NUL-terminated C string in this thread's buffer, valid until the next call. */
final class NativePaths {
    private static final int MAX = 4096;
    private static final ThreadLocal<MemorySegment> BUFFER = ThreadLocal.withInitial(
            () -> Arena.ofAuto().allocate(MAX + 1));

    private NativePaths() {
    }

    static MemorySegment of(Path p) {
        String text = p.toString();
        // A name Java could not decode: its exact bytes come from the Path itself.
        byte[] b = RawPaths.isLossy(text) ? RawPaths.absoluteBytes(p) : text.getBytes(StandardCharsets.UTF_8);
        if (b.length > MAX) {
            throw new RepositoryException("path too long: " + p);
        }
        MemorySegment s = BUFFER.get();
        MemorySegment.copy(b, 0, s, ValueLayout.JAVA_BYTE, 0, b.length);
        s.set(ValueLayout.JAVA_BYTE, b.length, (byte) 0);
        return s;
    }
}
