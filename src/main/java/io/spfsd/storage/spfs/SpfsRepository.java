package io.spfsd.storage.spfs;

import io.spfsd.storage.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * A repository in spfs's file-system layout (crates/spfs/src/storage/fs): objects/ and
 * payloads/ keep each object or payload under its padded base32 digest, the first two
 * characters a directory (objects/AB/CDEF...====); tags/ keeps a tag file per tag
 * (tags/ORG/NAME.tag). Objects are verified against their digest when read; payloads when
 * copied.
 */
public final class SpfsRepository {
    /** The largest object file read: spfs's manifests of a million entries stay far below it. */
    static final long MAX_OBJECT_BYTES = 1L << 30;

    /** Where an spfs:PATH[?namespace=A/B] URL points: the repository's directory, and a tag namespace or null. */
    public record Address(Path root, String namespace) {
        public static final String SCHEME = "spfs:";

        public static boolean is(String url) {
            return url.startsWith(SCHEME);
        }

        public static Address parse(String url) {
            String p = url.substring(SCHEME.length());
            int q = p.indexOf("?namespace=");
            String namespace = q < 0 ? null : p.substring(q + "?namespace=".length());
            p = q < 0 ? p : p.substring(0, q);
            return new Address(Path.of(p.startsWith("//") ? p.substring(2) : p), namespace);
        }
    }

    /** What spfs appends to a tag namespace's directory names, so they cannot be taken for tag directories. */
    public static final String NAMESPACE_MARKER = "#ns";

    private final Path root;
    /** Where this view's tags are: tags/, or tags/A#ns/B#ns/ for the tag namespace A/B. */
    private final Path tags;

    private SpfsRepository(Path root, Path tags) {
        this.root = root;
        this.tags = tags;
    }

    /**
     * The same repository with its tags read from (and written to) a tag namespace ("a/b"), as
     * spfs's config tag_namespace does; null or empty for none.
     */
    public SpfsRepository inNamespace(String namespace) throws SpfsFormatException {
        Path t = root.resolve("tags");
        if (namespace != null && !namespace.isEmpty()) {
            for (String part : namespace.split("/", -1)) {
                if (part.isEmpty() || part.equals(".") || part.equals("..") || part.indexOf('\0') >= 0) {
                    throw new SpfsFormatException("not a tag namespace: " + namespace);
                }
                t = t.resolve(part + NAMESPACE_MARKER);
            }
        }
        return new SpfsRepository(root, t);
    }

    /** Where this view's tag files are. */
    public Path tagsRoot() {
        return tags;
    }

    /** Whether dir has spfs's layout (objects/, payloads/, tags/). */
    public static boolean isSpfsRepository(Path dir) {
        return Files.isDirectory(dir.resolve("objects")) && Files.isDirectory(dir.resolve("payloads"))
                && Files.isDirectory(dir.resolve("tags"));
    }

    public static SpfsRepository open(Path dir) throws SpfsFormatException {
        if (!isSpfsRepository(dir)) {
            throw new SpfsFormatException(dir + " is not an spfs repository (it needs objects/, payloads/ and tags/)");
        }
        return new SpfsRepository(dir, dir.resolve("tags"));
    }

    /** Makes the layout at dir if it is not there yet, and opens it. */
    public static SpfsRepository create(Path dir) throws IOException {
        for (String d : List.of("objects", "payloads", "tags")) {
            Files.createDirectories(dir.resolve(d));
        }
        return new SpfsRepository(dir, dir.resolve("tags"));
    }

    public Path root() {
        return root;
    }

    Path objectPath(Digest d) {
        return sharded(root.resolve("objects"), d);
    }

    public Path payloadPath(Digest d) {
        return sharded(root.resolve("payloads"), d);
    }

    private static Path sharded(Path dir, Digest d) {
        String t = d.spfsText();
        return dir.resolve(t.substring(0, 2)).resolve(t.substring(2));
    }

    public boolean hasObject(Digest d) {
        return Files.isRegularFile(objectPath(d));
    }

    public boolean hasPayload(Digest d) {
        return Files.isRegularFile(payloadPath(d));
    }

    /** Object d, checked against its digest. */
    public SpfsObjects.Read readObject(Digest d) throws IOException {
        Path p = objectPath(d);
        long size;
        try {
            size = Files.size(p);
        } catch (NoSuchFileException e) {
            throw new SpfsFormatException("object " + d.spfsText() + " is not in " + root);
        }
        if (size > MAX_OBJECT_BYTES) {
            throw new SpfsFormatException("object " + d.spfsText() + " is " + size + " bytes, more than any spfs object");
        }
        return SpfsObjects.readVerified(Files.readAllBytes(p), d, "object " + d.spfsText() + " in " + root);
    }

    /** Writes o in the flatbuffer encoding, spfs's default (with strategy's digest), unless it is there; its digest. */
    public Digest writeObject(SpfsObject o, SpfsHeader.Strategy strategy) throws IOException {
        Digest d = SpfsObject.digest(o, strategy);
        Path p = objectPath(d);
        if (!Files.exists(p)) {
            writeAtomically(p, FlatWriter.file(o, strategy));
        }
        return d;
    }

