package io.spfsd.storage;

import io.spfsd.platform.Libc;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.file.Path;

/**
 * Makes many freshly written payload files durable with one call instead of one fsync per
 * file: Linux syncfs(2) on the repository's filesystem, plain sync(2) where syncfs is absent
 * (macOS). Called before a layer object makes those payloads reachable.
 */
final class Durability {
    private Durability() {
    }

    static void syncFilesystemOf(Path dir) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            int fd = Libc.open(arena.allocateFrom(dir.toString()), Libc.O_RDONLY | Libc.O_CLOEXEC);
            if (fd >= 0) {
                int rc = Libc.syncfs(fd);
                Libc.close(fd);
                if (rc == 0) {
                    return;
                }
            }
            Libc.sync();
        } catch (RuntimeException e) {
            throw new IOException("could not flush the repository to disk: " + e.getMessage(), e);
        }
    }
}
