package io.spfsd.storage;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves what users type to digests, with spfs's conventions: a REF is a tag ({@code name},
 * or {@code name~N} for its Nth older version), a full digest, or a unique digest prefix
 * (4 characters or more); an env spec joins refs with '+', bottom layer first.
 */
public final class Refs {
    private static final Pattern VERSIONED = Pattern.compile("(.+)~(\\d+)");

    private final Repository repo;

    public Refs(Repository repo) {
        this.repo = repo;
    }

    public Digest resolve(String ref) {
        String r = ref.strip();
        if (r.isEmpty()) {
            throw new UnknownRefException("empty ref");
        }
        Matcher m = VERSIONED.matcher(r);
        if (m.matches()) {
            // More digits than an int holds cannot name an existing version either.
            String n = m.group(2);
            return tagVersion(m.group(1), n.length() > 9 ? Integer.MAX_VALUE : Integer.parseInt(n), n);
        }
        if (Digest.stripPadding(r).length() == Digest.TEXT_LENGTH && Digest.isBase32(Digest.stripPadding(r))) {
            Digest d = Digest.parse(r);
            if (!repo.hasObject(d)) {
                throw new UnknownRefException("no object " + d + " in " + repo.root());
            }
            return d;
        }
        if (repo.tags().exists(r)) {
            return tagVersion(r, 0, "0");
        }
        List<Digest> matches = objectsWithPrefix(r);
        if (matches.size() == 1) {
            return matches.getFirst();
        }
        if (matches.size() > 1) {
            throw new UnknownRefException("ambiguous ref '" + r + "': " + matches.size() + " objects start with it");
        }
        String near = Nearest.didYouMean(r, repo.tags().names());
        throw new UnknownRefException("unknown ref '" + r + "': no tag of that name and no object with that digest"
                + (!near.isEmpty() ? near
                        : Digest.isBase32(Digest.stripPadding(r)) && r.length() < 4 ? " (digest prefixes need 4 characters)"
                        : ""));
    }

    private Digest tagVersion(String name, int n, String asWritten) {
        List<TagStore.TagVersion> h = repo.tags().history(name);
        if (h.isEmpty()) {
            throw new UnknownRefException("unknown tag '" + name + "'");
        }
        if (n >= h.size()) {
            throw new UnknownRefException("tag '" + name + "' has " + h.size() + " version"
                    + (h.size() == 1 ? "" : "s") + "; " + name + "~" + asWritten + " does not exist");
        }
        return h.get(n).target();
    }

    /** Resolves "base+tools+fix" (and/or several arguments) to digests, bottom first. */
    public List<Digest> resolveEnv(List<String> specs) {
        return resolveEnv(specs, this::resolve);
    }

    /** The same, each ref resolved by resolver (a lazy runtime's: here, else on its remote). */
    public static List<Digest> resolveEnv(List<String> specs, java.util.function.Function<String, Digest> resolver) {
        List<Digest> out = new ArrayList<>();
        for (String spec : specs) {
            for (String part : spec.split("\\+", -1)) {
                if (part.isBlank()) {
                    throw new UnknownRefException("empty ref in env spec '" + spec + "'");
                }
                out.add(resolver.apply(part));
            }
        }
        if (out.isEmpty()) {
            throw new UnknownRefException("no ref given");
        }
        return out;
    }

    /**
     * The manifests a list of objects stands for, bottom first: platforms are flattened,
     * layers give their manifest, manifests stand for themselves.
     */
    public List<Digest> manifests(List<Digest> objects) {
        List<Digest> out = new ArrayList<>();
        for (Digest d : objects) {
            flatten(d, out, 0);
        }
        return out;
    }

    /** How deep platforms may nest: every reader refuses deeper, and so does a transfer, so nothing accepted is unreadable. */
    public static final int MAX_PLATFORM_DEPTH = 64;

    private void flatten(Digest d, List<Digest> out, int depth) {
        if (depth > MAX_PLATFORM_DEPTH) {
            throw new CorruptObjectException("platforms nested more than " + MAX_PLATFORM_DEPTH + " deep at " + d);
        }
        switch (repo.readObject(d)) {
            case StoredObject.ManifestObject m -> out.add(d);
            case StoredObject.Layer l -> {
                if (l.manifest() != null) { // a layer of annotations alone shows no files
                    out.add(l.manifest());
                }
            }
            case StoredObject.Platform p -> {
                for (Digest child : p.stack()) {
                    flatten(child, out, depth + 1);
                }
            }
        }
    }

    /** The shortest digest prefix taken as a ref. */
    private static final int MIN_PREFIX = 4;

    /** Full digests of the objects whose text starts with prefix (at least 4 characters). */
    List<Digest> objectsWithPrefix(String prefix) {
        String p = Digest.stripPadding(prefix);
        if (p.length() < MIN_PREFIX || !Digest.isBase32(p)) {
            return List.of();
        }
        List<Digest> found = new ArrayList<>();
        String shardDir = p.substring(0, Digest.SHARD_CHARS);
        java.nio.file.Path dir = repo.objectShard(shardDir);
        if (!java.nio.file.Files.isDirectory(dir)) {
            return found;
        }
        try (java.nio.file.DirectoryStream<java.nio.file.Path> s = java.nio.file.Files.newDirectoryStream(dir,
                p.substring(Digest.SHARD_CHARS) + "*")) {
            for (java.nio.file.Path f : s) {
                found.add(Digest.parse(shardDir + f.getFileName()));
            }
        } catch (java.io.IOException | IllegalArgumentException e) {
            throw new RepositoryException("cannot search objects for prefix " + prefix + ": " + e.getMessage(), e);
        }
        return found;
    }
}