    /** Stores content as payload d, refusing (storing nothing) if it does not hash to d. */
    public void writePayload(Digest d, InputStream content) throws IOException {
        Path p = payloadPath(d);
        if (Files.exists(p)) {
            return;
        }
        Files.createDirectories(p.getParent());
        Path tmp = Files.createTempFile(p.getParent(), ".incoming-", "");
        try {
            java.security.MessageDigest sha = Digest.sha256();
            try (var out = new java.security.DigestOutputStream(Files.newOutputStream(tmp), sha)) {
                content.transferTo(out);
            }
            Digest actual = Digest.fromBytes(sha.digest());
            if (!actual.equals(d)) {
                throw new SpfsFormatException("payload " + d.spfsText() + ": its content has the digest " + actual.spfsText());
            }
            Files.move(tmp, p, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** The tag's versions, newest first; empty if there is no such tag. */
    public List<SpfsTags.Tag> tagVersions(String tag) throws IOException {
        Path p = tagPath(tag);
        if (!Files.isRegularFile(p)) {
            return List.of();
        }
        return SpfsTags.read(Files.readAllBytes(p), root.relativize(p).toString());
    }

    /** Adds a version to the tag (its parent the newest one), as spfs appends to a tag file. */
    public void pushTag(String tag, Digest target, String user, String time) throws IOException {
        List<SpfsTags.Tag> versions = new ArrayList<>(tagVersions(tag).reversed());
        append(versions, tag, target, user, time);
        writeAtomically(tagPath(tag), SpfsTags.write(versions));
    }

    /** A version to add to a tag. */
    public record Version(Digest target, String user, java.time.Instant time) {
    }

    /**
     * Adds to the tag the versions (oldest first) it lacks, each naming the one before it as its
     * parent: one already there (same target and time) is skipped, and so is one that repeats
     * the newest version's target, which spfs does not do either. One read and one write of
     * the tag file, however many versions; how many were added.
     */
    public int mergeTag(String tag, List<Version> oldestFirst) throws IOException {
        List<SpfsTags.Tag> versions = new ArrayList<>(tagVersions(tag).reversed());
        java.util.Set<String> known = new java.util.HashSet<>();
        for (SpfsTags.Tag t : versions) {
            known.add(t.target() + " " + java.time.OffsetDateTime.parse(t.time()).toInstant());
        }
        int added = 0;
        for (Version v : oldestFirst) {
            boolean repeatsNewest = !versions.isEmpty() && versions.getLast().target().equals(v.target());
            if (known.add(v.target() + " " + v.time()) && !repeatsNewest) {
                append(versions, tag, v.target(), v.user(), java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME
                        .format(v.time().atOffset(java.time.ZoneOffset.UTC)));
                added++;
            }
        }
        if (added > 0) {
            writeAtomically(tagPath(tag), SpfsTags.write(versions));
        }
        return added;
    }

    private static void append(List<SpfsTags.Tag> oldestFirst, String tag, Digest target, String user, String time) {
        int slash = tag.lastIndexOf('/');
        String org = slash < 0 ? null : tag.substring(0, slash);
        Digest parent = oldestFirst.isEmpty() ? Digest.NONE : oldestFirst.getLast().digest();
        oldestFirst.add(new SpfsTags.Tag(org, tag.substring(slash + 1), target, user, time, parent));
    }

    private Path tagPath(String tag) throws SpfsFormatException {
        for (String part : tag.split("/", -1)) {
            if (part.isEmpty() || part.equals(".") || part.equals("..") || part.indexOf('\0') >= 0) {
                throw new SpfsFormatException("not a tag name: " + tag);
            }
        }
        return tags.resolve(tag + ".tag");
    }

    /**
     * The digest ref stands for: a tag (NAME or ORG/NAME, ~N for an older version), a digest
     * (padded or not) or the start of one (unique among the objects).
     */
    public Digest resolve(String ref) throws IOException {
        String t = Digest.stripPadding(ref.trim());
        if (t.length() == Digest.TEXT_LENGTH && Digest.isBase32(t)) {
            return Digest.parse(t);
        }
        int tilde = ref.lastIndexOf('~');
        String tag = tilde < 0 ? ref : ref.substring(0, tilde);
        int version = 0;
        if (tilde >= 0) {
            try {
                version = Integer.parseInt(ref.substring(tilde + 1));
            } catch (NumberFormatException e) {
                throw new SpfsFormatException("not a version in " + ref + " (TAG~N, N a number)");
            }
        }
        List<SpfsTags.Tag> versions = tagVersions(tag);
        if (!versions.isEmpty()) {
            if (version >= versions.size()) {
                throw new SpfsFormatException("tag " + tag + " has " + versions.size() + " versions, no ~" + version);
            }
            return versions.get(version).target();
        }
        if (t.length() >= 2 && Digest.isBase32(t)) {
            return byPrefix(t.toUpperCase(java.util.Locale.ROOT), ref);
        }
        throw new SpfsFormatException("no tag or object " + ref + " in " + root);
    }

    private Digest byPrefix(String prefix, String ref) throws IOException {
        Path dir = root.resolve("objects").resolve(prefix.substring(0, 2));
        List<Digest> found = new ArrayList<>();
        if (Files.isDirectory(dir)) {
            try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
                for (Path p : s) {
                    String text = prefix.substring(0, 2) + p.getFileName();
                    if (text.startsWith(prefix) && Digest.isBase32(Digest.stripPadding(text))
                            && Digest.stripPadding(text).length() == Digest.TEXT_LENGTH) {
                        found.add(Digest.parse(text));
                    }
                }
            }
        }
        if (found.size() != 1) {
            throw new SpfsFormatException(found.isEmpty() ? "no tag or object " + ref + " in " + root
                    : ref + " is the start of " + found.size() + " digests; give more of it");
        }
        return found.getFirst();
    }

    private static void writeAtomically(Path p, byte[] bytes) throws IOException {
        Files.createDirectories(p.getParent());
        Path tmp = Files.createTempFile(p.getParent(), ".incoming-", "");
        try {
            Files.write(tmp, bytes);
            Files.move(tmp, p, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
