package io.spfsd.os;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Replaces this JVM with a program (execve(2)), so `spfsd run` leaves no JVM behind while its
 * command runs: the command keeps this process's PID — the runtime's root, registered just
 * before — and its exit status and signals are the caller's directly. A class of its own,
 * with three downcalls, because building Posix's many handles costs a command ~50 ms.
 */
public final class ExecInPlace {
    private static final Linker LINKER = Linker.nativeLinker();
    private static final Linker.Option ERRNO = Linker.Option.captureCallState("errno");
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT;
    private static final java.lang.foreign.AddressLayout ADDR = ValueLayout.ADDRESS;
    private static final boolean MAC = Platform.current().isMac();
    private static final int SIG_SETMASK = MAC ? 3 : 2;
    private static final int F_SETFD = 2, FD_CLOEXEC = 1;
    /** Large enough for any sigset_t (glibc 128 bytes, Darwin 4): all zero, the empty set. */
    private static final long SIGSET_BYTES = 128;

    private ExecInPlace() {
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
        throw new Failure(name + ": command not found", 127);
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
     * threads; a program must not inherit that) and marking every descriptor above stderr
     * close-on-exec (the JVM's own files must not leak into the program). Returns only by throwing.
     */
    public static void exec(Path program, List<String> argv, Map<String, String> env) throws Failure {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment file = arena.allocateFrom(program.toString());
            MemorySegment args = strings(arena, argv);
            MemorySegment envp = strings(arena, env.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .toList());
            closeOnExecAbove(2);
            MemorySegment empty = arena.allocate(SIGSET_BYTES);
            MemorySegment state = arena.allocate(Linker.Option.captureStateLayout());
            try {
                int unused = (int) handle("sigprocmask", FunctionDescriptor.of(INT, INT, ADDR, ADDR))
                        .invokeExact(SIG_SETMASK, empty, MemorySegment.NULL);
                int r = (int) handle("execve", FunctionDescriptor.of(INT, ADDR, ADDR, ADDR), ERRNO)
                        .invokeExact(state, file, args, envp);
            } catch (Throwable t) {
                throw new Failure(argv.getFirst() + ": " + t.getMessage(), 126);
            }
            int errno = state.get(INT, Linker.Option.captureStateLayout()
                    .byteOffset(MemoryLayout.PathElement.groupElement("errno")));
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
        MemorySegment array = arena.allocate(ADDR, values.size() + 1L);
        for (int i = 0; i < values.size(); i++) {
            array.setAtIndex(ADDR, i, arena.allocateFrom(values.get(i)));
        }
        array.setAtIndex(ADDR, values.size(), MemorySegment.NULL);
        return array;
    }

    /** fcntl(fd, F_SETFD, FD_CLOEXEC) on every open descriptor above lowest, as /dev/fd lists them (both systems have it). */
    private static void closeOnExecAbove(int lowest) {
        MethodHandle fcntl = handle("fcntl", FunctionDescriptor.of(INT, INT, INT, INT), Linker.Option.firstVariadicArg(2));
        Path fds = Path.of("/dev/fd");
        try (DirectoryStream<Path> list = Files.newDirectoryStream(fds)) {
            for (Path p : list) {
                int fd = Integer.parseInt(p.getFileName().toString());
                if (fd > lowest) {
                    int unused = (int) fcntl.invokeExact(fd, F_SETFD, FD_CLOEXEC);
                }
            }
        } catch (Throwable t) {
            // Best effort: a descriptor left open is a leak into the program, not a failure to run it.
        }
    }

    private static MethodHandle handle(String name, FunctionDescriptor fd, Linker.Option... options) {
        return LINKER.downcallHandle(LINKER.defaultLookup().find(name).orElseThrow(), fd, options);
    }
}
