package io.spfsd.os;

import io.spfsd.os.linux.LinuxLayouts;
import io.spfsd.os.macos.DarwinLayouts;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The native layouts spfsd uses on one platform, by C struct name: what the FUSE adapter
 * writes (stat, statvfs, fuse_entry_param), the other libfuse structs it touches
 * ({@link LibfuseLayouts}) and, on macOS, what the process table and exit watch read. `spfsd doctor --layouts` prints exactly these, so what it shows is what runs.
 */
public record NativeLayouts(Platform platform, NativeStruct stat, NativeStruct statvfs, Map<String, NativeStruct> all) {

    public static NativeLayouts current() {
        return Holder.CURRENT;
    }

    private static final class Holder {
        static final NativeLayouts CURRENT = of(Platform.current());
    }

    public static NativeLayouts of(Platform p) {
        return switch (p) {
            case LINUX_X86_64, LINUX_AARCH64 -> make(p, LinuxLayouts.stat(p), LinuxLayouts.STATVFS);
            case MACOS_ARM64, MACOS_X86_64 -> make(p, DarwinLayouts.STAT, DarwinLayouts.STATVFS,
                    DarwinLayouts.TIMESPEC, DarwinLayouts.KEVENT, DarwinLayouts.PROC_BSDSHORTINFO, DarwinLayouts.KINFO_PROC);
            case UNSUPPORTED -> throw new IllegalArgumentException("no native layouts for an unsupported platform");
        };
    }

    private static NativeLayouts make(Platform p, NativeStruct stat, NativeStruct statvfs, NativeStruct... more) {
        Map<String, NativeStruct> all = new LinkedHashMap<>();
        for (NativeStruct s : new NativeStruct[]{stat, statvfs, entryParam(stat)}) {
            all.put(s.name(), s);
        }
        for (NativeStruct s : LibfuseLayouts.of(p)) {
            all.put(s.name(), s);
        }
        for (NativeStruct s : more) {
            all.put(s.name(), s);
        }
        return new NativeLayouts(p, stat, statvfs, java.util.Collections.unmodifiableMap(all));
    }

    /** A struct by its C name. */
    public NativeStruct struct(String name) {
        NativeStruct s = all.get(name);
        if (s == null) {
            throw new IllegalArgumentException("no layout of struct " + name + " on " + platform.id);
        }
        return s;
    }

    /** libfuse's struct fuse_entry_param around this platform's struct stat. */
    public NativeStruct entryParam() {
        return all.get("fuse_entry_param");
    }

    /**
     * libfuse's {@code struct fuse_entry_param}: ino, generation, a struct stat, then two
     * doubles; so its layout follows the platform's stat (the same on macFUSE's libfuse3).
     */
    public static NativeStruct entryParam(NativeStruct stat) {
        long s = stat.size();
        return NativeStruct.of("fuse_entry_param", 32 + s)
                .field("ino", 0, 8).field("generation", 8, 8).field("attr", 16, (int) Math.min(8, s))
                .field("attr_timeout", 16 + s, 8).field("entry_timeout", 24 + s, 8);
    }
}
