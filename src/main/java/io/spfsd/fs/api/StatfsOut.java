package io.spfsd.fs.api;

/** The answer to statfs, in neutral widths; each adapter writes its platform's statvfs. */
public final class StatfsOut {
    public long bsize;
    public long frsize;
    public long blocks;
    public long bfree;
    public long bavail;
    public long files;
    public long ffree;
    public long favail;
    public long namemax;

    public void clear() {
        bsize = frsize = blocks = bfree = bavail = files = ffree = favail = namemax = 0;
    }
}
