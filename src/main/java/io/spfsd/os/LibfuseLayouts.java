package io.spfsd.os;

import java.util.List;

/**
 * The libfuse3 structs the FUSE adapter reads, writes or allocates, as this platform's libfuse
 * lays them out: Linux's libfuse 3.14 (the generated bindings, checked against them by
 * LibfuseLayoutsTest) and macFUSE's libfuse3 (3.17 based). Every field the adapter touches sits
 * at the same offset in both; macFUSE's structs are longer where 3.17 appended fields, which
 * matters only where spfsd allocates one: fuse_bufvec (its fuse_buf gained mem_size). A size
 * of -1 marks a struct spfsd never allocates (libfuse does and passes a pointer), whose size
 * it does not depend on. jextract/check-layouts.sh compares all of this with a C compiler's
 * reading of the real headers.
 */
public final class LibfuseLayouts {
    /** The ops spfsd fills, in the order of struct fuse_lowlevel_ops, each a pointer slot. */
    static final List<String> OPS = List.of("init", "destroy", "lookup", "forget", "getattr", "setattr",
            "readlink", "mknod", "mkdir", "unlink", "rmdir", "symlink", "rename", "link", "open", "read", "write",
            "flush", "release", "fsync", "opendir", "readdir", "releasedir", "fsyncdir", "statfs", "setxattr",
            "getxattr", "listxattr", "removexattr", "access", "create", "getlk", "setlk", "bmap", "ioctl", "poll",
            "write_buf", "retrieve_reply", "forget_multi", "flock", "fallocate", "readdirplus", "copy_file_range",
            "lseek");

    /**
     * The bytes the adapter allocates for its one-buffer fuse_bufvec: the longest any libfuse it
     * may load has (3.17's, macFUSE's and newer Linux distributions'), so the library never reads
     * past it, whichever is loaded; the fields spfsd writes are at the same offsets in all.
     */
    public static final long BUFVEC_BYTES = 72;

    private LibfuseLayouts() {
    }

    static List<NativeStruct> of(Platform p) {
        boolean mac = p.isMac();
        long buf = mac ? 48 : 40; // 3.17 appended mem_size
        NativeStruct ops = NativeStruct.of("fuse_lowlevel_ops", -1);
        for (int i = 0; i < OPS.size(); i++) {
            ops = ops.field(OPS.get(i), 8L * i, 8);
        }
        return List.of(
                NativeStruct.of("fuse_file_info", -1).field("flags", 0, 4).field("fh", 16, 8)
                        .field("lock_owner", 24, 8).field("poll_events", 32, 4),
                NativeStruct.of("fuse_conn_info", -1).field("proto_major", 0, 4).field("proto_minor", 4, 4)
                        .field("max_write", 8, 4).field("max_read", 12, 4).field("max_readahead", 16, 4)
                        .field("capable", 20, 4).field("want", 24, 4).field("max_background", 28, 4)
                        .field("congestion_threshold", 32, 4).field("time_gran", 36, 4),
                NativeStruct.of("fuse_ctx", 16).field("uid", 0, 4).field("gid", 4, 4).field("pid", 8, 4),
                NativeStruct.of("fuse_forget_data", 16).field("ino", 0, 8).field("nlookup", 8, 8),
                NativeStruct.of("fuse_buf", buf).field("size", 0, 8).field("flags", 8, 4).field("mem", 16, 8)
                        .field("fd", 24, 4).field("pos", 32, 8),
                NativeStruct.of("fuse_bufvec", 24 + buf).field("count", 0, 8).field("idx", 8, 8).field("off", 16, 8)
                        .field("buf", 24, 8),
                NativeStruct.of("fuse_args", 24).field("argc", 0, 4).field("argv", 8, 8).field("allocated", 16, 4),
                NativeStruct.of("libfuse_version", 16).field("major", 0, 4).field("minor", 4, 4).field("hotfix", 8, 4),
                ops);
    }
}
