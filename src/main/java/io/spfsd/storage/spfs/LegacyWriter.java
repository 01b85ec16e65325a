package io.spfsd.storage.spfs;

import io.spfsd.storage.ByteWriter;
import io.spfsd.storage.Digest;
import java.nio.charset.StandardCharsets;

/**
 * spfs's legacy binary encoding, written into bytes or straight into a hash: 8-byte
 * big-endian integers, raw 32-byte digests, NUL-ended UTF-8 strings (a string holding a NUL
 * cannot be written). The bytes go through a {@link ByteWriter}.
 */
final class LegacyWriter {
    private final ByteWriter w;

    private LegacyWriter(ByteWriter w) {
        this.w = w;
    }

    static LegacyWriter toBytes() {
        return toBytes(256);
    }

    /** Into a buffer of about the size expected (grown as needed). */
    static LegacyWriter toBytes(int expected) {
        return new LegacyWriter(ByteWriter.growing(expected));
    }

    static LegacyWriter toHash() {
        return new LegacyWriter(ByteWriter.hashing(Digest.sha256()));
    }

    /** For what is large (a manifest: every tree's bytes): the system's SHA-256, fast from the first byte. */
    static LegacyWriter toBulkHash() {
        return new LegacyWriter(ByteWriter.hashing(Digest.sha256ForBulk()));
    }

    LegacyWriter raw(byte[] b) {
        w.raw(b);
        return this;
    }

    LegacyWriter u8(int v) {
        w.u8(v);
        return this;
    }

    LegacyWriter u64(long v) {
        w.u64(v);
        return this;
    }

    LegacyWriter digest(Digest d) {
        w.digest(d);
        return this;
    }

    LegacyWriter string(String s) {
        return utf8(stringBytes(s));
    }

    /** A string's bytes as the encoding writes them (before the ending NUL); one holding a NUL has none. */
    static byte[] stringBytes(String s) {
        if (s.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("a string with a NUL cannot be encoded: " + s.replace('\0', '?'));
        }
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** A string already encoded as UTF-8, without a NUL: its bytes and the ending NUL. */
    LegacyWriter utf8(byte[] s) {
        w.raw(s);
        w.u8(0);
        return this;
    }

    byte[] bytes() {
        return w.bytes();
    }

    Digest digest() {
        return w.finish();
    }
}
