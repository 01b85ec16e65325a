package io.spfsd.cli;

import io.spfsd.config.Locations;
import io.spfsd.control.ControlClient;
import io.spfsd.control.ControlServer;
import io.spfsd.control.Protocol;
import io.spfsd.os.ExecInPlace;
import io.spfsd.os.InheritedFds;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The training run of the AOT cache (JEP 483/514/515) the launcher builds beside the jar: runs
 * the commands people run most — against a throwaway repository and a stand-in daemon that
 * answers like a real one — so the classes, linkage and profiles of their paths are in the
 * cache and a command's start costs a fraction of a cold JVM's. Not a command: bin/spfsd runs
 * it once per build, with -XX:AOTCacheOutput.
 */
public final class AotTraining {
    private AotTraining() {
    }

    /** args: "client" (status and run: bin/spfsd's aot_kind), "import" (commit alone) or "full" (all of them). */
    public static void main(String[] args) throws IOException {
        String kind = args.length == 0 ? "full" : args[0];
        Path dir = Files.createTempDirectory("spfsd-aot-training");
        try {
            if (kind.equals("import")) {
                trainImport(dir);
            } else {
                train(dir, kind.equals("full"));
            }
        } finally {
            try (Stream<Path> all = Files.walk(dir)) {
                all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** commit of a small tree into a fresh repository, three times (the re-commit's path too). */
    private static void trainImport(Path dir) throws IOException {
        sourceTree(dir);
        Locations locations = Locations.forThisSystem(Map.of(Locations.REPO_ENV, dir.resolve("repo").toString()),
                dir.toString(), false);
        for (int round = 0; round < 3; round++) {
            expect(0, locations, "commit", "-q", dir.resolve("src").toString(), "-t", "train");
        }
        Locations.system();
    }

    /** 300 files in 10 directories and a script: enough for commit's per-file paths to be profiled. */
    private static void sourceTree(Path dir) throws IOException {
        Path src = Files.createDirectories(dir.resolve("src/bin"));
        Files.writeString(src.resolve("tool"), "#!/bin/sh\necho trained\n");
        for (int i = 0; i < 300; i++) {
            Files.writeString(Files.createDirectories(dir.resolve("src/share/" + i % 10)).resolve("f" + i), "file " + i);
        }
    }

    private static void train(Path dir, boolean full) throws IOException {
        if (full) {
            sourceTree(dir);
        }
        Path socket = dir.resolve("spfsd.sock");
        Locations locations = Locations.forThisSystem(Map.of(Locations.REPO_ENV, dir.resolve("repo").toString(),
                Locations.SOCKET_ENV, socket.toString(), Locations.MOUNTPOINT_ENV, dir.resolve("mnt").toString()),
                dir.toString(), false);
        for (int round = 0; round < 3; round++) {
            new Main.Version().getVersion(); // what main() prints for --version, without picocli
            expect(1, locations, "status"); // no daemon yet: the error path
            if (full) {
                run(locations, "--help");
                run(locations, "commit", dir.resolve("src").toString(), "-t", "train");
                run(locations, "ls", "train");
                run(locations, "info", "train");
                run(locations, "tags");
                run(locations, "tags", "--json");
                String remote = "file://" + dir.resolve("remote" + round);
                run(locations, "push", "-q", "train", "--remote", remote);
                run(Locations.forThisSystem(Map.of(Locations.REPO_ENV, dir.resolve("pulled" + round).toString(),
                        Locations.SOCKET_ENV, socket.toString()), dir.toString(), false), "pull", "-q", "train",
                        "--remote", remote);
                // spfs repositories both ways: what a daemon does with its first runtime of an spfs tag
                String spfs = "spfs:" + dir.resolve("spfs" + round);
                run(locations, "push", "-q", "train", "--remote", spfs);
                run(Locations.forThisSystem(Map.of(Locations.REPO_ENV, dir.resolve("from-spfs" + round).toString(),
                        Locations.SOCKET_ENV, socket.toString()), dir.toString(), false), "pull", "-q", "train",
                        "--remote", spfs);
            }
        }
        String canned = CANNED_ANSWER.formatted(dir.resolve("mnt"), dir.resolve("repo"));
        try (AutoCloseable daemon = full ? ControlServer.start(socket, (request, peer, progress) -> answer(request, dir))
                : new CannedDaemon(socket, canned)) {
            for (int round = 0; round < 5; round++) {
                expect(0, locations, "status");
                expect(0, locations, "status", "--json");
                expect(1, locations, "run", "train", "--", "true"); // all but the exec: this JVM may not exec
                new ControlClient(socket).send(Protocol.Request.mount(1, List.of("train")));
                if (full) {
                    run(locations, "runtime", "list");
                    run(locations, "runtime", "list", "--json");
                }
            }
        } catch (Exception e) {
            throw new IOException("training against the stand-in daemon failed: " + e.getMessage(), e);
        }
        // What main and run do outside Main.run: read the settings, record the caller's
        // descriptors, build the command's environment, link exec's calls.
        Locations.system();
        InheritedFds.record();
        Protocol.Response answered = io.spfsd.control.ClientJson.readResponse(canned);
        RunCommand.environment(answered.status(), answered.mount());
        ExecInPlace.link();
    }

    /** Runs a command whose exit status is known: a training that drifted from the commands fails, and no cache is made. */
    private static void expect(int code, Locations locations, String... args) throws IOException {
        StringWriter err = new StringWriter();
        int got = Main.run(args, new PrintWriter(Writer.nullWriter()), new PrintWriter(err), locations);
        if (got != code) {
            throw new IOException(String.join(" ", args) + " exited " + got + ", not " + code + ": " + err);
        }
    }

    /**
     * What the client cache's stand-in answers to every request: a daemon's line with one
     * runtime (mount point and repository filled in). ControlServer would bind requests with
     * Jackson databind, and its ~400 classes would enter a cache whose commands never use them.
     */
    private static final String CANNED_ANSWER = """
            {"ok":true,"mount":{"name":"rt-1-train","root_pid":1,"roots":[1],"refs":["train"],\
            "layers":["2RVOAV5VHJTPLFTSKIJQMKNMLRF7PMTDE5HUXVZX6QBOMXI4HR3A"],"created_at":"2026-01-01T00:00:00Z",\
            "entries":2,"open_handles":0,"editable":false,"kept":false},\
            "status":{"version":"train","uptime_seconds":1,"daemon_pid":1,"mountpoint":"%s","repository":"%s",\
            "active_mounts":1,"mounts":[{"name":"rt-1-train","root_pid":1,"roots":[1],"refs":["train"],"layers":[],\
            "created_at":"2026-01-01T00:00:00Z","entries":2,"open_handles":0,"editable":false,"kept":false}],\
            "nodes":1,"open_handles":0,"metrics":{"lookup_count":2,"cache_hit_rate":0.5,\
            "ops":{"lookup":{"count":1,"mean_us":1.5,"max_us":2.5}}},"remote":null,"remotes":[]}}""";

    /** A Unix socket that reads each request line and answers with the same line. */
    private static final class CannedDaemon implements AutoCloseable {
        private final ServerSocketChannel server;

        CannedDaemon(Path socket, String answer) throws IOException {
            server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            server.bind(UnixDomainSocketAddress.of(socket));
            byte[] line = (answer + "\n").getBytes(StandardCharsets.UTF_8);
            Thread.ofPlatform().daemon(true).name("canned-daemon").start(() -> serve(line));
        }

        private void serve(byte[] line) {
            ByteBuffer in = ByteBuffer.allocate(1 << 16);
            while (server.isOpen()) {
                try (SocketChannel client = server.accept()) {
                    in.clear();
                    while (client.read(in) > 0 && in.get(in.position() - 1) != '\n') {
                        // the request, up to its newline
                    }
                    client.write(ByteBuffer.wrap(line));
                } catch (IOException e) {
                    return; // closed
                }
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }

    private static void run(Locations locations, String... args) {
        PrintWriter nowhere = new PrintWriter(Writer.nullWriter());
        Main.run(args, nowhere, nowhere, locations);
    }

    /** What a daemon with one runtime answers. */
    private static Protocol.Response answer(Protocol.Request request, Path dir) {
        Protocol.MountInfo runtime = new Protocol.MountInfo("rt-1-train", 1, List.of(1), List.of("train"),
                List.of("2RVOAV5VHJTPLFTSKIJQMKNMLRF7PMTDE5HUXVZX6QBOMXI4HR3A"), "2026-01-01T00:00:00.000Z", 2, 0,
                false, null, null, false);
        Map<String, Object> metrics = Map.of("lookup_count", 2, "cache_hit_rate", 0.5,
                "ops", Map.of("lookup", Map.of("count", 1, "mean_us", 1.5, "max_us", 2.5)));
        Protocol.Status status = new Protocol.Status("train", 1, 1, dir.resolve("mnt").toString(),
                dir.resolve("repo").toString(), 1, List.of(runtime), 1, 0, metrics);
        return new Protocol.Response(true, null, runtime, null, status);
    }
}
