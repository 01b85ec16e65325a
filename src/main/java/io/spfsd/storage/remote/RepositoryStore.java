package io.spfsd.storage.remote;

import io.spfsd.storage.Digest;
import io.spfsd.storage.Refs;
import io.spfsd.storage.Repository;
import io.spfsd.storage.TagStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.List;

/** A repository on a file system as an {@link ObjectStore}: the local one, or a file:// remote (NFS). */
public final class RepositoryStore implements ObjectStore {
    private final Repository repo;
    /** Stores what a transfer brings with an import's economy; its verdicts are written at close. */
    private volatile io.spfsd.storage.PayloadImporter importer;
    /** Payloads written since the last sync (objects and tags are synced one by one as they are written). */
    private volatile boolean unsynced;

    /** Whether a push sends from here: a payload missing here is then one a lazy runtime never brought. */
    private final boolean pushedFrom;

    public RepositoryStore(Repository repo) {
        this(repo, false);
    }

    private RepositoryStore(Repository repo, boolean pushedFrom) {
        this.repo = repo;
        this.pushedFrom = pushedFrom;
    }

    /** The local repository a push sends from: a payload it lacks is refused with what to do. */
    public static RepositoryStore pushedFrom(Repository repo) {
        return new RepositoryStore(repo, true);
    }

    /** The repository itself. */
    @Override
    public java.util.List<String> tagNames() {
        return repo.tags().names();
    }

    public Repository repository() {
        return repo;
    }

    @Override
    public String name() {
        return repo.root().toString();
    }

    @Override
    public boolean hasObject(Digest d) {
        return repo.hasObject(d);
    }

    @Override
    public byte[] readObject(Digest d) {
        return repo.readObjectBytes(d);
    }

    @Override
    public void writeObject(Digest d, byte[] encoded) {
        Digest stored = repo.putObjectBytes(encoded);
        if (!stored.equals(d)) {
            throw new io.spfsd.storage.CorruptObjectException("object " + d + " arrived with other content");
        }
    }

    @Override
    public void writeChecked(Digest d, byte[] encoded) {
        repo.putCheckedObjectBytes(d, encoded);
    }

    @Override
    public boolean hasPayload(Digest d) {
        return repo.hasPayload(d);
    }

    @Override
    public InputStream openPayload(Digest d) throws IOException {
        try {
            return Files.newInputStream(repo.payloadPath(d));
        } catch (java.nio.file.NoSuchFileException e) {
            throw pushedFrom ? new java.io.FileNotFoundException(io.spfsd.storage.MissingPayloads.toSend(repo, d, null)) : e;
        }
    }

    @Override
    public void writePayload(Digest d, InputStream content) throws IOException {
        unsynced = true;
        io.spfsd.storage.PayloadImporter i = importer;
        if (i == null) {
            synchronized (this) {
                if (importer == null) {
                    importer = new io.spfsd.storage.PayloadImporter(repo);
                }
                i = importer;
            }
        }
        i.storeExpecting(content, d);
    }

    @Override
    public Digest resolve(String ref) {
        return new Refs(repo).resolve(ref);
    }

    @Override
    public Digest tag(String tag) {
        List<TagStore.TagVersion> h = repo.tags().history(tag);
        return h.isEmpty() ? null : h.getFirst().target();
    }

    @Override
    public void pushTag(String tag, Digest target) {
        repo.tags().push(tag, target);
    }

    @Override
    public List<TagStore.TagVersion> tagHistory(String tag) {
        return repo.tags().history(tag);
    }

    @Override
    public void mergeTag(String tag, List<TagStore.TagVersion> versions) {
        repo.tags().merge(tag, versions);
    }

    /** One sync of the file system, and only when payloads were written. */
    @Override
    public void makePayloadsDurable() {
        if (unsynced) {
            repo.flush();
            unsynced = false;
        }
    }

    /** Writes the verdicts of what was stored, and makes payloads not yet synced durable. */
    @Override
    public void close() {
        if (importer != null) {
            importer.close();
        }
        makePayloadsDurable();
    }
}
