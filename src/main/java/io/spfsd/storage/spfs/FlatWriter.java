package io.spfsd.storage.spfs;

import com.google.flatbuffers.FlatBufferBuilder;
import io.spfsd.storage.Digest;
import java.util.List;

/**
 * Writes spfs objects in the flatbuffer encoding, spfs's default since it has one
 * (EncodingFormat::FlatBuffers, crates/spfs/src/graph/object.rs), as its builder lays them out
 * (crates/spfs-proto/schema/spfs.fbs): AnyObject {object_type, object}; Platform {layers,
 * bottom first}; Layer {manifest, annotations}; Manifest {trees}; Blob {size, payload}; Tree
 * {entries}; Entry {kind, object, mode, size, name}; Annotation {key, data_type, data}. The
 * reading side, with its bounds checks, is {@link FlatObjects}; a digest does not depend on
 * the encoding ({@link SpfsObject#digest}).
 */
final class FlatWriter {
    private FlatWriter() {
    }

    /** The object file: header (strategy, flatbuffers, kind), then the AnyObject. */
    static byte[] file(SpfsObject o, SpfsHeader.Strategy strategy) {
        FlatBufferBuilder fb = new FlatBufferBuilder(1024);
        int body = switch (o) {
            case SpfsObject.Platform p -> platform(fb, p.topFirst().reversed());
            case SpfsObject.Layer l -> layer(fb, l);
            case SpfsObject.Manifest m -> manifest(fb, m.trees());
            case SpfsObject.Blob b -> blob(fb, b);
        };
        fb.startTable(2);
        fb.addOffset(1, body, 0);
        fb.addByte(0, (byte) union(o), 0);
        fb.finish(fb.endTable());
        byte[] any = fb.sizedByteArray();
        byte[] header = new SpfsHeader(strategy, SpfsHeader.Format.FLATBUFFERS, o.kind()).bytes();
        byte[] file = java.util.Arrays.copyOf(header, header.length + any.length);
        System.arraycopy(any, 0, file, header.length, any.length);
        return file;
    }

    private static int union(SpfsObject o) {
        return switch (o) {
            case SpfsObject.Platform p -> FlatObjects.UNION_PLATFORM;
            case SpfsObject.Layer l -> FlatObjects.UNION_LAYER;
            case SpfsObject.Manifest m -> FlatObjects.UNION_MANIFEST;
            case SpfsObject.Blob b -> FlatObjects.UNION_BLOB;
        };
    }

    /** A Digest struct (32 bytes, alignment 1) at the builder's position. */
    private static int digest(FlatBufferBuilder fb, Digest d) {
        fb.prep(1, 32);
        byte[] b = d.toBytes();
        for (int i = 31; i >= 0; i--) {
            fb.putByte(b[i]);
        }
        return fb.offset();
    }

    private static int platform(FlatBufferBuilder fb, List<Digest> bottomFirst) {
        fb.startVector(32, bottomFirst.size(), 1);
        for (int i = bottomFirst.size() - 1; i >= 0; i--) {
            digest(fb, bottomFirst.get(i));
        }
        int v = fb.endVector();
        fb.startTable(1);
        fb.addOffset(0, v, 0);
        return fb.endTable();
    }

    private static int layer(FlatBufferBuilder fb, SpfsObject.Layer l) {
        int[] annotations = new int[l.annotations().size()];
        for (int i = 0; i < annotations.length; i++) {
            SpfsObject.Annotation a = l.annotations().get(i);
            int key = fb.createString(a.key());
            int data;
            int type;
            if (a.blob() != null) {
                fb.startTable(1);
                fb.addStruct(0, digest(fb, a.blob()), 0);
                data = fb.endTable();
                type = SpfsObject.ANNOTATION_BLOB;
            } else {
                int s = fb.createString(a.string());
                fb.startTable(1);
                fb.addOffset(0, s, 0);
                data = fb.endTable();
                type = SpfsObject.ANNOTATION_STRING;
            }
            fb.startTable(3);
            fb.addOffset(2, data, 0);
            fb.addOffset(0, key, 0);
            fb.addByte(1, (byte) type, 0);
            annotations[i] = fb.endTable();
        }
        int v = fb.createVectorOfTables(annotations);
        fb.startTable(2);
        fb.addOffset(1, v, 0);
        if (l.manifest() != null) {
            fb.addStruct(0, digest(fb, l.manifest()), 0);
        }
        return fb.endTable();
    }

    private static int manifest(FlatBufferBuilder fb, List<SpfsTree> trees) {
        int[] ts = new int[trees.size()];
        for (int i = 0; i < ts.length; i++) {
            ts[i] = tree(fb, trees.get(i));
        }
        int v = fb.createVectorOfTables(ts);
        fb.startTable(1);
        fb.addOffset(0, v, 0);
        return fb.endTable();
    }

    private static int tree(FlatBufferBuilder fb, SpfsTree t) {
        int[] entries = new int[t.entries().size()];
        for (int i = 0; i < entries.length; i++) {
            SpfsEntry e = t.entries().get(i);
            int name = fb.createString(e.name());
            fb.startTable(5);
            fb.addLong(3, e.size(), 0);
            fb.addOffset(4, name, 0);
            fb.addStruct(1, digest(fb, e.object()), 0);
            fb.addInt(2, e.mode(), 0);
            fb.addByte(0, (byte) e.kind().number, 0);
            entries[i] = fb.endTable();
        }
        int v = fb.createVectorOfTables(entries);
        fb.startTable(1);
        fb.addOffset(0, v, 0);
        return fb.endTable();
    }

    private static int blob(FlatBufferBuilder fb, SpfsObject.Blob b) {
        fb.startTable(2);
        fb.addLong(0, b.size(), 0);
        fb.addStruct(1, digest(fb, b.payload()), 0);
        return fb.endTable();
    }
}
