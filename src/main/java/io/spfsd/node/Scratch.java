package io.spfsd.node;

import java.nio.file.Path;

/**
 * The writable top of an editable runtime: a directory on disk (its {@link #upper()} tree
 * mirrors the runtime's paths) over the runtime's read-only stack, overlay style. A name
 * deleted from the stack is a whiteout file {@code .wh.NAME} in its upper directory; a
 * directory whose stack contents are hidden holds {@code .wh..wh..opq}. Its nodes are the
 * runtime's own ({@link #domain()}), never shared with another runtime. Copy-ups, and the
 * removals and moves they could race, hold the {@link #locks()} of the paths they change;
 * where it hides the stack is also kept in memory ({@link #marks()}), and its directories are
 * reached through descriptors it holds ({@link #dirs()}). A scratch of another
 * user's runtime (the machine's daemon, running as root) belongs to that user: its upper
 * directory and what the daemon copies up are theirs ({@link #uid()}, {@link #gid()}; -1 for
 * the daemon's own), and the stack shows as theirs in it, so they may write where spfs lets
 * its users write.
 */
public record Scratch(Path dir, NodeDomain.Private domain, java.util.concurrent.atomic.AtomicBoolean securityXattrs,
        PathLocks locks, ScratchMarks marks, ScratchDirectories dirs, int uid, int gid) {
    /** Whether the scratch belongs to a user other than the daemon's. */
    public boolean ownedByAnother() {
        return uid >= 0;
    }

    public static final String WHITEOUT_PREFIX = io.spfsd.storage.Whiteouts.PREFIX;
    public static final String OPAQUE = io.spfsd.storage.Whiteouts.OPAQUE;
    /**
     * Names under overlay's reserved ".wh..wh." other than the opaque marker are the daemon's
     * own temporaries (a copy-up in progress, left behind if the daemon was killed): never a
     * whiteout, never listed, committed or shown as a change.
     */
    public static final String META_PREFIX = io.spfsd.storage.Whiteouts.META_PREFIX;
    public static final String COPY_UP_PREFIX = META_PREFIX + "copyup.";

    /**
     * A scratch made now: no security.* attribute can be in it until one is set through the
     * daemon, which is what lets the getxattr("security.capability") the kernel sends before
     * every write be answered without touching the disk.
     */
    public static Scratch fresh(Path dir, NodeDomain.Private domain) {
        return fresh(dir, domain, -1, -1);
    }

    /** The same, belonging to user uid and group gid (-1: the daemon's own). */
    public static Scratch fresh(Path dir, NodeDomain.Private domain, int uid, int gid) {
        return new Scratch(dir, domain, new java.util.concurrent.atomic.AtomicBoolean(false), new PathLocks(),
                ScratchMarks.none(), new ScratchDirectories(dir.resolve("upper")), uid, gid);
    }

    /** A scratch found on disk (a kept runtime restored): it may hold anything; its upper directory's owner owns it. */
    public static Scratch found(Path dir, NodeDomain.Private domain) {
        int uid = -1;
        int gid = -1;
        try {
            int u = (Integer) java.nio.file.Files.getAttribute(dir.resolve("upper"), "unix:uid",
                    java.nio.file.LinkOption.NOFOLLOW_LINKS);
            if (u != io.spfsd.os.Posix.getuid()) {
                uid = u;
                gid = (Integer) java.nio.file.Files.getAttribute(dir.resolve("upper"), "unix:gid",
                        java.nio.file.LinkOption.NOFOLLOW_LINKS);
            }
        } catch (java.io.IOException | UnsupportedOperationException e) {
            // no upper directory yet, or no unix view: the daemon's own
        }
        return new Scratch(dir, domain, new java.util.concurrent.atomic.AtomicBoolean(true), new PathLocks(),
                ScratchMarks.unknown(), new ScratchDirectories(dir.resolve("upper")), uid, gid);
    }

    /** Whether a security.* attribute may be in this scratch. */
    public boolean mayHoldSecurityXattrs() {
        return securityXattrs.get();
    }

    public Path upper() {
        return dir.resolve("upper");
    }

    public static boolean isReserved(String name) {
        return name.startsWith(WHITEOUT_PREFIX);
    }

    /** A temporary of the daemon's (see {@link #META_PREFIX}). */
    public static boolean isTemporary(String name) {
        return name.startsWith(META_PREFIX) && !name.equals(OPAQUE);
    }
}
