package io.spfsd.fs;

import io.spfsd.bindings.fuse3.fuse_bufvec;
import io.spfsd.bindings.fuse3.fuse_entry_param;
import io.spfsd.bindings.fuse3.stat;
import io.spfsd.bindings.fuse3.statvfs;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import io.spfsd.storage.Names;

/**
 * Native memory for building replies, one set per libfuse worker thread, so no request
 * allocates an arena. Threads that libfuse retires release theirs through the GC.
 */
final class Scratch {
    private static final ThreadLocal<Scratch> LOCAL = ThreadLocal.withInitial(Scratch::new);
    private static final int NAME_BYTES = 4096 + 1;

    final MemorySegment entry;
    final MemorySegment entryAttr;
    final MemorySegment stat;
    final MemorySegment statvfs;
    final MemorySegment bufvec;
    private final MemorySegment cString;
    private final byte[] nameBytes = new byte[NAME_BYTES];
    private MemorySegment dir;

    private Scratch() {
        Arena arena = Arena.ofAuto();
        entry = fuse_entry_param.allocate(arena);
        entryAttr = fuse_entry_param.attr(entry);
        stat = io.spfsd.bindings.fuse3.stat.allocate(arena);
        statvfs = io.spfsd.bindings.fuse3.statvfs.allocate(arena);
        bufvec = fuse_bufvec.allocate(arena);
        cString = arena.allocate(NAME_BYTES);
        dir = arena.allocate(64 * 1024);
    }

    static Scratch get() {
        return LOCAL.get();
    }

    /** A name from the kernel (NUL-terminated bytes) as the String that stands for exactly those bytes. */
    String name(MemorySegment cName) {
        MemorySegment in = cName.reinterpret(NAME_BYTES);
        int n = 0;
        byte b;
        while (n < NAME_BYTES - 1 && (b = in.get(ValueLayout.JAVA_BYTE, n)) != 0) {
            nameBytes[n++] = b;
        }
        return Names.decode(nameBytes, 0, n);
    }

    /** s as the NUL-terminated bytes it stands for, in this thread's buffer (valid until the next call). */
    MemorySegment cString(String s) {
        byte[] b = Names.encode(s);
        int n = Math.min(b.length, NAME_BYTES - 1);
        MemorySegment.copy(b, 0, cString, ValueLayout.JAVA_BYTE, 0, n);
        cString.set(ValueLayout.JAVA_BYTE, n, (byte) 0);
        return cString;
    }

    /** A buffer of at least size bytes for a directory listing. */
    MemorySegment dir(long size) {
        if (dir.byteSize() < size) {
            dir = Arena.ofAuto().allocate(size);
        }
        return dir;
    }

}
