package io.spfsd.os.linux;

import io.spfsd.os.ProcessInfo;
import io.spfsd.os.ProcessTable;
import java.util.Optional;

/**
 * Reads /proc: PID/stat for ppid and start time (fields 4 and 22, counted after the last
 * ')', since the command name may contain spaces and parentheses), PID/status for the
 * thread group and parent in one read. See {@link ProcReader}.
 */
public final class LinuxProcessTable implements ProcessTable {
    private final FdWatcher exits = new FdWatcher(this);

    FdWatcher watcher() {
        return exits;
    }

    @Override
    public Optional<ProcessInfo> info(int pid) {
        if (pid <= 0) {
            return Optional.empty();
        }
        ProcReader r = ProcReader.get();
        long[] ppidAndStart = new long[2];
        if (!r.read(pid, "stat") || !r.parseStat(ppidAndStart)) {
            return Optional.empty();
        }
        return Optional.of(new ProcessInfo(pid, (int) ppidAndStart[0], ppidAndStart[1]));
    }

    /** kthreadd (PID 2, parent 0) and the threads it starts (parent 2), as ps tells them apart. */
    @Override
    public boolean isKernelThread(ProcessInfo p) {
        return p.ppid() == 2 || (p.ppid() == 0 && p.pid() != 1);
    }

    /** "Tgid:" from /proc/TID/status; the tid itself if that cannot be read. */
    @Override
    public int processOf(int tid) {
        return link(tid).map(Link::process).orElse(tid);
    }

    /** /proc/TID/status holds both "Tgid:" and "PPid:", so one read gives a whole step of the walk. */
    @Override
    public Optional<Link> link(int tid) {
        if (tid <= 0) {
            return Optional.empty();
        }
        ProcReader r = ProcReader.get();
        if (!r.read(tid, "status")) {
            return Optional.empty();
        }
        long packed = r.tgidAndPpid();
        return packed < 0 ? Optional.empty() : Optional.of(new Link((int) (packed >>> 32), (int) packed));
    }

    @Override
    public ExitWatch watchExit(ProcessInfo process, Runnable onExit) {
        return exits.watch(process, onExit);
    }
}
