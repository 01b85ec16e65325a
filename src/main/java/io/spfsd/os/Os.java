package io.spfsd.os;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.util.List;
import java.util.Optional;

/**
 * The operating-system seam: everything the daemon asks of the system that differs between
 * Linux and macOS. One implementation per system (io.spfsd.os.linux, io.spfsd.os.macos),
 * picked once by {@link #current()} from {@link Platform}.
 */
public interface Os {
    /** Process ancestry and exit notifications. */
    ProcessTable processes();

    MountTable mounts();

    /** Groups that keep a runtime's processes together whatever their parents do. */
    RuntimeGroups runtimeGroups();

    /** Who owns process pid; empty if it does not exist. */
    Optional<UserPrincipal> processOwner(int pid);

    /** The numeric user and group ids a process runs as, or null if they cannot be read. */
    default int[] processIds(int pid) {
        return null;
    }

    /** What the system says of the open file fd; null if it cannot be read. */
    FileStat stat(int fd);

    /** What the system says of path, not following a final symlink; null if it cannot be read. */
    FileStat stat(Path path);

    /**
     * The entries of the directory dir, each with its lstat, in as few calls as the system
     * allows; null where this system lists only the Java way (DirectoryStream, then a stat
     * per entry), or could not open dir so (the Java way then says why).
     */
    default java.util.List<DirEntry> list(Path dir) throws java.io.IOException {
        return null;
    }

    /**
     * Links the downcalls a walk of a tree needs (list, stat), on the caller's thread: commit
     * calls it from a thread of its own while the repository opens, as the first use in a fresh
     * JVM costs ~10 ms a call shape. Nothing where there is nothing to link ahead.
     */
    default void linkWalkAhead() {
    }

    /**
     * A store of copies under the names their contents give, in dir (a repository's payloads/):
     * an import's every new file, in the fewest calls the system allows. Null where this system
     * copies the Java way.
     */
    default ContentStore contentStore(Path dir) {
        return null;
    }

    /** Whether fd is a terminal (progress lines are drawn only on one). */
    default boolean isTerminal(int fd) {
        return Posix.isatty(fd);
    }

    /**
     * Whether a regular file is at cPath (a NUL-terminated path, no final symlink followed),
     * or null where this system cannot tell without a Path: one stat, without making a Path or
     * a String (an import asks it for every file its cache knows).
     */
    default Boolean isRegularFile(java.lang.foreign.MemorySegment cPath) {
        return null;
    }

    /** Everything a getattr answer needs of path (a final symlink not followed), in one call; null if it is not there. */
    default FileAttrs attrs(Path path) {
        return FileAttrs.ofJava(path);
    }

    /** The same of the open file fd; null if it cannot be read (or the system cannot say). */
    default FileAttrs attrs(int fd) {
        return null;
    }

    /**
     * What lstat says of name in the open directory dir (one component, no symlink followed);
     * null if there is no such entry (ENOENT, ENOTDIR); any other failure throws its errno.
     */
    default FileAttrs attrsAt(int dir, byte[] name) throws ErrnoException {
        throw new ErrnoException(38, "this system has no stat relative to a directory");
    }

    /**
     * A path naming the entry name of the open directory dir for as long as dir stays open,
     * for the calls that take only paths (listing, extended attributes).
     */
    default Path pathAt(int dir, byte[] name) {
        throw new UnsupportedOperationException("no path for a descriptor on this system");
    }

    /**
     * Allocates (or, with mode's flags, punches or zeroes) a byte range of the open file fd, as
     * fallocate(2) does: 0, an errno, or -1 where the system has no such call.
     */
    default int fallocate(int fd, int mode, long offset, long length) {
        return -1;
    }

    /**
     * The extended attribute name of path (a final symlink not followed) into value, or only
     * its size with value null: the size, -errno, or {@link #NO_XATTRS} where the system has no
     * such call.
     */
    default long getxattr(Path path, String name, byte[] value) {
        return NO_XATTRS;
    }

    /** The NUL-separated names of path's extended attributes into names (null: only the size); as getxattr. */
    default long listxattr(Path path, byte[] names) {
        return NO_XATTRS;
    }

    /** Sets an extended attribute (flags as this system's FUSE passes them: XATTR_CREATE, XATTR_REPLACE): 0, an errno, or NO_XATTRS. */
    default int setxattr(Path path, String name, byte[] value, int flags) {
        return NO_XATTRS;
    }

    /** Removes an extended attribute: 0, an errno, or NO_XATTRS. */
    default int removexattr(Path path, String name) {
        return NO_XATTRS;
    }

    /** What the xattr calls answer on a system without them. */
    int NO_XATTRS = Integer.MIN_VALUE;

    /** Makes everything written to the filesystem holding dir durable, in one call if the system can. */
    void syncFilesystemOf(Path dir) throws IOException;

    /** What `spfsd doctor` checks of this system's FUSE and process plumbing, one finding each. */
    List<PlatformCheck> checks();

    static Os current() {
        return Holder.CURRENT;
    }

    /** Created on first use: a client that never needs the system's specifics never loads them. */
    final class Holder {
        private static final Os CURRENT = create(Platform.current());

        private Holder() {
        }

        private static Os create(Platform p) {
            if (p.isLinux()) {
                return new io.spfsd.os.linux.LinuxOs();
            }
            if (p.isMac()) {
                return new io.spfsd.os.macos.MacOs();
            }
            return new UnsupportedOs(p);
        }
    }
}
