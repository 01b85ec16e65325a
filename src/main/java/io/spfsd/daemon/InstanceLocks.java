package io.spfsd.daemon;

import io.spfsd.config.Locations;
import io.spfsd.storage.Digest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;

/**
 * Where the daemon's two locks live: the socket's beside it ({@code spfsd.sock.lock}); the
 * mount point's in the user's state directory, named by a hash of its path, so every daemon
 * of this user that could mount there finds the same file whatever socket it serves.
 */
final class InstanceLocks {
    private InstanceLocks() {
    }

    static List<InstanceLock> acquire(Path mountpoint, Path socket) throws IOException {
        Path abs = socket.toAbsolutePath();
        InstanceLock socketLock = InstanceLock.acquire(abs.resolveSibling(abs.getFileName() + ".lock"),
                "the socket " + abs);
        try {
            return List.of(socketLock, InstanceLock.acquire(mountpointLock(mountpoint), "the mount point " + mountpoint));
        } catch (IOException | RuntimeException e) {
            socketLock.close();
            throw e;
        }
    }

    static Path mountpointLock(Path mountpoint) {
        byte[] sha = Digest.sha256().digest(mountpoint.toString().getBytes(StandardCharsets.UTF_8));
        return Locations.system().stateDir().resolve("locks")
                .resolve("mount-" + HexFormat.of().formatHex(sha, 0, 8) + ".lock");
    }
}
