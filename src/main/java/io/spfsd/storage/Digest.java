package io.spfsd.storage;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * A SHA-256 digest. Printed as RFC 4648 base32 without padding (52 characters), the way spfs
 * users already read digests; parsing also accepts the padded 56-character form.
 *
 * <p>Held as four longs so that equality and hashing, which the daemon does on every lookup,
 * never touch an array.
 */
public final class Digest implements Comparable<Digest> {
    public static final int BYTES = 32;
    public static final int TEXT_LENGTH = 52;
    private static final char[] ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();

    /** The digest of zero bytes; also what masks carry, since they have no content. */
    public static final Digest EMPTY = of(new byte[0]);
    /** All-zero digest, written where an entry has no content (masks). */
    public static final Digest NONE = fromBytes(new byte[BYTES]);

    private final long w0, w1, w2, w3;

    private Digest(long w0, long w1, long w2, long w3) {
        this.w0 = w0;
        this.w1 = w1;
        this.w2 = w2;
        this.w3 = w3;
    }

    public static Digest fromBytes(byte[] raw) {
        if (raw.length != BYTES) {
            throw new IllegalArgumentException("a digest has 32 bytes, got " + raw.length);
        }
        ByteBuffer b = ByteBuffer.wrap(raw);
        return new Digest(b.getLong(), b.getLong(), b.getLong(), b.getLong());
    }

    /** The digest whose bytes are these four words, big-endian (as {@link #write} puts them). */
    public static Digest ofWords(long w0, long w1, long w2, long w3) {
        return new Digest(w0, w1, w2, w3);
    }

    public static Digest read(ByteBuffer b) {
        return new Digest(b.getLong(), b.getLong(), b.getLong(), b.getLong());
    }

    public void write(ByteBuffer b) {
        b.putLong(w0).putLong(w1).putLong(w2).putLong(w3);
    }

    /** Data this large or larger is hashed by {@link #sha256ForBulk()}. */
    private static final int BULK = 1 << 20;

    public static Digest of(byte[] data) {
        return fromBytes(sha256For(data.length).digest(data));
    }

    /** The SHA-256 for hashing about this many bytes: {@link #sha256ForBulk} from {@link #BULK} on. */
    static MessageDigest sha256For(long bytes) {
        return bytes >= BULK ? sha256ForBulk() : sha256();
    }

    /**
     * A SHA-256 digest for payloads and other bulk data: the system library's where there is
     * one (2 GB/s at every JIT tier), else the JDK's. Loading the library costs its first user
     * about 20 ms, so small things (objects, trees, names) take {@link #sha256()}.
     */
    public static MessageDigest sha256ForBulk() {
        return io.spfsd.os.NativeSha256.available() ? io.spfsd.os.NativeSha256.create() : sha256();
    }

    /** The JDK's SHA-256: quick to start, fast once C2 has compiled it (see sha256ForBulk). */
    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    /** Puts the 32 bytes at out[offset..]: what an encoder filling its own buffer needs, without a copy. */
    public void writeTo(byte[] out, int offset) {
        putLong(out, offset, w0);
        putLong(out, offset + 8, w1);
        putLong(out, offset + 16, w2);
        putLong(out, offset + 24, w3);
    }

    /** v big-endian at out[offset..offset + 8]. */
    public static void putLong(byte[] out, int offset, long v) {
        // Unrolled: called for every field of every entry an encoder writes, often before C2 has seen it.
        out[offset] = (byte) (v >>> 56);
        out[offset + 1] = (byte) (v >>> 48);
        out[offset + 2] = (byte) (v >>> 40);
        out[offset + 3] = (byte) (v >>> 32);
        out[offset + 4] = (byte) (v >>> 24);
        out[offset + 5] = (byte) (v >>> 16);
        out[offset + 6] = (byte) (v >>> 8);
        out[offset + 7] = (byte) v;
    }

    public byte[] toBytes() {
        ByteBuffer b = ByteBuffer.allocate(BYTES);
        write(b);
        return b.array();
    }

    /** Parses a full digest (52 or padded 56 base32 characters, any case). */
    public static Digest parse(String text) {
        String t = stripPadding(text);
        if (t.length() != TEXT_LENGTH || !isBase32(t)) {
            throw new IllegalArgumentException("not a digest: '" + text + "' (expected 52 base32 characters)");
        }
        byte[] out = new byte[BYTES];
        int buffer = 0, bits = 0, n = 0;
        for (int i = 0; i < t.length(); i++) {
            buffer = (buffer << 5) | value(t.charAt(i));
            bits += 5;
            if (bits >= 8) {
                bits -= 8;
                if (n < BYTES) {
                    out[n++] = (byte) (buffer >> bits);
                }
            }
        }
        return fromBytes(out);
    }

