package io.spfsd.os.macos;

import io.spfsd.os.Posix;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * {@link DarwinCalls} as FFM downcalls into libSystem (proc_pidinfo and sysctl from
 * libsystem_kernel; kqueue and kevent). Signatures from ../shared/platform/macos-facts.md
 * section 2.4 and 2.5. Not run on a Mac yet: only its callers' logic is tested (on Linux,
 * against a fake).
 */
final class NativeDarwinCalls implements DarwinCalls {
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT;
    private static final ValueLayout ADDR = ValueLayout.ADDRESS;
    private static final int CTL_KERN = 1, KERN_PROC = 14, KERN_PROC_PID = 1;

    private final MethodHandle procPidinfo = Posix.require("proc_pidinfo",
            FunctionDescriptor.of(INT, INT, INT, ValueLayout.JAVA_LONG, ADDR, INT));
    private final MethodHandle sysctl = Posix.require("sysctl",
            FunctionDescriptor.of(INT, ADDR, INT, ADDR, ADDR, ADDR, ValueLayout.JAVA_LONG));
    private final MethodHandle kqueue = Posix.require("kqueue", FunctionDescriptor.of(INT));
    private final MethodHandle kevent = Posix.require("kevent",
            FunctionDescriptor.of(INT, INT, ADDR, INT, ADDR, INT, ADDR));

    @Override
    public int shortBsdInfo(int pid, MemorySegment buf) {
        try {
            return (int) procPidinfo.invokeExact(Posix.errnoCapture(), pid, PROC_PIDT_SHORTBSDINFO, 0L, buf,
                    (int) buf.byteSize());
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    @Override
    public int kinfoProc(int pid, MemorySegment buf) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment mib = a.allocateFrom(INT, CTL_KERN, KERN_PROC, KERN_PROC_PID, pid);
            MemorySegment len = a.allocateFrom(ValueLayout.JAVA_LONG, buf.byteSize());
            int r = (int) sysctl.invokeExact(Posix.errnoCapture(), mib, 4, buf, len, MemorySegment.NULL, 0L);
            return r < 0 ? -1 : (int) len.get(ValueLayout.JAVA_LONG, 0);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    @Override
    public int kqueue() {
        try {
            return (int) kqueue.invokeExact(Posix.errnoCapture());
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    @Override
    public int kevent(int kq, MemorySegment changes, int nchanges, MemorySegment events, int nevents) {
        try {
            return (int) kevent.invokeExact(Posix.errnoCapture(), kq, changes, nchanges, events, nevents,
                    MemorySegment.NULL);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    @Override
    public int errno() {
        return Posix.errno();
    }
}
