package io.spfsd.fuse.linux;

import io.spfsd.bindings.fuse3.fuse3_h;
import io.spfsd.bindings.fuse3.fuse_args;
import io.spfsd.bindings.fuse3.fuse_lowlevel_ops;
import io.spfsd.fs.api.Filesystem;
import io.spfsd.fuse.FuseMount;
import io.spfsd.fuse.OpObserver;
import io.spfsd.os.Os;
import io.spfsd.os.Platform;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One libfuse low-level session serving a {@link Filesystem}: created, mounted at a
 * directory, served by libfuse's multi-threaded loop on a thread of its own, and stopped by
 * unmounting (which ends the loop's blocking reads) before the session is destroyed.
 */
public final class FuseSession implements FuseMount {
    private static final Logger LOG = LoggerFactory.getLogger(FuseSession.class);

    private final Arena arena;
    private final Path mountpoint;
    private final MemorySegment session;
    private final CountDownLatch loopDone = new CountDownLatch(1);
    private volatile int loopResult;
    private Thread loopThread;
    private boolean mounted;
    private boolean closed;

    /** libfuse's argv for the options on this platform. */
    static List<String> argv(Options options) {
        return argv(options, Platform.current());
    }

    /**
     * libfuse's argv on a platform. Linux: see mount.fuse3(8). macOS (macFUSE, options from
     * ../shared/platform/macos-facts.md 1.8): subtype is ignored there, so none; volname names
     * the volume (macFUSE's mount crashes without one under FSKit); noappledouble and
     * noapplexattr keep Finder's ._* files, .DS_Store and com.apple.* attributes out of
     * runtimes; nobrowse keeps the shared mount out of Finder's sidebar. No backend option: the
     * kernel extension serves it, since FSKit passes no caller PID and nothing could be routed.
     */
    static List<String> argv(Options options, Platform platform) {
        List<String> o = new ArrayList<>(List.of("fsname=" + options.fsName()));
        if (platform.isMac()) {
            o.addAll(List.of("volname=spfsd", "default_permissions", "noappledouble", "noapplexattr", "nobrowse"));
        } else {
            o.addAll(List.of("subtype=spfsd", "default_permissions"));
        }
        if (options.allowOther()) {
            o.add("allow_other");
        }
        return List.of("spfsd", "-o", String.join(",", o));
    }

    private FuseSession(Path mountpoint, MemorySegment session, Arena arena) {
        this.mountpoint = mountpoint;
        this.session = session;
        this.arena = arena;
    }

    /** Creates the session and mounts it; the loop starts with {@link #start(int)}. */
    public static FuseSession mount(Path mountpoint, Filesystem fs, OpObserver observer, Options options)
            throws IOException {
        Libfuse.loadProblem().ifPresent(p -> {
            throw new IllegalStateException(p);
        });
        // Shared: the upcall stubs and argv must outlive this call and be reachable from libfuse's threads.
        Arena arena = Arena.ofShared();
        MemorySegment args = fuseArgs(argv(options), arena);
        ReadBridge reads = new ReadBridge(fs, options.splice());
        MemorySegment ops = Upcalls.build(reads, new WriteBridge(fs), observer, arena);
        NativeWarmStart.linkRequestPath();
        MemorySegment se = Libfuse.newSession(args, ops, fuse_lowlevel_ops.sizeof(), arena);
        if (se.equals(MemorySegment.NULL)) {
            arena.close();
            throw new IOException("libfuse refused the session options " + argv(options));
        }
        reads.session(se); // for cache invalidation, handed to the filesystem at init
        FuseSession s = new FuseSession(mountpoint, se, arena);
        int rc = fuse3_h.fuse_session_mount(se, arena.allocateFrom(mountpoint.toString()));
        if (rc != 0) {
            fuse3_h.fuse_session_destroy(se);
            arena.close();
            throw new IOException("cannot mount FUSE at " + mountpoint
                    + " (is /dev/fuse available, and the directory empty and not mounted?)");
        }
        s.mounted = true;
        return s;
    }

    private static MemorySegment fuseArgs(List<String> argv, Arena arena) {
        MemorySegment array = arena.allocate(ValueLayout.ADDRESS, argv.size() + 1);
        for (int i = 0; i < argv.size(); i++) {
            array.setAtIndex(ValueLayout.ADDRESS, i, arena.allocateFrom(argv.get(i)));
        }
        MemorySegment a = fuse_args.allocate(arena);
        fuse_args.argc(a, argv.size());
        fuse_args.argv(a, array);
        fuse_args.allocated(a, 0);
        return a;
    }

    /** Runs libfuse's multi-threaded loop on a daemon thread. */
    @Override
    public void start(int maxThreads) {
        loopThread = Thread.ofPlatform().name("fuse-loop").daemon(true).start(() -> {
            MemorySegment cfg = fuse3_h.fuse_loop_cfg_create();
            try {
                fuse3_h.fuse_loop_cfg_set_max_threads(cfg, maxThreads);
                fuse3_h.fuse_loop_cfg_set_clone_fd(cfg, 0);
                loopResult = Libfuse.loopMt(session, cfg);
            } finally {
                fuse3_h.fuse_loop_cfg_destroy(cfg);
                loopDone.countDown();
            }
        });
    }

    public Path mountpoint() {
        return mountpoint;
    }

    @Override
    public int awaitLoop() throws InterruptedException {
        loopDone.await();
        return loopResult;
    }

    /** Unmounts, waits for the loop to end and frees the session. Safe to call twice. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        fuse3_h.fuse_session_exit(session);
        boolean mac = Platform.current().isMac();
        if (mounted) {
            if (mac) {
                // No lazy detach on macOS: libfuse unmounts through DiskArbitration (asynchronously),
                // which ends the loop's reads.
                fuse3_h.fuse_session_unmount(session);
            } else {
                Os.current().mounts().detach(mountpoint); // a lazy detach ends the loop's reads at once
            }
        }
        try {
            if (loopThread != null && !loopDone.await(10, TimeUnit.SECONDS)) {
                LOG.warn("FUSE loop did not stop within 10 s after unmounting {}", mountpoint);
                return; // leave the session allocated rather than free it under running threads
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (!mac) {
            fuse3_h.fuse_session_unmount(session);
        }
        fuse3_h.fuse_session_destroy(session);
        arena.close();
    }
}
