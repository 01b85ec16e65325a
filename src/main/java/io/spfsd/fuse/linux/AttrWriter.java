package io.spfsd.fuse.linux;

import io.spfsd.fs.api.Attr;
import io.spfsd.fs.api.StatfsOut;
import io.spfsd.os.NativeStruct;
import io.spfsd.os.NativeStruct.Field;
import java.lang.foreign.MemorySegment;

/**
 * Writes neutral attributes into the native {@code struct stat} and {@code struct statvfs}
 * of one platform, by their layouts (io.spfsd.os.linux.LinuxLayouts): the same code for
 * x86-64 and aarch64, each with its own offsets and widths. Also reads back what setattr
 * receives.
 */
final class AttrWriter {
    final NativeStruct stat;
    private final Field dev, ino, nlink, mode, uid, gid, rdev, size, blksize, blocks;
    private final Field atimeSec, atimeNsec, mtimeSec, mtimeNsec, ctimeSec, ctimeNsec;
    private final Field bsize, frsize, fblocks, bfree, bavail, files, ffree, favail, namemax;

    AttrWriter(NativeStruct stat, NativeStruct statvfs) {
        this.stat = stat;
        dev = stat.field("st_dev");
        ino = stat.field("st_ino");
        nlink = stat.field("st_nlink");
        mode = stat.field("st_mode");
        uid = stat.field("st_uid");
        gid = stat.field("st_gid");
        rdev = stat.field("st_rdev");
        size = stat.field("st_size");
        blksize = stat.field("st_blksize");
        blocks = stat.field("st_blocks");
        atimeSec = time(stat, "a", "tv_sec");
        atimeNsec = time(stat, "a", "tv_nsec");
        mtimeSec = time(stat, "m", "tv_sec");
        mtimeNsec = time(stat, "m", "tv_nsec");
        ctimeSec = time(stat, "c", "tv_sec");
        ctimeNsec = time(stat, "c", "tv_nsec");
        bsize = statvfs.field("f_bsize");
        frsize = statvfs.field("f_frsize");
        fblocks = statvfs.field("f_blocks");
        bfree = statvfs.field("f_bfree");
        bavail = statvfs.field("f_bavail");
        files = statvfs.field("f_files");
        ffree = statvfs.field("f_ffree");
        favail = statvfs.field("f_favail");
        namemax = statvfs.field("f_namemax");
    }

    /** A timestamp's part: glibc calls the member st_atim, Darwin st_atimespec. */
    private static Field time(NativeStruct stat, String which, String part) {
        String linux = "st_" + which + "tim." + part;
        return stat.fields().containsKey(linux) ? stat.field(linux) : stat.field("st_" + which + "timespec." + part);
    }

    /** st, exactly a struct stat, becomes a; everything else zero. */
    void write(MemorySegment st, Attr a) {
        st.fill((byte) 0);
        dev.put(st, 0);
        ino.put(st, a.ino);
        nlink.put(st, a.nlink);
        mode.put(st, a.mode);
        uid.put(st, a.uid);
        gid.put(st, a.gid);
        rdev.put(st, a.rdev);
        size.put(st, a.size);
        blksize.put(st, a.blksize);
        blocks.put(st, a.blocks);
        atimeSec.put(st, a.atimeSec);
        atimeNsec.put(st, a.atimeNsec);
        mtimeSec.put(st, a.mtimeSec);
        mtimeNsec.put(st, a.mtimeNsec);
        ctimeSec.put(st, a.ctimeSec);
        ctimeNsec.put(st, a.ctimeNsec);
    }

    /** Only what readdir's entries carry: inode and type. */
    void writeInoAndMode(MemorySegment st, long inode, int m) {
        st.fill((byte) 0);
        ino.put(st, inode);
        mode.put(st, m);
    }

    /** What setattr was given (the kernel's struct stat) as neutral attributes. */
    void read(MemorySegment st, Attr a) {
        a.mode = (int) mode.get(st);
        a.uid = (int) uid.get(st);
        a.gid = (int) gid.get(st);
        a.size = size.get(st);
        a.atimeSec = atimeSec.get(st);
        a.atimeNsec = (int) atimeNsec.get(st);
        a.mtimeSec = mtimeSec.get(st);
        a.mtimeNsec = (int) mtimeNsec.get(st);
    }

    /** v, exactly a struct statvfs, becomes s. */
    void write(MemorySegment v, StatfsOut s) {
        v.fill((byte) 0);
        bsize.put(v, s.bsize);
        frsize.put(v, s.frsize);
        putClamped(fblocks, v, s.blocks);
        putClamped(bfree, v, s.bfree);
        putClamped(bavail, v, s.bavail);
        putClamped(files, v, s.files);
        putClamped(ffree, v, s.ffree);
        putClamped(favail, v, s.favail);
        namemax.put(v, s.namemax);
    }

    /** Darwin's statvfs counts are 32 bits: a count that does not fit reads as the largest that does. */
    private static void putClamped(Field f, MemorySegment v, long value) {
        f.put(v, f.bytes() == 4 ? Math.min(value, 0xffffffffL) : value);
    }
}
