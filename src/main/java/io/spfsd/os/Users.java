package io.spfsd.os;

import com.sun.security.auth.module.UnixSystem;

/**
 * Who this process runs as, answered without Posix: its downcall handles are built when the
 * class loads, about 50 ms of a command's start, and most commands need only this answer.
 */
public final class Users {
    private Users() {
    }

    /** Whether this process runs as root (Java processes are never set-uid: real uid = effective uid). */
    public static boolean isRoot() {
        return new UnixSystem().getUid() == 0;
    }
}
