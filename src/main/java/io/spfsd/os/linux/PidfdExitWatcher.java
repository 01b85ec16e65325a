package io.spfsd.os.linux;

import io.spfsd.os.Posix;
import io.spfsd.os.ProcessInfo;
import io.spfsd.os.ProcessTable;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exit notifications without polling: one pidfd per watched process (readable once it has
 * exited) and one thread blocked in poll(2) on all of them plus an eventfd that wakes it
 * when the set changes. Only that thread closes pidfds, so none is closed under poll.
 */
final class PidfdExitWatcher {
    private static final Logger LOG = LoggerFactory.getLogger(PidfdExitWatcher.class);
    private static final int ESRCH = 3;

    private final ProcessTable table;
    private final Map<Integer, Watch> watches = new ConcurrentHashMap<>();
    private int wakeFd = -1;

    PidfdExitWatcher(ProcessTable table) {
        this.table = table;
    }

    private final class Watch implements ProcessTable.ExitWatch {
        final int fd;
        final Runnable onExit;
        volatile boolean cancelled;

        Watch(int fd, Runnable onExit) {
            this.fd = fd;
            this.onExit = onExit;
        }

        @Override
        public void close() {
            cancelled = true;
            wake();
        }
    }

    synchronized ProcessTable.ExitWatch watch(ProcessInfo process, Runnable onExit) {
        int fd = LinuxCalls.pidfdOpen(process.pid());
        if (fd < 0) {
            int errno = Posix.errno();
            if (errno == ESRCH) {
                onExit.run();
                return () -> { };
            }
            throw new IllegalStateException("pidfd_open(" + process.pid() + ") failed: errno " + errno);
        }
        // The PID may have been reused between the caller's look-up and pidfd_open.
        if (table.info(process.pid()).map(p -> p.startTime() != process.startTime()).orElse(true)) {
            Posix.close(fd);
            onExit.run();
            return () -> { };
        }
        Watch w = new Watch(fd, onExit);
        watches.put(fd, w);
        startIfNeeded();
        wake();
        return w;
    }

    private void startIfNeeded() {
        if (wakeFd >= 0) {
            return;
        }
        wakeFd = LinuxCalls.eventfd(0, 0);
        if (wakeFd < 0) {
            throw new IllegalStateException("eventfd failed: errno " + Posix.errno());
        }
        Thread.ofPlatform().name("exit-watcher").daemon(true).start(this::run);
    }

    private void wake() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment one = a.allocate(ValueLayout.JAVA_LONG);
            one.set(ValueLayout.JAVA_LONG, 0, 1L);
            Posix.write(wakeFd, one, 8);
        }
    }

    private void run() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment counter = arena.allocate(ValueLayout.JAVA_LONG);
            while (true) {
                List<Watch> current = new ArrayList<>();
                for (Watch w : watches.values()) {
                    if (w.cancelled) {
                        watches.remove(w.fd);
                        Posix.close(w.fd);
                    } else {
                        current.add(w);
                    }
                }
                try (Arena round = Arena.ofConfined()) {
                    pollOnce(round, current, counter);
                }
            }
        }
    }

    private void pollOnce(Arena round, List<Watch> current, MemorySegment counter) {
        MemorySegment fds = round.allocate(Posix.POLLFD, current.size() + 1);
        setPollFd(fds, 0, wakeFd);
        for (int i = 0; i < current.size(); i++) {
            setPollFd(fds, i + 1, current.get(i).fd);
        }
        if (Posix.poll(fds, current.size() + 1, -1) < 0) {
            return; // EINTR: look again
        }
        if (revents(fds, 0) != 0) {
            Posix.read(wakeFd, counter, 8);
        }
        for (int i = 0; i < current.size(); i++) {
            if (revents(fds, i + 1) != 0) {
                Watch w = current.get(i);
                watches.remove(w.fd);
                Posix.close(w.fd);
                if (!w.cancelled) {
                    notifyExit(w);
                }
            }
        }
    }

    private static void notifyExit(Watch w) {
        try {
            w.onExit.run();
        } catch (Throwable t) {
            LOG.error("exit callback failed", t);
        }
    }

    private static void setPollFd(MemorySegment fds, int i, int fd) {
        long base = i * Posix.POLLFD.byteSize();
        fds.set(ValueLayout.JAVA_INT, base, fd);
        fds.set(ValueLayout.JAVA_SHORT, base + 4, Posix.POLLIN);
        fds.set(ValueLayout.JAVA_SHORT, base + 6, (short) 0);
    }

    private static short revents(MemorySegment fds, int i) {
        return fds.get(ValueLayout.JAVA_SHORT, i * Posix.POLLFD.byteSize() + 6);
    }
}
