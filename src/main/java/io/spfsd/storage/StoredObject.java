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
            case Layer l -> {
                if (l.manifest() != null) {
                    objects.accept(l.manifest());
                }
                for (Annotation a : l.annotations()) {
                    if (a.blob() != null) {
                        payloads.accept(a.blob(), a.blobSize());
                    }
                }
            }
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

    /**
     * A layer is one manifest, the content a `spfsd commit DIR` produced, and annotations:
     * key-value data that other programs put on a layer (spfs's; a layer pulled from spfs keeps
     * them, so that it keeps its digest there). A layer of annotations alone has no manifest.
     */
    record Layer(Digest manifest, List<Annotation> annotations) implements StoredObject {
        public Layer {
            annotations = List.copyOf(annotations);
            if (manifest == null && annotations.isEmpty()) {
                throw new IllegalArgumentException("a layer has a manifest, annotations or both");
            }
        }

        public Layer(Digest manifest) {
            this(java.util.Objects.requireNonNull(manifest), List.of());
        }

        public ObjectKind kind() {
            return ObjectKind.LAYER;
        }
    }

    /**
     * A layer annotation: a key and its value, held either as text or, when large, as a payload
     * (blob, of blobSize bytes) that the layer names as a manifest names a file's.
     */
    record Annotation(String key, String text, Digest blob, long blobSize) {
        public Annotation {
            java.util.Objects.requireNonNull(key);
            if ((text == null) == (blob == null)) {
                throw new IllegalArgumentException("an annotation's value is text or a blob");
            }
        }

        public static Annotation text(String key, String value) {
            return new Annotation(key, value, null, 0);
        }

        public static Annotation blob(String key, Digest payload, long size) {
            return new Annotation(key, null, payload, size);
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
