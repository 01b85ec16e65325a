package io.spfsd.node;

/**
 * Who a node belongs to, which decides how it is identified and how long the kernel may
 * cache it (see io.spfsd.fs.CachePolicy):
 * <ul>
 *   <li>{@link #SHARED}: read-only content. A node is interned on its position and content,
 *       so every runtime that shows the same bytes at the same place gets the same id, and
 *       the kernel may cache it for a day.</li>
 *   <li>{@link Private}: one runtime's own, changing content (an editable runtime's scratch).
 *       Its ids are never given to another runtime, stay the same while the file changes, and
 *       what the kernel cached is invalidated explicitly when it does.</li>
 * </ul>
 */
public sealed interface NodeDomain permits NodeDomain.Shared, NodeDomain.Private {
    NodeDomain SHARED = new Shared();

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

    /** The nodes of one runtime, by the runtime's id. */
    record Private(long runtime) implements NodeDomain {
        @Override
        public boolean isShared() {
            return false;
        }
    }
}
