package io.spfsd.storage.spfs;

import io.spfsd.storage.Digest;
import io.spfsd.storage.Manifest;
import io.spfsd.storage.ObjectCodec;
import io.spfsd.storage.StoredObject;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Takes a made-up spfs manifest, in memory, through what registering a runtime of an spfs tag
 * does to a real one: decoded from its flatbuffer, spfs's digests checked, converted to spfsd's
 * trees and encoded, decoded again as a runtime of spfsd's own repository is, and counted.
 * HotSpot compiles a method after some hundreds of calls, so a fresh daemon's first conversion of
 * a large tag otherwise runs much of its per-entry and per-tree code interpreted
 * (bench/results/2026-12-08T0205Z-spfs-start.md). Nothing is read from or written to disk.
 */
public final class ConversionWarmUp {
    /** Directories of the made-up manifest: per-tree code is compiled after ~200 calls. */
    public static final int TREES = 300;
    /** Files in each: per-entry code sees TREES * FILES entries. */
    public static final int FILES = 30;

    private ConversionWarmUp() {
    }

    /** Converts a manifest of trees directories of files files each; the entries the result holds. */
    public static long run(int trees, int files) throws IOException {
        SpfsObject.Manifest made = manifest(trees, files);
        byte[] file = FlatWriter.file(made, SpfsHeader.Strategy.WITH_KIND_AND_SALT);
        SpfsObjects.Read read = SpfsObjects.read(file, "the warm-up's manifest");
        Manifest converted = new SpfsConversion(null, null).manifest(made, read.treeDigests(), read.digest());
        StoredObject decoded = ObjectCodec.decode(ObjectCodec.encodeManifest(converted));
        return ((StoredObject.ManifestObject) decoded).manifest().entryCount();
    }

    /** A root of trees directories, each of files files whose names and payloads all differ. */
    private static SpfsObject.Manifest manifest(int trees, int files) {
        List<SpfsTree> all = new ArrayList<>(trees + 1);
        List<SpfsEntry> root = new ArrayList<>(trees);
        all.add(null); // the root goes first; it is made last, from its children's digests
        byte[] content = new byte[8];
        for (int t = 0; t < trees; t++) {
            List<SpfsEntry> entries = new ArrayList<>(files);
            for (int f = 0; f < files; f++) {
                Digest.putLong(content, 0, (long) t * files + f);
                entries.add(new SpfsEntry("f%05d".formatted(f), SpfsEntry.Kind.BLOB, 0100644, content.length,
                        Digest.of(content)));
            }
            SpfsTree tree = new SpfsTree(entries);
            all.add(tree);
            root.add(new SpfsEntry("d%05d".formatted(t), SpfsEntry.Kind.TREE, 040755, 0, tree.digest()));
        }
        all.set(0, new SpfsTree(root));
        return new SpfsObject.Manifest(all);
    }
}
