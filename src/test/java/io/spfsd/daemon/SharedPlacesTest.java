package io.spfsd.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.spfsd.control.Protocol;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runtimes that show different directories at the same place, each with processes working
 * there: every working directory stays reachable (getcwd, a JVM's start) whatever the others
 * look up, and every runtime still reads only its own bytes and names.
 */
class SharedPlacesTest {
    @TempDir
    Path tmp;

    /**
     * A process sitting in dir: once every looker has looked once, getcwd from Python 40 times
     * (counting failures; coreutils' pwd would rebuild a lost path by itself, and so would a
     * python3 wrapper that walks $PWD) while they go on looking, with between run halfway;
     * then says it is done.
     */
    private static String sitIn(Path sync, String dir, String between) {
        String rounds = "i=0; while [ $i -lt 20 ]; do /usr/bin/python3 -c 'import os; os.getcwd()' 2>/dev/null || n=$((n+1));"
                + " i=$((i+1)); done; ";
        return "cd $MNT/" + dir + " || exit 9; until [ $(ls " + sync + " | grep -c ready) -ge " + LOOKERS + " ]; do :;"
                + " done; n=0; " + rounds + between + rounds + "echo getcwd-failures=$n; touch " + sync + "/done-$$; ";
    }

    /** A process looking d and d/e up, and reading d/f, from its runtime until every sitter is done. */
    private static String lookUntilDone(Path sync) {
        return "touch " + sync + "/ready-$$; until [ $(ls " + sync + " | grep -c done) -ge " + SITTERS + " ]; do"
                + " ls $MNT/d >/dev/null 2>&1; cat $MNT/d/f >/dev/null 2>&1; ls $MNT/d/e >/dev/null 2>&1; done";
    }

    private static final int LOOKERS = 3;
    private static final int SITTERS = 5;

    private static DaemonHarness.Gated start(DaemonHarness h, String ref, boolean editable, String script)
            throws Exception {
        DaemonHarness.Gated p = h.gated(script);
        Protocol.Response r = h.client.send(Protocol.Request.mount((int) p.pid(), List.of(ref), editable, null));
        assertThat(r.ok()).as(r.error()).isTrue();
        return p;
    }

    /** Two layers, A and B, that both have d/f and d/e/g with other bytes, and a name of their own in d. */
    @BeforeEach
    void layers() throws Exception {
        for (String layer : new String[] {"A", "B"}) {
            String dir = layer.toLowerCase(java.util.Locale.ROOT);
            DaemonHarness.write(tmp.resolve(dir + "/d/f"), layer + "-f\n");
            DaemonHarness.write(tmp.resolve(dir + "/d/e/g"), layer + "-g\n");
            DaemonHarness.write(tmp.resolve(dir + "/d/only-" + dir), dir + "\n");
        }
    }

    @Test
    void workingDirectoriesSurviveOtherRuntimesLookingUpTheSamePlaceAndEachSeesItsOwn() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        try (DaemonHarness h = new DaemonHarness(tmp)) {
            h.commit(tmp.resolve("a"), "A");
            h.commit(tmp.resolve("b"), "B");
            Path sync = Files.createDirectories(tmp.resolve("sync"));
            List<DaemonHarness.Gated> sitters = new ArrayList<>();
            sitters.add(start(h, "A", false, sitIn(sync, "d", java + " -version >/dev/null 2>&1; echo jvm=$?; ")
                    + "cat f; ls"));
            sitters.add(start(h, "A", false, sitIn(sync, "d/e", "") + "cat g"));
            sitters.add(start(h, "B", false, sitIn(sync, "d", "") + "cat f; ls"));
            sitters.add(start(h, "B", false, sitIn(sync, "d/e", "") + "cat g"));
            sitters.add(start(h, "A", true, "echo mine > $MNT/d/made-here; " + sitIn(sync, "d", "") + "cat f; ls"));
            List<DaemonHarness.Gated> lookers = List.of(start(h, "A", false, lookUntilDone(sync)),
                    start(h, "B", false, lookUntilDone(sync)), start(h, "A", true, lookUntilDone(sync)));
            for (DaemonHarness.Gated p : sitters) {
                p.release();
            }
            for (DaemonHarness.Gated p : lookers) {
                p.release();
            }
            List<String> out = new ArrayList<>();
            for (DaemonHarness.Gated p : sitters) {
                out.add(p.output());
            }
            for (DaemonHarness.Gated p : lookers) {
                p.output();
            }
            for (String o : out) {
                assertThat(o).as(o).contains("getcwd-failures=0");
            }
            assertThat(out.get(0)).contains("jvm=0").contains("A-f").contains("only-a").doesNotContain("made-here");
            assertThat(out.get(1)).contains("A-g").doesNotContain("B-g");
            assertThat(out.get(2)).contains("B-f").doesNotContain("A-f").doesNotContain("only-a")
                    .doesNotContain("made-here");
            assertThat(out.get(3)).contains("B-g").doesNotContain("A-g");
            assertThat(out.get(4)).contains("A-f").contains("made-here").contains("only-a");

            // Outside every runtime the mount is empty, however much the kernel holds of d.
            Process outsider = new ProcessBuilder("sh", "-c", "ls -A " + h.mountpoint + "; cat " + h.mountpoint
                    + "/d/f; ls " + h.mountpoint + "/d/e; echo done").redirectErrorStream(true).start();
            String seen = new String(outsider.getInputStream().readAllBytes());
            outsider.waitFor();
            assertThat(seen).contains("No such file or directory").doesNotContain("A-f").doesNotContain("B-f")
                    .doesNotContain("g\n").endsWith("done\n");
        }
    }

    @Test
    void whatTheKernelKeptForOneRuntimeIsNeverShownToTheNext() throws Exception {
        try (DaemonHarness h = new DaemonHarness(tmp)) {
            h.commit(tmp.resolve("a"), "A");
            h.commit(tmp.resolve("b"), "B");
            // Alone, A's entries, negative entries, attributes and listings are kept for a day; B
            // must see none of them, and A's process sitting in d/e must keep it.
            DaemonHarness.Gated a = start(h, "A", false, "cd $MNT/d && cat f e/g && ls && cd e && cat ../only-b;"
                    + " read next; readlink /proc/self/cwd; /usr/bin/python3 -c 'import os; os.getcwd()' && echo cwd-kept;"
                    + " cd .. && cat f e/g && ls"
                    + " && cat only-b");
            a.release();
            java.io.BufferedReader out = new java.io.BufferedReader(new java.io.InputStreamReader(
                    a.process.getInputStream()));
            StringBuilder first = new StringBuilder();
            for (String line; (line = out.readLine()) != null && !line.contains("only-b"); ) {
                first.append(line).append('\n');
            }
            assertThat(first).contains("A-f", "A-g").doesNotContain("B-");
            // B neither enters nor lists d/e until A has checked its working directory: a lookup
            // or a readdirplus answering the same id there re-attaches a dropped dentry.
            String b = h.runIn("B", "cd $MNT/d && cat f only-b");
            assertThat(b).contains("B-f", "b\n").doesNotContain("A-");
            a.release();
            String again = new String(a.process.getInputStream().readAllBytes());
            assertThat(h.runIn("B", "cat $MNT/d/e/g; ls $MNT/d")).contains("B-g", "only-b").doesNotContain("A-")
                    .doesNotContain("only-a");
            assertThat(again).contains("A-f", "A-g").doesNotContain("B-").doesNotContain("only-b\n");
            assertThat(again).as("d/e was expired, not dropped, when B came").contains("cwd-kept")
                    .doesNotContain("(deleted)");
        }
    }

    /** Reads d/f, d/e/g and d's listing until stop exists, counting answers that are not ref's own. */
    private static String readOwnUntil(Path stop, String ref, String other) {
        return "cd $MNT/d || exit 9; bad=0; n=0; until [ -e " + stop + " ]; do"
                + " [ \"$(cat $MNT/d/f)\" = " + ref + "-f ] || bad=$((bad+1));"
                + " [ \"$(cat e/g)\" = " + ref + "-g ] || bad=$((bad+1));"
                + " ls $MNT/d | grep -q only-" + other + " && bad=$((bad+1));"
                + " /usr/bin/python3 -c 'import os; os.getcwd()' 2>/dev/null || bad=$((bad+1)); n=$((n+1)); done;"
                + " echo rounds=$n foreign-or-failed=$bad";
    }

    @Test
    void runtimesComingAndGoingNeverShowAnotherRuntimesBytesToOnesThatStay() throws Exception {
        try (DaemonHarness h = new DaemonHarness(tmp)) {
            h.commit(tmp.resolve("a"), "A");
            h.commit(tmp.resolve("b"), "B");
            Path stop = tmp.resolve("stop");
            DaemonHarness.Gated a = start(h, "A", false, readOwnUntil(stop, "A", "b"));
            DaemonHarness.Gated b = start(h, "B", false, readOwnUntil(stop, "B", "a"));
            a.release();
            b.release();
            // Every registration and removal changes agreement at d and d/e: A alone, B alone,
            // both, and an editable runtime of either, while A and B keep reading.
            for (int i = 0; i < 12; i++) {
                String ref = i % 2 == 0 ? "A" : "B";
                assertThat(h.runIn(ref, "cat $MNT/d/f")).contains(ref + "-f");
                assertThat(h.runEditable(ref, "echo x > d/new-" + i + " && cat d/f d/new-" + i)).contains(ref + "-f");
            }
            Files.writeString(stop, "");
            String fromA = a.output();
            String fromB = b.output();
            assertThat(fromA).as(fromA).contains("foreign-or-failed=0").doesNotContain("rounds=0 ");
            assertThat(fromB).as(fromB).contains("foreign-or-failed=0").doesNotContain("rounds=0 ");
        }
    }

    @Test
    void aDirectoryAnEditableRuntimeMovesWhereAnotherLooksBringsNothingTheKernelKeptWithIt() throws Exception {
        DaemonHarness.write(tmp.resolve("b/there/own"), "B-own\n");
        try (DaemonHarness h = new DaemonHarness(tmp)) {
            h.commit(tmp.resolve("a"), "A");
            h.commit(tmp.resolve("b"), "B");
            Path stop = tmp.resolve("stop");
            DaemonHarness.Gated b = start(h, "B", false, "until [ -e " + stop + " ]; do cat $MNT/there/own"
                    + " >/dev/null; ls $MNT/there | grep -q sub && echo foreign; [ -e $MNT/there/sub/made ] && echo foreign; done; cat $MNT/there/own; ls $MNT/there");
            b.release();
            String e = h.runEditable("A", "mkdir -p new/sub && echo made > new/sub/made && ls new/sub && cat new/sub/made"
                    + " && mv new there && ls there/sub && cat there/sub/made");
            assertThat(e).contains("made\nmade\n");
            Files.writeString(stop, "");
            assertThat(b.output()).contains("B-own", "own").doesNotContain("foreign").doesNotContain("sub");
        }
    }
}
