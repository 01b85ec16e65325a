package io.spfsd.os.macos;

import io.spfsd.os.NativeStruct;

/**
 * The native layouts a macOS adapter will write (issue 10), the same on arm64 and x86_64:
 * {@code struct stat} in its 64-bit-inode form (144 bytes; st_mode and st_nlink are 16-bit
 * at 4 and 6) and {@code struct statvfs} (64 bytes, 32-bit block and file counts). Written
 * by hand from ../shared/platform/macos-facts.md (section 2), never generated from an Apple
 * header; DarwinLayoutsTest checks every field against that file. Nothing here has run on a Mac.
 */
public final class DarwinLayouts {
    public static final NativeStruct STAT = NativeStruct.of("stat", 144)
            .field("st_dev", 0, 4).field("st_mode", 4, 2).field("st_nlink", 6, 2).field("st_ino", 8, 8)
            .field("st_uid", 16, 4).field("st_gid", 20, 4).field("st_rdev", 24, 4)
            .field("st_atimespec.tv_sec", 32, 8).field("st_atimespec.tv_nsec", 40, 8)
            .field("st_mtimespec.tv_sec", 48, 8).field("st_mtimespec.tv_nsec", 56, 8)
            .field("st_ctimespec.tv_sec", 64, 8).field("st_ctimespec.tv_nsec", 72, 8)
            .field("st_birthtimespec.tv_sec", 80, 8).field("st_birthtimespec.tv_nsec", 88, 8)
            .field("st_size", 96, 8).field("st_blocks", 104, 8).field("st_blksize", 112, 4)
            .field("st_flags", 116, 4).field("st_gen", 120, 4);

    /** Counts are 32 bits: a writer clamps what does not fit. */
    public static final NativeStruct STATVFS = NativeStruct.of("statvfs", 64)
            .field("f_bsize", 0, 8).field("f_frsize", 8, 8).field("f_blocks", 16, 4).field("f_bfree", 20, 4)
            .field("f_bavail", 24, 4).field("f_files", 28, 4).field("f_ffree", 32, 4).field("f_favail", 36, 4)
            .field("f_fsid", 40, 8).field("f_flag", 48, 8).field("f_namemax", 56, 8);

    private DarwinLayouts() {
    }
}
