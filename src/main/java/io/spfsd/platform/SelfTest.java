package io.spfsd.platform;

import io.spfsd.control.ControlClient;
import io.spfsd.control.Protocol;
import io.spfsd.daemon.Daemon;
import io.spfsd.daemon.DaemonConfig;
import io.spfsd.os.Os;
import io.spfsd.router.RouteCache;
import io.spfsd.storage.Digest;
import io.spfsd.storage.DirectoryImporter;
import io.spfsd.storage.Repository;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * spfsd doctor --self-test: the whole job on a private instance, step by step. A repository,
 * a mount point and a socket of its own under /tmp (a short path: macOS allows 104 bytes of
 * socket path); a small tree committed (a file, an executable, a symbolic link, nested
 * directories); a daemon mounted in this process; a read-only runtime and an editable one run
 * as child processes; this process, which is in no runtime, must see an empty mount point; the
 * editable runtime's change committed and read back by a third runtime; then everything is
 * unmounted and removed. Each step says how long it took, and the first failure says why; the
 * steps after it are skipped. The one command a first user of a new platform runs and pastes back.
 */
public final class SelfTest {
    /** How one step went: "ok", "fail" or "skip"; millis it took; detail what it saw or why it failed. */
    public record Step(String name, String status, long millis, String detail) {
    }

    /** One step's work: what it saw, or an exception saying why not. */
    @FunctionalInterface
    private interface Work {
        String run() throws Exception;
    }

    private static final String HELLO = "hello from spfsd\n";
    private static final long CHILD_SECONDS = 30;

    private final List<Step> steps = new ArrayList<>();
    private Path tmp;
    private Repository repo;
    private Daemon daemon;
    private ControlClient client;
    private Path mountpoint;
    private Digest layer;

    /** Runs every step (or up to the first failure) and cleans up whatever happened. */
    public List<Step> run() {
        try {
            step("prepare", this::prepare);
            step("commit", this::commitTree);
            step("mount", this::mount);
            step("read-only runtime", this::readOnlyRuntime);
            step("isolation", this::isolation);
            step("editable runtime", this::editableRuntime);
            step("read back", this::readBack);
            step("unmount", this::unmount);
        } finally {
            cleanUp();
        }
        return steps;
    }

