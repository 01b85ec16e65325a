package io.spfsd.router;

/**
 * A runtime is already registered for this root PID: most often a `spfsd run` started as the
 * very command of another (run execs its command, so the PID is the outer runtime's root).
 */
public final class RuntimeExistsException extends Exception {
    public RuntimeExistsException(int pid, String runtime) {
        super("a runtime is already registered for PID " + pid + " ('" + runtime + "'): one process cannot"
                + " be in two; start the inner command in a child (sh -c '...'), or use spfsd join " + runtime);
    }
}
