package io.spfsd.fs.api;

/**
 * Tells the kernel to forget what it cached, for nodes whose content changed (a private
 * domain's). Given to the filesystem at init; each call is one notification.
 */
public interface KernelCache {
    KernelCache NONE = new KernelCache() {
        @Override
        public int invalidateEntry(long parent, String name) {
            return 0;
        }

        @Override
        public int invalidateInode(long ino, long offset, long length) {
            return 0;
        }

        @Override
        public int expireEntry(long parent, String name) {
            return 0;
        }
    };

    /** Forget the name under parent (its lookup). 0, or a negative errno. */
    int invalidateEntry(long parent, String name);

    /**
     * Ask again before the name under parent is next used, without dropping it: a process whose
     * working directory is that name keeps it (invalidateEntry would unhash it, and getcwd
     * would fail there). 0, or a negative errno.
     */
    int expireEntry(long parent, String name);

    /** Forget ino's attributes and, from offset for length bytes (length 0: to the end), its pages. */
    int invalidateInode(long ino, long offset, long length);
}
