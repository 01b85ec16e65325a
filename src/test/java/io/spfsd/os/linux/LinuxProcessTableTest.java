package io.spfsd.os.linux;

import static org.assertj.core.api.Assertions.assertThat;

import io.spfsd.os.ProcessInfo;
import io.spfsd.os.ProcessTable;
import org.junit.jupiter.api.Test;

class LinuxProcessTableTest {
    @Test
    void parsesStatEvenWithSpacesAndParensInTheName() {
        String stat = "4242 (my (odd) name) S 17 4242 4242 0 -1 4194560 100 0 0 0 1 2 0 0 20 0 1 0 987654 1000 200";
        long[] out = new long[2];
        assertThat(ProcReader.of(stat.getBytes()).parseStat(out)).isTrue();
        assertThat(out).containsExactly(17, 987654);
        assertThat(ProcReader.of("garbage".getBytes()).parseStat(out)).isFalse();
        String status = "Name:\tjava\nUmask:\t0022\nState:\tS\nTgid:\t4242\nNgid:\t0\nPid:\t4250\nPPid:\t17\n";
        assertThat(ProcReader.of(status.getBytes()).tgidAndPpid()).isEqualTo(4242L << 32 | 17);
        assertThat(ProcReader.of("Name:\tx\n".getBytes()).tgidAndPpid()).isEqualTo(-1);
    }

    @Test
    void readsThisProcessAndItsThreads() throws Exception {
        LinuxProcessTable table = new LinuxProcessTable();
        int self = (int) ProcessHandle.current().pid();
        ProcessInfo me = table.info(self).orElseThrow();
        assertThat(me.ppid()).isEqualTo((int) ProcessHandle.current().parent().orElseThrow().pid());
        assertThat(table.link(self)).contains(new ProcessTable.Link(self, me.ppid()));

        // A thread's ancestry starts at its process, not at its process's parent.
        int[] seen = new int[3];
        Thread t = Thread.ofPlatform().start(() -> {
            int tid = LinuxCalls.gettid();
            seen[0] = tid;
            seen[1] = table.processOf(tid);
            seen[2] = table.link(tid).map(ProcessTable.Link::parent).orElse(-1);
        });
        t.join();
        assertThat(seen[0]).isNotEqualTo(self);
        assertThat(seen[1]).isEqualTo(self);
        assertThat(seen[2]).as("a thread's parent is its process's parent").isEqualTo(me.ppid());
        assertThat(table.info(99_999_999)).isEmpty();
    }

    @Test
    void exitIsNotifiedWithoutPolling() throws Exception {
        LinuxProcessTable table = new LinuxProcessTable();
        Process p = new ProcessBuilder("sleep", "0.2").start();
        ProcessInfo info = table.info((int) p.pid()).orElseThrow();
        java.util.concurrent.CountDownLatch exited = new java.util.concurrent.CountDownLatch(1);
        table.watchExit(info, exited::countDown);
        assertThat(exited.await(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(p.waitFor()).isZero();
    }
}
