package io.spfsd.os;

import java.util.Optional;

/**
 * The platform's process table: Linux reads /proc, macOS asks libproc. Implementations are
 * thread-safe; they are called from FUSE worker threads.
 */
public interface ProcessTable {
    /**
     * Bound on a routing walk's steps. Real ancestries end at PID 1 long before: a chain longer
     * than the number of possible PIDs (Linux's largest pid_max) can only be a cycle read
     * during a race, so no depth a process tree can reach loses its runtime.
     */
    int MAX_DEPTH = 4_194_304;

    /**
     * The process table could not be read for a reason other than the process being gone
     * (out of descriptors, out of memory, permission). Routing must not guess: the request
     * fails with EIO rather than falling back to the empty view. Thrown without a stack
     * trace: it can come in storms.
     */
    final class LookupFailedException extends RuntimeException {
        public LookupFailedException(String message) {
            super(message, null, false, false);
        }
    }

    /** The process, or empty when it does not exist (any more); {@link LookupFailedException} if unknowable. */
    Optional<ProcessInfo> info(int pid);

    /** Whether p is the kernel's own (no user process tree to give a runtime to). */
    default boolean isKernelThread(ProcessInfo p) {
        return false;
    }

    /**
     * One step up the tree from a thread or process: the process it belongs to and that
     * process's parent, from one read. Empty when it does not exist (any more).
     */
    default Optional<Link> link(int tid) {
        int process = processOf(tid);
        return info(process).map(p -> new Link(process, p.ppid()));
    }

    /** A process and its parent. */
    record Link(int process, int parent) {
    }

    /**
     * The process a thread belongs to. FUSE reports the calling thread's id, and a thread's
     * parent is its process's parent, so the walk must start at the process itself.
     */
    default int processOf(int tid) {
        return tid;
    }

    /** Calls onExit once, from a watcher thread, when the process has exited. */
    ExitWatch watchExit(ProcessInfo process, Runnable onExit);

    /** A registration with the exit watcher; cancel it when no longer interested. */
    interface ExitWatch extends AutoCloseable {
        @Override
        void close();
    }
}
