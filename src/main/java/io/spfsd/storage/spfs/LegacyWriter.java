package io.spfsd.storage.spfs;

import io.spfsd.storage.Digest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * spfs's legacy binary encoding, written into bytes or straight into a hash: 8-byte
 * big-endian integers, raw 32-byte digests, NUL-ended UTF-8 strings (a string holding a NUL
 * cannot be written).
 *
 * <p>Everything goes into one buffer, integers and digests in place: a manifest of 100,000
 * entries is encoded once per conversion, mostly before the JIT has compiled this, and a
 * small array per field (as ByteArrayOutputStream writes needed) was a third of its time.
 * Hashed, the buffer is 16 KiB and handed to the hash when full: each update is a call
 * into native code (NativeSha256).
 */
final class LegacyWriter {
    private static final int HASH_CHUNK = 16 * 1024;

    private final MessageDigest hash;
    private byte[] buf;
    private int length;

    private LegacyWriter(int capacity, MessageDigest hash) {
        this.buf = new byte[capacity];
        this.hash = hash;
    }

    static LegacyWriter toBytes() {
        return new LegacyWriter(256, null);
    }

    /** Into a buffer of about the size expected (grown as needed). */
    static LegacyWriter toBytes(int expected) {
        return new LegacyWriter(Math.max(expected, 16), null);
    }

    static LegacyWriter toHash() {
        return new LegacyWriter(HASH_CHUNK, Digest.sha256());
    }

    /** For what is large (a manifest: every tree's bytes): the system's SHA-256, fast from the first byte. */
    static LegacyWriter toBulkHash() {
        return new LegacyWriter(HASH_CHUNK, Digest.sha256ForBulk());
    }

    /** Room for n more bytes at buf[length..]. */
    private void room(int n) {
        if (buf.length - length >= n) {
            return;
        }
        if (hash != null) {
            hash.update(buf, 0, length);
            length = 0;
            if (n <= buf.length) {
                return;
            }
        }
        buf = Arrays.copyOf(buf, Math.max(buf.length * 2, length + n));
    }

    LegacyWriter raw(byte[] b) {
        if (hash != null && b.length > HASH_CHUNK) {
            hash.update(buf, 0, length);
            length = 0;
            hash.update(b);
            return this;
        }
        room(b.length);
        System.arraycopy(b, 0, buf, length, b.length);
        length += b.length;
        return this;
    }

    LegacyWriter u8(int v) {
        room(1);
        buf[length++] = (byte) v;
        return this;
    }

    LegacyWriter u64(long v) {
        room(8);
        Digest.putLong(buf, length, v);
        length += 8;
        return this;
    }

    LegacyWriter digest(Digest d) {
        room(Digest.BYTES);
        d.writeTo(buf, length);
        length += Digest.BYTES;
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
        raw(s);
        return u8(0);
    }

    byte[] bytes() {
        return Arrays.copyOf(buf, length);
    }

    Digest digest() {
        hash.update(buf, 0, length);
        length = 0;
        return Digest.fromBytes(hash.digest());
    }
}
