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
    private final Os os;

    Authorization(Os os) {
        this.os = os;
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

    private boolean isRoot(UnixDomainPrincipal peer) {
        return peer != null && root != null && root.equals(peer.user());
    }
}
