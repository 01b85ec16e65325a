package io.spfsd.os.macos;

import io.spfsd.os.NativeStruct;
import java.lang.foreign.MemorySegment;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A Mac's process table and kqueue as the kernel behaves per the facts (2.4, 2.5): answers
 * written at the offsets of {@link DarwinLayouts}, ESRCH for gone processes, EV_RECEIPT
 * receipts, one knote per PID, an exit event per watched PID that exits.
 */
final class FakeDarwinCalls implements DarwinCalls {
    record Proc(int ppid, long startSec, int startUsec) {
    }

    final Map<Integer, Proc> procs = new ConcurrentHashMap<>();
    private final Set<Integer> knotes = new HashSet<>();
    private final Deque<Integer> exited = new ArrayDeque<>();
    private final ThreadLocal<Integer> errno = ThreadLocal.withInitial(() -> 0);
    volatile int failWithErrno;

    @Override
    public int shortBsdInfo(int pid, MemorySegment buf) {
        if (failWithErrno != 0) {
            errno.set(failWithErrno);
            return 0;
        }
        Proc p = procs.get(pid);
        if (p == null) {
            errno.set(ESRCH);
            return 0;
        }
        DarwinLayouts.PROC_BSDSHORTINFO.field("pbsi_pid").put(buf, pid);
        DarwinLayouts.PROC_BSDSHORTINFO.field("pbsi_ppid").put(buf, p.ppid());
        return (int) DarwinLayouts.PROC_BSDSHORTINFO.size();
    }

    @Override
    public int kinfoProc(int pid, MemorySegment buf) {
        Proc p = procs.get(pid);
        if (p == null) {
            return 0;
        }
        NativeStruct k = DarwinLayouts.KINFO_PROC;
        k.field("kp_proc.p_starttime.tv_sec").put(buf, p.startSec());
        k.field("kp_proc.p_starttime.tv_usec").put(buf, p.startUsec());
        k.field("kp_proc.p_pid").put(buf, pid);
        k.field("kp_eproc.e_ppid").put(buf, p.ppid());
        return (int) k.size();
    }

    @Override
    public int kqueue() {
        return 7;
    }

    @Override
    public synchronized int kevent(int kq, MemorySegment changes, int nchanges, MemorySegment events, int nevents) {
        NativeStruct e = DarwinLayouts.KEVENT;
        if (nchanges > 0) {
            int pid = (int) e.field("ident").get(changes);
            long flags = e.field("flags").get(changes);
            int error = 0;
            if ((flags & EV_ADD) != 0) {
                if (procs.containsKey(pid)) {
                    knotes.add(pid);
                } else {
                    error = ESRCH;
                }
            } else if ((flags & EV_DELETE) != 0 && !knotes.remove(pid)) {
                error = 2; // ENOENT
            }
            e.field("flags").put(events, EV_ERROR);
            e.field("data").put(events, error);
            return 1;
        }
        while (exited.isEmpty()) {
            try {
                wait();
            } catch (InterruptedException ie) {
                return -1;
            }
        }
        int n = 0;
        while (!exited.isEmpty() && n < nevents) {
            MemorySegment ev = events.asSlice(n * e.size(), e.size());
            e.field("ident").put(ev, exited.pop());
            e.field("filter").put(ev, EVFILT_PROC);
            e.field("flags").put(ev, 0x8000 | 0x0010); // EV_EOF | EV_ONESHOT
            e.field("fflags").put(ev, NOTE_EXIT);
            n++;
        }
        return n;
    }

    /** The process exits: a watched one delivers its event (and loses its knote). */
    synchronized void exit(int pid) {
        procs.remove(pid);
        if (knotes.remove(pid)) {
            exited.add(pid);
            notifyAll();
        }
    }

    synchronized boolean hasKnote(int pid) {
        return knotes.contains(pid);
    }

    @Override
    public int errno() {
        return errno.get();
    }
}
