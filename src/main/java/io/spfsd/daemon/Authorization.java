package io.spfsd.daemon;

import io.spfsd.os.Os;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.attribute.UserPrincipal;
import java.util.Optional;
import jdk.net.UnixDomainPrincipal;

/** Only root, or the user who owns the target process, may mount or unmount its runtime. */
final class Authorization {
    private final UserPrincipal root;
    /** The user the daemon runs as. */
    private final UserPrincipal self;
    private final Os os;

    Authorization(Os os) {
        this.os = os;
        this.self = os.processOwner((int) ProcessHandle.current().pid()).orElse(null);
        UserPrincipal r;
        try {
            r = FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByName("root");
        } catch (IOException e) {
            r = null;
        }
        this.root = r;
    }

    /** Empty if allowed, else the reason it is not. */
    Optional<String> check(UnixDomainPrincipal peer, int pid) {
        if (isRoot(peer)) {
            return Optional.empty();
        }
        Optional<UserPrincipal> owner = os.processOwner(pid);
        if (owner.isEmpty()) {
            return Optional.of("no process with PID " + pid);
        }
        if (owner.get().equals(peer.user())) {
            return Optional.empty();
        }
        return Optional.of("permission denied: PID " + pid + " belongs to " + owner.get().getName()
                + ", not to " + peer.user().getName());
    }

    Optional<String> requireRoot(UnixDomainPrincipal peer, int pid) {
        return isRoot(peer) ? Optional.empty()
                : Optional.of("permission denied: only root may unmount the runtime of a process that is gone (PID "
                + pid + ")");
    }

    /**
     * Empty if peer may join or remove runtime name, which has no process left (kept, or restored
     * after a restart): root, or owner, the user who made it.
     */
    Optional<String> checkOwner(UnixDomainPrincipal peer, String owner, String name) {
        if (isRoot(peer) || (owner != null && peer != null && peer.user().getName().equals(owner))) {
            return Optional.empty();
        }
        return Optional.of(owner == null
                ? "permission denied: runtime " + name + " has no process left and no recorded owner; only root may join it"
                : "permission denied: runtime " + name + " belongs to " + owner + " (and root)");
    }

    /**
     * Empty if peer may have runtimes of remote (null: the daemon's own). A file:// or s3://
     * remote is read with the daemon's rights (its files, its AWS credentials), so only root and
     * the daemon's own user may name one the daemon was not started with; http(s) asks nothing
     * of a server that a user of this machine could not ask it directly.
     */
    Optional<String> checkRemote(UnixDomainPrincipal peer, String remote, String own) {
        if (remote == null || remote.equals(own) || isRoot(peer) || (peer != null && peer.user().equals(self))) {
            return Optional.empty();
        }
        String lower = remote.toLowerCase(java.util.Locale.ROOT);
        if (lower.startsWith("http://") || lower.startsWith("https://")) {
            return Optional.empty();
        }
        return Optional.of("permission denied: only root may have this daemon read a file or s3 remote (" + remote
                + ") it was not started with (spfsd serve --remote)");
    }

    private boolean isRoot(UnixDomainPrincipal peer) {
        return peer != null && root != null && root.equals(peer.user());
    }
}