    private void step(String name, Work work) {
        if (steps.stream().anyMatch(s -> s.status().equals("fail"))) {
            steps.add(new Step(name, "skip", 0, "an earlier step failed"));
            return;
        }
        long t0 = System.nanoTime();
        String detail;
        String status = "ok";
        try {
            detail = work.run();
        } catch (Exception | AssertionError e) {
            status = "fail";
            detail = e.getMessage() != null ? e.getMessage() : e.toString();
        }
        steps.add(new Step(name, status, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0), detail));
    }

    private String prepare() throws IOException {
        tmp = Files.createTempDirectory(Path.of("/tmp"), "spfsd-st-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        mountpoint = Files.createDirectory(tmp.resolve("mnt"));
        repo = Repository.open(tmp.resolve("repo"));
        return tmp.toString();
    }

    private String commitTree() throws IOException {
        Path tree = tmp.resolve("tree");
        write(tree.resolve("hello.txt"), HELLO);
        write(tree.resolve("bin/tool"), "#!/bin/sh\necho tool ran\n");
        Files.setPosixFilePermissions(tree.resolve("bin/tool"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.createSymbolicLink(tree.resolve("link"), Path.of("hello.txt"));
        write(tree.resolve("deep/a/b/c.txt"), "deep\n");
        Digest manifest = new DirectoryImporter(repo, new DirectoryImporter.Listener() {
        }).importDirectory(tree).manifest();
        Digest base = repo.putLayer(manifest);
        repo.tags().push("self-test", base);
        return "layer " + base.shortForm() + " (4 files, a link, nested directories)";
    }

    private String mount() throws IOException {
        Path socket = tmp.resolve("run/s.sock");
        daemon = Daemon.start(new DaemonConfig(mountpoint, repo.root(), socket, 4, false, RouteCache.DEFAULT_TTL,
                false));
        client = new ControlClient(socket);
        return mountpoint.toString();
    }

    private String readOnlyRuntime() throws Exception {
        String out = inRuntime(List.of("self-test"), false, null,
                "cat \"$M/hello.txt\" && \"$M/bin/tool\" && cat \"$M/link\" \"$M/deep/a/b/c.txt\"");
        expect(out, HELLO + "tool ran\n" + HELLO + "deep\n");
        return "a child process read every file, ran bin/tool and followed the link";
    }

    private String isolation() throws IOException {
        try (Stream<Path> s = Files.list(mountpoint)) {
            long seen = s.count();
            if (seen != 0) {
                throw new IOException("this process is in no runtime, yet it sees " + seen + " entries in "
                        + mountpoint + ": per-process routing does not work here");
            }
        }
        return "this process, in no runtime, sees an empty mount point";
    }

    private String editableRuntime() throws Exception {
        String out = inRuntime(List.of("self-test"), true, "self-test-edit",
                "echo changed > \"$M/new.txt\" && echo more >> \"$M/hello.txt\" && cat \"$M/new.txt\" \"$M/hello.txt\"");
        expect(out, "changed\n" + HELLO + "more\n");
        if (Files.exists(tmp.resolve("tree/new.txt")) || !Files.readString(tmp.resolve("tree/hello.txt")).equals(HELLO)) {
            throw new IOException("a write in the editable runtime reached the committed tree");
        }
        return "written, and committed as layer " + layer.shortForm();
    }

    private String readBack() throws Exception {
        String out = inRuntime(List.of("self-test", layer.toString()), false, null,
                "cat \"$M/new.txt\" \"$M/hello.txt\"");
        expect(out, "changed\n" + HELLO + "more\n");
        return "a runtime of the base and the new layer reads what was written";
    }

    private String unmount() throws IOException {
        daemon.close();
        daemon = null;
        if (Os.current().mounts().isMountPoint(mountpoint)) {
            throw new IOException(mountpoint + " is still mounted after the daemon stopped");
        }
        return "unmounted";
    }

    /**
     * Runs script (M is the mount point) in a child shell given a runtime of refs before it
     * starts; an editable runtime's scratch is committed while the child waits, once it has
     * written. Returns what the child printed.
     */
    private String inRuntime(List<String> refs, boolean editable, String name, String script) throws Exception {
        String gated = "read go; " + script + (editable ? " && echo written && read committed" : "");
        ProcessBuilder pb = new ProcessBuilder("sh", "-c", gated).redirectErrorStream(true);
        pb.environment().put("M", mountpoint.toString());
        Process p = pb.start();
        try {
            Protocol.Response r = client.send(Protocol.Request.mount((int) p.pid(), refs, editable, name));
            if (!r.ok()) {
                throw new IOException("registering a runtime for PID " + p.pid() + ": " + r.error());
            }
            OutputStream in = p.getOutputStream();
            in.write(("go\n").getBytes(StandardCharsets.UTF_8));
            in.flush();
            StringBuilder out = new StringBuilder();
            var lines = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8));
            String line;
            while ((line = lines.readLine()) != null) {
                if (editable && line.equals("written")) {
                    Protocol.Response c = commitWhenReleased(name);
                    layer = Digest.parse(c.digest());
                    in.write("now\n".getBytes(StandardCharsets.UTF_8));
                    in.flush();
                    continue;
                }
                out.append(line).append('\n');
            }
            if (!p.waitFor(CHILD_SECONDS, TimeUnit.SECONDS)) {
                throw new IOException("the child process did not finish within " + CHILD_SECONDS + " s");
            }
            if (p.exitValue() != 0) {
                throw new IOException("the child process exited " + p.exitValue() + ": " + out.toString().strip());
            }
            return out.toString();
        } finally {
            p.destroyForcibly();
        }
    }

    /** Commits runtime name, once the kernel has released the files the child closed (RELEASE follows close). */
    private Protocol.Response commitWhenReleased(String name) throws IOException, InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(CHILD_SECONDS);
        while (true) {
            Protocol.Response c = client.send(Protocol.Request.commit(null, name));
            if (c.ok()) {
                return c;
            }
            if (!c.error().contains("open for writing") || System.nanoTime() > end) {
                throw new IOException("commit layer: " + c.error());
            }
            Thread.sleep(10);
        }
    }

    private static void expect(String got, String wanted) throws IOException {
        if (!got.equals(wanted)) {
            throw new IOException("read " + quote(got) + ", expected " + quote(wanted));
        }
    }

    private static String quote(String s) {
        return "'" + s.replace("\n", "\\n") + "'";
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    private void cleanUp() {
        if (daemon != null) {
            daemon.close();
        }
        if (tmp != null) {
            try (Stream<Path> s = Files.walk(tmp)) {
                for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            } catch (IOException e) {
                steps.add(new Step("clean up", "fail", 0, "cannot remove " + tmp + ": " + e.getMessage()));
            }
        }
    }
}
