package io.spfsd.storage;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Named tags with history. Each tag is a text file tags/NAME.tag with one line per version,
 * oldest first: {@code DIGEST TIME USER}. The newest version wins; {@code name~N} is the Nth
 * older one. Updates rewrite the file atomically under a lock, so concurrent taggers never
 * lose a version.
 */
public final class TagStore {
    /** Path-like names: segments of letters, digits, '.', '_', '-', joined by '/'. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]*(/[A-Za-z0-9_][A-Za-z0-9._-]*)*");
    private static final String SUFFIX = ".tag";
    private static final Object JVM_LOCK = new Object();

    private final Path dir;
    private final Path tmp;

    TagStore(Path dir, Path tmp) {
        this.dir = dir;
        this.tmp = tmp;
    }

    /** One version of a tag. */
    public record TagVersion(String name, Digest target, Instant time, String user) {
    }

    /**
     * The most versions a tag may have: every reader refuses more (a tag pulled from a remote
     * included), and a change that would pass it is refused, so what one command accepts
     * another can read.
     */
    public static final int MAX_VERSIONS = 100_000;
    /** The longest tag file read: MAX_VERSIONS lines of a digest, a time and a user name. */
    public static final int MAX_FILE_BYTES = MAX_VERSIONS * 400;

    public static boolean isValidName(String name) {
        return name != null && name.length() <= 200 && NAME.matcher(name).matches();
    }

    public static void checkName(String name) {
        if (!isValidName(name)) {
            throw new RepositoryException("invalid tag name '" + (name == null ? "" : Names.display(name))
                    + "': use letters, digits, '.', '_', '-', and '/' between parts");
        }
    }

    /** Makes target the newest version of the tag. */
    public TagVersion push(String name, Digest target) {
        return push(name, target, System.getProperty("user.name", "unknown"));
    }

    /** The same, recorded as user's (a daemon tagging for the user who asked). */
    public TagVersion push(String name, Digest target, String user) {
        checkName(name);
        // Whole seconds: jq's fromdateiso8601 rejects any fraction.
        TagVersion v = new TagVersion(name, target, Instant.now().truncatedTo(ChronoUnit.SECONDS), user);
        rewrite(name, versions -> versions.add(v));
        return v;
    }

    /**
     * Removes version n of a tag (0 the newest, as in NAME~N), or all of them with n < 0: the
     * tag is gone. Returns the versions removed, newest first.
     */
    public List<TagVersion> remove(String name, int n) {
        checkName(name);
        List<TagVersion> removed = new ArrayList<>();
        rewrite(name, versions -> {
            if (versions.isEmpty()) {
                throw new UnknownRefException("no tag named '" + name + "'");
            }
            if (n >= versions.size()) {
                throw new UnknownRefException("tag " + name + " has " + versions.size() + " version"
                        + (versions.size() == 1 ? "" : "s") + ": there is no " + name + "~" + n);
            }
            if (n < 0) {
                removed.addAll(versions.reversed());
                versions.clear();
            } else {
                removed.add(versions.remove(versions.size() - 1 - n));
            }
        });
        return removed;
    }

    private void rewrite(String name, java.util.function.Consumer<List<TagVersion>> change) {
        try {
            synchronized (JVM_LOCK) {
                rewriteLocked(name, change);
            }
        } catch (IOException e) {
            throw new RepositoryException("cannot write tag " + name + ": " + IoErrors.describe(e), e);
        }
    }

