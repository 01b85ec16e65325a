package io.spfsd.os;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Replaces this JVM with a program (execve(2)), so `spfsd run` leaves no JVM behind while its
 * command runs: the command keeps this process's PID — the runtime's root, registered just
 * before — and its exit status and signals are the caller's directly. A class of its own,
 * with few downcalls, because building Posix's many handles costs a command ~50 ms; and
 * nothing of FFM is touched before {@link #linkAhead}, so the caller's thread never pays for it.
 */
public final class ExecInPlace {
    private static final int SIG_SETMASK = Platform.current().isMac() ? 3 : 2;
    private static final int F_SETFD = 2, FD_CLOEXEC = 1;
    /** Large enough for any sigset_t (glibc 128 bytes, Darwin 4): all zero, the empty set. */
    private static final long SIGSET_BYTES = 128;

    private ExecInPlace() {
    }

    /** The downcalls, linked when this class is first touched; {@link #linkAhead} moves that off the critical path. */
    private static final class Calls {
        static final Linker LINKER = Linker.nativeLinker();
        static final Linker.Option ERRNO = Linker.Option.captureCallState("errno");
        /**
         * Every downcall here has one shape, (long, long, long) -> int with errno captured:
         * pointers travel as addresses and ints as longs (the same registers on every 64-bit
         * ABI spfsd runs on), so the Linker builds one call stub and reuses it. Each new shape
         * costs a fresh JVM ~10 ms to link (classes and method handles made at run time, which
         * the AOT cache does not keep); three shapes were 45 ms of `run`.
         */
        static final FunctionDescriptor SHAPE = FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG,
                ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG);
        static final MethodHandle SIGPROCMASK = handle("sigprocmask");
        static final MethodHandle EXECVE = handle("execve");
        /** Linux 5.11 and glibc 2.34: marks a range of descriptors close-on-exec in one call. */
        static final MethodHandle CLOSE_RANGE = LINKER.defaultLookup().find("close_range")
                .map(a -> LINKER.downcallHandle(a, SHAPE, ERRNO)).orElse(null);
        static final long ERRNO_OFFSET = Linker.Option.captureStateLayout()
                .byteOffset(MemoryLayout.PathElement.groupElement("errno"));

        private static MethodHandle handle(String name) {
            return LINKER.downcallHandle(LINKER.defaultLookup().find(name).orElseThrow(), SHAPE, ERRNO);
        }
    }

    /** fcntl is variadic, a shape of its own (macOS arm64 passes variadic arguments on the stack): only where close_range is missing. */
    private static final class Fcntl {
        static final MethodHandle FCNTL = Calls.LINKER.downcallHandle(Calls.LINKER.defaultLookup().find("fcntl")
                .orElseThrow(), FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT,
                ValueLayout.JAVA_INT), Linker.Option.firstVariadicArg(2));
    }

    private static volatile boolean linking;

    /**
     * Links exec's downcalls on a thread of their own, while the caller does its other work
     * (asking the daemon for a runtime): exec then finds them ready, or waits for the rest.
     */
    public static void linkAhead() {
        if (!linking) {
            linking = true;
            Thread.ofPlatform().daemon(true).name("exec-link").start(() -> {
                try {
                    link();
                } catch (Throwable t) {
                    // exec links again, and reports what fails then
                }
            });
        }
    }

    /**
     * Links the downcalls now, and runs once what exec runs later, so that everything made at
     * run time on that path (the call site's invoker, the segments' var handles) is made here:
     * a no-op sigprocmask (a null set changes nothing) and a one-string argv.
     */
    public static void link() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(Linker.Option.captureStateLayout());
            strings(arena, List.of("spfsd"));
            int unused = (int) Calls.SIGPROCMASK.invokeExact(state, (long) SIG_SETMASK, 0L, 0L);
        } catch (Throwable t) {
            throw new IllegalStateException("cannot link exec's calls: " + t, t);
        }
    }

    /** Why a program could not be run, with the shell's exit status for it (127 not found, 126 not runnable). */
    public static final class Failure extends IOException {
        private final int exitStatus;

        Failure(String message, int exitStatus) {
            super(message);
            this.exitStatus = exitStatus;
        }

        public int exitStatus() {
            return exitStatus;
        }
    }

    /**
     * The file a command name runs, found the way a shell finds it: a name with a slash as it is,
     * else the first executable regular file of that name in path's directories.
     */
    public static Path resolve(String name, String path) throws Failure {
        if (name.isEmpty()) {
            throw new Failure(": command not found", 127);
        }
        if (name.contains("/")) {
            return runnable(Path.of(name), name);
        }
        Path denied = null;
        for (String dir : (path == null ? "/usr/local/bin:/usr/bin:/bin" : path).split(":", -1)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir).resolve(name);
            if (Files.isRegularFile(candidate)) {
                if (Files.isExecutable(candidate)) {
                    return candidate;
                }
                denied = denied == null ? candidate : denied;
            }
        }
        if (denied != null) {
            throw new Failure(name + ": Permission denied", 126);
        }
        throw new Failure(name + ": command not found (searched PATH: " + (path == null ? "/usr/local/bin:/usr/bin:/bin"
                : path) + ")", 127);
    }

    private static Path runnable(Path file, String name) throws Failure {
        if (!Files.exists(file)) {
            throw new Failure(name + ": No such file or directory", 127);
        }
        if (Files.isDirectory(file)) {
            throw new Failure(name + ": Is a directory", 126);
        }
        if (!Files.isExecutable(file)) {
            throw new Failure(name + ": Permission denied", 126);
        }
        return file;
    }

    /**
     * execve(program, argv, env) after unblocking every signal (the JVM blocks some in its
     * threads; a program must not inherit that) and marking every descriptor above stderr that
     * the caller did not hand down close-on-exec (the JVM's own files must not leak into the
     * program; a shell's redirections, a `<(...)` and make's jobserver must reach it:
     * {@link InheritedFds}). Returns only by throwing.
     */
    public static void exec(Path program, List<String> argv, Map<String, String> env) throws Failure {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment file = arena.allocateFrom(program.toString());
            MemorySegment args = strings(arena, argv);
            List<String> assignments = new java.util.ArrayList<>(env.size());
            for (Map.Entry<String, String> e : env.entrySet()) {
                assignments.add(new StringBuilder(e.getKey()).append('=').append(e.getValue()).toString());
            }
            MemorySegment envp = strings(arena, assignments);
            MemorySegment empty = arena.allocate(SIGSET_BYTES);
            MemorySegment state = arena.allocate(Linker.Option.captureStateLayout());
            try {
                closeOnExec(InheritedFds.recorded(), state);
                int unused = (int) Calls.SIGPROCMASK.invokeExact(state, (long) SIG_SETMASK, empty.address(), 0L);
                int r = (int) Calls.EXECVE.invokeExact(state, file.address(), args.address(), envp.address());
            } catch (Throwable t) {
                throw new Failure(argv.getFirst() + ": " + t.getMessage(), 126);
            }
            int errno = state.get(ValueLayout.JAVA_INT, Calls.ERRNO_OFFSET);
            throw new Failure(argv.getFirst() + ": " + describe(errno), errno == Posix.ENOENT ? 127 : 126);
        }
    }

    private static String describe(int errno) {
        return switch (errno) {
            case Posix.ENOENT -> "No such file or directory";
            case 8 -> "Exec format error";
            case 13 -> "Permission denied";
            case 7 -> "Argument list too long";
            default -> "cannot execute (errno " + errno + ")";
        };
    }

    private static MemorySegment strings(Arena arena, List<String> values) {
        MemorySegment array = arena.allocate(ValueLayout.ADDRESS, values.size() + 1L);
        for (int i = 0; i < values.size(); i++) {
            array.setAtIndex(ValueLayout.ADDRESS, i, arena.allocateFrom(values.get(i)));
        }
        array.setAtIndex(ValueLayout.ADDRESS, values.size(), MemorySegment.NULL);
        return array;
    }

    private static final long CLOSE_RANGE_CLOEXEC = 1 << 2;
    private static final long LAST_FD = 0xFFFF_FFFFL;

    /**
     * Marks close-on-exec every descriptor above stderr but the kept ones (sorted): with
     * close_range, one call per gap between them; else fcntl on each descriptor /dev/fd lists.
     * Best effort: a descriptor left open is a leak into the program, not a failure to run it.
     */
    private static void closeOnExec(int[] kept, MemorySegment state) throws Throwable {
        if (Calls.CLOSE_RANGE != null) {
            long from = 3;
            for (int fd : kept) {
                if (fd > from) {
                    int unused = (int) Calls.CLOSE_RANGE.invokeExact(state, from, fd - 1L, CLOSE_RANGE_CLOEXEC);
                }
                from = Math.max(from, fd + 1L);
            }
            int r = (int) Calls.CLOSE_RANGE.invokeExact(state, from, LAST_FD, CLOSE_RANGE_CLOEXEC);
            if (r == 0) {
                return;
            }
            // an older kernel (no CLOSE_RANGE_CLOEXEC): one descriptor at a time
        }
        try {
            for (int fd : InheritedFds.openAboveStderr()) {
                if (java.util.Arrays.binarySearch(kept, fd) < 0) {
                    int unused = (int) Fcntl.FCNTL.invokeExact(fd, F_SETFD, FD_CLOEXEC);
                }
            }
        } catch (IOException | RuntimeException e) {
            // best effort, as above
        }
    }

}
