package io.spfsd.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spfsd.control.Protocol;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Routing through a real mount: who sees which runtime. */
class DaemonTest {
    @TempDir
    static Path tmp;
    static DaemonHarness h;

    @BeforeAll
    static void start() throws Exception {
        h = new DaemonHarness(tmp);
        Path a = tmp.resolve("a");
        DaemonHarness.write(a.resolve("f"), "from A\n");
        DaemonHarness.write(a.resolve("shared/x"), "same\n");
        DaemonHarness.write(a.resolve("d/only-a"), "a\n");
        DaemonHarness.write(a.resolve("d/file"), "A's d/file\n");
        Path b = tmp.resolve("b");
        DaemonHarness.write(b.resolve("f"), "from B\n");
        DaemonHarness.write(b.resolve("shared/x"), "same\n");
        DaemonHarness.write(b.resolve("d/only-b"), "b\n");
        DaemonHarness.write(b.resolve("d/file"), "B's d/file\n");
        h.commit(a, "a");
        h.commit(b, "b");
    }

    @AfterAll
    static void stop() {
        if (h != null) {
            h.close();
        }
    }

    @Test
    void twoRuntimesReadDifferentContentAtTheSamePathAtTheSameTime() throws Exception {
        DaemonHarness.Gated pa = h.gated("cat $MNT/f $MNT/shared/x");
        DaemonHarness.Gated pb = h.gated("cat $MNT/f $MNT/shared/x");
        assertThat(h.mount(pa.pid(), "a").ok()).isTrue();
        assertThat(h.mount(pb.pid(), "b").ok()).isTrue();
        pa.release();
        pb.release();
        assertThat(pa.output()).isEqualTo("from A\nsame\n");
        assertThat(pb.output()).isEqualTo("from B\nsame\n");
    }

    @Test
    void viewsAlternatingOnTheSamePathsNeverSeeEachOthersData() throws Exception {
        String loop = "i=0; while [ $i -lt 40 ]; do cat $MNT/f $MNT/d/file $MNT/shared/x; ls $MNT/d;"
                + " cat $MNT/d/only-a $MNT/d/only-b 2>/dev/null; i=$((i+1)); done";
        DaemonHarness.Gated pa = h.gated(loop);
        DaemonHarness.Gated pb = h.gated(loop);
        h.mount(pa.pid(), "a");
        h.mount(pb.pid(), "b");
        pa.release();
        pb.release();
        String a = pa.output();
        String b = pb.output();
        String oneA = "from A\nA's d/file\nsame\nfile\nonly-a\na\n";
        String oneB = "from B\nB's d/file\nsame\nfile\nonly-b\nb\n";
        assertThat(a).isEqualTo(oneA.repeat(40));
        assertThat(b).isEqualTo(oneB.repeat(40));
    }

    @Test
    void eachOperationsTimeIsSplitIntoItsReplyAndTheDaemonsOwnWork() throws Exception {
        h.runIn("a", "cat $MNT/f $MNT/d/file > /dev/null");
        @SuppressWarnings("unchecked")
        var ops = (java.util.Map<String, java.util.Map<String, Number>>) h.client.send(Protocol.Request.status())
                .status().metrics().get("ops");
        for (String op : new String[]{"lookup", "open", "read"}) {
            var o = ops.get(op);
            assertThat(o.get("reply_mean_us").doubleValue()).as(op + ": its replies were timed").isPositive();
            assertThat(o.get("work_mean_us").doubleValue() + o.get("reply_mean_us").doubleValue())
                    .as(op + ": the two parts make the mean").isCloseTo(o.get("mean_us").doubleValue(),
                            org.assertj.core.data.Offset.offset(0.02));
        }
    }

    @Test
    void closingAReadOnlyFileSendsNoFlush() throws Exception {
        assertThat(h.runIn("a", "cat $MNT/f $MNT/d/file $MNT/shared/x > /dev/null; head -c1 $MNT/f")).isEqualTo("f");
        @SuppressWarnings("unchecked")
        var ops = (java.util.Map<String, java.util.Map<String, Number>>) h.client.send(Protocol.Request.status())
                .status().metrics().get("ops");
        assertThat(ops.get("open").get("count").longValue()).isPositive();
        assertThat(ops).as("every open in these tests is read-only").doesNotContainKey("flush");
    }

    @Test
    void aChildInheritsItsParentsRuntime() throws Exception {
        assertThat(h.runIn("b", "sh -c 'sh -c \"cat $MNT/f\"'")).isEqualTo("from B\n");
    }

    @Test
    void anUnregisteredProcessSeesAnEmptyView() throws Exception {
        try (Stream<Path> s = Files.list(h.mountpoint)) {
            assertThat(s.toList()).isEmpty();
        }
        assertThatThrownBy(() -> Files.readString(h.mountpoint.resolve("f"))).isInstanceOf(NoSuchFileException.class);
        DaemonHarness.Gated p = h.gated("ls -A $MNT; cat $MNT/f 2>&1 | sed 's/.*: //'");
        p.release();
        assertThat(p.output()).isEqualTo("No such file or directory\n");
    }

    @Test
    void aRuntimeDisappearsWhenItsRootExits() throws Exception {
        DaemonHarness.Gated p = h.gated("exit 0");
        h.mount(p.pid(), "a");
        assertThat(registered(p.pid())).isTrue();
        p.release();
        p.output();
        long exited = System.nanoTime();
        while (registered(p.pid()) && System.nanoTime() - exited < 1_000_000_000L) {
            Thread.sleep(5);
        }
        assertThat(registered(p.pid())).as("removed within a second of the exit").isFalse();
    }

    private static boolean registered(long pid) {
        return h.daemon.router().mounts().stream().anyMatch(m -> m.rootPid() == pid);
    }

    @Test
    void badRequestsGetClearErrorsAndTheDaemonKeepsServing() throws Exception {
        DaemonHarness.Gated p = h.gated("exit 0");
        assertThat(h.mount(p.pid(), "no-such-tag").error()).contains("unknown ref 'no-such-tag'");
        assertThat(h.mount(999_999_999, "a").error()).contains("no process with PID 999999999");
        assertThat(h.mount(p.pid(), "a").ok()).isTrue();
        assertThat(h.mount(p.pid(), "b").error()).contains("already registered for PID " + p.pid())
                .contains("one process cannot be in two").containsPattern("use spfsd join rt-[0-9]+-");
        assertThat(h.client.send(new Protocol.Request("explode", null, null)).error()).contains("unknown op");
        assertThat(h.client.send(new Protocol.Request("mount", null, null)).error()).contains("needs");
        assertThat(RawSocket.send(h.client.socket(), "{not json\n")).contains("\"ok\":false").contains("malformed");
        assertThat(RawSocket.send(h.client.socket(), "x".repeat(70_000) + "\n")).contains("longer than");
        p.release();
        p.output();
        assertThat(h.client.send(Protocol.Request.status()).ok()).isTrue();
    }

    @Test
    void unmountReportsWhetherSomethingWasRemoved() throws Exception {
        DaemonHarness.Gated p = h.gated("cat $MNT/f 2>&1 | sed 's/.*: //'");
        h.mount(p.pid(), "a");
        assertThat(h.client.send(Protocol.Request.unmount((int) p.pid())).removed()).isTrue();
        assertThat(h.client.send(Protocol.Request.unmount((int) p.pid())).removed()).isFalse();
        p.release();
        assertThat(p.output()).as("after unmount the process sees the empty view").isEqualTo("No such file or directory\n");
    }

}
