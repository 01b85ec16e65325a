package io.spfsd.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.spfsd.control.ControlClient;
import io.spfsd.control.Protocol;
import io.spfsd.storage.Digest;
import io.spfsd.storage.DirectoryImporter;
import io.spfsd.storage.Repository;
import io.spfsd.testing.FuseRequirement;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A real daemon on a temporary mount point, repository and socket, for integration tests. */
final class DaemonHarness implements AutoCloseable {
    final Path mountpoint;
    final Repository repo;
    final ControlClient client;
    final Daemon daemon;

    DaemonHarness(Path tmp) throws IOException {
        this(tmp, io.spfsd.os.Os.current().processes());
    }

    DaemonHarness(Path tmp, io.spfsd.os.ProcessTable processes) throws IOException {
        this(tmp, processes, null);
    }

    /** A daemon that serves runtimes of remote lazily (null: none). */
    DaemonHarness(Path tmp, io.spfsd.os.ProcessTable processes, String remote) throws IOException {
        this(tmp, processes, remote, false);
    }

    /** A daemon whose scratches keep extended attributes (serve --xattrs) or not. */
    DaemonHarness(Path tmp, boolean xattrs) throws IOException {
        this(tmp, io.spfsd.os.Os.current().processes(), null, xattrs, false);
    }

    /** The machine's daemon (serve --all-users): every user may connect. */
    static DaemonHarness forAllUsers(Path tmp) throws IOException {
        return new DaemonHarness(tmp, io.spfsd.os.Os.current().processes(), null, false, true);
    }

    private DaemonHarness(Path tmp, io.spfsd.os.ProcessTable processes, String remote, boolean xattrs)
            throws IOException {
        this(tmp, processes, remote, xattrs, false);
    }

    private DaemonHarness(Path tmp, io.spfsd.os.ProcessTable processes, String remote, boolean xattrs,
                          boolean allUsers) throws IOException {
        FuseRequirement.require();
        mountpoint = tmp.resolve("mnt");
        repo = Repository.open(tmp.resolve("repo"));
        Path socket = tmp.resolve("run/spfsd.sock");
        daemon = Daemon.start(new DaemonConfig(mountpoint, repo.root(), socket, 4, true,
                io.spfsd.router.RouteCache.DEFAULT_TTL, true, remote).withXattrs(xattrs).withAllUsers(allUsers),
                processes);
        client = new ControlClient(socket);
    }

    /** Commits dir as a layer and tags it. */
    Digest commit(Path dir, String tag) throws IOException {
        Digest manifest = new DirectoryImporter(repo, new DirectoryImporter.Listener() {
        }).importDirectory(dir).manifest();
        Digest layer = repo.putLayer(manifest);
        repo.tags().push(tag, layer);
        return layer;
    }

    Protocol.Response mount(long pid, String... refs) throws IOException {
        return client.send(Protocol.Request.mount((int) pid, List.of(refs)));
    }

    /**
     * A shell that waits for a line on stdin before running script, so it can be registered
     * first. MNT in the script is the mount point.
     */
    Gated gated(String script) throws IOException {
        Process p = new ProcessBuilder("sh", "-c", "read go; export MNT='" + mountpoint + "'; " + script)
                .redirectErrorStream(true)
                .start();
        p.getOutputStream(); // stdin stays open until release()
        return new Gated(p);
    }

    /** Runs script (MNT = the mount point) in a process registered for refs; returns its output. */
    String runIn(String refs, String script) throws Exception {
        Gated p = gated(script);
        Protocol.Response r = mount(p.pid(), refs);
        assertThat(r.ok()).as(r.error()).isTrue();
        p.release();
        return p.output();
    }

    /** Runs script in the mount point (stderr with stdout) in a new editable runtime of ref; its output. */
    String runEditable(String ref, String script) throws Exception {
        Gated p = gated("cd $MNT && { " + script + " ; } 2>&1");
        Protocol.Response r = client.send(Protocol.Request.mount((int) p.pid(), List.of(ref), true, null));
        assertThat(r.ok()).as(r.error()).isTrue();
        assertThat(r.mount().editable()).isTrue();
        p.release();
        return p.output();
    }

    static final class Gated {
        final Process process;

        Gated(Process process) {
            this.process = process;
        }

        long pid() {
            return process.pid();
        }

        void release() throws IOException {
            OutputStream in = process.getOutputStream();
            in.write("go\n".getBytes(StandardCharsets.UTF_8));
            in.flush();
        }

        /** Waits for the script and returns what it printed. */
        String output() throws Exception {
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("script finished").isTrue();
            return out;
        }
    }

    @Override
    public void close() {
        daemon.close();
    }

    static void write(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, content, StandardCharsets.UTF_8);
    }
}
