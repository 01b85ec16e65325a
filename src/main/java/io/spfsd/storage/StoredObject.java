package io.spfsd.storage;

import java.util.List;

/** An object of the repository, other than payloads: what a digest in objects/ decodes to. */
public sealed interface StoredObject {
    ObjectKind kind();

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
