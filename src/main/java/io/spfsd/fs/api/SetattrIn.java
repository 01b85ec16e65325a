package io.spfsd.fs.api;

/** What setattr changes: the fields named by {@link #valid} (the SET_* bits). */
public final class SetattrIn {
    public static final int SET_MODE = 1, SET_UID = 1 << 1, SET_GID = 1 << 2, SET_SIZE = 1 << 3,
            SET_ATIME = 1 << 4, SET_MTIME = 1 << 5, SET_ATIME_NOW = 1 << 7, SET_MTIME_NOW = 1 << 8,
            SET_CTIME = 1 << 10;

    public int valid;
    public int mode;
    public int uid;
    public int gid;
    public long size;
    public long atimeSec;
    public int atimeNsec;
    public long mtimeSec;
    public int mtimeNsec;
    /** The open file it came through, or -1 (a path-based change). */
    public long fh = -1;

    public boolean has(int bit) {
        return (valid & bit) != 0;
    }
}
