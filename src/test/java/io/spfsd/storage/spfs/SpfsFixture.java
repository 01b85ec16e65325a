package io.spfsd.storage.spfs;

import io.spfsd.storage.Digest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * An spfs repository written as spfs writes one today: objects in the flatbuffer encoding
 * under a header naming the salted digest strategy, payloads and objects under their padded
 * base32 digests (objects/AB/CDEF...====), tag files of length-prefixed versions.
 */
public final class SpfsFixture {
    public final Path root;

    public SpfsFixture(Path root) throws IOException {
        this.root = root;
        for (String d : List.of("objects", "payloads", "tags")) {
            Files.createDirectories(root.resolve(d));
        }
    }

    /** Stores content as a payload; its digest. */
    public Digest payload(byte[] content) throws IOException {
        Digest d = Digest.of(content);
        write(root.resolve("payloads"), d, content);
        return d;
    }

    /** Stores an object file; its digest, as spfs computes it. */
    public Digest object(byte[] file) throws IOException {
        Digest d = SpfsObjects.read(file, "fixture").digest();
        write(root.resolve("objects"), d, file);
        return d;
    }

    /** Appends a version to tags/NAME.tag. */
    public void tag(String name, Digest target, String time) throws IOException {
        tag(null, name, target, time);
    }

    /** The same in a tag namespace (tags/A#ns/B#ns/NAME.tag for A/B), as spfs lays them out. */
    public void tag(String namespace, String name, Digest target, String time) throws IOException {
        SpfsRepository.open(root).inNamespace(namespace).pushTag(name, target, "fixture@host", time);
    }

    public static SpfsEntry file(String name, int mode, Digest payload, long size) {
        return new SpfsEntry(name, SpfsEntry.Kind.BLOB, mode, size, payload);
    }

    public static SpfsEntry dir(String name, SpfsTree t) {
        return new SpfsEntry(name, SpfsEntry.Kind.TREE, 040755, 0, t.digest());
    }

    public static SpfsEntry mask(String name) {
        return new SpfsEntry(name, SpfsEntry.Kind.MASK, 0, 0, Digest.NONE);
    }

    /** Where object d's file is (objects/AB/CDEF...====), to damage it in a test. */
    public Path objectFile(Digest d) {
        return sharded(root.resolve("objects"), d);
    }

    private static Path sharded(Path dir, Digest d) {
        String t = d.spfsText();
        return dir.resolve(t.substring(0, 2)).resolve(t.substring(2));
    }

    private static void write(Path dir, Digest d, byte[] content) throws IOException {
        Path p = sharded(dir, d);
        Files.createDirectories(p.getParent());
        Files.write(p, content);
    }

    /** An object file as spfs wrote them before flatbuffers (and reads them still): the legacy encoding. */
    public static byte[] legacy(SpfsObject o, SpfsHeader.Strategy strategy) {
        LegacyWriter w = LegacyWriter.toBytes();
        w.raw(new SpfsHeader(strategy, SpfsHeader.Format.LEGACY, o.kind()).bytes());
        SpfsObject.encodeBody(o, w);
        return w.bytes();
    }

    /** Object files as spfs writes them today: flatbuffers under the salted strategy's header (FlatWriter). */
    public static byte[] flatManifest(SpfsTree... trees) {
        return FlatWriter.file(new SpfsObject.Manifest(List.of(trees)), SpfsHeader.Strategy.WITH_KIND_AND_SALT);
    }

    public static byte[] flatPlatform(Digest... bottomFirst) {
        return FlatWriter.file(new SpfsObject.Platform(List.of(bottomFirst).reversed()),
                SpfsHeader.Strategy.WITH_KIND_AND_SALT);
    }

    public static byte[] flatLayer(Digest manifest) {
        return FlatWriter.file(new SpfsObject.Layer(manifest, List.of()), SpfsHeader.Strategy.WITH_KIND_AND_SALT);
    }

    /** A layer with annotations (manifest null: annotations alone, as spfs's runtimes add them). */
    public static byte[] flatLayer(Digest manifest, List<SpfsObject.Annotation> annotations) {
        return FlatWriter.file(new SpfsObject.Layer(manifest, annotations), SpfsHeader.Strategy.WITH_KIND_AND_SALT);
    }

    public static SpfsObject.Annotation text(String key, String value) {
        return new SpfsObject.Annotation(key, value, null);
    }

    /** An annotation too large to be held in its layer, as spfs's commit_blob stores it: a payload and a blob object. */
    public SpfsObject.Annotation blob(String key, byte[] value) throws IOException {
        Digest d = payload(value);
        object(FlatWriter.file(new SpfsObject.Blob(d, value.length), SpfsHeader.Strategy.WITH_KIND_AND_SALT));
        return new SpfsObject.Annotation(key, null, d);
    }
}
