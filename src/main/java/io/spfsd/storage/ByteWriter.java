package io.spfsd.storage;

import java.security.MessageDigest;
import java.util.Arrays;

/**
 * Big-endian bytes written into one array, integers and digests put in place: growing until
 * the bytes are taken, or, given a hash, handed to it a chunk at a time. What spfsd's object
 * encoding and spfs's legacy encoding both write with. A conversion encodes 100,000 entries
 * mostly before the JIT has compiled this, and a small array per field (as a stream wants) or
 * a lock per write (ByteArrayOutputStream's) was a third of that time.
 */
public final class ByteWriter {
    /** Each hash update is a call into native code (NativeSha256): 16 KiB at a time, not a field. */
    private static final int HASH_CHUNK = 16 * 1024;

    private final MessageDigest hash;
    private byte[] buf;
    private int length;

    private ByteWriter(int capacity, MessageDigest hash) {
        this.buf = new byte[Math.max(capacity, 16)];
        this.hash = hash;
    }

    /** Into an array of about the size expected (grown as needed). */
    public static ByteWriter growing(int expected) {
        return new ByteWriter(expected, null);
    }

    /** Into hash; {@link #finish} gives the digest. */
    public static ByteWriter hashing(MessageDigest hash) {
        return new ByteWriter(HASH_CHUNK, hash);
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

    public ByteWriter raw(byte[] b) {
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

    public ByteWriter u8(int v) {
        room(1);
        buf[length++] = (byte) v;
        return this;
    }

    public ByteWriter u32(int v) {
        room(4);
        buf[length] = (byte) (v >>> 24);
        buf[length + 1] = (byte) (v >>> 16);
        buf[length + 2] = (byte) (v >>> 8);
        buf[length + 3] = (byte) v;
        length += 4;
        return this;
    }

    public ByteWriter u64(long v) {
        room(8);
        Digest.putLong(buf, length, v);
        length += 8;
        return this;
    }

    public ByteWriter digest(Digest d) {
        room(Digest.BYTES);
        d.writeTo(buf, length);
        length += Digest.BYTES;
        return this;
    }

    /** The bytes written (not for a hashing writer); the writer is done with. */
    public byte[] bytes() {
        return length == buf.length ? buf : Arrays.copyOf(buf, length);
    }

    /** The digest of everything written (a hashing writer). */
    public Digest finish() {
        hash.update(buf, 0, length);
        length = 0;
        return Digest.fromBytes(hash.digest());
    }
}
