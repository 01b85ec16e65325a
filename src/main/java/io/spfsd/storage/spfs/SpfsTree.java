package io.spfsd.storage.spfs;

import io.spfsd.storage.Digest;
import java.util.ArrayList;
import java.util.List;

/** One directory's entries in an spfs manifest; its digest is over the entries in byte order of their names. */
public record SpfsTree(List<SpfsEntry> entries) {
    public SpfsTree {
        entries = List.copyOf(entries);
    }

    void encode(LegacyWriter w) {
        int n = entries.size();
        byte[][] names = new byte[n][];
        boolean ordered = true;
        for (int i = 0; i < n; i++) { // each name encoded once, for its order and its bytes
            names[i] = SpfsEntry.nameBytes(entries.get(i).name());
            ordered &= i == 0 || java.util.Arrays.compareUnsigned(names[i - 1], names[i]) <= 0;
        }
        w.u64(n);
        if (ordered) { // as spfs writes them
            for (int i = 0; i < n; i++) {
                entries.get(i).encode(w, names[i]);
            }
        } else {
            Integer[] order = new Integer[n];
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            java.util.Arrays.sort(order, (a, b) -> java.util.Arrays.compareUnsigned(names[a], names[b]));
            for (int i : order) {
                entries.get(i).encode(w, names[i]);
            }
        }
    }

    /** The legacy encoding, as bytes. */
    byte[] encoded() {
        LegacyWriter w = LegacyWriter.toBytes(16 + 80 * entries.size()); // an entry: name, digest, mode, size, kind
        encode(w);
        return w.bytes();
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
