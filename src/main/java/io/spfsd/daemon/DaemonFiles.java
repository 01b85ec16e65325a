package io.spfsd.daemon;

import java.nio.file.Path;

/** The files a daemon keeps beside its socket, named after it: one set per daemon. */
public final class DaemonFiles {
    private DaemonFiles() {
    }

    /** spfsd.sock -> spfsd.log; any other name gets ".log" appended. */
    public static Path log(Path socket) {
        Path abs = socket.toAbsolutePath();
        String name = abs.getFileName().toString();
        String base = name.endsWith(".sock") ? name.substring(0, name.length() - ".sock".length()) : name;
        return abs.resolveSibling(base + ".log");
    }
}
