package io.spfsd.fuse;

import java.util.Locale;

/** The FUSE operations spfsd answers, for metrics: each adapter reports each request's time under one. */
public enum Op {
    LOOKUP, FORGET, FORGET_MULTI, GETATTR, READLINK, OPEN, READ, RELEASE, OPENDIR, READDIR, READDIRPLUS,
    RELEASEDIR, STATFS, ACCESS, GETXATTR, LISTXATTR, LSEEK,
    CREATE, MKDIR, MKNOD, SYMLINK, LINK, UNLINK, RMDIR, RENAME, SETATTR, WRITE, FLUSH, FSYNC, FSYNCDIR,
    FALLOCATE, SETXATTR, REMOVEXATTR, COPY_FILE_RANGE;

    private static final Op[] ALL = values();

    /** The name metrics use: "lookup", "copy_file_range". */
    public String metricName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static String[] metricNames() {
        String[] n = new String[ALL.length];
        for (int i = 0; i < ALL.length; i++) {
            n[i] = ALL[i].metricName();
        }
        return n;
    }
}
