package io.spfsd.cli;

import io.spfsd.config.PrivateDirectories;
import io.spfsd.control.ControlClient;
import io.spfsd.daemon.DaemonFiles;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Starts `spfsd serve` in the background, detached from the terminal, for `spfsd run`.
 * Concurrent starts for one socket are serialised by a lock beside it, so however many
 * `spfsd run` begin at once, one daemon starts and the others use it.
 */
final class DaemonLauncher {
    private static final long WAIT_NANOS = 20_000_000_000L;
    /**
     * JVM settings for a small, long-lived daemon: a bounded heap that is given back to the
     * system after bursts (the serial collector shrinks it to these free ratios).
     */
    static final List<String> DAEMON_JVM_OPTIONS = List.of("-XX:+UseSerialGC", "-Xms8m", "-Xmx512m",
            "-XX:MinHeapFreeRatio=10", "-XX:MaxHeapFreeRatio=30");

    private DaemonLauncher() {
    }

    /** Makes sure a daemon answers on socket, starting one if needed; returns its log, or null if one was already up. */
    static Path ensureRunning(Path socket, Path repo) throws IOException, InterruptedException {
        ControlClient client = new ControlClient(socket);
        Path dir = PrivateDirectories.create(socket.toAbsolutePath().getParent());
        try (FileChannel ch = FileChannel.open(dir.resolve(socket.getFileName() + ".start.lock"),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock ignored = ch.lock()) {
            if (client.isRunning()) {
                return null; // another client started it while this one waited
            }
            return start(client, repo);
        }
    }

    private static Path start(ControlClient client, Path repo) throws IOException, InterruptedException {
        Path socket = client.socket();
        Path log = DaemonFiles.log(socket);
        long before = Files.exists(log) ? Files.size(log) : 0;
        List<String> cmd = new ArrayList<>();
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add(java);
        cmd.add("--enable-native-access=ALL-UNNAMED");
        cmd.addAll(DAEMON_JVM_OPTIONS);
        fullAotCache(System.getProperty("java.class.path")).ifPresent(aot -> cmd.add("-XX:AOTCache=" + aot));
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName(), "serve",
                "--detach", "--socket", socket.toString(), "--log", log.toString()));
        if (repo != null) {
            cmd.addAll(List.of("--repo", repo.toString()));
        }
        // Started through sh, which exits at once: the daemon's parent becomes init (or the
        // subreaper), never the command `run` becomes, which could otherwise find an unexpected
        // child among its own (a shell's `wait`, a supervisor reaping every child).
        List<String> sh = new ArrayList<>(List.of("/bin/sh", "-c", "\"$@\" </dev/null >>\"$SPFSD_DAEMON_LOG\" 2>&1 &"
                + " echo $!", "sh"));
        sh.addAll(cmd);
        ProcessBuilder pb = new ProcessBuilder(sh).redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectErrorStream(true);
        pb.environment().put("SPFSD_DAEMON_LOG", log.toString());
        Process p = pb.start();
        String pidLine = new String(p.getInputStream().readAllBytes()).strip();
        p.waitFor();
        Optional<ProcessHandle> daemon;
        try {
            daemon = ProcessHandle.of(Long.parseLong(pidLine));
        } catch (NumberFormatException e) {
            throw new UserError("the daemon did not start: " + pidLine);
        }
        long deadline = System.nanoTime() + WAIT_NANOS;
        while (System.nanoTime() < deadline) {
            if (client.isRunning()) {
                return log;
            }
            if (daemon.map(h -> !h.isAlive()).orElse(true) && !client.isRunning()) {
                throw new UserError("the daemon did not start; its log (" + log + ") says:\n" + since(log, before));
            }
            Thread.sleep(20);
        }
        throw new UserError("the daemon did not answer within 20 s; see " + log);
    }

    /**
     * The AOT cache bin/spfsd keeps beside the jar for the daemon (and the other long
     * commands), if it is there and newer than the jar: a daemon started from `run` starts as
     * fast as one started with `spfsd serve`. classPath: this JVM's, one jar when installed.
     */
    static Optional<Path> fullAotCache(String classPath) {
        if (classPath == null || !classPath.endsWith(".jar") || classPath.contains(java.io.File.pathSeparator)) {
            return Optional.empty();
        }
        Path jar = Path.of(classPath).toAbsolutePath();
        String name = jar.getFileName().toString();
        Path aot = jar.resolveSibling(name.substring(0, name.length() - ".jar".length()) + "-full.aot");
        try {
            return Files.getLastModifiedTime(aot).compareTo(Files.getLastModifiedTime(jar)) > 0 ? Optional.of(aot)
                    : Optional.empty();
        } catch (IOException e) {
            return Optional.empty(); // none yet
        }
    }

    /** What this start wrote to the log: the lines after offset (the last 20 of them). */
    static String since(Path log, long offset) {
        try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "r")) {
            long from = offset <= f.length() ? offset : 0; // rotated meanwhile: the new file is all this start's
            byte[] b = new byte[(int) Math.min(f.length() - from, 1 << 20)];
            f.seek(from);
            f.readFully(b);
            List<String> lines = new String(b, StandardCharsets.UTF_8).lines().toList();
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(cannot read it: " + e.getMessage() + ")";
        }
    }
}
