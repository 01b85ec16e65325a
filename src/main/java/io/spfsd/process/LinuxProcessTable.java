package io.spfsd.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Reads /proc/PID/stat. The command name (field 2) may contain spaces and parentheses, so
 * fields are counted from the last ')'. ppid is field 4, starttime (clock ticks since boot)
 * field 22.
 */
public final class LinuxProcessTable implements ProcessTable {
    private final Path proc;
    private final PidfdExitWatcher exits;

    public LinuxProcessTable() {
        this(Path.of("/proc"));
    }

    LinuxProcessTable(Path proc) {
        this.proc = proc;
        this.exits = new PidfdExitWatcher(this);
    }

    @Override
    public Optional<ProcessInfo> info(int pid) {
        if (pid <= 0) {
            return Optional.empty();
        }
        String stat;
        try {
            stat = new String(Files.readAllBytes(proc.resolve(Integer.toString(pid)).resolve("stat")),
                    StandardCharsets.US_ASCII);
        } catch (IOException e) {
            return Optional.empty();
        }
        return parse(pid, stat);
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
        String status;
        try {
            status = new String(Files.readAllBytes(proc.resolve(Integer.toString(tid)).resolve("status")),
                    StandardCharsets.US_ASCII);
        } catch (IOException e) {
            return Optional.empty();
        }
        int tgid = field(status, "\nTgid:");
        int ppid = field(status, "\nPPid:");
        return tgid < 0 || ppid < 0 ? Optional.empty() : Optional.of(new Link(tgid, ppid));
    }

    private static int field(String status, String key) {
        int at = status.indexOf(key);
        if (at < 0) {
            return -1;
        }
        int start = at + key.length();
        int end = status.indexOf('\n', start);
        try {
            return Integer.parseInt(status.substring(start, end < 0 ? status.length() : end).strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    static Optional<ProcessInfo> parse(int pid, String stat) {
        int close = stat.lastIndexOf(')');
        if (close < 0) {
            return Optional.empty();
        }
        String[] f = stat.substring(close + 2).split(" ");
        // f[0] is field 3 (state); field N is f[N - 3].
        if (f.length < 20) {
            return Optional.empty();
        }
        try {
            return Optional.of(new ProcessInfo(pid, Integer.parseInt(f[1]), Long.parseLong(f[19])));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    @Override
    public ExitWatch watchExit(ProcessInfo process, Runnable onExit) {
        return exits.watch(process, onExit);
    }
}
