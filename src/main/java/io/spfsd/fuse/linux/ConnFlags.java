package io.spfsd.fuse.linux;

import io.spfsd.bindings.fuse3.fuse_conn_info;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * Asks for connection capabilities in init. libfuse 3.17 added 64-bit want_ext and
 * fuse_set_feature_flag(), and rejects a handler that changes both want and want_ext, so
 * where that function exists it is the only thing used; on 3.14 the 32-bit want is set.
 */
final class ConnFlags {
    private static final MethodHandle SET_FEATURE = Libfuse.optionalSymbol("fuse_set_feature_flag")
            .map(a -> Linker.nativeLinker().downcallHandle(a, FunctionDescriptor.of(ValueLayout.JAVA_BOOLEAN,
                    ValueLayout.ADDRESS, ValueLayout.JAVA_LONG)))
            .orElse(null);

    private ConnFlags() {
    }

    /** Turns flag on if the kernel and libfuse are capable of it; returns whether it is on. */
    static boolean want(MemorySegment conn, int flag) {
        MemorySegment c = conn.reinterpret(fuse_conn_info.sizeof());
        if (SET_FEATURE != null) {
            try {
                return (boolean) SET_FEATURE.invokeExact(c, (long) flag & 0xffffffffL);
            } catch (Throwable t) {
                throw new IllegalStateException("fuse_set_feature_flag failed", t);
            }
        }
        if ((fuse_conn_info.capable(c) & flag) == 0) {
            return false;
        }
        fuse_conn_info.want(c, fuse_conn_info.want(c) | flag);
        return true;
    }
}
