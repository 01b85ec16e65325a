package io.spfsd.storage.spfs;

import io.spfsd.storage.Digest;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * spfs's legacy binary encoding, written into bytes or straight into a hash: 8-byte
 * big-endian integers, raw 32-byte digests, NUL-ended UTF-8 strings (a string holding a NUL
 * cannot be written).
 */
final class LegacyWriter {
    private final ByteArrayOutputStream bytes;
    private final MessageDigest hash;

    private LegacyWriter(ByteArrayOutputStream bytes, MessageDigest hash) {
        this.bytes = bytes;
        this.hash = hash;
        this.pending = hash != null ? new byte[16 * 1024] : null;
    }

    static LegacyWriter toBytes() {
        return new LegacyWriter(new ByteArrayOutputStream(), null);
    }

    /** Into a buffer of about the size expected (grown as needed). */
    static LegacyWriter toBytes(int expected) {
        return new LegacyWriter(new ByteArrayOutputStream(expected), null);
    }

    static LegacyWriter toHash() {
        return new LegacyWriter(null, Digest.sha256());
    }

    /** For what is large (a manifest: every tree's bytes): the system's SHA-256, fast from the first byte. */
    static LegacyWriter toBulkHash() {
        return new LegacyWriter(null, Digest.sha256ForBulk());
    }

    /**
     * What is to be hashed, gathered first: an entry is five small pieces, and each update of
     * the hash is a call into native code (NativeSha256); hashing 16 KiB at a time made the
     * digests of a 100,000-entry manifest's trees several times faster.
     */
    private final byte[] pending;
    private int pendingLength;

    LegacyWriter raw(byte[] b) {
        if (hash == null) {
            bytes.writeBytes(b);
        } else if (b.length > pending.length - pendingLength) {
            flush();
            if (b.length > pending.length) {
                hash.update(b);
            } else {
                System.arraycopy(b, 0, pending, 0, b.length);
                pendingLength = b.length;
            }
        } else {
            System.arraycopy(b, 0, pending, pendingLength, b.length);
            pendingLength += b.length;
        }
        return this;
    }

    private void flush() {
        hash.update(pending, 0, pendingLength);
        pendingLength = 0;
    }

    LegacyWriter u64(long v) {
        byte[] b = new byte[8];
        for (int i = 7; i >= 0; i--) {
            b[i] = (byte) v;
            v >>>= 8;
        }
        return raw(b);
    }

    LegacyWriter digest(Digest d) {
        return raw(d.toBytes());
    }

    LegacyWriter string(String s) {
        if (s.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("a string with a NUL cannot be encoded: " + s.replace('\0', '?'));
        }
        raw(s.getBytes(StandardCharsets.UTF_8));
        return raw(new byte[] {0});
    }

    byte[] bytes() {
        return bytes.toByteArray();
    }

    Digest digest() {
        flush();
        return Digest.fromBytes(hash.digest());
    }
}
