package io.spfsd.os.linux;

import io.spfsd.os.Posix;
import io.spfsd.os.ProcessInfo;
import io.spfsd.os.ProcessTable;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Reads /proc/PID/status and /proc/PID/stat into a per-thread native buffer and parses the
 * numbers in place: open, read, close and nothing else — no Path, String or byte[] per
 * call. A cache miss on the routing path reads one of these per ancestor.
 */
final class ProcReader {
    private static final ThreadLocal<ProcReader> LOCAL = ThreadLocal.withInitial(ProcReader::new);
    private static final int BUF = 4096;
    private static final byte[] PROC = "/proc/".getBytes();
    private static final byte[] TGID = "\nTgid:".getBytes();
    private static final byte[] PPID = "\nPPid:".getBytes();

    private final MemorySegment path;
    private final MemorySegment buf;
    private int length;

    private ProcReader() {
        Arena arena = Arena.ofAuto();
        path = arena.allocate(64);
        buf = arena.allocate(BUF);
    }

    static ProcReader get() {
        return LOCAL.get();
    }

    /**
     * Reads /proc/PID/FILE; false if the process is gone. Any other failure (EMFILE, ENFILE,
     * ENOMEM, EACCES...) throws: "cannot tell" must never pass for "no such process".
     */
    boolean read(int pid, String file) {
        int at = 0;
        for (byte b : PROC) {
            path.set(ValueLayout.JAVA_BYTE, at++, b);
        }
        at = putInt(at, pid);
        path.set(ValueLayout.JAVA_BYTE, at++, (byte) '/');
        for (int i = 0; i < file.length(); i++) {
            path.set(ValueLayout.JAVA_BYTE, at++, (byte) file.charAt(i));
        }
        path.set(ValueLayout.JAVA_BYTE, at, (byte) 0);
        int fd = Posix.open(path, Posix.O_RDONLY | Posix.O_CLOEXEC);
        if (fd < 0) {
            int errno = Posix.errno();
            if (errno == Posix.ENOENT || errno == Posix.ESRCH) {
                return false;
            }
            throw new ProcessTable.LookupFailedException("cannot open /proc/" + pid + "/" + file + ": errno " + errno);
        }
        try {
            long n = Posix.read(fd, buf, BUF - 1);
            if (n < 0 && Posix.errno() != Posix.ESRCH) {
                throw new ProcessTable.LookupFailedException("cannot read /proc/" + pid + "/" + file + ": errno "
                        + Posix.errno());
            }
            length = n > 0 ? (int) n : 0;
            return n > 0;
        } finally {
            Posix.close(fd);
        }
    }

    /** For tests: parse these bytes as if read from a file. */
    static ProcReader of(byte[] content) {
        ProcReader r = new ProcReader();
        MemorySegment.copy(content, 0, r.buf, ValueLayout.JAVA_BYTE, 0, content.length);
        r.length = content.length;
        return r;
    }

    private int putInt(int at, int v) {
        int start = at;
        do {
            path.set(ValueLayout.JAVA_BYTE, at++, (byte) ('0' + v % 10));
            v /= 10;
        } while (v > 0);
        for (int i = start, j = at - 1; i < j; i++, j--) {
            byte t = path.get(ValueLayout.JAVA_BYTE, i);
            path.set(ValueLayout.JAVA_BYTE, i, path.get(ValueLayout.JAVA_BYTE, j));
            path.set(ValueLayout.JAVA_BYTE, j, t);
        }
        return at;
    }

    /** From a cgroup file: the unified hierarchy's line ("0::/path"), or null. */
    String unifiedGroup() {
        String text = new String(buf.asSlice(0, length).toArray(ValueLayout.JAVA_BYTE), java.nio.charset.StandardCharsets.US_ASCII);
        for (String line : text.split("\n")) {
            if (line.startsWith("0::")) {
                return line;
            }
        }
        return null;
    }

    /** From a status file: "Tgid:" and "PPid:" packed as (tgid << 32 | ppid), or -1. */
    long tgidAndPpid() {
        long tgid = numberAfter(TGID);
        long ppid = numberAfter(PPID);
        return tgid < 0 || ppid < 0 ? -1 : tgid << 32 | ppid;
    }

    /** From a stat file: ppid (field 4) and starttime (field 22), counted after the last ')'. */
    boolean parseStat(long[] ppidAndStart) {
        int close = -1;
        for (int i = length - 1; i >= 0; i--) {
            if (buf.get(ValueLayout.JAVA_BYTE, i) == ')') {
                close = i;
                break;
            }
        }
        if (close < 0) {
            return false;
        }
        int field = 2;
        long ppid = -1;
        for (int i = close + 1; i < length; i++) {
            if (buf.get(ValueLayout.JAVA_BYTE, i) == ' ') {
                field++;
                if (field == 4) {
                    ppid = number(i + 1);
                } else if (field == 22) {
                    ppidAndStart[0] = ppid;
                    ppidAndStart[1] = number(i + 1);
                    return ppid >= 0 && ppidAndStart[1] >= 0;
                }
            }
        }
        return false;
    }

    private long numberAfter(byte[] key) {
        outer:
        for (int i = 0; i + key.length < length; i++) {
            for (int k = 0; k < key.length; k++) {
                if (buf.get(ValueLayout.JAVA_BYTE, i + k) != key[k]) {
                    continue outer;
                }
            }
            int j = i + key.length;
            while (j < length && (buf.get(ValueLayout.JAVA_BYTE, j) == '\t' || buf.get(ValueLayout.JAVA_BYTE, j) == ' ')) {
                j++;
            }
            return number(j);
        }
        return -1;
    }

    private long number(int at) {
        long v = 0;
        int digits = 0;
        for (int i = at; i < length; i++) {
            byte b = buf.get(ValueLayout.JAVA_BYTE, i);
            if (b < '0' || b > '9') {
                break;
            }
            v = v * 10 + (b - '0');
            digits++;
        }
        return digits == 0 ? -1 : v;
    }
}