    /** True if the text could be the start of a digest (base32 characters only). */
    public static boolean isBase32(String t) {
        for (int i = 0; i < t.length(); i++) {
            char c = Character.toUpperCase(t.charAt(i));
            if (!((c >= 'A' && c <= 'Z') || (c >= '2' && c <= '7'))) {
                return false;
            }
        }
        return !t.isEmpty();
    }

    public static String stripPadding(String text) {
        String t = text.toUpperCase(java.util.Locale.ROOT);
        int end = t.length();
        while (end > 0 && t.charAt(end - 1) == '=') {
            end--;
        }
        return t.substring(0, end);
    }

    private static int value(char c) {
        char u = Character.toUpperCase(c);
        return u >= 'A' && u <= 'Z' ? u - 'A' : u - '2' + 26;
    }

    /** The digest as spfs prints it: base32 with its padding (56 characters). */
    public String spfsText() {
        return this + "====";
    }

    @Override
    public String toString() {
        byte[] text = new byte[TEXT_LENGTH];
        writeText(text, 0);
        return new String(text, java.nio.charset.StandardCharsets.US_ASCII);
    }

    /**
     * How many leading characters of a digest's text name its directory in a store
     * (docs/repository-format.md): objects/AB/CDEF..., payloads/AB/CDEF..., locally and on
     * every remote. {@link #shardedText} and {@link #writeShardedText} are the one place the
     * rule is written.
     */
    public static final int SHARD_CHARS = 2;
    /** The length of {@link #shardedText}: the digest's text and one slash. */
    public static final int SHARDED_LENGTH = TEXT_LENGTH + 1;

    /** "AB/CDEF...": the digest's path below a store's objects/ or payloads/. */
    public String shardedText() {
        byte[] text = new byte[SHARDED_LENGTH];
        writeShardedText(text, 0);
        return new String(text, java.nio.charset.StandardCharsets.US_ASCII);
    }

    /** How many shard directories a store has: one per value of the first {@link #SHARD_CHARS} characters. */
    public static final int SHARDS = 1 << (5 * SHARD_CHARS);

    /** The shard as a number below {@link #SHARDS}: the bits of its first characters (base32: five each). */
    public int shardIndex() {
        return (byteAt(0) << 8 | byteAt(1)) >>> (16 - 5 * SHARD_CHARS);
    }

    /** {@link #shardedText} as ASCII bytes into out from offset, without allocating (the serving path's form). */
    public void writeShardedText(byte[] out, int offset) {
        writeText(out, offset + 1);
        System.arraycopy(out, offset + 1, out, offset, SHARD_CHARS);
        out[offset + SHARD_CHARS] = '/';
    }

    /** The 52 characters toString gives, appended to sb without making a String. */
    public void appendText(StringBuilder sb) {
        byte[] text = new byte[TEXT_LENGTH];
        writeText(text, 0);
        for (byte b : text) {
            sb.append((char) b);
        }
    }

    /** The 52 characters toString gives, as ASCII bytes into out from offset (no allocation: the serving path's form). */
    public void writeText(byte[] out, int offset) {
        int buffer = 0, bits = 0, at = offset;
        for (int i = 0; i < 32; i++) {
            buffer = (buffer << 8) | byteAt(i);
            bits += 8;
            while (bits >= 5) {
                bits -= 5;
                out[at++] = (byte) ALPHABET[(buffer >> bits) & 31];
            }
        }
        out[at] = (byte) ALPHABET[(buffer << (5 - bits)) & 31]; // 256 bits leave 1 over
    }

    /** Byte i (0-31) of the digest, big-endian within each of the four words. */
    private int byteAt(int i) {
        long w = switch (i >> 3) {
            case 0 -> w0;
            case 1 -> w1;
            case 2 -> w2;
            default -> w3;
        };
        return (int) (w >>> (56 - 8 * (i & 7))) & 0xff;
    }

    /** The first characters, enough to tell digests apart in human output. */
    public String shortForm() {
        return toString().substring(0, 12);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Digest d && d.w0 == w0 && d.w1 == w1 && d.w2 == w2 && d.w3 == w3;
    }

    @Override
    public int hashCode() {
        // SHA-256 output is uniformly distributed: one word is as good a hash as any mix.
        return (int) (w0 ^ (w0 >>> 32));
    }

    @Override
    public int compareTo(Digest o) {
        int c = Long.compareUnsigned(w0, o.w0);
        if (c == 0) c = Long.compareUnsigned(w1, o.w1);
        if (c == 0) c = Long.compareUnsigned(w2, o.w2);
        if (c == 0) c = Long.compareUnsigned(w3, o.w3);
        return c;
    }
}
