package io.spfsd.os;

import com.sun.security.auth.module.UnixSystem;

/**
 * Who this process runs as, answered without Posix: its downcall handles are built when the
 * class loads, about 50 ms of a command's start, and most commands need only this answer.
 */
public final class Users {
    private Users() {
    }

    /**
     * Whether this process runs as root (Java processes are never set-uid: real uid = effective
     * uid), asked once: each UnixSystem asks the system again, about ten calls (getuid, getgid,
     * getgroups, and realpath's readlinks while it loads its library), which every create in a
     * scratch used to pay.
     */
    public static boolean isRoot() {
        return Root.IS_ROOT;
    }

    private static final class Root {
        static final boolean IS_ROOT = new UnixSystem().getUid() == 0;
    }
}
