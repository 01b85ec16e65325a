package io.spfsd.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.spfsd.cli.Main;
import io.spfsd.control.ControlClient;
import io.spfsd.control.Protocol;
import io.spfsd.testing.FuseRequirement;
import io.spfsd.testing.TreeBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The daemon as users run it: separate processes, signals, crashes, `spfsd run`. */
class DaemonLifecycleTest {
    @TempDir
    Path tmp;
    Path mnt;
    Path socket;
    Path repo;
    final List<Process> started = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        FuseRequirement.require();
        mnt = tmp.resolve("mnt");
        socket = tmp.resolve("run/spfsd.sock");
        repo = tmp.resolve("repo");
        new TreeBuilder(tmp.resolve("src")).file("hello", "hello from the runtime\n");
        assertThat(spfsd("commit", "-q", "--repo", repo.toString(), tmp.resolve("src").toString(), "-t", "hello")
                .waitFor()).isZero();
    }

    @AfterEach
    void tearDown() throws Exception {
        for (Process p : started) {
            p.destroyForcibly().waitFor();
        }
        if (mounts().isMountPoint(mnt)) {
            mounts().detach(mnt);
        }
    }

    private static io.spfsd.os.MountTable mounts() {
        return io.spfsd.os.Os.current().mounts();
    }

    private Process spfsd(String... args) throws IOException {
        return spfsdWith(List.of(), args);
    }

    /** spfsd with a command line before the JVM (e.g. prlimit). */
    private Process spfsdWith(List<String> prefix, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(prefix);
        cmd.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", io.spfsd.testing.SpfsdProcess.classPath(),
                Main.class.getName()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.put("SPFSD_MOUNTPOINT", mnt.toString());
        env.put("SPFSD_SOCKET", socket.toString());
        env.put("SPFSD_REPO", repo.toString());
        env.put("XDG_RUNTIME_DIR", tmp.resolve("xdg").toString());
        Process p = pb.start();
        started.add(p);
        return p;
    }

    private Process serve() throws Exception {
        Process p = spfsd("serve");
        ControlClient c = new ControlClient(socket);
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (!c.isRunning()) {
            assertThat(p.isAlive()).as("daemon alive: " + new String(p.getInputStream().readNBytes(
                    p.isAlive() ? 0 : 4096))).isTrue();
            assertThat(System.nanoTime()).isLessThan(deadline);
            Thread.sleep(20);
        }
        return p;
    }

    @Test
    void sigtermUnmountsCleanly() throws Exception {
        Process daemon = serve();
        assertThat(mounts().isMountPoint(mnt)).isTrue();
        daemon.destroy(); // SIGTERM
        assertThat(daemon.waitFor(15, TimeUnit.SECONDS)).isTrue();
        assertThat(mounts().isMountPoint(mnt)).isFalse();
        assertThat(Files.exists(socket)).as("socket removed").isFalse();
    }

    @Test
    void aStaleMountLeftBySigkillIsClearedAtTheNextStartEvenAfterUse() throws Exception {
        for (int round = 0; round < 3; round++) {
            Process daemon = serve();
            // Use the mount first: the kernel then holds the root's attributes, and a stat of
            // the dead mount would still succeed (that made the next start refuse it).
            Process run = spfsd("run", "hello", "--", "cat", mnt.resolve("hello").toString());
            assertThat(new String(run.getInputStream().readAllBytes())).contains("hello from the runtime");
            assertThat(run.waitFor()).isZero();
            try (var s = Files.list(mnt)) {
                assertThat(s.toList()).isEmpty();
            }
            Files.readAttributes(mnt, "basic:isDirectory");
            daemon.destroyForcibly().waitFor();
            assertThat(mounts().isMountPoint(mnt)).as("SIGKILL leaves the mount behind").isTrue();
        }
        serve();
        assertThat(new ControlClient(socket).send(Protocol.Request.status()).status().activeMounts()).isZero();
        try (var s = Files.list(mnt)) {
            assertThat(s.toList()).isEmpty();
        }
    }

    @Test
    void twoDaemonsStartedAtOnceOnOneMountPointGiveOneDaemon() throws Exception {
        Process a = spfsd("serve");
        Process b = spfsd("serve");
        ControlClient c = new ControlClient(socket);
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (!c.isRunning() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        long deadline2 = System.nanoTime() + 20_000_000_000L;
        while (a.isAlive() && b.isAlive() && System.nanoTime() < deadline2) {
            Thread.sleep(20);
        }
        Process loser = a.isAlive() ? b : a;
        Process winner = loser == a ? b : a;
        assertThat(loser.waitFor()).isEqualTo(1);
        assertThat(new String(loser.getInputStream().readAllBytes())).contains("already serves");
        assertThat(winner.isAlive()).isTrue();
        assertThat(c.send(Protocol.Request.status()).status().daemonPid()).isEqualTo(winner.pid());
        assertThat(mountsAt(mnt)).as("one mount, not two stacked").isEqualTo(1);
        Process other = spfsd("serve", "--socket", tmp.resolve("other/s.sock").toString());
        assertThat(other.waitFor()).as("another socket, the same mount point").isEqualTo(1);
        assertThat(new String(other.getInputStream().readAllBytes())).contains("already serves the mount point");
    }

    @Test
    void concurrentRunsWithNoDaemonStartExactlyOne() throws Exception {
        List<Process> runs = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            runs.add(spfsd("run", "hello", "--", "cat", mnt.resolve("hello").toString()));
        }
        int started = 0;
        for (Process r : runs) {
            String out = new String(r.getInputStream().readAllBytes());
            assertThat(r.waitFor()).as(out).isZero();
            assertThat(out).contains("hello from the runtime");
            started += out.contains("started a daemon") ? 1 : 0;
        }
        assertThat(started).isEqualTo(1);
        // /proc/PID/cmdline whole: ProcessHandle.Info gives up on command lines as long as the
        // test class path makes them
        long daemons = ProcessHandle.allProcesses().filter(p -> {
            try {
                List<String> args = List.of(Files.readString(Path.of("/proc", Long.toString(p.pid()), "cmdline"))
                        .split("\u0000"));
                return args.contains("serve") && args.contains(socket.toString());
            } catch (IOException e) {
                return false;
            }
        }).count();
        assertThat(daemons).isEqualTo(1);
        stopDaemon();
    }

    @Test
    void anAutoStartedDaemonLogsBesideItsSocketInAPrivateDirectory() throws Exception {
        Process run = spfsd("run", "hello", "--", "true");
        assertThat(new String(run.getInputStream().readAllBytes())).contains("log: " + tmp.resolve("run/spfsd.log"));
        assertThat(run.waitFor()).isZero();
        assertThat(Files.readString(tmp.resolve("run/spfsd.log"))).contains("serving");
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(tmp.resolve("run")))).isEqualTo("rwx------");
        int pid = new ControlClient(socket).send(Protocol.Request.status()).status().daemonPid();
        String cmdline = Files.readString(Path.of("/proc/" + pid + "/cmdline")).replace('\0', ' ');
        assertThat(cmdline).as("a small daemon's JVM").contains("-Xmx512m").contains("-XX:MaxHeapFreeRatio=30");
        stopDaemon();
    }

    @Test
    void aFailedStartShowsOnlyThisStartsLogLines() throws Exception {
        Files.createDirectories(tmp.resolve("run"));
        Files.writeString(tmp.resolve("run/spfsd.log"), "an old line from another start\n");
        Process run = spfsd("run", "--repo", mnt.resolve("inside").toString(), "hello", "--", "true");
        String out = new String(run.getInputStream().readAllBytes());
        assertThat(run.waitFor()).isEqualTo(1);
        assertThat(out).contains("the daemon did not start").contains("is under the mount point")
                .doesNotContain("an old line");
    }

    @Test
    void runningOutOfDescriptorsBacksOffInsteadOfSpinning() throws Exception {
        // Soft = hard limit, so the daemon cannot raise it: 150 idle connections exhaust it.
        Path logFile = tmp.resolve("fd.log");
        Process daemon = spfsdWith(List.of("prlimit", "--nofile=120:120", "--"), "serve", "--log", logFile.toString());
        ControlClient c = new ControlClient(socket);
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (!c.isRunning()) {
            assertThat(daemon.isAlive() && System.nanoTime() < deadline).isTrue();
            Thread.sleep(20);
        }
        List<java.nio.channels.SocketChannel> idle = new ArrayList<>();
        try {
            for (int i = 0; i < 150; i++) {
                java.nio.channels.SocketChannel ch = java.nio.channels.SocketChannel.open(
                        java.net.StandardProtocolFamily.UNIX);
                ch.connect(java.net.UnixDomainSocketAddress.of(socket));
                idle.add(ch);
            }
            Thread.sleep(3000);
            long cpuNanos = ProcessHandle.of(daemon.pid()).flatMap(h -> h.info().totalCpuDuration())
                    .map(java.time.Duration::toNanos).orElse(0L);
            assertThat(cpuNanos).as("CPU time of the daemon (start-up included)").isLessThan(20_000_000_000L);
        } finally {
            for (var ch : idle) {
                ch.close();
            }
        }
        // Idle connections are dropped after 5 s; then the daemon answers again. (Until the
        // last of them is gone a request may still meet a full descriptor table: retry.)
        long until = System.nanoTime() + 20_000_000_000L;
        boolean answered = false;
        while (!answered && System.nanoTime() < until) {
            try {
                answered = c.send(Protocol.Request.status()).ok();
            } catch (IOException e) {
                Thread.sleep(100);
            }
        }
        assertThat(answered).as("the daemon serves again").isTrue();
        daemon.destroy();
        daemon.waitFor(15, TimeUnit.SECONDS);
        String log = Files.readString(logFile);
        long warnings = log.lines().filter(l -> l.contains("accept failed")).count();
        assertThat(warnings).as(log.lines().limit(20).toList().toString()).isPositive().isLessThan(20);
    }

    @Test
    void aProcessLeftByARemovedRuntimeNeverSeesALaterRuntimeOfTheSameName() throws Exception {
        new TreeBuilder(tmp.resolve("other")).file("hello", "another runtime's bytes\n");
        assertThat(spfsd("commit", "-q", tmp.resolve("other").toString(), "-t", "other").waitFor()).isZero();
        serve();
        Path go = tmp.resolve("go");
        Path seen = tmp.resolve("seen");
        Path done = tmp.resolve("done");
        // Reparented (setsid), so only the runtime's group says which runtime it belonged to.
        String orphan = "i=0; while [ ! -e " + go + " ] && [ $i -lt 400 ]; do sleep 0.05; i=$((i+1)); done;"
                + " cat \"$SPFSD_MOUNTPOINT/hello\" > " + seen + " 2>&1; touch " + done;
        assertThat(spfsd("run", "--runtime-name", "reused", "hello", "--", "sh", "-c",
                "setsid sh -c '" + orphan + "' </dev/null >/dev/null 2>&1 &").waitFor()).isZero();
        assertThat(spfsd("runtime", "rm", "reused").waitFor()).as("its orphan still runs: --force needed").isEqualTo(1);
        assertThat(spfsd("runtime", "rm", "--force", "reused").waitFor()).isZero();
        Process later = spfsd("run", "--runtime-name", "reused", "other", "--", "sh", "-c", "touch " + go
                + "; i=0; while [ ! -e " + done + " ] && [ $i -lt 400 ]; do sleep 0.05; i=$((i+1)); done");
        assertThat(later.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(Files.exists(done)).as("the orphan read").isTrue();
        assertThat(Files.readString(seen)).as("the empty view, not the new runtime's")
                .doesNotContain("another runtime's bytes").doesNotContain("hello from the runtime");
    }

    @Test
    void aDaemonKilledWithAnEditableRuntimeKeepsItsScratchAndTheNextOneReportsIt() throws Exception {
        Process daemon = serve();
        Path marker = tmp.resolve("written");
        Process run = spfsd("run", "-e", "--runtime-name", "precious", "hello", "--", "sh", "-c",
                // sleep: outlives the daemon the test kills, not the test run; exec, so killing run
                // kills it and no orphan keeps the dead daemon's cgroup populated after the test
                "echo keep me > \"$SPFSD_MOUNTPOINT/kept\" && touch " + marker + " && exec sleep 8");
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (!Files.exists(marker) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        Path scratch = tmp.resolve("run/runtimes/precious/upper/kept");
        assertThat(Files.readString(scratch)).isEqualTo("keep me\n");
        daemon.destroyForcibly().waitFor();
        run.destroyForcibly().waitFor();
        Path log = tmp.resolve("second.log");
        Process next = spfsd("serve", "--log", log.toString());
        ControlClient c = new ControlClient(socket);
        long until = System.nanoTime() + 20_000_000_000L;
        while (!c.isRunning() && System.nanoTime() < until) {
            Thread.sleep(20);
        }
        assertThat(Files.readString(scratch)).as("never deleted silently").isEqualTo("keep me\n");
        assertThat(Files.readString(log)).contains("scratch of runtime 'precious' was left by a daemon that died");
        next.destroy();
        next.waitFor(15, TimeUnit.SECONDS);
    }

    private void stopDaemon() throws Exception {
        Protocol.Status s = new ControlClient(socket).send(Protocol.Request.status()).status();
        ProcessHandle.of(s.daemonPid()).ifPresent(ProcessHandle::destroy);
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (mounts().isMountPoint(mnt) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }

    private static long mountsAt(Path p) throws IOException {
        String target = p.toAbsolutePath().toString();
        return Files.readAllLines(Path.of("/proc/self/mountinfo")).stream()
                .filter(l -> l.split(" ")[4].equals(target)).count();
    }

    @Test
    void runStartsADaemonWhenNoneListensAndPassesTheExitCode() throws Exception {
        Path out = tmp.resolve("out.txt");
        Path children = tmp.resolve("children.txt");
        Process run = spfsd("run", "hello", "--", "sh", "-c", "cat \"$SPFSD_MOUNTPOINT/hello\" > " + out
                + "; pgrep -P $$ > " + children + "; exit 7");
        String log = new String(run.getInputStream().readAllBytes());
        assertThat(run.waitFor()).isEqualTo(7);
        assertThat(log).contains("started a daemon in the background");
        assertThat(Files.readString(out)).isEqualTo("hello from the runtime\n");
        assertThat(Files.readString(children)).as("the daemon it started is not a child of the command").isEmpty();
        Protocol.Status s = new ControlClient(socket).send(Protocol.Request.status()).status();
        long until = System.nanoTime() + 10_000_000_000L; // the exit is seen asynchronously
        while (s.activeMounts() != 0 && System.nanoTime() < until) {
            Thread.sleep(20);
            s = new ControlClient(socket).send(Protocol.Request.status()).status();
        }
        assertThat(s.activeMounts()).as("the run's runtime is gone").isZero();

        ProcessHandle.of(s.daemonPid()).ifPresent(ProcessHandle::destroy);
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (mounts().isMountPoint(mnt) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(mounts().isMountPoint(mnt)).isFalse();
    }

    @Test
    void runPassesSigtermToItsCommandAndReturnsItsExitCode() throws Exception {
        serve();
        Path ready = tmp.resolve("ready");
        Path got = tmp.resolve("got");
        Process run = spfsd("run", "hello", "--", "sh", "-c",
                "trap 'cat \"$SPFSD_MOUNTPOINT/hello\" > " + got + "; exit 3' TERM; touch " + ready
                        + "; while :; do sleep 0.05; done");
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (!Files.exists(ready) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        run.destroy(); // SIGTERM to `spfsd run` only
        assertThat(run.waitFor(15, TimeUnit.SECONDS)).isTrue();
        assertThat(run.exitValue()).isEqualTo(3);
        assertThat(Files.readString(got)).as("the runtime was still there when the command handled it")
                .isEqualTo("hello from the runtime\n");
    }

    @Test
    void runBecomesItsCommandAndFailsLikeAShellForCommandsItCannotRun() throws Exception {
        serve();
        Path pid = tmp.resolve("pid");
        Process run = spfsd("run", "hello", "--", "sh", "-c", "echo $$ > " + pid);
        assertThat(run.waitFor()).isZero();
        assertThat(Files.readString(pid).strip()).as("the command is the process `spfsd run` was: no JVM waits")
                .isEqualTo(Long.toString(run.pid()));

        Process missing = spfsd("run", "hello", "--", "no-such-command-anywhere");
        assertThat(new String(missing.getInputStream().readAllBytes()).strip())
                .startsWith("spfsd: no-such-command-anywhere: command not found (searched PATH: ");
        assertThat(missing.waitFor()).isEqualTo(127);

        Path script = Files.writeString(tmp.resolve("not-executable.sh"), "echo never\n");
        Process denied = spfsd("run", "hello", "--", script.toString());
        assertThat(new String(denied.getInputStream().readAllBytes()).strip())
                .isEqualTo("spfsd: " + script + ": Permission denied");
        assertThat(denied.waitFor()).isEqualTo(126);
        // The command is looked for inside the runtime, so one was registered; it ends with its process.
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (new ControlClient(socket).send(Protocol.Request.status()).status().activeMounts() > 0
                && System.nanoTime() < end) {
            Thread.sleep(20);
        }
        assertThat(new ControlClient(socket).send(Protocol.Request.status()).status().activeMounts())
                .as("the runtimes of commands that could not run ended with their processes").isZero();
    }

    @Test
    void infoWithNoRefDescribesTheRuntimeItRunsIn() throws Exception {
        serve();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process inside = spfsd("run", "--runtime-name", "here", "hello", "--", java, "-cp",
                io.spfsd.testing.SpfsdProcess.classPath(), Main.class.getName(), "info", "--json");
        JsonNode info = new ObjectMapper().readTree(inside.getInputStream().readAllBytes());
        assertThat(inside.waitFor()).isZero();
        assertThat(info.get("kind").asText()).isEqualTo("runtime");
        assertThat(info.get("runtime").get("name").asText()).isEqualTo("here");
        assertThat(info.get("runtime").get("refs").get(0).asText()).isEqualTo("hello");
        assertThat(info.get("files").asLong()).isEqualTo(1);

        Process outside = spfsd("info");
        assertThat(new String(outside.getInputStream().readAllBytes()).strip())
                .isEqualTo("spfsd: not in a runtime: give a REF, or run this inside 'spfsd run'");
        assertThat(outside.waitFor()).isEqualTo(1);
    }

    @Test
    void runWithAnSpfsRepositoryAsTheRepositoryReadsItInPlace() throws Exception {
        io.spfsd.storage.spfs.SpfsFixture spfs = new io.spfsd.storage.spfs.SpfsFixture(tmp.resolve("spfs-repo"));
        byte[] hello = "hello from spfs\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        io.spfsd.storage.Digest payload = spfs.payload(hello);
        io.spfsd.storage.spfs.SpfsTree root = new io.spfsd.storage.spfs.SpfsTree(List.of(
                io.spfsd.storage.spfs.SpfsFixture.file("hello.txt", 0100644, payload, hello.length)));
        io.spfsd.storage.Digest layer = spfs.object(io.spfsd.storage.spfs.SpfsFixture.flatLayer(
                spfs.object(io.spfsd.storage.spfs.SpfsFixture.flatManifest(root))));
        spfs.tag("org/hello", layer, "2026-12-07T10:00:00+00:00");
        Path out = tmp.resolve("hello-out.txt");
        Process run = spfsd("run", "--repo", spfs.root.toString(), "org/hello", "--", "sh", "-c",
                "cat \"$SPFSD_MOUNTPOINT/hello.txt\" > " + out);
        String log = new String(run.getInputStream().readAllBytes());
        assertThat(run.waitFor()).as(log).isZero();
        assertThat(Files.readString(out)).isEqualTo("hello from spfs\n");
        Process both = spfsd("run", "--repo", spfs.root.toString(), "--remote", "file:///elsewhere", "org/hello",
                "--", "true");
        assertThat(new String(both.getInputStream().readAllBytes())).contains("give --remote or an spfs --repo, not both");
        assertThat(both.waitFor()).isEqualTo(2);
    }

    @Test
    void runWithARemoteTakesRefsFromItWhicheverDaemonRunsAndEachRuntimeFromItsOwn() throws Exception {
        Path origin = tmp.resolve("origin");
        Path second = tmp.resolve("second");
        new TreeBuilder(tmp.resolve("far")).file("far.txt", "from the remote\n");
        new TreeBuilder(tmp.resolve("far2")).file("far.txt", "from the second remote\n");
        assertThat(spfsd("commit", "-q", "--repo", origin.toString(), tmp.resolve("far").toString(), "-t", "far")
                .waitFor()).isZero();
        assertThat(spfsd("commit", "-q", "--repo", second.toString(), tmp.resolve("far2").toString(), "-t", "far")
                .waitFor()).isZero();
        Path out = tmp.resolve("far-out.txt");
        Process run = spfsd("run", "--remote", "file://" + origin, "far", "--", "sh", "-c",
                "cat \"$SPFSD_MOUNTPOINT/far.txt\" > " + out);
        String log = new String(run.getInputStream().readAllBytes());
        assertThat(run.waitFor()).as(log).isZero();
        assertThat(Files.readString(out)).isEqualTo("from the remote\n");

        // The daemon that run started, or any other, takes each runtime's refs from that runtime's remote.
        Process other = spfsd("run", "--remote", "file://" + second, "far", "--", "sh", "-c",
                "cat \"$SPFSD_MOUNTPOINT/far.txt\" > " + out);
        log = new String(other.getInputStream().readAllBytes());
        assertThat(other.waitFor()).as(log).isZero();
        assertThat(Files.readString(out)).isEqualTo("from the second remote\n");
        Protocol.Status s = new ControlClient(socket).send(Protocol.Request.status()).status();
        long end = System.nanoTime() + 10_000_000_000L;
        while (!s.mounts().isEmpty() && System.nanoTime() < end) { // a runtime ends once its exit is seen
            Thread.sleep(20);
            s = new ControlClient(socket).send(Protocol.Request.status()).status();
        }
        assertThat(s.remote()).as("the daemon was started without one").isNull();
        assertThat(s.remotes()).as("both runtimes ended: no remote is asked or listed any more").isEmpty();

        Process nowhere = spfsd("run", "--remote", "file://" + tmp.resolve("elsewhere"), "far", "--", "true");
        assertThat(new String(nowhere.getInputStream().readAllBytes())).contains("no spfsd repository at");
        assertThat(nowhere.waitFor()).isEqualTo(1);
        ProcessHandle.of(s.daemonPid()).ifPresent(ProcessHandle::destroy);
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (mounts().isMountPoint(mnt) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }

    @Test
    void joinRunsACommandInAnotherTreesRuntime() throws Exception {
        serve();
        Path ready = tmp.resolve("first-ready");
        Process first = spfsd("run", "--runtime-name", "together", "hello", "--", "sh", "-c",
                "touch " + ready + "; exec sleep 30");
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (!Files.exists(ready) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        Path out = tmp.resolve("joined.txt");
        Process join = spfsd("join", "together", "--", "sh", "-c",
                "echo \"$SPFSD_RUNTIME\" > " + out + "; cat \"$SPFSD_MOUNTPOINT/hello\" >> " + out);
        String log = new String(join.getInputStream().readAllBytes());
        assertThat(join.waitFor()).as(log).isZero();
        assertThat(Files.readString(out)).isEqualTo("together\nhello from the runtime\n");
        Process bad = spfsd("join", "together");
        assertThat(new String(bad.getInputStream().readAllBytes())).contains("give the runtime's name, then --");
        assertThat(bad.waitFor()).isEqualTo(2);
        first.destroy(); // the runtime's last process: the daemon ends the runtime and its group
        first.waitFor(10, TimeUnit.SECONDS);
        long until = System.nanoTime() + 10_000_000_000L;
        while (new ControlClient(socket).send(Protocol.Request.status()).status().activeMounts() != 0
                && System.nanoTime() < until) {
            Thread.sleep(20);
        }
        assertThat(new ControlClient(socket).send(Protocol.Request.status()).status().activeMounts()).isZero();
        stopDaemon(); // gracefully: a killed daemon would leave its cgroup directory to the next one
    }

    @Test
    void refusesARepositoryOrSocketUnderItsOwnMountPoint() throws Exception {
        for (String[] args : new String[][]{{"serve", "--repo", mnt.resolve("repo").toString()},
                {"serve", "--socket", mnt.resolve("s.sock").toString()}}) {
            Process p = spfsd(args);
            String out = new String(p.getInputStream().readAllBytes());
            assertThat(p.waitFor()).isEqualTo(1);
            assertThat(out).contains("is under the mount point").doesNotContain("Exception");
        }
        assertThat(mounts().isMountPoint(mnt)).isFalse();
    }

    @Test
    void clientsSayClearlyWhenNoDaemonListens() throws Exception {
        Process status = spfsd("status");
        String out = new String(status.getInputStream().readAllBytes());
        assertThat(status.waitFor()).isEqualTo(1);
        assertThat(out.strip()).isEqualTo("spfsd: no spfsd daemon is listening on " + socket
                + " (start one with: spfsd serve)");
    }
}
