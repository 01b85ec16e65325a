package io.spfsd.os;

import java.io.IOException;

/**
 * A system call failed: the errno it set, which a filesystem answer passes on as it is (never
 * guessed from a message), and what was asked, for a log line.
 */
public final class ErrnoException extends IOException {
    private final int errno;

    public ErrnoException(int errno, String what) {
        super(what + ": errno " + errno);
        this.errno = errno;
    }

    public int errno() {
        return errno;
    }
}
