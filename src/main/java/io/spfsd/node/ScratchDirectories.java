package io.spfsd.node;

import io.spfsd.os.ErrnoException;
import io.spfsd.os.OpenDirectory;
import io.spfsd.storage.Names;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A scratch's directories held open, by their path in the runtime ("" is the upper directory):
 * every call into the scratch is made relative to its parent's descriptor with one name, so a
 * path is never longer than a name, never walked again per call, and no symlink the runtime made
 * can lead a call out of the scratch. A directory is opened through its parent the first time
 * it is needed and kept (up to {@link #KEPT}); a descriptor follows its directory when it is
 * moved, so only what changes where directories are must be forgotten: a rename or removal of
 * a directory forgets it and everything below ({@link #forget}), a commit or reset everything
 * ({@link #clear}).
 *
 * <p>Forgetting and keeping happen under this object's lock, and a directory opened is kept
 * only if nothing was forgotten since its opening began (a generation count): an opening that
 * raced a move may serve its own request (the move came after it), but never a later one.
 */
public final class ScratchDirectories {
    static final int KEPT = 4096;
    private final Path upper;
    private final ConcurrentHashMap<String, OpenDirectory> kept = new ConcurrentHashMap<>();
    private long generation;
    private boolean closed;

    public ScratchDirectories(Path upper) {
        this.upper = upper;
    }

    /**
     * The scratch's directory at rel, held for the caller, who closes it. ENOENT or ENOTDIR
     * (thrown) if the scratch has no directory there.
     */
    public OpenDirectory of(String rel) throws ErrnoException {
        OpenDirectory d = kept.get(rel);
        if (d != null && d.hold()) {
            return d;
        }
        long began;
        synchronized (this) {
            began = generation;
        }
        OpenDirectory made;
        if (rel.isEmpty()) {
            made = OpenDirectory.open(upper);
        } else {
            int slash = rel.lastIndexOf('/');
            try (OpenDirectory parent = of(slash < 0 ? "" : rel.substring(0, slash))) {
                made = parent.child(Names.encode(rel.substring(slash + 1)));
            }
        }
        keep(rel, made, began);
        return made;
    }

    private synchronized void keep(String rel, OpenDirectory d, long began) {
        if (closed || generation != began || kept.size() >= KEPT && !trim() || !d.hold()) {
            return;
        }
        OpenDirectory before = kept.put(rel, d);
        if (before != null) {
            before.close();
        }
    }

    /** Drops a quarter of what is kept (any quarter: lookups open again what they need); whether there is room now. */
    private boolean trim() {
        int drop = KEPT / 4;
        for (var it = kept.entrySet().iterator(); it.hasNext() && drop > 0; drop--) {
            it.next().getValue().close();
            it.remove();
        }
        return kept.size() < KEPT;
    }

    /** The directory at rel and everything below it moved or went: what is held of them is forgotten. */
    public synchronized void forget(String rel) {
        generation++;
        if (rel.isEmpty()) {
            clearKept();
            return;
        }
        String below = rel + "/";
        List<String> gone = new ArrayList<>();
        for (String k : kept.keySet()) {
            if (k.equals(rel) || k.startsWith(below)) {
                gone.add(k);
            }
        }
        for (String k : gone) {
            OpenDirectory d = kept.remove(k);
            if (d != null) {
                d.close();
            }
        }
    }

    /** The whole scratch changed (a commit replaced its upper directory, a reset deleted in it). */
    public synchronized void clear() {
        generation++;
        clearKept();
    }

    /** The runtime ended: nothing is kept from now on (what requests still hold closes with them). */
    public synchronized void close() {
        closed = true;
        clear();
    }

    private void clearKept() {
        kept.values().forEach(OpenDirectory::close);
        kept.clear();
    }

    /** How many directories are held (tests). */
    int held() {
        return kept.size();
    }
}
