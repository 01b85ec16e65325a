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
 * Notifications without busy polling: one thread blocked in poll(2) on every watched
 * descriptor plus an eventfd that wakes it when the set changes. Process exits are pidfds
 * (readable once the process has exited); a runtime's cgroup emptying is its cgroup.events
 * (POLLPRI when it changes, then read to see "populated 0"). Only that thread closes the
 * descriptors, so none is closed under poll.
 */
final class FdWatcher {
    private static final Logger LOG = LoggerFactory.getLogger(FdWatcher.class);
    private static final short POLLPRI = 2;
    private static final int ESRCH = 3;

    private final ProcessTable table;
    private final Map<Integer, Watch> watches = new ConcurrentHashMap<>();
    private int wakeFd = -1;

    FdWatcher(ProcessTable table) {
        this.table = table;
    }

    private final class Watch implements ProcessTable.ExitWatch {
        final int fd;
        final short events;
        /** Whether what was awaited has happened, asked when the descriptor signals; null: it has. */
        final java.util.function.BooleanSupplier happened;
        final Runnable onExit;
        volatile boolean cancelled;

        Watch(int fd, short events, java.util.function.BooleanSupplier happened, Runnable onExit) {
            this.fd = fd;
            this.events = events;
            this.happened = happened;
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
        return add(new Watch(fd, Posix.POLLIN, null, onExit));
    }

    /**
     * Calls onDone once, when fd signals (POLLPRI) and happened says so; takes fd over (closes it).
     * happened is asked once at once too, for what happened before the watch began.
     */
    synchronized ProcessTable.ExitWatch watchChanges(int fd, java.util.function.BooleanSupplier happened,
                                                      Runnable onDone) {
        if (happened.getAsBoolean()) {
            Posix.close(fd);
            onDone.run();
            return () -> { };
        }
        return add(new Watch(fd, POLLPRI, happened, onDone));
    }

    private ProcessTable.ExitWatch add(Watch w) {
        watches.put(w.fd, w);
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
        setPollFd(fds, 0, wakeFd, Posix.POLLIN);
        for (int i = 0; i < current.size(); i++) {
            setPollFd(fds, i + 1, current.get(i).fd, current.get(i).events);
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
                if (w.happened != null && !w.cancelled && !w.happened.getAsBoolean()) {
                    continue; // changed, but not to what is awaited
                }
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

    private static void setPollFd(MemorySegment fds, int i, int fd, short events) {
        long base = i * Posix.POLLFD.byteSize();
        fds.set(ValueLayout.JAVA_INT, base, fd);
        fds.set(ValueLayout.JAVA_SHORT, base + 4, events);
        fds.set(ValueLayout.JAVA_SHORT, base + 6, (short) 0);
    }

    private static short revents(MemorySegment fds, int i) {
        return fds.get(ValueLayout.JAVA_SHORT, i * Posix.POLLFD.byteSize() + 6);
    }
}
