package io.spfsd.storage;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;

/**
 * Makes many freshly written payload files durable with one call instead of one fsync per
 * file: Linux syncfs(2) on the repository's filesystem, plain sync(2) where syncfs is absent
 * (macOS). Called before a layer object makes those payloads reachable.
 */
final class Durability {
    private static final Linker LINKER = Linker.nativeLinker();
    private static final MethodHandle OPEN = handle("open",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
    private static final MethodHandle SYNCFS = handle("syncfs",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
    private static final MethodHandle CLOSE = handle("close",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
    private static final MethodHandle SYNC = handle("sync", FunctionDescriptor.ofVoid());

    private Durability() {
    }

    private static MethodHandle handle(String name, FunctionDescriptor fd) {
        return LINKER.defaultLookup().find(name).map(a -> LINKER.downcallHandle(a, fd)).orElse(null);
    }

    static void syncFilesystemOf(Path dir) throws IOException {
        try {
            if (SYNCFS != null && OPEN != null && CLOSE != null) {
                try (Arena arena = Arena.ofConfined()) {
                    MemorySegment path = arena.allocateFrom(dir.toString());
                    int fd = (int) OPEN.invokeExact(path, 0 /* O_RDONLY */);
                    if (fd >= 0) {
                        int rc = (int) SYNCFS.invokeExact(fd);
                        int ignored = (int) CLOSE.invokeExact(fd);
                        if (rc == 0) {
                            return;
                        }
                    }
                }
            }
            if (SYNC != null) {
                SYNC.invokeExact();
            }
        } catch (Throwable t) {
            throw new IOException("could not flush the repository to disk: " + t.getMessage(), t);
        }
    }
}
