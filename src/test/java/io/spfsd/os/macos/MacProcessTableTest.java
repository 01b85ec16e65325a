package io.spfsd.os.macos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spfsd.os.ProcessInfo;
import io.spfsd.os.ProcessTable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The macOS process table and exit watch, run against a fake kernel (no Mac here). */
class MacProcessTableTest {
    final FakeDarwinCalls mac = new FakeDarwinCalls();
    final MacProcessTable table = new MacProcessTable(mac);

    @Test
    void parentsAndStartTimesComeFromShortBsdInfoAndKinfoProc() {
        mac.procs.put(1, new FakeDarwinCalls.Proc(0, 100, 0));
        mac.procs.put(500, new FakeDarwinCalls.Proc(1, 1_700_000_000L, 250_000));
        mac.procs.put(501, new FakeDarwinCalls.Proc(500, 1_700_000_001L, 5));
        assertThat(table.info(501)).contains(new ProcessInfo(501, 500, 1_700_000_001_000_005L));
        assertThat(table.link(501)).contains(new ProcessTable.Link(501, 500));
        assertThat(table.link(500)).contains(new ProcessTable.Link(500, 1));
        assertThat(table.info(999)).isEmpty();
        assertThat(table.link(999)).isEmpty();
    }

    @Test
    void anUnreadableTableIsAFailureNotAnEmptyView() {
        mac.procs.put(500, new FakeDarwinCalls.Proc(1, 1, 0));
        mac.failWithErrno = 1; // EPERM: what PROC_PIDTBSDINFO would give across users
        assertThatThrownBy(() -> table.link(500)).isInstanceOf(ProcessTable.LookupFailedException.class)
                .hasMessageContaining("errno 1");
    }

    @Test
    void exitsArriveOnceForEveryWatchOfThePid() throws Exception {
        mac.procs.put(500, new FakeDarwinCalls.Proc(1, 42, 0));
        ProcessInfo p = table.info(500).orElseThrow();
        CountDownLatch both = new CountDownLatch(2);
        AtomicInteger calls = new AtomicInteger();
        table.watchExit(p, () -> { calls.incrementAndGet(); both.countDown(); });
        table.watchExit(p, () -> { calls.incrementAndGet(); both.countDown(); });
        mac.exit(500);
        assertThat(both.await(5, TimeUnit.SECONDS)).isTrue();
        Thread.sleep(50);
        assertThat(calls).hasValue(2);
    }

    @Test
    void aProcessGoneBeforeTheWatchOrReplacedByAnotherWithItsPidIsReportedAtOnce() {
        mac.procs.put(500, new FakeDarwinCalls.Proc(1, 42, 0));
        ProcessInfo old = table.info(500).orElseThrow();
        mac.exit(500);
        AtomicInteger gone = new AtomicInteger();
        table.watchExit(old, gone::incrementAndGet);
        assertThat(gone).as("ESRCH: already gone").hasValue(1);

        mac.procs.put(500, new FakeDarwinCalls.Proc(1, 43, 0)); // PID reused (PID_MAX is 99,999)
        table.watchExit(old, gone::incrementAndGet);
        assertThat(gone).as("another process now has the PID").hasValue(2);
        assertThat(mac.hasKnote(500)).as("the new process's knote is not left behind").isFalse();
    }

    @Test
    void aCancelledWatchIsNotCalledAndItsKnoteGoesWithTheLastOne() throws Exception {
        mac.procs.put(500, new FakeDarwinCalls.Proc(1, 42, 0));
        ProcessInfo p = table.info(500).orElseThrow();
        AtomicInteger first = new AtomicInteger();
        CountDownLatch second = new CountDownLatch(1);
        ProcessTable.ExitWatch a = table.watchExit(p, first::incrementAndGet);
        ProcessTable.ExitWatch b = table.watchExit(p, second::countDown);
        a.close();
        assertThat(mac.hasKnote(500)).isTrue();
        mac.exit(500);
        assertThat(second.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(first).hasValue(0);
        b.close(); // after the exit: harmless

        mac.procs.put(600, new FakeDarwinCalls.Proc(1, 7, 0));
        table.watchExit(table.info(600).orElseThrow(), () -> { }).close();
        assertThat(mac.hasKnote(600)).isFalse();
    }
}
