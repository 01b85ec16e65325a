package io.spfsd.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.spfsd.cli.Main;
import io.spfsd.control.ControlClient;
import io.spfsd.testing.FuseRequirement;
import io.spfsd.testing.SpfsdProcess;
import io.spfsd.testing.TreeBuilder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `spfsd run` becomes its command in both of its ways: the JVM through execve (spfsd started
 * as java ... Main), and bin/spfsd through bash's exec after the JVM registered the launcher's
 * PID. Either way the command keeps the PID the runtime was registered for, gets the
 * descriptors its caller handed down, and none of the JVM's.
 */
class RunBecomesTheCommandTest {
    @TempDir
    Path tmp;
    private Path mnt;
    private final List<Process> started = new ArrayList<>();

    @BeforeEach
    void serve() throws Exception {
        FuseRequirement.require();
        mnt = tmp.resolve("mnt");
        new TreeBuilder(tmp.resolve("src")).file("hello", "hello from the runtime\n");
        Files.writeString(tmp.resolve("handed-down"), "handed down\n");
        assertThat(run("exec " + java() + " commit -q " + tmp.resolve("src") + " -t hello").waitFor()).isZero();
        started.add(run("exec " + java() + " serve > " + tmp.resolve("serve.log") + " 2>&1"));
        ControlClient client = new ControlClient(tmp.resolve("spfsd.sock"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!client.isRunning()) {
            assertThat(System.nanoTime()).as("the daemon answers").isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    @AfterEach
    void stop() throws Exception {
        for (Process p : started) {
            p.destroy();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
            }
        }
        if (io.spfsd.os.Os.current().mounts().isMountPoint(mnt)) {
            io.spfsd.os.Os.current().mounts().detach(mnt);
        }
    }

    /** The command: its PID, the runtime's file, descriptor 5, every descriptor it has; then exit 7. */
    private static final String COMMAND = "sh -c 'echo pid $$; cat \"$SPFSD_MOUNTPOINT/hello\"; cat <&5;"
            + " ls -l /proc/self/fd; exit 7'";

    @Test
    void theJvmExecsTheCommandWithTheCallersDescriptorsOnly() throws Exception {
        Process p = run("echo launched $$; exec " + java() + " run hello -- " + COMMAND + " 5<" + tmp.resolve(
                "handed-down"));
        String out = output(p);
        assertThat(p.exitValue()).as(out).isEqualTo(7);
        assertSameProcessAndView(out);
    }

    @Test
    void theLauncherBecomesTheCommandAfterTheJvmRegisteredIt() throws Exception {
        Process p = run(launcher() + "echo launched $$; become_the_command run hello -- " + COMMAND + " 5<"
                + tmp.resolve("handed-down") + "; echo fell through to the JVM; exit 99");
        String out = output(p);
        assertThat(p.exitValue()).as(out).isEqualTo(7);
        assertSameProcessAndView(out);
    }

    @Test
    void theLauncherPassesHelpAndFailuresThrough() throws Exception {
        Process help = run(launcher() + "launch run --help -- true");
        assertThat(output(help)).contains("Usage: spfsd run");
        assertThat(help.exitValue()).isZero();
        Process unknown = run(launcher() + "launch run no-such-ref -- sh -c 'echo ran'");
        String out = output(unknown);
        assertThat(out).contains("unknown ref").doesNotContain("ran");
        assertThat(unknown.exitValue()).isEqualTo(1);
        Process missing = run(launcher() + "launch run hello -- no-such-command-anywhere");
        assertThat(output(missing)).contains("no-such-command-anywhere: command not found");
        assertThat(missing.exitValue()).isEqualTo(127);
        // stdout closed: the launcher has no stdout to lend the JVM, which execs the command itself
        Process closed = run(launcher() + "launch run hello -- sh -c 'echo out; echo err >&2; exit 4' >&-");
        assertThat(output(closed)).contains("err").doesNotContain("Bad file descriptor");
        assertThat(closed.exitValue()).isEqualTo(4);
    }

    @Test
    void aCommandThatLivesInTheLayerIsFoundThereBothWays() throws Exception {
        Path bin = Files.createDirectories(tmp.resolve("tool/bin"));
        Files.writeString(bin.resolve("mytool"), "#!/bin/sh\necho mytool ran \"$@\"\n");
        Files.setPosixFilePermissions(bin.resolve("mytool"), java.nio.file.attribute.PosixFilePermissions
                .fromString("rwxr-xr-x"));
        assertThat(run("exec " + java() + " commit -q " + tmp.resolve("tool") + " -t tool").waitFor()).isZero();
        String inLayer = mnt + "/bin/mytool";
        for (String how : List.of(launcher() + "launch", "exec " + java())) {
            Process byPath = run(how + " run tool -- " + inLayer + " by-path");
            assertThat(output(byPath)).as(how).contains("mytool ran by-path");
            assertThat(byPath.exitValue()).isZero();
            Process byName = run("export PATH=" + mnt + "/bin:$PATH; " + how + " run tool -- mytool by-name");
            assertThat(output(byName)).as(how).contains("mytool ran by-name");
            assertThat(byName.exitValue()).isZero();
            Process missing = run("export PATH=" + mnt + "/bin:$PATH; " + how + " run tool -- nothere");
            assertThat(output(missing)).as(how).contains("nothere: command not found (searched PATH: " + mnt + "/bin:");
            assertThat(missing.exitValue()).isEqualTo(127);
            Process missingPath = run(how + " run tool -- " + mnt + "/bin/nothere");
            assertThat(output(missingPath)).as(how).contains(mnt + "/bin/nothere: No such file or directory");
            assertThat(missingPath.exitValue()).isEqualTo(127);
        }
    }

    @Test
    void spfsHabitsOneRefAndTheCommandWithoutDashesAndTheEmptyEditableRuntime() throws Exception {
        for (String how : List.of(launcher() + "launch", "exec " + java())) {
            Process plain = run(how + " run hello cat " + mnt + "/hello");
            assertThat(output(plain)).as(how).contains("hello from the runtime");
            assertThat(plain.exitValue()).isZero();
            Process empty = run(how + " run -e -- sh -c 'ls \"$SPFSD_MOUNTPOINT\" | wc -l;"
                    + " echo written > \"$SPFSD_MOUNTPOINT/new\"; cat \"$SPFSD_MOUNTPOINT/new\"'");
            assertThat(output(empty)).as(how).contains("0\nwritten\n");
            assertThat(empty.exitValue()).isZero();
            Process noCommand = run(how + " run hello");
            assertThat(output(noCommand)).as(how).contains("give the command");
            assertThat(noCommand.exitValue()).isEqualTo(2);
            Process readOnlyNoRef = run(how + " run -- true");
            assertThat(output(readOnlyNoRef)).as(how).contains("give at least one REF");
            assertThat(readOnlyNoRef.exitValue()).isEqualTo(2);
        }
    }

    private void assertSameProcessAndView(String out) {
        List<String> lines = out.lines().toList();
        String launched = lines.stream().filter(l -> l.startsWith("launched ")).findFirst().orElseThrow()
                .substring("launched ".length());
        assertThat(lines).as(out).contains("pid " + launched, "hello from the runtime", "handed down");
        List<String> fds = lines.stream().filter(l -> l.contains(" -> ")).toList();
        assertThat(fds).as("the command's descriptors").anyMatch(l -> l.endsWith("handed-down"))
                .noneMatch(l -> l.contains("lib/modules") || l.contains(".jar") || l.contains("random")
                        || l.contains("socket:"));
    }

    /** The JVM as a shell word list: java ... Main. */
    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java") + " --enable-native-access=ALL-UNNAMED -cp "
                + SpfsdProcess.classPath() + " " + Main.class.getName();
    }

    /** bin/spfsd's functions, with the test's JVM and class path in place of the jar. */
    private static String launcher() {
        return "source bin/spfsd; jvm=(--enable-native-access=ALL-UNNAMED); app=(-cp " + SpfsdProcess.classPath()
                + " " + Main.class.getName() + "); ";
    }

    private Process run(String script) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", script).redirectErrorStream(true);
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().put("SPFSD_MOUNTPOINT", mnt.toString());
        pb.environment().put("SPFSD_SOCKET", tmp.resolve("spfsd.sock").toString());
        pb.environment().put("SPFSD_REPO", tmp.resolve("repo").toString());
        pb.environment().put("XDG_RUNTIME_DIR", tmp.resolve("xdg").toString());
        return pb.start();
    }

    private static String output(Process p) throws Exception {
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return out;
    }
}
