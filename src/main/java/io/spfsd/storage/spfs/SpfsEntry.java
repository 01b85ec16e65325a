package io.spfsd.storage.spfs;

import io.spfsd.storage.Digest;

/**
 * One name in an spfs tree: a file (blob: object is its payload's digest, size its length), a
 * directory (tree: object is its tree's digest) or a mask (a name a layer removes). Directories
 * and masks keep the size they were written with, which their digest includes.
 */
public record SpfsEntry(String name, Kind kind, int mode, long size, Digest object) {
    /** An entry's kind, with the word spfs's legacy encoding writes for it and its number in the flatbuffer schema. */
    public enum Kind {
        BLOB("file", 0), TREE("tree", 4), MASK("mask", 5);

        final String word;
        final byte[] wordBytes;
        final int number;

        Kind(String word, int number) {
            this.word = word;
            this.wordBytes = word.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            this.number = number;
        }

        static Kind ofWord(String w, String what) throws SpfsFormatException {
            for (Kind k : values()) {
                if (k.word.equals(w)) {
                    return k;
                }
            }
            throw new SpfsFormatException(what + ": unknown entry kind \"" + w + "\"");
        }

        private static final Kind[] ALL = values(); // values() copies its array at every call

        static Kind ofNumber(int n, String what) throws SpfsFormatException {
            for (Kind k : ALL) {
                if (k.number == n) {
                    return k;
                }
            }
            throw new SpfsFormatException(what + ": unknown entry kind " + n);
        }
    }

    void encode(LegacyWriter w) {
        encode(w, nameBytes(name));
    }

    /** The same, given the name as UTF-8 (a tree has encoded its names already, to order them). */
    void encode(LegacyWriter w, byte[] utf8Name) {
        w.digest(object).utf8(kind.wordBytes).u64(Integer.toUnsignedLong(mode)).u64(size).utf8(utf8Name);
    }

    /** A name as the encoding writes it; one holding a NUL has no encoding. */
    static byte[] nameBytes(String name) {
        return LegacyWriter.stringBytes(name);
    }

    static SpfsEntry decode(LegacyReader r) throws SpfsFormatException {
        Digest object = r.digest("an entry's object");
        String kind = r.string("an entry's kind");
        long mode = r.u64("an entry's mode");
        long size = r.u64("an entry's size");
        String name = r.string("an entry's name");
        return new SpfsEntry(name, Kind.ofWord(kind, "entry " + name), (int) mode, size, object);
    }

    /** The entry's own digest, as spfs computes it: SHA-256 of its legacy encoding. */
    public Digest digest() {
        LegacyWriter w = LegacyWriter.toHash();
        encode(w);
        return w.digest();
    }
}
