package io.spfsd.cli;

import io.spfsd.config.Locations;
import io.spfsd.control.ControlClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Starts `spfsd serve` in the background, detached from the terminal, for `spfsd run`. */
final class DaemonLauncher {
    private static final long WAIT_NANOS = 20_000_000_000L;

    private DaemonLauncher() {
    }

    /** Starts a daemon on socket and waits until it answers; returns its log file. */
    static Path start(Locations locations, Path socket, Path repo) throws IOException, InterruptedException {
        Path log = locations.stateDir().resolve("spfsd.log");
        Files.createDirectories(log.getParent());
        List<String> cmd = new ArrayList<>();
        if (Files.isExecutable(Path.of("/usr/bin/setsid"))) {
            cmd.add("/usr/bin/setsid"); // its own session: a Ctrl-C in this terminal must not stop it
        }
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(List.of(java, "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "serve", "--socket", socket.toString()));
        if (repo != null) {
            cmd.addAll(List.of("--repo", repo.toString()));
        }
        Process p = new ProcessBuilder(cmd)
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectErrorStream(true)
                .start();
        ControlClient client = new ControlClient(socket);
        long deadline = System.nanoTime() + WAIT_NANOS;
        while (System.nanoTime() < deadline) {
            if (client.isRunning()) {
                return log;
            }
            if (!p.isAlive() && !client.isRunning()) {
                throw new UserError("the daemon did not start; see " + log + ":\n" + tail(log));
            }
            Thread.sleep(50);
        }
        throw new UserError("the daemon did not answer within 20 s; see " + log);
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
        } catch (IOException e) {
            return "";
        }
    }
}
