package io.spfsd.storage.spfs;

import io.spfsd.storage.Digest;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Reads tables of a FlatBuffers buffer with every offset checked against the buffer's bounds,
 * so a hostile object is refused, never followed outside its file. Written here rather than
 * taken from flatbuffers-java because that library reads without checking (its verifier is
 * generated per schema by flatc), and spfs's schema needs only tables, vectors of tables and
 * of 32-byte structs, strings and one union.
 */
final class FlatReader {
    private final ByteBuffer b;
    private final String what;

    FlatReader(byte[] data, int offset, String what) {
        this.b = ByteBuffer.wrap(data, offset, data.length - offset).slice().order(ByteOrder.LITTLE_ENDIAN);
        this.what = what;
    }

    /** The root table's position. */
    int root() throws SpfsFormatException {
        return target(0, "the root");
    }

    /** Where field id of the table at t is, or -1 if it is absent. */
    int field(int t, int id) throws SpfsFormatException {
        int vt = t - i32(t, "a table");
        int vtSize = u16(vt, "a vtable");
        if (vtSize < 4 || vtSize % 2 != 0) {
            throw bad("a vtable of " + vtSize + " bytes");
        }
        int at = 4 + 2 * id;
        if (at + 2 > vtSize) {
            return -1;
        }
        int off = u16(vt + at, "a vtable entry");
        return off == 0 ? -1 : t + off;
    }

    /** The table, vector or string field id refers to; -1 if absent. */
    int ref(int t, int id, String name) throws SpfsFormatException {
        int f = field(t, id);
        return f < 0 ? -1 : target(f, name);
    }

    int required(int t, int id, String name) throws SpfsFormatException {
        int r = ref(t, id, name);
        if (r < 0) {
            throw bad("no " + name);
        }
        return r;
    }

    /** Where field id of the table at t is; refused (one line) if it is absent. */
    int requiredField(int t, int id, String name) throws SpfsFormatException {
        int f = field(t, id);
        if (f < 0) {
            throw bad("no " + name);
        }
        return f;
    }

    /** The length of the vector at v, whose elements are elementBytes each. */
    int vectorLength(int v, int elementBytes, String name) throws SpfsFormatException {
        int n = i32(v, name);
        if (n < 0 || (long) n * elementBytes > b.limit() - v - 4L) {
            throw bad(name + " of " + Integer.toUnsignedString(n) + " items, past the end of the object");
        }
        return n;
    }

    /** The table element i of the vector of tables at v. */
    int tableAt(int v, int i, String name) throws SpfsFormatException {
        return target(v + 4 + 4 * i, name);
    }

    Digest digestAt(int pos, String name) throws SpfsFormatException {
        check(pos, Digest.BYTES, name);
        // The buffer reads little-endian; a digest's words are big-endian.
        return Digest.ofWords(Long.reverseBytes(b.getLong(pos)), Long.reverseBytes(b.getLong(pos + 8)),
                Long.reverseBytes(b.getLong(pos + 16)), Long.reverseBytes(b.getLong(pos + 24)));
    }

    /**
     * A string, which must be UTF-8. The JDK's lenient decoding is fast from the start (its
     * ASCII check is compiled early); only a string in which it put a replacement character
     * is decoded again strictly, to tell a real U+FFFD from bytes that are not UTF-8.
     */
    String string(int s, String name) throws SpfsFormatException {
        int n = vectorLength(s, 1, name);
        byte[] data = b.array();
        int at = b.arrayOffset() + s + 4;
        String lenient = new String(data, at, n, StandardCharsets.UTF_8);
        if (lenient.indexOf('\uFFFD') < 0) {
            return lenient;
        }
        String strict = io.spfsd.storage.Names.strictUtf8(data, at, n);
        if (strict == null) {
            throw bad(name + " is not UTF-8");
        }
        return strict;
    }

    int u8(int pos, String name) throws SpfsFormatException {
        check(pos, 1, name);
        return b.get(pos) & 0xff;
    }

    long u32(int pos, String name) throws SpfsFormatException {
        return Integer.toUnsignedLong(i32(pos, name));
    }

    long u64(int pos, String name) throws SpfsFormatException {
        check(pos, 8, name);
        return b.getLong(pos);
    }

    private int u16(int pos, String name) throws SpfsFormatException {
        check(pos, 2, name);
        return b.getShort(pos) & 0xffff;
    }

    private int i32(int pos, String name) throws SpfsFormatException {
        check(pos, 4, name);
        return b.getInt(pos);
    }

    private int target(int pos, String name) throws SpfsFormatException {
        long t = pos + u32(pos, name);
        if (t >= b.limit()) {
            throw bad(name + " points past the end of the object");
        }
        return (int) t;
    }

    private void check(int pos, int n, String name) throws SpfsFormatException {
        if (pos < 0 || (long) pos + n > b.limit()) {
            throw bad(name + " lies outside the object");
        }
    }

    String what() {
        return what;
    }

    SpfsFormatException bad(String why) {
        return new SpfsFormatException(what + ": broken flatbuffer: " + why);
    }
}
