package io.spfsd.fuse.linux;

import io.spfsd.bindings.fuse3.fuse3_h;
import io.spfsd.bindings.fuse3.fuse_bufvec;
import io.spfsd.bindings.fuse3.fuse_ctx;
import io.spfsd.fs.api.AttrOut;
import io.spfsd.fs.api.Caller;
import io.spfsd.fs.api.EntryOut;
import io.spfsd.fs.api.OpenOut;
import io.spfsd.fs.api.ReadOut;
import io.spfsd.fs.api.SetattrIn;
import io.spfsd.fs.api.StatfsOut;
import io.spfsd.fs.api.ValueOut;
import io.spfsd.os.NativeStruct;
import io.spfsd.os.NativeLayouts;
import io.spfsd.storage.Names;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * One worker thread's memory for requests and replies: the contract's out-parameters (reset
 * per request) and the native structs they are written into, so no request allocates an
 * arena or a result object. Threads that libfuse retires release theirs through the GC.
 */
final class NativeOut {
    private static final ThreadLocal<NativeOut> LOCAL = ThreadLocal.withInitial(NativeOut::new);
    private static final int NAME_BYTES = 4096 + 1;
    static final AttrWriter ATTRS = new AttrWriter(NativeLayouts.current().stat(), NativeLayouts.current().statvfs());
    static final NativeStruct ENTRY = NativeLayouts.current().entryParam();
    private static final NativeStruct.Field ENTRY_INO = ENTRY.field("ino");
    private static final NativeStruct.Field ENTRY_GENERATION = ENTRY.field("generation");
    private static final NativeStruct.Field ATTR_TIMEOUT = ENTRY.field("attr_timeout");
    private static final NativeStruct.Field ENTRY_TIMEOUT = ENTRY.field("entry_timeout");
    private static final long ENTRY_ATTR = ENTRY.field("attr").offset();

    final Caller caller = new Caller();
    final EntryOut entryOut = new EntryOut();
    final AttrOut attrOut = new AttrOut();
    final OpenOut openOut = new OpenOut();
    final ReadOut readOut = new ReadOut();
    final StatfsOut statfsOut = new StatfsOut();
    final ValueOut valueOut = new ValueOut();
    final SetattrIn setattrIn = new SetattrIn();
    final DirBuffer dirBuffer;

    final MemorySegment entry;
    private final MemorySegment entryAttr;
    final MemorySegment stat;
    final MemorySegment statvfs;
    final MemorySegment bufvec;
    private final MemorySegment cString;
    private final byte[] nameBytes = new byte[NAME_BYTES];

    private NativeOut() {
        Arena arena = Arena.ofAuto();
        entry = arena.allocate(ENTRY.size(), 8);
        entryAttr = entry.asSlice(ENTRY_ATTR, ATTRS.stat.size());
        stat = arena.allocate(ATTRS.stat.size(), 8);
        statvfs = arena.allocate(NativeLayouts.current().statvfs().size(), 8);
        bufvec = arena.allocate(io.spfsd.os.LibfuseLayouts.BUFVEC_BYTES, 8); // fuse_bufvec, as long as 3.17's
        cString = arena.allocate(NAME_BYTES);
        dirBuffer = new DirBuffer(this);
    }

    static NativeOut get() {
        return LOCAL.get();
    }

    /** The request's caller, from fuse_req_ctx. */
    Caller caller(MemorySegment req) {
        MemorySegment ctx = fuse3_h.fuse_req_ctx(req).reinterpret(fuse_ctx.sizeof());
        return caller.set(fuse_ctx.pid(ctx), fuse_ctx.uid(ctx), fuse_ctx.gid(ctx))
                .request(req.address(), Libfuse.INTERRUPTS);
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

    /** e as a struct fuse_entry_param in this thread's buffer. */
    MemorySegment entryParam(EntryOut e) {
        ENTRY_INO.put(entry, e.ino);
        ENTRY_GENERATION.put(entry, e.generation);
        ATTRS.write(entryAttr, e.attr);
        ATTR_TIMEOUT.putDouble(entry, e.attrTimeout);
        ENTRY_TIMEOUT.putDouble(entry, e.entryTimeout);
        return entry;
    }

    MemorySegment stat(AttrOut a) {
        ATTRS.write(stat, a.attr);
        return stat;
    }

    MemorySegment statvfs(StatfsOut s) {
        ATTRS.write(statvfs, s);
        return statvfs;
    }
}
