package io.spfsd.cli;

import io.spfsd.config.Locations;
import io.spfsd.control.ControlServer;
import io.spfsd.control.Protocol;
import java.io.IOException;
import java.io.PrintWriter;
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

    public static void main(String[] args) throws IOException {
        Path dir = Files.createTempDirectory("spfsd-aot-training");
        try {
            train(dir);
        } finally {
            try (Stream<Path> all = Files.walk(dir)) {
                all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void train(Path dir) throws IOException {
        Path src = Files.createDirectories(dir.resolve("src/bin"));
        Files.writeString(src.resolve("tool"), "#!/bin/sh\necho trained\n");
        for (int i = 0; i < 300; i++) { // enough files for commit's and pull's per-file paths to be profiled
            Files.writeString(Files.createDirectories(dir.resolve("src/share/" + i % 10)).resolve("f" + i), "file " + i);
        }
        Path socket = dir.resolve("spfsd.sock");
        Locations locations = Locations.forThisSystem(Map.of(Locations.REPO_ENV, dir.resolve("repo").toString(),
                Locations.SOCKET_ENV, socket.toString(), Locations.MOUNTPOINT_ENV, dir.resolve("mnt").toString()),
                dir.toString(), false);
        for (int round = 0; round < 3; round++) {
            run(locations, "--version");
            run(locations, "--help");
            run(locations, "status"); // no daemon yet: the error path
            run(locations, "commit", dir.resolve("src").toString(), "-t", "train");
            run(locations, "ls", "train");
            run(locations, "info", "train");
            run(locations, "tags");
            run(locations, "tags", "--json");
            String remote = "file://" + dir.resolve("remote" + round);
            run(locations, "push", "-q", "train", "--remote", remote);
            run(Locations.forThisSystem(Map.of(Locations.REPO_ENV, dir.resolve("pulled" + round).toString(),
                    Locations.SOCKET_ENV, socket.toString()), dir.toString(), false), "pull", "-q", "train", "--remote",
                    remote);
        }
        try (ControlServer daemon = ControlServer.start(socket, (request, peer) -> answer(request, dir))) {
            for (int round = 0; round < 5; round++) {
                run(locations, "status");
                run(locations, "status", "--json");
                run(locations, "runtime", "list");
                run(locations, "runtime", "list", "--json");
            }
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
