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

    /**
     * lstat through Java's own file attributes, where {@link Os#stat(java.nio.file.Path)} has
     * nothing (a system without a native stat yet): no block count (never sparse), ctime as
     * precise as the JDK reports it. Null when the path does not exist.
     */
    public static FileStat ofJava(java.nio.file.Path path) {
        try {
            java.util.Map<String, Object> a = java.nio.file.Files.readAttributes(path, "unix:mode,dev,ino,size,ctime",
                    java.nio.file.LinkOption.NOFOLLOW_LINKS);
            java.time.Instant ctime = ((java.nio.file.attribute.FileTime) a.get("ctime")).toInstant();
            long size = (Long) a.get("size");
            return new FileStat((Integer) a.get("mode"), majorMinor((Long) a.get("dev")), (Long) a.get("ino"), size,
                    (size + 511) / 512, ctime.getEpochSecond() * 1_000_000_000L + ctime.getNano());
        } catch (java.io.IOException e) {
            return null;
        }
    }

    /**
     * A dev_t as the native stats encode devices (major in the high, minor in the low 32 bits),
     * so identities agree whichever stat made them: glibc's dev_t on Linux, else as it is.
     */
    private static long majorMinor(long dev) {
        if (!Platform.current().isLinux()) {
            return dev;
        }
        long major = ((dev >>> 8) & 0xfff) | ((dev >>> 32) & ~0xfffL);
        long minor = (dev & 0xff) | ((dev >>> 12) & ~0xffL);
        return (major << 32) | (minor & 0xffffffffL);
    }

    public boolean isRegular() {
        return (mode & S_IFMT) == S_IFREG;
    }

    /** Fewer blocks allocated than the size needs: the file has holes. */
    public boolean isSparse() {
        return isRegular() && blocks * 512 < size;
    }
}
