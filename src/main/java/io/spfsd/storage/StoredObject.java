package io.spfsd.storage;

import java.util.List;

/** An object of the repository, other than payloads: what a digest in objects/ decodes to. */
public sealed interface StoredObject {
    ObjectKind kind();

    /**
     * What this object names: other objects (a layer's manifest, a platform's stack) go to
     * objects, the payloads of a manifest's files to payloads. The one walk of the object graph
     * that clean (what is live) and transfers (what to copy) both make.
     */
    default void references(java.util.function.Consumer<Digest> objects, java.util.function.Consumer<Digest> payloads) {
        references(objects, (d, size) -> payloads.accept(d));
    }

    /** The same, with the size the manifest gives each payload (what a transfer holds a remote to). */
    default void references(java.util.function.Consumer<Digest> objects, SizedPayloads payloads) {
        switch (this) {
            case Layer l -> objects.accept(l.manifest());
            case Platform p -> p.stack().forEach(objects);
            case ManifestObject m -> { // each tree once, however often it is a directory: no paths made
                for (Tree t : m.manifest().trees().values()) {
                    for (Entry e : t.entries()) {
                        if (e.kind() == EntryKind.FILE) {
                            payloads.accept(e.digest(), e.size());
                        }
                    }
                }
            }
        }
    }

    /** Told of each payload an object names, and its size. */
    @FunctionalInterface
    interface SizedPayloads {
        void accept(Digest payload, long size);
    }

    /** A layer is one manifest: the content a `spfsd commit DIR` produced. */
    record Layer(Digest manifest) implements StoredObject {
        public ObjectKind kind() {
            return ObjectKind.LAYER;
        }
    }

    /** A stack of layers and platforms, bottom first; later ones win. */
    record Platform(List<Digest> stack) implements StoredObject {
        public Platform {
            stack = List.copyOf(stack);
        }

        public ObjectKind kind() {
            return ObjectKind.PLATFORM;
        }
    }

    /** A manifest, addressable on its own too (a ref may name one directly). */
    record ManifestObject(Manifest manifest) implements StoredObject {
        public ObjectKind kind() {
            return ObjectKind.MANIFEST;
        }
    }
}
