package io.spfsd.storage.spfs;

import io.spfsd.storage.Digest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** One directory's entries in an spfs manifest; its digest is over the entries in byte order of their names. */
public record SpfsTree(List<SpfsEntry> entries) {
    private static final Comparator<SpfsEntry> BY_NAME_BYTES =
            (a, b) -> java.util.Arrays.compareUnsigned(utf8(a.name()), utf8(b.name()));

    public SpfsTree {
        entries = List.copyOf(entries);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    void encode(LegacyWriter w) {
        List<SpfsEntry> sorted = inByteOrder();
        w.u64(sorted.size());
        sorted.forEach(e -> e.encode(w));
    }

    /** The legacy encoding, as bytes. */
    byte[] encoded() {
        LegacyWriter w = LegacyWriter.toBytes(16 + 80 * entries.size()); // an entry: name, digest, mode, size, kind
        encode(w);
        return w.bytes();
    }

    /** The entries in byte order of their names: as they are when already so (spfs writes them so), else sorted. */
    private List<SpfsEntry> inByteOrder() {
        byte[] previous = null;
        for (SpfsEntry e : entries) {
            byte[] name = utf8(e.name());
            if (previous != null && java.util.Arrays.compareUnsigned(previous, name) > 0) {
                List<SpfsEntry> sorted = new ArrayList<>(entries);
                sorted.sort(BY_NAME_BYTES);
                return sorted;
            }
            previous = name;
        }
        return entries;
    }

    static SpfsTree decode(LegacyReader r) throws SpfsFormatException {
        int n = r.count("a tree's entry count", Digest.BYTES + 2 + 16 + 1);
        List<SpfsEntry> entries = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            entries.add(SpfsEntry.decode(r));
        }
        return new SpfsTree(entries);
    }

    /** The tree's digest, as spfs computes it: SHA-256 of its legacy encoding. */
    public Digest digest() {
        LegacyWriter w = LegacyWriter.toHash();
        encode(w);
        return w.digest();
    }
}
