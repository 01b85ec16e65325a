package io.spfsd.os;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The system's mounts, as far as a FUSE daemon needs them: is something mounted, is it dead, take it away. */
public interface MountTable {
    /** True if a filesystem is mounted exactly at path. */
    boolean isMountPoint(Path path) throws IOException;

    /** The command a user would run to unmount path by hand. */
    String manualDetach(Path path);

    /** Unmounts path, lazily where the system can (Linux detaches; macOS forces). True if it is gone. */
    boolean detach(Path path);

    /**
     * True if the filesystem at path answers "not connected": its server is gone. Decided by
     * listing its root, a request that must reach the server: a stat may be answered from the
     * kernel's cache. A server that does not answer within 5 s counts as alive (stopped, not dead).
     */
    default boolean isDead(Path path) {
        CompletableFuture<Boolean> probe = CompletableFuture.supplyAsync(() -> {
            try (var s = Files.newDirectoryStream(path)) {
                s.iterator().hasNext();
                return false;
            } catch (FileSystemException e) {
                return e.getReason() != null && e.getReason().contains("not connected");
            } catch (IOException | RuntimeException e) {
                return false;
            }
        }, r -> Thread.ofPlatform().daemon(true).name("dead-mount-probe").start(r));
        try {
            return probe.get(5, TimeUnit.SECONDS);
        } catch (TimeoutException | ExecutionException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
