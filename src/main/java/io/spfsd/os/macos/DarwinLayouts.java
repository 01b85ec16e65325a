package io.spfsd.os.macos;

import io.spfsd.os.NativeStruct;

/**
 * The native layouts spfsd uses on macOS, the same on arm64 and x86_64: {@code struct stat}
 * in its 64-bit-inode form (144 bytes; st_mode and st_nlink are 16-bit at 4 and 6), {@code
 * struct statvfs} (64 bytes, 32-bit block and file counts), and what the process table and
 * exit watch read: proc_bsdshortinfo, kinfo_proc, kevent. Written
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

    /** struct timespec. */
    public static final NativeStruct TIMESPEC = NativeStruct.of("timespec", 16)
            .field("tv_sec", 0, 8).field("tv_nsec", 8, 8);

    /** What proc_pidinfo(PROC_PIDT_SHORTBSDINFO) fills: the parent, for any user's process. */
    public static final NativeStruct PROC_BSDSHORTINFO = NativeStruct.of("proc_bsdshortinfo", 64)
            .field("pbsi_pid", 0, 4).field("pbsi_ppid", 4, 4).field("pbsi_pgid", 8, 4).field("pbsi_status", 12, 4)
            .field("pbsi_comm", 16, 16).field("pbsi_flags", 32, 4).field("pbsi_uid", 36, 4).field("pbsi_gid", 40, 4)
            .field("pbsi_ruid", 44, 4).field("pbsi_rgid", 48, 4).field("pbsi_svuid", 52, 4).field("pbsi_svgid", 56, 4)
            .field("pbsi_rfu", 60, 4);

    /**
     * The fields of sysctl's struct kinfo_proc (KERN_PROC_PID) spfsd reads: the start time
     * tells a process from a later one with its PID (PIDs recycle below 99,999 on macOS).
     */
    public static final NativeStruct KINFO_PROC = NativeStruct.of("kinfo_proc", 648)
            .field("kp_proc.p_starttime.tv_sec", 0, 8).field("kp_proc.p_starttime.tv_usec", 8, 4)
            .field("kp_proc.p_pid", 40, 4).field("kp_eproc.e_ucred.cr_uid", 420, 4).field("kp_eproc.e_ppid", 560, 4);

    /** struct kevent (#pragma pack(4): 4-aligned, 32 bytes). */
    public static final NativeStruct KEVENT = NativeStruct.of("kevent", 32)
            .field("ident", 0, 8).field("filter", 8, 2).field("flags", 10, 2).field("fflags", 12, 4)
            .field("data", 16, 8).field("udata", 24, 8);

    private DarwinLayouts() {
    }
}
