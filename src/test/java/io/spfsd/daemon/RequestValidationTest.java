package io.spfsd.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.spfsd.control.Protocol;
import io.spfsd.os.linux.LinuxProcessTable;
import io.spfsd.os.ProcessInfo;
import io.spfsd.os.ProcessTable;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the daemon refuses, and what it does when it cannot tell: found under abuse, fixed at a real mount. */
class RequestValidationTest {
    @TempDir
    static Path tmp;
    static DaemonHarness h;
    /** A real process table that can be made to fail as it does when descriptors run out. */
    static final FlakyProcessTable PROCESSES = new FlakyProcessTable();

    @BeforeAll
    static void start() throws Exception {
        h = new DaemonHarness(tmp, PROCESSES);
        DaemonHarness.write(tmp.resolve("a/f"), "from A\n");
        h.commit(tmp.resolve("a"), "a");
    }

    @AfterAll
    static void stop() {
        if (h != null) {
            h.close();
        }
    }

    @Test
    void pidOneAndTheDaemonItselfNeverGetARuntime() throws Exception {
        assertThat(h.mount(1, "a").error()).contains("refusing PID 1");
        long kernelThread = ProcessHandle.allProcesses().filter(p -> p.parent().map(q -> q.pid() == 2).orElse(false))
                .mapToLong(ProcessHandle::pid).findFirst().orElseThrow(); // kthreadd's children: kworkers and the like
        assertThat(h.mount(kernelThread, "a").error()).contains("refusing PID " + kernelThread + ": a kernel thread");
        assertThat(h.mount(2, "a").error()).as("kthreadd").contains("refusing PID 2: a kernel thread");
        assertThat(h.mount(ProcessHandle.current().pid(), "a").error()).contains("the daemon itself");
        assertThat(h.mount(0, "a").error()).contains("invalid PID");
        assertThat(h.daemon.router().mountCount()).isZero();
    }

    @Test
    void aThreadIdStandsForItsProcessAndAFailedMountLeavesNothing() throws Exception {
        Process p = new ProcessBuilder("python3", "-c", "import threading, sys, time\n"
                + "t = threading.Thread(target=lambda: time.sleep(60), daemon=True); t.start()\n"
                + "print(t.native_id, flush=True); sys.stdin.readline()").start();
        try {
            int tid = Integer.parseInt(new BufferedReader(new InputStreamReader(p.getInputStream())).readLine());
            assertThat(tid).isNotEqualTo((int) p.pid());
            Protocol.Response r = h.mount(tid, "a");
            assertThat(r.ok()).as(r.error()).isTrue();
            assertThat(r.mount().rootPid()).isEqualTo((int) p.pid());
            assertThat(h.mount(p.pid(), "a").error()).as("the same runtime").contains("already registered");
        } finally {
            p.destroy();
            p.waitFor(10, TimeUnit.SECONDS);
        }
        long deadline = System.nanoTime() + 2_000_000_000L;
        while (h.daemon.router().mountCount() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(h.daemon.router().mountCount()).as("gone with its process").isZero();
    }

    @Test
    void refsWithNullsOrHugeVersionsAreRefusedCleanly() throws Exception {
        DaemonHarness.Gated p = h.gated("exit 0");
        try {
            String nulls = RawSocket.send(h.client.socket(),
                    "{\"op\":\"mount\",\"pid\":" + p.pid() + ",\"refs\":[null]}\n");
            assertThat(nulls).contains("\"ok\":false").contains("\\\"refs\\\" must be an array of strings")
                    .doesNotContain("Exception");
            assertThat(h.mount(p.pid(), "a~99999999999").error()).isEqualTo(
                    "tag 'a' has 1 version; a~99999999999 does not exist");
            assertThat(RawSocket.send(h.client.socket(), "{\"op\":\"mount\",\"pid\":\"" + p.pid()
                    + "\",\"refs\":[\"a\"]}\n")).contains("\\\"pid\\\" must be a whole number");
            assertThat(h.daemon.router().mountCount()).isZero();
        } finally {
            p.release();
            p.output();
        }
    }

    @Test
    void statusHasNoSizeLimitAndCanShowOneProcesssRuntime() throws Exception {
        DaemonHarness.Gated p = h.gated("exit 0");
        DaemonHarness.Gated other = h.gated("exit 0");
        try {
            // 2,000 refs make about 110 KB of layer digests: more than a request may be.
            Protocol.Response r = h.client.send(Protocol.Request.mount((int) p.pid(), Collections.nCopies(2_000, "a")));
            assertThat(r.ok()).as(r.error()).isTrue();
            Protocol.Status all = h.client.send(Protocol.Request.status()).status();
            assertThat(all.mounts()).hasSize(1);
            assertThat(all.mounts().getFirst().layers()).hasSize(2_000);
            Protocol.Status one = h.client.send(new Protocol.Request("status", (int) p.pid(), null)).status();
            assertThat(one.mounts()).extracting(Protocol.MountInfo::rootPid).containsExactly((int) p.pid());
            Protocol.Status none = h.client.send(new Protocol.Request("status", (int) other.pid(), null)).status();
            assertThat(none.mounts()).isEmpty();
            assertThat(none.activeMounts()).isEqualTo(1);
        } finally {
            p.release();
            other.release();
            p.output();
            other.output();
        }
    }

    @Test
    void aProcessDeepBelowItsRootKeepsTheView() throws Exception {
        Path script = tmp.resolve("deeper.sh");
        Files.writeString(script, "if [ $1 -gt 0 ]; then sh $0 $(($1 - 1)); else cat $MNT/f; fi\n");
        assertThat(h.runIn("a", "sh " + script + " 150")).isEqualTo("from A\n");
    }

    @Test
    void whenTheProcessTableCannotBeReadRequestsFailWithEioNotTheEmptyView() throws Exception {
        DaemonHarness.Gated p = h.gated("sleep 0.3; cat $MNT/f 2>&1 | sed 's/.*: //'; ls $MNT 2>&1 | sed 's/.*: //'");
        assertThat(h.mount(p.pid(), "a").ok()).isTrue();
        PROCESSES.failing = true;
        try {
            p.release();
            assertThat(p.output()).isEqualTo("Input/output error\nInput/output error\n");
        } finally {
            PROCESSES.failing = false;
        }
        assertThat(h.runIn("a", "cat $MNT/f")).isEqualTo("from A\n");
    }

    /** Delegates to the Linux table; while failing, walks fail as /proc reads do on EMFILE. */
    static final class FlakyProcessTable implements ProcessTable {
        private final LinuxProcessTable real = new LinuxProcessTable();
        volatile boolean failing;

        @Override
        public Optional<ProcessInfo> info(int pid) {
            check();
            return real.info(pid);
        }

        @Override
        public Optional<Link> link(int tid) {
            check();
            return real.link(tid);
        }

        @Override
        public int processOf(int tid) {
            return real.processOf(tid);
        }

        @Override
        public boolean isKernelThread(ProcessInfo p) {
            return real.isKernelThread(p);
        }

        @Override
        public ExitWatch watchExit(ProcessInfo process, Runnable onExit) {
            return real.watchExit(process, onExit);
        }

        private void check() {
            if (failing) {
                throw new LookupFailedException("errno 24 (simulated)");
            }
        }
    }

}
