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
    }

    static LegacyWriter toBytes() {
        return new LegacyWriter(new ByteArrayOutputStream(), null);
    }

    static LegacyWriter toHash() {
        return new LegacyWriter(null, Digest.sha256());
    }

    LegacyWriter raw(byte[] b) {
        if (hash != null) {
            hash.update(b);
        } else {
            bytes.writeBytes(b);
        }
        return this;
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
        return Digest.fromBytes(hash.digest());
    }
}
