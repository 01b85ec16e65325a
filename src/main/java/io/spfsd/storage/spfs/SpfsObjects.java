package io.spfsd.storage.spfs;

import io.spfsd.storage.Digest;

/** Reads and writes spfs object files: a header, then a body in the encoding the header names. */
public final class SpfsObjects {
    private SpfsObjects() {
    }

    /**
     * An object as read from its file, with the header that decides its digest, the digest,
     * and for a manifest each tree's own digest (in the manifest's order), found in the same
     * pass: a tree is encoded once for both.
     */
    public record Read(SpfsHeader header, SpfsObject object, Digest digest, java.util.List<Digest> treeDigests) {
    }

    /** Reads an object file's bytes; what names it in errors (its path or digest). */
    public static Read read(byte[] file, String what) throws SpfsFormatException {
        SpfsHeader h = SpfsHeader.parse(file, what);
        SpfsObject o = switch (h.format()) {
            case LEGACY -> SpfsObject.decodeLegacy(h.kind(), file, SpfsHeader.SIZE, what);
            case FLATBUFFERS -> FlatObjects.decode(h.kind(), file, SpfsHeader.SIZE, what);
        };
        try {
            if (o instanceof SpfsObject.Manifest m) {
                SpfsObject.ManifestDigests d = SpfsObject.manifestDigests(m, h.strategy());
                return new Read(h, o, d.manifest(), d.trees());
            }
            return new Read(h, o, SpfsObject.digest(o, h.strategy()), java.util.List.of());
        } catch (IllegalArgumentException e) { // what has no digest (a name holding a NUL) is no object of spfs's
            throw new SpfsFormatException(what + ": " + e.getMessage());
        }
    }

    /** Reads an object stored under expected, refusing it unless its digest is expected. */
    public static Read readVerified(byte[] file, Digest expected) throws SpfsFormatException {
        return readVerified(file, expected, "object " + expected.spfsText());
    }

    /** The same; what names the object in errors (its digest, and where it is kept). */
    public static Read readVerified(byte[] file, Digest expected, String what) throws SpfsFormatException {
        Read r = read(file, what);
        Digest actual = r.digest();
        if (!actual.equals(expected)) {
            throw new SpfsFormatException(what + ": its content has the digest " + actual.spfsText());
        }
        return r;
    }
}
