package io.spfsd.testing;

import io.spfsd.os.ProcessInfo;
import io.spfsd.os.ProcessTable;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/** A process table the test writes (pid -> parent, start time), counting its reads. */
public class FakeProcessTable implements ProcessTable {
    private final Map<Integer, ProcessInfo> table = new HashMap<>();
    /** How many times a process was read: each is one /proc read in the real table. */
    public final AtomicInteger reads = new AtomicInteger();

    public FakeProcessTable add(int pid, int ppid, long start) {
        table.put(pid, new ProcessInfo(pid, ppid, start));
        return this;
    }

    @Override
    public Optional<ProcessInfo> info(int pid) {
        reads.incrementAndGet();
        return Optional.ofNullable(table.get(pid));
    }

    @Override
    public ExitWatch watchExit(ProcessInfo process, Runnable onExit) {
        return () -> { };
    }

    /** A table that cannot be read at all, as /proc when the daemon is out of descriptors. */
    public static FakeProcessTable unreadable() {
        return new FakeProcessTable() {
            @Override
            public Optional<ProcessInfo> info(int pid) {
                throw new LookupFailedException("EMFILE (simulated)");
            }
        };
    }
}
