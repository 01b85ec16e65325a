package io.spfsd.os.macos;

import java.lang.foreign.MemorySegment;

/**
 * The Darwin calls behind the macOS process table and exit watch. An interface so that their
 * logic runs in tests on Linux against a fake; {@link NativeDarwinCalls} makes them for real.
 */
interface DarwinCalls {
    int ESRCH = 3;
    int PROC_PIDT_SHORTBSDINFO = 13;
    short EVFILT_PROC = -5, EVFILT_USER = -10;
    short EV_ADD = 0x0001, EV_DELETE = 0x0002, EV_CLEAR = 0x0020, EV_RECEIPT = 0x0040, EV_ERROR = 0x4000;
    int NOTE_EXIT = 0x80000000, NOTE_TRIGGER = 0x01000000;

    /**
     * proc_pidinfo(pid, PROC_PIDT_SHORTBSDINFO, 0, buf, 64): the bytes copied into buf (a
     * proc_bsdshortinfo), or 0 on failure with {@link #errno()} set (ESRCH: no such process).
     */
    int shortBsdInfo(int pid, MemorySegment buf);

    /**
     * sysctl({CTL_KERN, KERN_PROC, KERN_PROC_PID, pid}) into buf (a kinfo_proc): the bytes
     * written, 0 when there is no such process, -1 on failure with {@link #errno()} set.
     */
    int kinfoProc(int pid, MemorySegment buf);

    /** kqueue(2): a descriptor, or -1. */
    int kqueue();

    /** kevent(2) with no timeout when timeout is NULL: events received, or -1 with errno. */
    int kevent(int kq, MemorySegment changes, int nchanges, MemorySegment events, int nevents);

    /** errno of the last failing call on this thread. */
    int errno();
}
