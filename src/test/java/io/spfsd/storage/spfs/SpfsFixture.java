package io.spfsd.storage.spfs;

import com.google.flatbuffers.FlatBufferBuilder;
import io.spfsd.storage.Digest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
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

    private static void write(Path dir, Digest d, byte[] content) throws IOException {
        String t = d.spfsText();
        Path p = dir.resolve(t.substring(0, 2)).resolve(t.substring(2));
        Files.createDirectories(p.getParent());
        Files.write(p, content);
    }

    /** An object file: a manifest, layer, platform and blob built as spfs's builder builds them (AnyObject, union, minimal finish). */
    public static byte[] flat(SpfsObject.Kind kind, java.util.function.ToIntFunction<FlatBufferBuilder> body, int unionType) {
        FlatBufferBuilder fb = new FlatBufferBuilder();
        int obj = body.applyAsInt(fb);
        fb.startTable(2);
        fb.addOffset(1, obj, 0);
        fb.addByte(0, (byte) unionType, 0);
        fb.finish(fb.endTable());
        byte[] body2 = fb.sizedByteArray();
        byte[] header = new SpfsHeader(SpfsHeader.Strategy.WITH_KIND_AND_SALT, SpfsHeader.Format.FLATBUFFERS, kind).bytes();
        byte[] file = Arrays.copyOf(header, header.length + body2.length);
        System.arraycopy(body2, 0, file, header.length, body2.length);
        return file;
    }

    private static int digestStruct(FlatBufferBuilder fb, Digest d) {
        fb.prep(1, 32);
        byte[] b = d.toBytes();
        for (int i = 31; i >= 0; i--) {
            fb.putByte(b[i]);
        }
        return fb.offset();
    }

    private static int tree(FlatBufferBuilder fb, SpfsTree t) {
        int[] entries = new int[t.entries().size()];
        for (int i = 0; i < entries.length; i++) {
            SpfsEntry e = t.entries().get(i);
            int name = fb.createString(e.name());
            fb.startTable(5);
            fb.addLong(3, e.size(), 0);
            fb.addOffset(4, name, 0);
            fb.addStruct(1, digestStruct(fb, e.object()), 0);
            fb.addInt(2, e.mode(), 0);
            fb.addByte(0, (byte) e.kind().number, 0);
            entries[i] = fb.endTable();
        }
        int v = fb.createVectorOfTables(entries);
        fb.startTable(1);
        fb.addOffset(0, v, 0);
        return fb.endTable();
    }

    public static byte[] flatManifest(SpfsTree... trees) {
        return flat(SpfsObject.Kind.MANIFEST, fb -> {
            int[] ts = new int[trees.length];
            for (int i = 0; i < trees.length; i++) {
                ts[i] = tree(fb, trees[i]);
            }
            int v = fb.createVectorOfTables(ts);
            fb.startTable(1);
            fb.addOffset(0, v, 0);
            return fb.endTable();
        }, 3);
    }

    public static byte[] flatPlatform(Digest... bottomFirst) {
        return flat(SpfsObject.Kind.PLATFORM, fb -> {
            fb.startVector(32, bottomFirst.length, 1);
            for (int i = bottomFirst.length - 1; i >= 0; i--) {
                digestStruct(fb, bottomFirst[i]);
            }
            int v = fb.endVector();
            fb.startTable(1);
            fb.addOffset(0, v, 0);
            return fb.endTable();
        }, 1);
    }

    public static byte[] flatLayer(Digest manifest) {
        return flat(SpfsObject.Kind.LAYER, fb -> {
            int annotations = fb.createVectorOfTables(new int[0]);
            fb.startTable(2);
            fb.addOffset(1, annotations, 0);
            fb.addStruct(0, digestStruct(fb, manifest), 0);
            return fb.endTable();
        }, 2);
    }

}