    /**
     * Rewrites the tag file with its versions changed (the file goes when none is left). The
     * file lock excludes other processes; within this JVM it would throw
     * OverlappingFileLockException, hence the monitor around it.
     */
    private void rewriteLocked(String name, java.util.function.Consumer<List<TagVersion>> change) throws IOException {
        ReadOnlyRepositories.refuseChange(dir.getParent());
        Path file = file(name);
        Files.createDirectories(file.getParent());
        try (FileChannel lockFile = FileChannel.open(dir.resolve(".lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
             FileLock ignored = lockFile.lock()) {
            List<TagVersion> versions = readOldestFirst(name);
            change.accept(versions);
            if (versions.size() > MAX_VERSIONS) {
                throw new RepositoryException("tag " + name + " would have more than " + MAX_VERSIONS
                        + " versions: remove old ones first (spfsd untag " + name + "~N)");
            }
            if (versions.isEmpty()) {
                Files.deleteIfExists(file);
                return;
            }
            AtomicFiles.write(tmp, file, text(versions).getBytes(StandardCharsets.UTF_8));
        }
    }

    /**
     * Adds the versions of another copy of this tag (a push or pull) that this one lacks, each
     * with its own time and user, keeping the history in time order: afterwards both copies
     * list the same versions. A version is its target and time; versions come newest first
     * (as {@link #history} gives them), and equal times keep their order.
     */
    public void merge(String name, List<TagVersion> versions) {
        checkName(name);
        rewrite(name, mine -> mergeInto(mine, versions));
    }

    /**
     * Adds to oldestFirst (a tag file's order) the versions of newestFirst (history's order)
     * it lacks, keeping time order; equal times keep their order. The one merge of tag histories,
     * for this store and for remotes that hold tag files.
     */
    public static void mergeInto(List<TagVersion> oldestFirst, List<TagVersion> newestFirst) {
        java.util.Set<String> have = new java.util.HashSet<>();
        oldestFirst.forEach(v -> have.add(v.target() + " " + v.time()));
        for (TagVersion v : newestFirst.reversed()) { // oldest first: a stable sort keeps equal times in order
            if (have.add(v.target() + " " + v.time())) {
                oldestFirst.add(new TagVersion(v.name(), v.target(), v.time().truncatedTo(ChronoUnit.SECONDS), v.user()));
            }
        }
        oldestFirst.sort(java.util.Comparator.comparing(TagVersion::time));
    }

    /** A tag file's text: one line per version, oldest first ("DIGEST TIME USER"). */
    public static String text(List<TagVersion> oldestFirst) {
        StringBuilder sb = new StringBuilder();
        for (TagVersion t : oldestFirst) {
            sb.append(t.target()).append(' ').append(t.time()).append(' ').append(t.user()).append('\n');
        }
        return sb.toString();
    }

    /** The versions a tag file's text lists, oldest first; a damaged line is a corrupt tag. */
    public static List<TagVersion> parse(String name, List<String> lines) {
        if (lines.size() > MAX_VERSIONS) {
            throw new CorruptObjectException("tag " + name + " has more than " + MAX_VERSIONS + " versions: refused");
        }
        List<TagVersion> out = new ArrayList<>(lines.size());
        int lineNo = 0;
        for (String line : lines) {
            lineNo++;
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split(" ", 3);
            try {
                out.add(new TagVersion(name, Digest.parse(f[0]), Instant.parse(f[1]).truncatedTo(ChronoUnit.SECONDS),
                        f.length > 2 ? f[2] : ""));
            } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException | DateTimeParseException e) {
                throw new CorruptObjectException("tag " + name + " is corrupt at line " + lineNo + ": '" + line + "'");
            }
        }
        return out;
    }

    /** All versions, newest first; empty when the tag does not exist. */
    public List<TagVersion> history(String name) {
        if (!isValidName(name)) {
            return List.of();
        }
        try {
            List<TagVersion> v = readOldestFirst(name);
            Collections.reverse(v);
            return v;
        } catch (IOException e) {
            throw new RepositoryException("cannot read tag " + name + ": " + IoErrors.describe(e), e);
        }
    }

    public boolean exists(String name) {
        return isValidName(name) && Files.isRegularFile(file(name));
    }

    /** Every tag name, sorted. */
    public List<String> names() {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(SUFFIX) && Files.isRegularFile(p))
                    .map(p -> {
                        String rel = dir.relativize(p).toString().replace(java.io.File.separatorChar, '/');
                        return rel.substring(0, rel.length() - SUFFIX.length());
                    })
                    .filter(TagStore::isValidName)
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new RepositoryException("cannot list tags: " + IoErrors.describe(e), e);
        }
    }

    private Path file(String name) {
        return dir.resolve(name + SUFFIX);
    }

    private List<TagVersion> readOldestFirst(String name) throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file(name), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return new ArrayList<>();
        }
        return new ArrayList<>(parse(name, lines));
    }
}
