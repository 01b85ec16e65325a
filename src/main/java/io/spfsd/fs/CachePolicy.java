package io.spfsd.fs;

import io.spfsd.node.Node;
import io.spfsd.node.PositionState;

/**
 * Every kernel cache timeout and cache flag the filesystem answers with, decided here.
 *
 * <ul>
 *   <li>The root (node 1) is the one node whose content depends on who asks, so its children
 *       are never cached as entries (timeout 0): every path walk asks again and is routed.
 *       Its own attributes are the same for every view and are cached.</li>
 *   <li>Shared nodes (files, symlinks) stand for fixed content ({@link io.spfsd.node.NodeDomain#SHARED}):
 *       their attributes and pages (keep_cache) may be cached for a day.</li>
 *   <li>Directories are positions, one id for every runtime: what the kernel may keep of one and
 *       under it (entries, negative entries, attributes, listings) follows the runtimes'
 *       agreement there ({@link PositionState}, kept by {@link Positions}): a day where
 *       read-only runtimes agree, a second where one editable runtime is alone, else nothing.</li>
 *   <li>Private nodes change, but only through this daemon: their attributes are kept for a
 *       second (the kernel updates what it sees change), their pages not at all; what changes
 *       behind the kernel's back is invalidated explicitly (io.spfsd.fs.api.KernelCache).</li>
 * </ul>
 */
final class CachePolicy {
    static final double DAY = 86400.0;

    double rootAttrTimeout() {
        return DAY;
    }

    private volatile int rootPermissions = 0755;

    /**
     * The root's mode bits: the same for every caller, as its attributes are cached once for
     * all. 0755 when one user owns every runtime (the daemon's own); 1777 for the machine's
     * daemon, so that any user's editable runtime may create at its root (the kernel checks
     * modes): the daemon answers EROFS to everyone else, and the sticky bit keeps a name to
     * the one who owns it.
     */
    int rootPermissions() {
        return rootPermissions;
    }

    void rootWritableByAll(boolean on) {
        rootPermissions = on ? 01777 : 0755;
    }

    double rootChildEntryTimeout() {
        return 0.0;
    }

    /** A private node changes only through this daemon, which the kernel sees; a second is safe. */
    static final double PRIVATE = 1.0;

    /** How long an entry (positive or negative) under a directory whose agreement is s may be kept. */
    double entryTimeoutUnder(PositionState s) {
        return switch (s.agreement()) {
            case AGREED -> DAY;
            case EDITABLE_ONLY -> PRIVATE;
            default -> 0.0;
        };
    }

    /** How long "no such name" may be remembered under a directory whose agreement is s. */
    double negativeTimeoutUnder(PositionState s) {
        return s.agreement() == PositionState.Agreement.AGREED ? DAY : 0.0;
    }

    /** A directory's attributes, under its agreement. */
    double attrTimeout(PositionState s) {
        return entryTimeoutUnder(s);
    }

    /** A file's or symlink's attributes: a shared one's are its content's. */
    double attrTimeout(Node n) {
        return n.isShared() ? DAY : PRIVATE;
    }

    /**
     * The same, given the attributes answered. A private non-directory with more than one name
     * is not cached at all: node ids are per name, so the kernel takes each name for an inode of
     * its own, and a link, unlink, chmod or chown through one name would leave the others' link
     * count and mode stale for the second.
     */
    double attrTimeout(Node n, io.spfsd.fs.api.Attr a) {
        return !n.isShared() && a.nlink > 1 && (a.mode & 0170000) != 0040000 ? 0.0 : attrTimeout(n);
    }

    boolean keepCache(Node file) {
        return file.isShared();
    }

    boolean cacheReaddir(PositionState s) {
        return s.agreement() == PositionState.Agreement.AGREED;
    }
}
