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

    /** Reads "Tgid:" from /proc/TID/status; the tid itself if that cannot be read. */
    @Override
    public int processOf(int tid) {
        try {
            String status = new String(Files.readAllBytes(proc.resolve(Integer.toString(tid)).resolve("status")),
                    StandardCharsets.US_ASCII);
            int at = status.indexOf("\nTgid:");
            if (at < 0) {
                return tid;
            }
            int start = at + 6;
            int end = status.indexOf('\n', start);
            return Integer.parseInt(status.substring(start, end < 0 ? status.length() : end).strip());
        } catch (IOException | NumberFormatException e) {
            return tid;
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
