package io.spfsd.storage;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The entries of one directory, sorted by name, with the digest of their encoding. Two
 * directories with the same entries are the same tree, stored once.
 */
public final class Tree {
    private final List<Entry> entries;
    private final Digest digest;
    /** Whether an entry is a mask: known from the pass that made or read the tree, so a stack need not look again. */
    private final boolean hasMask;

    private Tree(List<Entry> sortedEntries, Digest digest, boolean hasMask) {
        this.entries = sortedEntries;
        this.digest = digest;
        this.hasMask = hasMask;
    }

    /** Sorts the entries, rejects duplicate names and computes the digest. */
    public static Tree of(List<Entry> entries) {
        return of(entries, Digest::of);
    }

    /**
     * The same, hashed with sha (reset after): a conversion making a manifest's every tree
     * passes one bulk digest (Digest.sha256ForBulk), fast at every JIT tier.
     */
    public static Tree of(List<Entry> entries, java.security.MessageDigest sha) {
        return of(entries, encoded -> Digest.fromBytes(sha.digest(encoded)));
    }

    private static Tree of(List<Entry> entries, java.util.function.Function<byte[], Digest> hash) {
        List<Entry> sorted = sorted(entries);
        List<Entry> frozen = Collections.unmodifiableList(sorted);
        return new Tree(frozen, hash.apply(ObjectCodec.encodeTree(frozen)), hasMask(sorted));
    }

    /** The entries in a tree's order (by name's bytes); duplicate names are refused. */
    static List<Entry> sorted(List<Entry> entries) {
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.sort((a, b) -> Names.compare(a.name(), b.name()));
        for (int i = 1; i < sorted.size(); i++) {
            if (sorted.get(i - 1).name().equals(sorted.get(i).name())) {
                throw new IllegalArgumentException("duplicate entry name: " + sorted.get(i).name());
            }
        }
        return sorted;
    }

    private static boolean hasMask(List<Entry> entries) {
        for (Entry e : entries) {
            if (e.kind() == EntryKind.MASK) {
                return true;
            }
        }
        return false;
    }

    /** For the decoder, which has checked order, computed the digest of the bytes it read, and seen any mask. */
    static Tree decoded(List<Entry> sortedEntries, Digest digest, boolean hasMask) {
        return new Tree(Collections.unmodifiableList(sortedEntries), digest, hasMask);
    }

    public boolean hasMask() {
        return hasMask;
    }

    public List<Entry> entries() {
        return entries;
    }

    public Digest digest() {
        return digest;
    }

    /** Binary search by name; null when absent. */
    public Entry find(String name) {
        int lo = 0, hi = entries.size() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int c = Names.compare(entries.get(mid).name(), name);
            if (c == 0) {
                return entries.get(mid);
            }
            if (c < 0) {
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return null;
    }
}
