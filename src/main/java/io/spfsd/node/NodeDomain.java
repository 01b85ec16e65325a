package io.spfsd.node;

/**
 * Who a node belongs to, which decides how it is identified and how long the kernel may
 * cache it (see io.spfsd.fs.CachePolicy):
 * <ul>
 *   <li>{@link #SHARED}: read-only files and symlinks. A node is interned on its parent and content,
 *       so every runtime that shows the same bytes at the same place gets the same id, and
 *       the kernel may cache it for a day.</li>
 *   <li>{@link #POSITION}: directories, in every runtime. A directory is interned on its place
 *       (parent id and name) whatever its content, so every runtime that has a directory at
 *       that place gets the same id, and the kernel's one dentry for the name stays valid for
 *       all of them (a working directory there survives another runtime's lookup). What it
 *       holds depends on who asks; how long the kernel may cache it, on whether the runtimes
 *       that show it agree ({@link PositionState}).</li>
 *   <li>{@link Private}: one runtime's own, changing content (an editable runtime's scratch).
 *       Its ids are never given to another runtime, stay the same while the file changes, and
 *       what the kernel cached is invalidated explicitly when it does.</li>
 * </ul>
 */
public sealed interface NodeDomain permits NodeDomain.Shared, NodeDomain.Position, NodeDomain.Private {
    NodeDomain SHARED = new Shared();
    NodeDomain POSITION = new Position();

    boolean isShared();

    /** The one domain of read-only, content-addressed nodes. */
    final class Shared implements NodeDomain {
        private Shared() {
        }

        @Override
        public boolean isShared() {
            return true;
        }

        @Override
        public String toString() {
            return "shared";
        }
    }

    /** The one domain of directories, by place. */
    final class Position implements NodeDomain {
        private Position() {
        }

        @Override
        public boolean isShared() {
            return false;
        }

        @Override
        public String toString() {
            return "position";
        }
    }

    /** The nodes of one runtime, by the runtime's id. */
    record Private(long runtime) implements NodeDomain {
        @Override
        public boolean isShared() {
            return false;
        }
    }
}
