package io.spfsd.storage.remote;

import io.spfsd.storage.Digest;
import io.spfsd.storage.Manifest;
import io.spfsd.storage.ObjectCodec;
import io.spfsd.storage.StoredObject;
import io.spfsd.storage.TagStore;
import io.spfsd.storage.spfs.SpfsConversion;
import io.spfsd.storage.spfs.SpfsRepository;
import io.spfsd.storage.spfs.SpfsTags;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An spfs repository as a remote (spfs:PATH): what a ref reaches is converted to spfsd's
 * objects when it is resolved (in memory: the spfs repository is only read), and payloads are
 * read from it in place, by the digest both systems give them. So pull, lazy runtimes
 * (run --remote spfs:PATH) and ls -r read spfs repositories as they read any remote. It is
 * written to only by push, which converts the other way (cli/SpfsTransfer).
 */
public final class SpfsStore implements ObjectStore, SpfsConversion.Sink {
    private final SpfsRepository spfs;
    private final SpfsConversion conversion;
    private final Map<Digest, byte[]> objects = new ConcurrentHashMap<>();
    /** The objects of the last conversion, decoded (softly held: a manifest of 100,000 entries is tens of MB). */
    private volatile java.lang.ref.SoftReference<Map<Digest, StoredObject>> lastConverted =
            new java.lang.ref.SoftReference<>(null);

    public SpfsStore(SpfsRepository spfs) {
        this.spfs = spfs;
        this.conversion = new SpfsConversion(spfs, this);
    }

    /**
     * What was converted into local before (by an earlier daemon or pull) is taken from there,
     * not converted again; what is converted from now on is noted there.
     */
    public void rememberIn(io.spfsd.storage.Repository local) {
        conversion.remembering(new io.spfsd.storage.ConversionMemo(local));
    }

    /** The spfs repository at root, its tags read in namespace (null: none). */
    static SpfsStore open(Path root, String namespace) {
        try {
            return new SpfsStore(SpfsRepository.open(root).inNamespace(namespace));
        } catch (IOException e) {
            throw new Remotes.BadRemote(e.getMessage());
        }
    }

    @Override
    public String name() {
        return "spfs:" + spfs.root();
    }

    @Override
    public boolean hasObject(Digest d) {
        return objects.containsKey(d);
    }

    @Override
    public byte[] readObject(Digest d) throws IOException {
        byte[] b = objects.get(d);
        if (b == null) {
            throw new IOException("object " + d + " is not among those converted from " + name());
        }
        return b;
    }

    @Override
    public boolean hasPayload(Digest d) {
        return spfs.hasPayload(d);
    }

    @Override
    public InputStream openPayload(Digest d) throws IOException {
        return Files.newInputStream(spfs.payloadPath(d));
    }

    @Override
    public Digest resolve(String ref) throws IOException {
        Digest spfsDigest = spfs.resolve(ref);
        synchronized (conversion) {
            lastConverted = new java.lang.ref.SoftReference<>(new ConcurrentHashMap<>());
            return conversion.convert(spfsDigest);
        }
    }

    @Override
    public StoredObject decoded(Digest d) {
        Map<Digest, StoredObject> last = lastConverted.get();
        return last == null ? null : last.get(d);
    }

    @Override
    public Digest tag(String tag) throws IOException {
        List<SpfsTags.Tag> versions = spfs.tagVersions(tag);
        return versions.isEmpty() ? null : conversion.convert(versions.getFirst().target());
    }

    @Override
    public List<TagStore.TagVersion> tagHistory(String tag) throws IOException {
        List<TagStore.TagVersion> out = new ArrayList<>();
        for (SpfsTags.Tag t : spfs.tagVersions(tag)) { // times to the second, as spfsd's tag files keep them
            out.add(new TagStore.TagVersion(tag, conversion.convert(t.target()),
                    OffsetDateTime.parse(t.time()).toInstant().truncatedTo(ChronoUnit.SECONDS), t.user()));
        }
        return out;
    }

    @Override
    public List<String> tagNames() throws IOException {
        Path tags = spfs.tagsRoot();
        if (!Files.isDirectory(tags)) {
            return List.of();
        }
        try (var s = Files.walk(tags)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".tag") && Files.isRegularFile(p))
                    .filter(p -> !tags.relativize(p).toString().contains(SpfsRepository.NAMESPACE_MARKER)) // another namespace's
                    .map(p -> tags.relativize(p).toString())
                    .map(n -> n.substring(0, n.length() - ".tag".length()))
                    .sorted().toList();
        }
    }

    @Override
    public void writeObject(Digest d, byte[] encoded) {
        throw readOnly();
    }

    @Override
    public void writePayload(Digest d, InputStream content) {
        throw readOnly();
    }

    @Override
    public void pushTag(String tag, Digest target) {
        throw readOnly();
    }

    @Override
    public void mergeTag(String tag, List<TagStore.TagVersion> versions) {
        throw readOnly();
    }

    private Remotes.BadRemote readOnly() {
        return new Remotes.BadRemote(name() + " is written only by spfsd push, which converts to spfs's objects");
    }

    // ---- where converted objects go: kept here, encoded as spfsd stores them ----

    @Override
    public Digest manifest(Manifest m) {
        return keep(ObjectCodec.encodeManifest(m), new StoredObject.ManifestObject(m));
    }

    @Override
    public Digest layer(Digest manifest, List<StoredObject.Annotation> annotations) {
        StoredObject.Layer l = new StoredObject.Layer(manifest, annotations);
        return keep(ObjectCodec.encodeLayer(l), l);
    }

    @Override
    public Digest platform(List<Digest> bottomFirst) {
        StoredObject.Platform p = new StoredObject.Platform(bottomFirst);
        return keep(ObjectCodec.encodePlatform(p), p);
    }

    private Digest keep(byte[] encoded, StoredObject decoded) {
        Digest d = Digest.of(encoded);
        objects.putIfAbsent(d, encoded);
        Map<Digest, StoredObject> last = lastConverted.get();
        if (last != null) {
            last.put(d, decoded);
        }
        return d;
    }
}
