package io.spfsd.storage.spfs;

import io.spfsd.storage.Digest;
import java.util.ArrayList;
import java.util.List;

/**
 * spfs objects in their FlatBuffers encoding (crates/spfs-proto/schema/spfs.fbs), read by field
 * number: AnyObject {object_type, object}; Platform {layers}; Layer {manifest, annotations};
 * Manifest {trees}; Blob {size, payload}; Tree {entries}; Entry {kind, object, mode, size, name};
 * Annotation {key, data_type, data}.
 */
final class FlatObjects {
    private FlatObjects() {
    }

    static final int UNION_PLATFORM = 1;
    static final int UNION_LAYER = 2;
    static final int UNION_MANIFEST = 3;
    static final int UNION_BLOB = 4;

    static SpfsObject decode(SpfsObject.Kind kind, byte[] data, int offset, String what) throws SpfsFormatException {
        FlatReader r = new FlatReader(data, offset, what);
        int any = r.root();
        int typeAt = r.field(any, 0);
        int type = typeAt < 0 ? 0 : r.u8(typeAt, "the object's type");
        int o = r.required(any, 1, "object");
        SpfsObject obj = switch (type) {
            case UNION_PLATFORM -> platform(r, o);
            case UNION_LAYER -> layer(r, o);
            case UNION_MANIFEST -> manifest(r, o);
            case UNION_BLOB -> new SpfsObject.Blob(r.digestAt(r.requiredField(o, 1, "payload"), "payload"),
                    optionalU64(r, o, 0, "size"));
            default -> throw new SpfsFormatException(what + ": unknown object type " + type + " in the flatbuffer");
        };
        if (obj.kind() != kind) {
            throw new SpfsFormatException(what + ": the header says " + kind + ", the body holds a " + obj.kind());
        }
        return obj;
    }

    private static long optionalU64(FlatReader r, int t, int id, String name) throws SpfsFormatException {
        int f = r.field(t, id);
        return f < 0 ? 0 : r.u64(f, name);
    }

    private static SpfsObject platform(FlatReader r, int t) throws SpfsFormatException {
        int v = r.required(t, 0, "layers");
        int n = r.vectorLength(v, Digest.BYTES, "layers");
        List<Digest> layers = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            layers.add(r.digestAt(v + 4 + Digest.BYTES * i, "a layer"));
        }
        // stored bottom first (spfs's Stack order); kept here top first, as the legacy encoding lists them
        return new SpfsObject.Platform(layers.reversed());
    }

    private static SpfsObject layer(FlatReader r, int t) throws SpfsFormatException {
        int m = r.field(t, 0);
        Digest manifest = m < 0 ? null : r.digestAt(m, "manifest");
        int v = r.required(t, 1, "annotations");
        int n = r.vectorLength(v, 4, "annotations");
        List<SpfsObject.Annotation> annotations = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int a = r.tableAt(v, i, "an annotation");
            String key = r.string(r.required(a, 0, "an annotation's key"), "an annotation's key");
            int typeAt = r.field(a, 1);
            int type = typeAt < 0 ? 0 : r.u8(typeAt, "an annotation's type");
            int data = r.required(a, 2, "an annotation's value");
            annotations.add(switch (type) {
                case SpfsObject.ANNOTATION_STRING -> new SpfsObject.Annotation(key,
                        r.ref(data, 0, "a string") < 0 ? "" : r.string(r.ref(data, 0, "a string"), "a string"), null);
                case SpfsObject.ANNOTATION_BLOB -> new SpfsObject.Annotation(key, null,
                        r.digestAt(r.requiredField(data, 0, "an annotation's digest"), "an annotation's digest"));
                default -> throw r.bad("unknown annotation type " + type);
            });
        }
        return new SpfsObject.Layer(manifest, annotations);
    }

    private static SpfsObject manifest(FlatReader r, int t) throws SpfsFormatException {
        int v = r.required(t, 0, "trees");
        int n = r.vectorLength(v, 4, "trees");
        if (n == 0) {
            throw r.bad("a manifest without a root tree");
        }
        List<SpfsTree> trees = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            trees.add(tree(r, r.tableAt(v, i, "a tree")));
        }
        return new SpfsObject.Manifest(trees);
    }

    private static SpfsTree tree(FlatReader r, int t) throws SpfsFormatException {
        int v = r.required(t, 0, "a tree's entries");
        int n = r.vectorLength(v, 4, "a tree's entries");
        List<SpfsEntry> entries = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            entries.add(entry(r, r.tableAt(v, i, "an entry")));
        }
        return new SpfsTree(entries);
    }

    /**
     * One entry. Its own method, not the loop's body: a method is compiled after a few hundred
     * calls, while a loop in a method called once per tree runs interpreted for its first
     * 60,000 turns (HotSpot's back-edge threshold), most of a 100,000-entry manifest.
     */
    private static SpfsEntry entry(FlatReader r, int e) throws SpfsFormatException {
        int kindAt = r.field(e, 0);
        SpfsEntry.Kind kind = SpfsEntry.Kind.ofNumber(kindAt < 0 ? 0 : r.u8(kindAt, "an entry's kind"), r.what());
        Digest object = r.digestAt(r.requiredField(e, 1, "an entry's object"), "an entry's object");
        int modeAt = r.field(e, 2);
        int mode = modeAt < 0 ? 0 : (int) r.u32(modeAt, "an entry's mode");
        long size = optionalU64(r, e, 3, "an entry's size");
        String name = r.string(r.required(e, 4, "an entry's name"), "an entry's name");
        return new SpfsEntry(name, kind, mode, size, object);
    }
}
