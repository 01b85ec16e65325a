package io.spfsd.storage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What each spfs object became in this repository: the spfsd digest its conversion gave, kept
 * in {@code spfs-converted/SPFSDIGEST} (one line), so that a daemon started again does not
 * convert a tag it has converted before (a 100,000-entry manifest is most of a second with a
 * cold JIT). Both sides are content-addressed and the conversion is a function of what the
 * spfs digest names, so an entry never goes stale; it is used only while the repository holds
 * the object it names (a clean may have removed it, a transfer may not have finished), else
 * the conversion runs again.
 */
public final class ConversionMemo {
    /** A conversion that made other objects from the same spfs objects would take another name. */
    static final String DIRECTORY = "spfs-converted";

    private final Repository repo;
    private final Path dir;

    public ConversionMemo(Repository repo) {
        this.repo = repo;
        this.dir = repo.root().resolve(DIRECTORY);
    }

    /** The spfsd object spfs object d became, if this repository holds it; else null. */
    public Digest known(Digest spfs) {
        try {
            Digest local = Digest.parse(Files.readString(dir.resolve(spfs.toString()), StandardCharsets.US_ASCII).strip());
            return repo.hasObject(local) ? local : null;
        } catch (IOException | RuntimeException e) { // none, unreadable or not a digest: convert again
            return null;
        }
    }

    /** Notes that spfs object d became local (best effort: a lost note costs a conversion). */
    public void remember(Digest spfs, Digest local) {
        try {
            Files.createDirectories(dir);
            AtomicFiles.write(repo.tmpDir(), dir.resolve(spfs.toString()),
                    (local + "\n").getBytes(StandardCharsets.US_ASCII), false);
        } catch (IOException | RuntimeException e) {
            // a read-only or full repository: the conversion runs again next time
        }
    }
}
