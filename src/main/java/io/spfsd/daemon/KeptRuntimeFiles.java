package io.spfsd.daemon;

import java.nio.file.Path;
import java.util.List;

/** The refs of the runtimes a daemon keeps on disk (for clean, which must keep their layers). */
public final class KeptRuntimeFiles {
    private KeptRuntimeFiles() {
    }

    /** Every ref of every kept runtime recorded beside the daemon whose socket is given. */
    public static List<String> refs(Path socket) {
        return new Scratches(socket.toAbsolutePath().getParent()).kept().stream()
                .flatMap(k -> k.refs().stream()).toList();
    }
}
