package io.spfsd.fs;

import io.spfsd.bindings.fuse3.stat;
import io.spfsd.storage.Entry;
import java.lang.foreign.MemorySegment;

/**
 * Fills struct stat. Ownership is the serving user's; times are all zero, since layers do
 * not record them and a fixed time keeps content-addressed attributes cacheable forever.
 */
final class Attributes {
    private final int uid;
    private final int gid;

    Attributes(int uid, int gid) {
        this.uid = uid;
        this.gid = gid;
    }

    void fill(MemorySegment st, long ino, int mode, long nlink, long size) {
        st.fill((byte) 0);
        stat.st_ino(st, ino);
        stat.st_mode(st, mode);
        stat.st_nlink(st, nlink);
        stat.st_uid(st, uid);
        stat.st_gid(st, gid);
        stat.st_size(st, size);
        stat.st_blksize(st, 4096);
        stat.st_blocks(st, (size + 511) / 512);
    }

    void fill(MemorySegment st, long ino, Entry e, long nlink) {
        fill(st, ino, e.mode(), nlink, e.isDirectory() ? 0 : e.size());
    }
}
