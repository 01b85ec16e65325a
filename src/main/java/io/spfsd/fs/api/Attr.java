package io.spfsd.fs.api;

/**
 * A node's attributes in neutral widths; each adapter writes them into its platform's
 * {@code struct stat}. Times are seconds and nanoseconds since the epoch.
 */
public final class Attr {
    public long ino;
    public int mode;
    public long nlink;
    public int uid;
    public int gid;
    public long rdev;
    public long size;
    /** 512-byte blocks allocated. */
    public long blocks;
    public int blksize;
    public long atimeSec;
    public long mtimeSec;
    public long ctimeSec;
    public int atimeNsec;
    public int mtimeNsec;
    public int ctimeNsec;

    public void clear() {
        ino = nlink = rdev = size = blocks = atimeSec = mtimeSec = ctimeSec = 0;
        mode = uid = gid = blksize = atimeNsec = mtimeNsec = ctimeNsec = 0;
    }
}
