package io.spfsd.os;

/**
 * Everything a getattr answer needs of a file, from one stat of it (lstat: a final symlink is
 * not followed). rdev is a device number as the C library encodes dev_t; times are nanoseconds
 * since the epoch; blocks are 512-byte blocks allocated, fewer than the size needs when sparse.
 */
public record FileAttrs(int mode, int nlink, int uid, int gid, long rdev, long size, long blocks,
                        long atimeNanos, long mtimeNanos, long ctimeNanos) {
    public boolean isDirectory() {
        return (mode & FileStat.S_IFMT) == 040000;
    }

    /**
     * From Java's own attributes, for a system without a native stat yet: the block count is
     * what the size needs (a sparse file looks full). Null when path does not exist.
     */
    public static FileAttrs ofJava(java.nio.file.Path path) {
        try {
            var a = java.nio.file.Files.readAttributes(path,
                    "unix:mode,nlink,uid,gid,rdev,size,lastAccessTime,lastModifiedTime,ctime",
                    java.nio.file.LinkOption.NOFOLLOW_LINKS);
            long size = (Long) a.get("size");
            return new FileAttrs((Integer) a.get("mode"), (Integer) a.get("nlink"), (Integer) a.get("uid"),
                    (Integer) a.get("gid"), (Long) a.get("rdev"), size, (size + 511) / 512,
                    nanos(a.get("lastAccessTime")), nanos(a.get("lastModifiedTime")), nanos(a.get("ctime")));
        } catch (java.io.IOException e) {
            return null;
        }
    }

    private static long nanos(Object fileTime) {
        return ((java.nio.file.attribute.FileTime) fileTime).to(java.util.concurrent.TimeUnit.NANOSECONDS);
    }
}
