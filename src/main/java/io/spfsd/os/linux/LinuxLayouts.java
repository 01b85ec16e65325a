package io.spfsd.os.linux;

import io.spfsd.os.NativeStruct;
import io.spfsd.os.Platform;

/**
 * The native layouts spfsd writes on Linux with glibc, per architecture: {@code struct stat}
 * (x86-64 144 bytes, st_nlink a u64 at 16; aarch64 128 bytes, st_mode at 16 and st_nlink a
 * u32 at 20) and {@code struct statvfs} (the same 112 bytes on both). LinuxLayoutsTest checks
 * every field against the headers with a C compiler, cross-compiling for aarch64.
 * Timestamps are {@code struct timespec}: tv_sec then tv_nsec, 8 bytes each.
 */
public final class LinuxLayouts {
    public static final NativeStruct STAT_X86_64 = NativeStruct.of("stat", 144)
            .field("st_dev", 0, 8).field("st_ino", 8, 8).field("st_nlink", 16, 8).field("st_mode", 24, 4)
            .field("st_uid", 28, 4).field("st_gid", 32, 4).field("st_rdev", 40, 8).field("st_size", 48, 8)
            .field("st_blksize", 56, 8).field("st_blocks", 64, 8)
            .field("st_atim.tv_sec", 72, 8).field("st_atim.tv_nsec", 80, 8)
            .field("st_mtim.tv_sec", 88, 8).field("st_mtim.tv_nsec", 96, 8)
            .field("st_ctim.tv_sec", 104, 8).field("st_ctim.tv_nsec", 112, 8);

    public static final NativeStruct STAT_AARCH64 = NativeStruct.of("stat", 128)
            .field("st_dev", 0, 8).field("st_ino", 8, 8).field("st_mode", 16, 4).field("st_nlink", 20, 4)
            .field("st_uid", 24, 4).field("st_gid", 28, 4).field("st_rdev", 32, 8).field("st_size", 48, 8)
            .field("st_blksize", 56, 4).field("st_blocks", 64, 8)
            .field("st_atim.tv_sec", 72, 8).field("st_atim.tv_nsec", 80, 8)
            .field("st_mtim.tv_sec", 88, 8).field("st_mtim.tv_nsec", 96, 8)
            .field("st_ctim.tv_sec", 104, 8).field("st_ctim.tv_nsec", 112, 8);

    /** 64-bit glibc on both architectures. */
    public static final NativeStruct STATVFS = NativeStruct.of("statvfs", 112)
            .field("f_bsize", 0, 8).field("f_frsize", 8, 8).field("f_blocks", 16, 8).field("f_bfree", 24, 8)
            .field("f_bavail", 32, 8).field("f_files", 40, 8).field("f_ffree", 48, 8).field("f_favail", 56, 8)
            .field("f_fsid", 64, 8).field("f_flag", 72, 8).field("f_namemax", 80, 8);

    private LinuxLayouts() {
    }

    /** struct stat of the given Linux platform. */
    public static NativeStruct stat(Platform p) {
        return switch (p) {
            case LINUX_X86_64 -> STAT_X86_64;
            case LINUX_AARCH64 -> STAT_AARCH64;
            default -> throw new IllegalArgumentException("not a Linux platform: " + p.id);
        };
    }
}
