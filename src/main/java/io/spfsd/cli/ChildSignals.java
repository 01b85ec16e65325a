package io.spfsd.cli;

import io.spfsd.platform.Libc;
import sun.misc.Signal;

/**
 * While `spfsd run` waits for its command, it must outlive it: its exit would end the
 * runtime under a command that is still running. So signals meant for the command reach
 * the command, and `run` keeps waiting for its exit code.
 */
final class ChildSignals {
    private ChildSignals() {
    }

    static void relay(Process child) {
        int pid = (int) child.pid();
        // The terminal sends it to the whole foreground process group, the command included.
        // (SIGQUIT is the JVM's own: it prints a thread dump and carries on.)
        Signal.handle(new Signal("INT"), s -> { });
        // Sent to `run` alone (kill, a closing terminal): pass them on.
        Signal.handle(new Signal("TERM"), s -> Libc.kill(pid, s.getNumber()));
        Signal.handle(new Signal("HUP"), s -> Libc.kill(pid, s.getNumber()));
    }
}
