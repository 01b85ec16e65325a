package io.spfsd.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.spfsd.control.Protocol;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --keep-runtime: a runtime and its scratch stay after their processes, and across a daemon restart. */
class KeptRuntimeTest {
    @TempDir
    Path tmp;

    private static boolean listed(DaemonHarness h, String name) {
        return h.daemon.router().mounts().stream().anyMatch(m -> m.name().equals(name));
    }

    private java.time.Instant created;

    /** Waits for the exits of a kept runtime's roots to be seen: then it lists none (10 s at most). */
    private static void awaitNoRoots(io.spfsd.node.Mount m) throws InterruptedException {
        long end = System.nanoTime() + 10_000_000_000L;
        while (!m.roots().isEmpty() && System.nanoTime() < end) {
            Thread.sleep(20);
        }
        assertThat(m.roots()).as("a root that exited is not listed").isEmpty();
    }

    @Test
    void aKeptRuntimeThatCannotBeRecordedIsRefusedAndLeavesNothing() throws Exception {
        Path run = java.nio.file.Files.createDirectories(tmp.resolve("run"));
        assertThat(new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", run.toString()).inheritIO()
                .start().waitFor()).isZero();
        try (DaemonHarness h = new DaemonHarness(tmp)) {
            DaemonHarness.write(tmp.resolve("base/f"), "base\n");
            h.commit(tmp.resolve("base"), "base");
            new ProcessBuilder("sh", "-c", "dd if=/dev/zero of=" + run + "/filler bs=64k 2>/dev/null").start().waitFor();
            DaemonHarness.Gated p = h.gated("true");
            Protocol.Response r = h.client.send(Protocol.Request.mount((int) p.pid(), List.of("base"), false, "full",
                    true));
            assertThat(r.ok()).isFalse();
            assertThat(r.error()).startsWith("cannot keep runtime 'full': ").contains("No space left on device")
                    .contains("without --keep-runtime");
            assertThat(listed(h, "full")).isFalse();
            assertThat(run.resolve("runtimes/full")).doesNotExist();
            p.release();
            p.output();
        } finally {
            new ProcessBuilder("umount", "-l", run.toString()).start().waitFor();
        }
    }

    @Test
    void aKeptRuntimeOutlivesItsProcessesAndTheDaemonUntilRemoved() throws Exception {
        try (DaemonHarness h = new DaemonHarness(tmp)) {
            DaemonHarness.write(tmp.resolve("base/f"), "base\n");
            h.commit(tmp.resolve("base"), "base");
            DaemonHarness.Gated p = h.gated("echo made > $MNT/made");
            assertThat(h.client.send(Protocol.Request.mount((int) p.pid(), List.of("base"), true, "keeper", true))
                    .ok()).isTrue();
            p.release();
            p.output();
            io.spfsd.node.Mount keeper = h.daemon.router().mounts().stream().filter(m -> m.name().equals("keeper"))
                    .findFirst().orElseThrow();
            created = keeper.createdAt();
            awaitNoRoots(keeper);
            assertThat(listed(h, "keeper")).as("kept after its process").isTrue();
            assertThat(java.nio.file.Files.readString(tmp.resolve("run/runtimes/keeper/runtime.json")))
                    .as("who may join it once its processes are gone").contains("\"owner\":\"root\"");
        }
        Path leftover = tmp.resolve("run/runtimes/keeper/committed-1/a/b");
        java.nio.file.Files.createDirectories(leftover); // a commit's old copy that daemon had not deleted yet
        try (DaemonHarness h = new DaemonHarness(tmp)) {
            assertThat(tmp.resolve("run/runtimes/keeper/committed-1")).as("removed at restore").doesNotExist();
            assertThat(listed(h, "keeper")).as("restored by the next daemon").isTrue();
            io.spfsd.node.Mount restored = h.daemon.router().mounts().stream().filter(m -> m.name().equals("keeper"))
                    .findFirst().orElseThrow();
            assertThat(restored.createdAt()).as("made when it was made, not when restored").isEqualTo(created);
            DaemonHarness.Gated q = h.gated("cat $MNT/made $MNT/f");
            Protocol.Response j = h.client.send(Protocol.Request.mount((int) q.pid(), List.of(), false, "keeper"));
            assertThat(j.ok()).as(j.error()).isTrue();
            q.release();
            assertThat(q.output()).isEqualTo("made\nbase\n");
            awaitNoRoots(restored);
            assertThat(listed(h, "keeper")).isTrue();
            assertThat(cli(h, "runtime", "list")).containsPattern("keeper +pid - +editable +kept ");
            assertThat(h.client.send(new Protocol.Request("status", null, null, null, "keepr")).error())
                    .isEqualTo("no runtime named 'keepr' (did you mean keeper?)");
            assertThat(cli(h, "runtime", "prune", "--older-than", "1d")).as("made just now").isEmpty();
            assertThat(cli(h, "runtime", "prune")).isEqualTo("removed keeper\n");
            assertThat(listed(h, "keeper")).isFalse();
            assertThat(tmp.resolve("run/runtimes/keeper")).as("its scratch went with it").doesNotExist();
        }
    }

    @Test
    void aKeptRuntimeOfARemoteComesBackFromThatRemote() throws Exception {
        io.spfsd.storage.Repository origin = io.spfsd.storage.Repository.open(tmp.resolve("origin"));
        DaemonHarness.write(tmp.resolve("far/f"), "from afar\n");
        io.spfsd.storage.Digest layer = origin.putLayer(new io.spfsd.storage.DirectoryImporter(origin,
                new io.spfsd.storage.DirectoryImporter.Listener() {
                }).importDirectory(tmp.resolve("far")).manifest());
        origin.tags().push("far", layer);
        String remote = "file://" + origin.root();
        try (DaemonHarness h = new DaemonHarness(tmp.resolve("d"))) {
            DaemonHarness.Gated p = h.gated("true");
            Protocol.Response r = h.client.send(Protocol.Request.mount((int) p.pid(), List.of("far"), false, "faraway",
                    true, remote));
            assertThat(r.ok()).as(r.error()).isTrue();
            p.release();
            p.output();
        }
        try (DaemonHarness h = new DaemonHarness(tmp.resolve("d"))) {
            assertThat(listed(h, "faraway")).as("restored: the tag is only at the remote it names").isTrue();
            DaemonHarness.Gated q = h.gated("cat $MNT/f");
            assertThat(h.client.send(Protocol.Request.mount((int) q.pid(), List.of(), false, "faraway")).ok()).isTrue();
            q.release();
            assertThat(q.output()).isEqualTo("from afar\n");
        }
    }

    private String cli(DaemonHarness h, String... args) {
        java.io.StringWriter out = new java.io.StringWriter();
        String[] all = java.util.stream.Stream.concat(java.util.Arrays.stream(args),
                java.util.stream.Stream.of("--socket", h.client.socket().toString())).toArray(String[]::new);
        int code = io.spfsd.cli.Main.run(all, new java.io.PrintWriter(out), new java.io.PrintWriter(new java.io.StringWriter()),
                new io.spfsd.config.Locations(java.util.Map.of(), tmp.toString(), "Linux"));
        return code == 0 ? out.toString() : "exit " + code;
    }
}
