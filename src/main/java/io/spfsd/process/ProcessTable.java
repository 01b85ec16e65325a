package io.spfsd.process;

import java.util.Optional;

/**
 * The platform's process table: Linux reads /proc, macOS asks libproc. Implementations are
 * thread-safe; they are called from FUSE worker threads.
 */
public interface ProcessTable {
    /** Deepest ancestry walked: self, parent, ... up to PID 1 or this many entries. */
    int MAX_DEPTH = 100;

    /** The process, or empty when it does not exist (any more). */
    Optional<ProcessInfo> info(int pid);

    /**
     * The process and its ancestors, nearest first, ending at PID 1 or at the first process
     * that cannot be read, at most {@link #MAX_DEPTH} entries. Empty if pid itself is gone.
     */
    default Ancestry ancestry(int pid) {
        Ancestry.Builder b = new Ancestry.Builder();
        int current = processOf(pid);
        for (int i = 0; i < MAX_DEPTH; i++) {
            Optional<ProcessInfo> p = info(current);
            if (p.isEmpty()) {
                break;
            }
            b.add(p.get().pid(), p.get().startTime());
            int parent = p.get().ppid();
            if (parent <= 0 || parent == current || current == 1) {
                break;
            }
            current = parent;
        }
        return b.build();
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
