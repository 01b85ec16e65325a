package io.spfsd.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.spfsd.control.Protocol;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * reset deletes in the runtime's scratch and nowhere else: a path with "..", an absolute
 * path, a NUL, or a symbolic link the runtime made pointing out, over the socket and through
 * the CLI, leaves everything outside the scratch as it was.
 */
class ResetConfinementTest {
    @TempDir
    static Path tmp;
    static DaemonHarness h;
    static Path victim;

    @BeforeAll
    static void start() throws Exception {
        h = new DaemonHarness(tmp);
        DaemonHarness.write(tmp.resolve("base/etc/conf"), "a=1\n");
        h.commit(tmp.resolve("base"), "base");
    }

    @AfterAll
    static void stop() {
        if (h != null) {
            h.close();
        }
    }

    /** A directory outside every scratch with a file in it, made anew for each test. */
    private static Path victim(String name) throws Exception {
        victim = tmp.resolve(name);
        DaemonHarness.write(victim.resolve("precious"), "keep\n");
        return victim;
    }

    /** An editable runtime named name whose process ran setup in the mount and now waits. */
    private static DaemonHarness.Gated runtime(String name, String setup) throws Exception {
        DaemonHarness.Gated p = h.gated("cd $MNT && " + setup + " && echo ready && read done");
        Protocol.Response r = h.client.send(Protocol.Request.mount((int) p.pid(), List.of("base"), true, name));
        assertThat(r.ok()).as(r.error()).isTrue();
        p.release();
        assertThat(new java.io.BufferedReader(new java.io.InputStreamReader(p.process.getInputStream())).readLine())
                .isEqualTo("ready");
        return p;
    }

    /** The upper tree of runtime name's scratch. */
    private static Path upperOf(String name) {
        return h.daemon.router().mounts().stream().filter(m -> m.name().equals(name)).findFirst().orElseThrow()
                .scratch().upper();
    }

    private static Protocol.Response reset(String name, String... paths) throws Exception {
        return h.client.send(new Protocol.Request("reset", null, null, null, name, List.of(paths)));
    }

    @Test
    void pathsThatLeaveTheViewAreRefusedOverTheSocket() throws Exception {
        Path v = victim("victim-socket");
        DaemonHarness.Gated p = runtime("dots", "echo mine > mine");
        Path upper = upperOf("dots");
        String up = "../".repeat(upper.getNameCount()) + v.toString().substring(1);
        String relative = upper.relativize(v).toString();
        for (String bad : List.of(up, relative, "/" + relative, "etc/../" + relative, "./" + relative,
                relative + "/precious", "a\0b", "..")) {
            Protocol.Response r = reset("dots", bad);
            assertThat(r.ok()).as("reset %s", bad.replace("\0", "\\0")).isFalse();
            assertThat(r.error()).startsWith("cannot reset 'dots': ").doesNotContain("Exception");
        }
        assertThat(Files.readString(v.resolve("precious"))).isEqualTo("keep\n");
        assertThat(upper.resolve("mine")).as("a refused request drops nothing").exists();
        Protocol.Response ok = reset("dots", "/mine", "./etc/./conf");
        assertThat(ok.ok()).as(ok.error()).isTrue();
        assertThat(upper.resolve("mine")).doesNotExist();
        p.release();
        p.output();
    }

    @Test
    void aSymbolicLinkInTheScratchIsNotFollowed() throws Exception {
        Path v = victim("victim-link");
        DaemonHarness.Gated p = runtime("linked", "ln -s " + v + " out && mkdir -p d && ln -s " + v + "/precious d/file");
        Path upper = upperOf("linked");
        assertThat(reset("linked", "out/precious").ok()).isTrue();
        assertThat(reset("linked", "out/sub/deeper").ok()).isTrue();
        assertThat(Files.readString(v.resolve("precious"))).as("nothing through the link").isEqualTo("keep\n");
        assertThat(reset("linked", "out", "d/file").ok()).isTrue();
        assertThat(Files.readString(v.resolve("precious"))).as("the links went, not their targets")
                .isEqualTo("keep\n");
        assertThat(Files.exists(upper.resolve("out"), java.nio.file.LinkOption.NOFOLLOW_LINKS)).isFalse();
        assertThat(Files.exists(upper.resolve("d/file"), java.nio.file.LinkOption.NOFOLLOW_LINKS)).isFalse();
        p.release();
        p.output();
    }

    @Test
    void theCliRefusesDotDotAndTakesMountPointPaths() throws Exception {
        Path v = victim("victim-cli");
        DaemonHarness.Gated p = runtime("cli", "echo mine > mine && echo two > two");
        Path upper = upperOf("cli");
        String up = "../".repeat(upper.getNameCount() + 2) + v.toString().substring(1);
        CliOutcome refused = cli("reset", "--runtime", "cli", up);
        assertThat(refused.code()).isEqualTo(1);
        assertThat(refused.err()).contains("'..' leaves the runtime").doesNotContain("Exception");
        assertThat(Files.readString(v.resolve("precious"))).isEqualTo("keep\n");
        assertThat(cli("reset", "--runtime", "cli", h.mountpoint + "/mine").code()).isZero();
        assertThat(upper.resolve("mine")).as("the mount point's prefix is the view's root").doesNotExist();
        assertThat(upper.resolve("two")).exists();
        p.release();
        p.output();
    }

    private record CliOutcome(int code, String err) {
    }

    private static CliOutcome cli(String... args) {
        java.io.StringWriter err = new java.io.StringWriter();
        String[] all = java.util.stream.Stream.concat(java.util.Arrays.stream(args),
                java.util.stream.Stream.of("--socket", h.client.socket().toString())).toArray(String[]::new);
        int code = io.spfsd.cli.Main.run(all, new java.io.PrintWriter(new java.io.StringWriter()),
                new java.io.PrintWriter(err), new io.spfsd.config.Locations(java.util.Map.of(
                        "SPFSD_MOUNTPOINT", h.mountpoint.toString()), tmp.toString(), "Linux"));
        return new CliOutcome(code, err.toString());
    }
}
