package io.spfsd.storage.spfs;

import io.spfsd.storage.Digest;
import java.nio.ByteBuffer;

/**
 * spfs's legacy binary encoding, read: integers are 8-byte big-endian, digests 32 raw bytes,
 * strings UTF-8 ended by a NUL. Every read is bounded by what the buffer holds; a short or
 * malformed buffer is refused with what was being read, never guessed.
 */
final class LegacyReader {
    private final ByteBuffer in;
    private final String what;

    LegacyReader(byte[] data, int offset, String what) {
        this.in = ByteBuffer.wrap(data, offset, data.length - offset);
        this.what = what;
    }

    long u64(String field) throws SpfsFormatException {
        need(8, field);
        return in.getLong();
    }

    /** A count of items of at least itemBytes each: no larger than what is left could hold. */
    int count(String field, int itemBytes) throws SpfsFormatException {
        long n = u64(field);
        if (n < 0 || n > in.remaining() / Math.max(1, itemBytes)) {
            throw new SpfsFormatException(what + ": " + field + " of " + Long.toUnsignedString(n)
                    + " cannot fit in the " + in.remaining() + " bytes left");
        }
        return (int) n;
    }

    Digest digest(String field) throws SpfsFormatException {
        need(Digest.BYTES, field);
        byte[] b = new byte[Digest.BYTES];
        in.get(b);
        return Digest.fromBytes(b);
    }

    String string(String field) throws SpfsFormatException {
        int start = in.position();
        int end = start;
        while (end < in.limit() && in.get(end) != 0) {
            end++;
        }
        if (end == in.limit()) {
            throw new SpfsFormatException(what + ": " + field + " has no end (no NUL before the end of the data)");
        }
        String s = io.spfsd.storage.Names.strictUtf8(in.array(), start, end - start);
        if (s == null) {
            throw new SpfsFormatException(what + ": " + field + " is not UTF-8");
        }
        in.position(end + 1);
        return s;
    }

    boolean atEnd() {
        return !in.hasRemaining();
    }

    void end() throws SpfsFormatException {
        if (in.hasRemaining()) {
            throw new SpfsFormatException(what + ": " + in.remaining() + " bytes after the end of the object");
        }
    }

    private void need(int n, String field) throws SpfsFormatException {
        if (in.remaining() < n) {
            throw new SpfsFormatException(what + ": cut short reading " + field + " (" + in.remaining()
                    + " of " + n + " bytes left)");
        }
    }
}
