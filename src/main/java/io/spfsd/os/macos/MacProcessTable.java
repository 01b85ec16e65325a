package io.spfsd.os.macos;

import io.spfsd.os.NativeStruct;
import io.spfsd.os.ProcessInfo;
import io.spfsd.os.ProcessTable;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Optional;

/**
 * Process ancestry on macOS (../shared/platform/macos-facts.md 2.4): the parent from
 * proc_pidinfo(PROC_PIDT_SHORTBSDINFO), which any user may ask of any process — the full
 * PROC_PIDTBSDINFO fails with EPERM across users and would end a walk at sudo, login or
 * launchd — and the start time from sysctl's kinfo_proc, which tells a process from a later
 * one with its PID (PIDs recycle below 99,999). Exits come from a {@link KqueueExitWatcher}.
 */
public final class MacProcessTable implements ProcessTable {
    private static final ThreadLocal<MemorySegment> SHORT = ThreadLocal.withInitial(
            () -> Arena.ofAuto().allocate(DarwinLayouts.PROC_BSDSHORTINFO.size(), 8));
    private static final ThreadLocal<MemorySegment> KINFO = ThreadLocal.withInitial(
            () -> Arena.ofAuto().allocate(DarwinLayouts.KINFO_PROC.size(), 8));
    private static final NativeStruct.Field PPID = DarwinLayouts.PROC_BSDSHORTINFO.field("pbsi_ppid");
    private static final NativeStruct.Field START_SEC = DarwinLayouts.KINFO_PROC.field("kp_proc.p_starttime.tv_sec");
    private static final NativeStruct.Field START_USEC = DarwinLayouts.KINFO_PROC.field("kp_proc.p_starttime.tv_usec");

    private final DarwinCalls calls;
    private final KqueueExitWatcher exits;

    /** The table of this Mac. */
    public MacProcessTable() {
        this(new NativeDarwinCalls());
    }

    MacProcessTable(DarwinCalls calls) {
        this.calls = calls;
        this.exits = new KqueueExitWatcher(calls, this);
    }

    @Override
    public Optional<ProcessInfo> info(int pid) {
        int ppid = parent(pid);
        if (ppid < 0) {
            return Optional.empty();
        }
        MemorySegment k = KINFO.get();
        int n = calls.kinfoProc(pid, k);
        if (n < 0) {
            throw new LookupFailedException("sysctl(KERN_PROC_PID, " + pid + ") failed: errno " + calls.errno());
        }
        if (n < DarwinLayouts.KINFO_PROC.size()) {
            return Optional.empty(); // exited between the two calls
        }
        long startMicros = START_SEC.get(k) * 1_000_000L + START_USEC.get(k);
        return Optional.of(new ProcessInfo(pid, ppid, startMicros));
    }

    /** One call for a walk's step: the parent only. */
    @Override
    public Optional<Link> link(int pid) {
        int ppid = parent(pid);
        return ppid < 0 ? Optional.empty() : Optional.of(new Link(pid, ppid));
    }

    /** The parent's PID, or -1 when pid does not exist. */
    private int parent(int pid) {
        MemorySegment s = SHORT.get();
        int n = calls.shortBsdInfo(pid, s);
        if (n == DarwinLayouts.PROC_BSDSHORTINFO.size()) {
            return (int) PPID.get(s);
        }
        int errno = calls.errno();
        if (n == 0 && errno == DarwinCalls.ESRCH) {
            return -1;
        }
        throw new LookupFailedException("proc_pidinfo(" + pid + ", SHORTBSDINFO) gave " + n + " bytes, errno " + errno);
    }

    @Override
    public ExitWatch watchExit(ProcessInfo process, Runnable onExit) {
        return exits.watch(process, onExit);
    }
}
