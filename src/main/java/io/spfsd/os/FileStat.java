package io.spfsd.os;

/**
 * What spfsd needs to know of a file from the system: its type and mode, where it is
 * (device, inode), its size and allocation, and when its status last changed.
 *
 * @param blocks 512-byte blocks allocated (fewer than size/512 for a sparse file)
 */
public record FileStat(int mode, long dev, long ino, long size, long blocks, long ctimeNanos) {
    public static final int S_IFMT = 0170000, S_IFREG = 0100000;

    /** Which file, in which state: any write, truncation or replacement changes this. */
    public FileIdentity identity() {
        return new FileIdentity(dev, ino, size, ctimeNanos);
    }

    public boolean isRegular() {
        return (mode & S_IFMT) == S_IFREG;
    }

    /** Fewer blocks allocated than the size needs: the file has holes. */
    public boolean isSparse() {
        return isRegular() && blocks * 512 < size;
    }
}
