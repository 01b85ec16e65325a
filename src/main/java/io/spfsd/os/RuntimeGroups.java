package io.spfsd.os;

import java.io.IOException;

/**
 * Runtime membership that survives reparenting: a group per runtime that a process joins and
 * its descendants inherit, however they detach (double fork, setsid, reparenting to init).
 * On Linux a cgroup v2 child group, where the daemon may make one (root); elsewhere none,
 * and a runtime is its root's process tree only.
 */
public interface RuntimeGroups {
    RuntimeGroups NONE = new RuntimeGroups() {
        @Override
        public boolean available() {
            return false;
        }

        @Override
        public void create(String runtime, int pid) throws IOException {
            throw new IOException("runtime groups are not available here");
        }

        @Override
        public String groupOf(int pid) {
            return null;
        }

        @Override
        public boolean populated(String runtime) {
            return false;
        }

        @Override
        public ProcessTable.ExitWatch watchEmpty(String runtime, Runnable onEmpty) {
            onEmpty.run();
            return () -> { };
        }

        @Override
        public void remove(String runtime) {
        }
    };

    boolean available();

    /** Makes the group of runtime and moves pid into it (its future children follow). */
    void create(String runtime, int pid) throws IOException;

    /** The runtime whose group pid is in, or null; one read. */
    String groupOf(int pid);

    /** Whether any process is still in the group. */
    boolean populated(String runtime);

    /** Calls onEmpty once, when the last process of the group has exited (at once if it has). */
    ProcessTable.ExitWatch watchEmpty(String runtime, Runnable onEmpty);

    /** Removes the (empty) group. */
    void remove(String runtime);

    /**
     * Pauses every process of runtime's group (true), or lets them go on (false). Pausing
     * returns once all are paused: true then; false if they could not be within limit (they
     * run on) or groups cannot pause here.
     */
    default boolean pause(String runtime, boolean paused, java.time.Duration limit) throws IOException {
        return false;
    }

    /** The daemon stops: removes what it made that is empty. */
    default void close() {
    }
}
