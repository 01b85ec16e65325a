package io.spfsd.os.macos;

import io.spfsd.os.NativeStruct;
import io.spfsd.os.ProcessInfo;
import io.spfsd.os.ProcessTable;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Process exits on macOS without polling (../shared/platform/macos-facts.md 2.5): one kqueue
 * with an EVFILT_PROC/NOTE_EXIT knote per watched PID (any user's process; no permission is
 * needed for NOTE_EXIT alone), and one thread blocked in kevent(2) for them. Knotes are added
 * and deleted from the callers' threads, which kqueue allows while another thread waits.
 * A kqueue holds one knote per PID, so the watches of one PID share it.
 */
final class KqueueExitWatcher {
    private static final Logger LOG = LoggerFactory.getLogger(KqueueExitWatcher.class);
    private static final NativeStruct KEVENT = DarwinLayouts.KEVENT;
    private static final int BATCH = 32;

    private final DarwinCalls calls;
    private final ProcessTable table;
    private final Map<Integer, List<Watch>> byPid = new HashMap<>();
    private int kq = -1;

    KqueueExitWatcher(DarwinCalls calls, ProcessTable table) {
        this.calls = calls;
        this.table = table;
    }

    private final class Watch implements ProcessTable.ExitWatch {
        final int pid;
        final Runnable onExit;

        Watch(int pid, Runnable onExit) {
            this.pid = pid;
            this.onExit = onExit;
        }

        @Override
        public void close() {
            cancel(this);
        }
    }

    synchronized ProcessTable.ExitWatch watch(ProcessInfo process, Runnable onExit) {
        startIfNeeded();
        int pid = process.pid();
        List<Watch> watches = byPid.get(pid);
        if (watches == null) {
            int error = change(pid, DarwinCalls.EV_ADD);
            if (error == DarwinCalls.ESRCH) {
                onExit.run(); // exited (or a zombie) already
                return () -> { };
            }
            if (error != 0) {
                throw new IllegalStateException("kevent(EVFILT_PROC, " + pid + ") failed: errno " + error);
            }
            watches = new ArrayList<>();
            byPid.put(pid, watches);
        }
        // The PID may have been reused between the caller's look-up and the knote.
        if (table.info(pid).map(p -> p.startTime() != process.startTime()).orElse(true)) {
            if (watches.isEmpty()) {
                byPid.remove(pid);
                change(pid, DarwinCalls.EV_DELETE);
            }
            onExit.run();
            return () -> { };
        }
        Watch w = new Watch(pid, onExit);
        watches.add(w);
        return w;
    }

    private synchronized void cancel(Watch w) {
        List<Watch> watches = byPid.get(w.pid);
        if (watches != null && watches.remove(w) && watches.isEmpty()) {
            byPid.remove(w.pid);
            change(w.pid, DarwinCalls.EV_DELETE); // may have fired meanwhile: ENOENT is fine
        }
    }

    /** One EVFILT_PROC change for pid, with a receipt: 0, or the errno it failed with. */
    private int change(int pid, short flags) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment change = a.allocate(KEVENT.size(), 8);
            KEVENT.field("ident").put(change, pid);
            KEVENT.field("filter").put(change, DarwinCalls.EVFILT_PROC);
            KEVENT.field("flags").put(change, flags | DarwinCalls.EV_RECEIPT);
            KEVENT.field("fflags").put(change, DarwinCalls.NOTE_EXIT);
            MemorySegment receipt = a.allocate(KEVENT.size(), 8);
            int n = calls.kevent(kq, change, 1, receipt, 1);
            if (n < 0) {
                return calls.errno();
            }
            boolean error = n == 1 && (KEVENT.field("flags").get(receipt) & DarwinCalls.EV_ERROR) != 0;
            return error ? (int) KEVENT.field("data").get(receipt) : 0;
        }
    }

    private void startIfNeeded() {
        if (kq >= 0) {
            return;
        }
        kq = calls.kqueue();
        if (kq < 0) {
            throw new IllegalStateException("kqueue failed: errno " + calls.errno());
        }
        Thread.ofPlatform().name("exit-watcher").daemon(true).start(this::run);
    }

    private void run() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment events = arena.allocate(KEVENT.size() * BATCH, 8);
            while (true) {
                int n = calls.kevent(kq, MemorySegment.NULL, 0, events, BATCH);
                if (n < 0) {
                    continue; // EINTR: wait again
                }
                for (int i = 0; i < n; i++) {
                    MemorySegment e = events.asSlice(i * KEVENT.size(), KEVENT.size());
                    short filter = (short) KEVENT.field("filter").get(e);
                    long fflags = KEVENT.field("fflags").get(e);
                    if (filter == DarwinCalls.EVFILT_PROC && (fflags & Integer.toUnsignedLong(DarwinCalls.NOTE_EXIT)) != 0) {
                        exited((int) KEVENT.field("ident").get(e));
                    }
                }
            }
        }
    }

    private void exited(int pid) {
        List<Watch> watches;
        synchronized (this) {
            watches = byPid.remove(pid); // the kernel removed the knote (EV_ONESHOT on exit)
        }
        if (watches == null) {
            return;
        }
        for (Watch w : watches) {
            try {
                w.onExit.run();
            } catch (RuntimeException e) {
                LOG.error("exit callback for PID {} failed", pid, e);
            }
        }
    }
}
