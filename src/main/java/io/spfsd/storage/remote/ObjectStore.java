package io.spfsd.storage.remote;

import io.spfsd.storage.Digest;
import java.io.IOException;
import java.io.InputStream;

/**
 * What a transfer needs of a repository, here or remote: objects and payloads by digest, and
 * tags. Every store verifies what it is given against the digest it is given it under and
 * refuses (stores nothing) on a mismatch, so a corrupt or truncated transfer never lands.
 */
public interface ObjectStore extends AutoCloseable {
    /** How people name it: a path or a URL. */
    String name();

    boolean hasObject(Digest d) throws IOException;

    /** An object's encoded bytes, checked against d. */
    byte[] readObject(Digest d) throws IOException;

    /** Stores an object's encoded bytes (verified: its digest is computed from them). */
    void writeObject(Digest d, byte[] encoded) throws IOException;

    /**
     * The same for bytes the caller has decoded and knows to have digest d (a transfer checked
     * them, or its source made them): a store may skip decoding and hashing them again.
     */
    default void writeChecked(Digest d, byte[] encoded) throws IOException {
        writeObject(d, encoded);
    }

    /**
     * What object d decodes to, if this store made it in this process and still has it decoded
     * (a conversion's result); null otherwise, and then readObject's bytes are to be decoded.
     */
    default io.spfsd.storage.StoredObject decoded(Digest d) {
        return null;
    }

    boolean hasPayload(Digest d) throws IOException;

    InputStream openPayload(Digest d) throws IOException;

    /** Stores a payload that must hash to d; nothing is stored if it does not. */
    void writePayload(Digest d, InputStream content) throws IOException;

    /**
     * Called once a transfer's payloads are written and before its first object: a store on a
     * local disk makes them durable here, so no object can land whose payloads a crash would
     * lose. A server's durability is its own.
     */
    default void makePayloadsDurable() throws IOException {
    }

    /** A ref (tag, TAG~N, digest, digest prefix) as this store resolves it. */
    Digest resolve(String ref) throws IOException;

    /** The newest target of tag, or null. */
    Digest tag(String tag) throws IOException;

    /** Makes target the newest version of tag. */
    void pushTag(String tag, Digest target) throws IOException;

    /** Every version of tag, newest first (empty: no such tag). */
    java.util.List<io.spfsd.storage.TagStore.TagVersion> tagHistory(String tag) throws IOException;

    /** Adds the versions this store's copy of the tag lacks, with their times and users. */
    void mergeTag(String tag, java.util.List<io.spfsd.storage.TagStore.TagVersion> versions) throws IOException;

    /** Every tag's name; a store that cannot list them (a web server) says so in one line. */
    default java.util.List<String> tagNames() throws IOException {
        throw new Remotes.BadRemote(name() + " cannot list its tags (a web server has no listing): name the tag,"
                + " as in spfsd log -r REMOTE TAG");
    }

    @Override
    default void close() throws IOException {
    }
}
