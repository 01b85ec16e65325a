package io.spfsd.cli;

import io.spfsd.os.Posix;
import sun.misc.Signal;

/**
 * While `spfsd run` waits for its command, it must outlive it: its exit would end the
 * runtime under a command that is still running. So signals meant for the command reach
 * the command, and `run` keeps waiting for its exit code. The handlers go in before the
 * command starts; a signal that arrives before it exists is passed on once it does.
 */
final class ChildSignals {
    private Process child;
    private int pending;

    private ChildSignals() {
    }

    static ChildSignals install() {
        ChildSignals s = new ChildSignals();
        // The terminal sends SIGINT to the whole foreground process group, the command included.
        // (SIGQUIT is the JVM's own: it prints a thread dump and carries on.)
        Signal.handle(new Signal("INT"), sig -> { });
        // Sent to `run` alone (kill, a closing terminal): pass them on.
        Signal.handle(new Signal("TERM"), sig -> s.relay(sig.getNumber()));
        Signal.handle(new Signal("HUP"), sig -> s.relay(sig.getNumber()));
        return s;
    }

    private synchronized void relay(int signal) {
        if (child != null) {
            Posix.kill((int) child.pid(), signal);
        } else {
            pending = signal;
        }
    }

    synchronized void attach(Process started) {
        child = started;
        if (pending != 0) {
            Posix.kill((int) started.pid(), pending);
        }
    }
}
