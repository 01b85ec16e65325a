package io.spfsd.fuse.linux;

import io.spfsd.bindings.fuse3.fuse3_h;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import io.spfsd.os.Platform;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Facts about the libfuse3 that is loaded, and the calls whose symbol differs between
 * releases. libfuse 3.17 replaced {@code fuse_session_new} by
 * {@code fuse_session_new_versioned} (which also takes the API version the caller was built
 * against); 3.14 (Debian 12) only has the former. Both are supported.
 */
public final class Libfuse {
    /** The libfuse headers our struct layouts come from (jextract/fuse3.h). */
    static final int HEADER_MAJOR = 3, HEADER_MINOR = 14;

    private static final StructLayout LIBFUSE_VERSION = MemoryLayout.structLayout(
            ValueLayout.JAVA_INT.withName("major"), ValueLayout.JAVA_INT.withName("minor"),
            ValueLayout.JAVA_INT.withName("hotfix"), ValueLayout.JAVA_INT.withName("padding"));

    /**
     * libfuse3 itself, loaded on first use with System.load, so that the generated bindings
     * (made without a library name) find it through their loader lookup, and a missing
     * library is reported by loadProblem().
     */
    private static final class Library {
        static final Path PATH = LibfuseLocation.find(Platform.current(), System.getenv("SPFSD_LIBFUSE"));
        static final SymbolLookup LOOKUP;

        static {
            System.load(PATH.toString());
            LOOKUP = SymbolLookup.loaderLookup();
        }
    }

    private Libfuse() {
    }

    /** A libfuse symbol that only some releases export. */
    public static Optional<MemorySegment> optionalSymbol(String name) {
        return Library.LOOKUP.find(name);
    }

    /** Loads libfuse3 if it is not yet: every path into the bindings goes through here first. */
    static void ensureLoaded() {
        Path unused = Library.PATH;
    }

    /** The libfuse3 file in use. */
    public static Path libraryPath() {
        return Library.PATH;
    }

    /** Why libfuse3 cannot be used, or empty when it loads. */
    public static Optional<String> loadProblem() {
        try {
            ensureLoaded();
            fuse3_h.fuse_version();
            return Optional.empty();
        } catch (Throwable t) {
            Throwable cause = t instanceof ExceptionInInitializerError e && e.getCause() != null ? e.getCause() : t;
            return Optional.of(cause.getMessage());
        }
    }

    /** e.g. 314 for 3.14. */
    public static int version() {
        ensureLoaded();
        return fuse3_h.fuse_version();
    }

    public static String packageVersion() {
        ensureLoaded();
        return fuse3_h.fuse_pkgversion().getString(0);
    }

    /**
     * fuse_session_loop_mt: on Linux the default version of a versioned ELF symbol; macFUSE's
     * libfuse3 has no symbol versioning and exports it as fuse_session_loop_mt_312.
     */
    static int loopMt(MemorySegment session, MemorySegment cfg) {
        Optional<MemorySegment> darwin = optionalSymbol("fuse_session_loop_mt_312");
        if (darwin.isEmpty()) {
            return fuse3_h.fuse_session_loop_mt(session, cfg);
        }
        try {
            return (int) Linker.nativeLinker().downcallHandle(darwin.get(),
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS))
                    .invokeExact(session, cfg);
        } catch (Throwable t) {
            throw new IllegalStateException("fuse_session_loop_mt_312 failed: " + t, t);
        }
    }

    /**
     * fuse_req_interrupted(req): bound here, not through the generated bindings, which have no
     * declaration of it (jextract/fuse3.args lists what they have). libfuse marks a request
     * interrupted when the kernel's FUSE_INTERRUPT for it arrives, which a worker thread reads
     * while another waits on the request.
     */
    static final io.spfsd.fs.api.Caller.Interrupts INTERRUPTS = new io.spfsd.fs.api.Caller.Interrupts() {
        private volatile MethodHandle handle;

        @Override
        public boolean interrupted(long request) {
            try {
                return (int) handle().invokeExact(MemorySegment.ofAddress(request)) != 0;
            } catch (Throwable t) {
                return false; // cannot ask: the wait ends by its own limits
            }
        }

        private MethodHandle handle() {
            MethodHandle h = handle;
            if (h == null) {
                ensureLoaded();
                h = Linker.nativeLinker().downcallHandle(Library.LOOKUP.find("fuse_req_interrupted").orElseThrow(),
                        FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS));
                handle = h;
            }
            return h;
        }
    };

    /** Creates a session with whichever constructor this libfuse exports. */
    static MemorySegment newSession(MemorySegment args, MemorySegment ops, long opsSize, Arena arena) {
        ensureLoaded();
        Linker linker = Linker.nativeLinker();
        Optional<MemorySegment> versioned = optionalSymbol("fuse_session_new_versioned");
        try {
            if (versioned.isPresent()) {
                MethodHandle h = linker.downcallHandle(versioned.get(), FunctionDescriptor.of(ValueLayout.ADDRESS,
                        ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.ADDRESS,
                        ValueLayout.ADDRESS));
                MemorySegment v = arena.allocate(LIBFUSE_VERSION);
                v.set(ValueLayout.JAVA_INT, 0, HEADER_MAJOR);
                v.set(ValueLayout.JAVA_INT, 4, HEADER_MINOR);
                return (MemorySegment) h.invokeExact(args, ops, opsSize, v, MemorySegment.NULL);
            }
            return fuse3_h.fuse_session_new(args, ops, opsSize, MemorySegment.NULL);
        } catch (Throwable t) {
            throw new IllegalStateException("fuse_session_new failed: " + t, t);
        }
    }
}
