package io.spfsd.router;

/** A runtime is already registered for this root PID. */
public final class RuntimeExistsException extends Exception {
    public RuntimeExistsException(int pid) {
        super("a runtime is already registered for PID " + pid);
    }
}
