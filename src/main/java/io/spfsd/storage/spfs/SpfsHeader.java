package io.spfsd.storage.spfs;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The 17 bytes that open every spfs object file: "--SPFS--\n", then the digest strategy
 * (byte 9), the encoding format (byte 10) and the object kind (byte 16). Files written before
 * the strategy and format existed have a big-endian 8-byte kind there, which reads the same
 * way: legacy strategy, legacy format.
 */
public record SpfsHeader(Strategy strategy, Format format, SpfsObject.Kind kind) {
    static final byte[] PREFIX = "--SPFS--\n".getBytes(StandardCharsets.US_ASCII);
    public static final int SIZE = PREFIX.length + 8;

    /** How an object's digest is computed: over its encoding alone, or salted with its kind first. */
    public enum Strategy { LEGACY, WITH_KIND_AND_SALT }

    /** How an object's body is encoded. */
    public enum Format { LEGACY, FLATBUFFERS }

    static SpfsHeader parse(byte[] file, String what) throws SpfsFormatException {
        if (file.length < SIZE) {
            throw new SpfsFormatException(what + ": " + file.length + " bytes, shorter than an spfs object header");
        }
        if (!Arrays.equals(file, 0, PREFIX.length, PREFIX, 0, PREFIX.length)) {
            throw new SpfsFormatException(what + ": not an spfs object (no --SPFS-- header)");
        }
        int s = file[PREFIX.length] & 0xff;
        int f = file[PREFIX.length + 1] & 0xff;
        int k = file[PREFIX.length + 7] & 0xff;
        if (s >= Strategy.values().length) {
            throw new SpfsFormatException(what + ": unknown digest strategy " + s);
        }
        if (f >= Format.values().length) {
            throw new SpfsFormatException(what + ": unknown encoding format " + f);
        }
        return new SpfsHeader(Strategy.values()[s], Format.values()[f], SpfsObject.Kind.ofNumber(k, what));
    }

    byte[] bytes() {
        byte[] b = Arrays.copyOf(PREFIX, SIZE);
        b[PREFIX.length] = (byte) strategy.ordinal();
        b[PREFIX.length + 1] = (byte) format.ordinal();
        b[PREFIX.length + 7] = (byte) kind.number;
        return b;
    }
}
