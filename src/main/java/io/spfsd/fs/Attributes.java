package io.spfsd.fs;

import io.spfsd.fs.api.Attr;
import io.spfsd.storage.Entry;

/**
 * Attributes of what layers hold. Ownership is the serving user's; times are all zero,
 * since layers do not record them and a fixed time keeps content-addressed attributes
 * cacheable forever.
 */
final class Attributes {
    /** What readdir reports as the inode of an entry the kernel has not looked up yet. */
    static final long UNKNOWN_INO = 0xffffffffL;

    private final int uid;
    private final int gid;

    Attributes(int uid, int gid) {
        this.uid = uid;
        this.gid = gid;
    }

    void fill(Attr a, long ino, int mode, long nlink, long size) {
        a.clear();
        a.ino = ino;
        a.mode = mode;
        a.nlink = nlink;
        a.uid = uid;
        a.gid = gid;
        a.size = size;
        a.blksize = 4096;
        a.blocks = (size + 511) / 512;
    }

    void fill(Attr a, long ino, Entry e, long nlink) {
        fill(a, ino, e.mode(), nlink, e.isDirectory() ? 0 : e.size());
    }
}
