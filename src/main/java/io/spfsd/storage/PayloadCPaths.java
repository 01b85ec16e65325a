package io.spfsd.storage;

import io.spfsd.os.NativePaths;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Payload paths as C strings, built from bytes: every open of a file in a runtime makes one,
 * so none allocates a Path, a String or the digest's text (docs/repository-format.md has the
 * layout: payloads/AB/CDEF..., the first two characters of the digest naming a directory).
 */
final class PayloadCPaths {
    /** payloads/ with its trailing slash, as the file system's bytes. */
    private final byte[] prefix;
    private static final ThreadLocal<byte[]> SHARDED_NAME = ThreadLocal.withInitial(
            () -> new byte[Digest.SHARDED_LENGTH]);

    PayloadCPaths(Path payloads) {
        byte[] dir = NativePaths.bytes(payloads);
        prefix = Arrays.copyOf(dir, dir.length + 1);
        prefix[dir.length] = '/';
    }

    /** d's payload path in this thread's NativePaths buffer, valid until its next use. */
    MemorySegment of(Digest d) {
        byte[] name = SHARDED_NAME.get();
        d.writeShardedText(name, 0);
        return NativePaths.of(prefix, name);
    }
}
