package io.spfsd.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.spfsd.control.Protocol;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an editable runtime deleted from its stack stays deleted: after a directory is moved
 * onto a deleted stack directory, in a tree deeper than a path the system takes whole, after
 * the daemon restarts (the scratch read again from disk) and in what is committed; and it
 * shows again once the change is reset.
 */
class StackHidingTest {
    @TempDir
    Path tmp;

    /** Runs script in runtime name (a kept one), joined by a new process; its output. */
    private static String in(DaemonHarness h, String name, String script) throws Exception {
        DaemonHarness.Gated p = h.gated("cd $MNT && { " + script + " ; } 2>&1");
        Protocol.Response r = h.client.send(Protocol.Request.mount((int) p.pid(), List.of(), false, name));
        assertThat(r.ok()).as(r.error()).isTrue();
        p.release();
        return p.output();
    }

    /** Makes the kept editable runtime name of ref, running script in it first. */
    private static String kept(DaemonHarness h, String ref, String name, String script) throws Exception {
        DaemonHarness.Gated p = h.gated("cd $MNT && { " + script + " ; } 2>&1");
        Protocol.Response r = h.client.send(Protocol.Request.mount((int) p.pid(), List.of(ref), true, name, true));
        assertThat(r.ok()).as(r.error()).isTrue();
        p.release();
        return p.output();
    }

    @Test
    void aDirectoryMovedOntoADeletedStackDirectoryShowsOnlyItsOwnThroughRestartAndCommit() throws Exception {
        DaemonHarness.write(tmp.resolve("base/lib/a"), "a\n");
        DaemonHarness.write(tmp.resolve("base/lib/sub/b"), "b\n");
        DaemonHarness.write(tmp.resolve("base/keep/k"), "k\n");
        String listing = "lib:\nc\n";
        try (DaemonHarness h = new DaemonHarness(tmp)) {
            h.commit(tmp.resolve("base"), "base");
            assertThat(kept(h, "base", "mv", "rm -rf lib && mkdir new && echo c > new/c && mv new lib && ls -R lib"))
                    .isEqualTo(listing);
            assertThat(in(h, "mv", "ls -R lib; cat lib/a lib/sub/b")).startsWith(listing)
                    .contains("lib/a: No such file").contains("lib/sub/b: No such file");
        }
        try (DaemonHarness h = new DaemonHarness(tmp)) { // the scratch is read again from disk
            assertThat(in(h, "mv", "ls -R lib; ls keep")).isEqualTo(listing + "k\n");
            Protocol.Response c = h.client.send(Protocol.Request.commit(null, "mv"));
            assertThat(c.ok()).as(c.error()).isTrue();
            assertThat(in(h, "mv", "ls -R lib")).as("over the committed stack").isEqualTo(listing);
            assertThat(h.runIn("base+" + c.digest(), "ls -R $MNT/lib")).as("what was committed").isEqualTo(
                    h.mountpoint + "/lib:\nc\n");
        }
    }

    @Test
    void aResetShowsTheStackAgain() throws Exception {
        DaemonHarness.write(tmp.resolve("base/lib/a"), "a\n");
        DaemonHarness.write(tmp.resolve("base/lib/sub/b"), "b\n");
        try (DaemonHarness h = new DaemonHarness(tmp)) {
            h.commit(tmp.resolve("base"), "base");
            assertThat(kept(h, "base", "rs", "rm -rf lib && mkdir lib && ls -A lib")).isEmpty();
            Protocol.Response r = h.client.send(new Protocol.Request("reset", null, null, null, "rs", List.of("lib")));
            assertThat(r.ok()).as(r.error()).isTrue();
            assertThat(in(h, "rs", "ls -R lib")).isEqualTo("lib:\na\nsub\n\nlib/sub:\nb\n");
        }
    }

    @Test
    void aDeepStackTreeIsRemovedAndWhatWasDeletedDeepDownStaysDeleted() throws Exception {
        String deep = "top" + "/d".repeat(300);
        DaemonHarness.write(tmp.resolve("base").resolve(deep + "/f"), "f\n");
        DaemonHarness.write(tmp.resolve("base").resolve(deep + "/g"), "g\n");
        try (DaemonHarness h = new DaemonHarness(tmp)) {
            h.commit(tmp.resolve("base"), "base");
            assertThat(kept(h, "base", "deep", "cd " + deep + " && rm f && ls")).isEqualTo("g\n");
            assertThat(in(h, "deep", "ls " + deep)).isEqualTo("g\n");
            assertThat(in(h, "deep", "rm -rf top && ls -A")).isEmpty();
        }
        try (DaemonHarness h = new DaemonHarness(tmp)) {
            assertThat(in(h, "deep", "ls -A")).as("read again from disk").isEmpty();
        }
    }

    @Test
    void aDeleteACopyUpAndARemovalWorkWhereTheScratchPathIsLongerThanTheSystemTakes() throws Exception {
        String name = "n".repeat(100);
        String deep = "top" + ("/" + name).repeat(40); // 4,043 bytes: with the scratch's own prefix, past 4,096
        DaemonHarness.write(tmp.resolve("base").resolve(deep + "/f"), "f\n");
        DaemonHarness.write(tmp.resolve("base").resolve(deep + "/g"), "g\n");
        try (DaemonHarness h = new DaemonHarness(tmp)) {
            h.commit(tmp.resolve("base"), "base");
            String cd = "cd top && for i in $(seq 1 40); do cd " + name + " || exit 1; done";
            assertThat(kept(h, "base", "long", cd + " && rm f && echo more >> g && ls && cat g"))
                    .isEqualTo("g\ng\nmore\n");
            assertThat(in(h, "long", cd + " && ls && cat g")).isEqualTo("g\ng\nmore\n");
            List<Protocol.Change> changes = h.client.send(new Protocol.Request("diff", null, null, null, "long")).changes();
            assertThat(changes).as("diff walks the scratch that deep").contains(new Protocol.Change("deleted", deep + "/f"),
                    new Protocol.Change("changed", deep + "/g"));
            // The deepest scratch directory (tmp/run/runtimes/long/upper/top/...: ~4,098 bytes) is past PATH_MAX
            // while its parent is not: listing the parent stats an entry too long to name whole.
            assertThat(in(h, "long", "rm -rf top && ls -A")).as("removed whole, scratch and stack").isEmpty();
            Protocol.Response r = h.client.send(new Protocol.Request("unmount", null, null, null, "long"));
            assertThat(r.ok()).as(r.error()).isTrue();
            assertThat(tmp.resolve("run/runtimes/long")).as("its scratch, however deep, went with it").doesNotExist();
        }
    }

    @Test
    void whatTheDaemonKnowsInMemoryTheScratchOnDiskAndACommitAllShowTheSameTree() throws Exception {
        for (String f : List.of("a/1/f", "a/1/g", "a/2/f", "b/x/y", "b/keep", "c/deep/er/f", "d/f", "e")) {
            DaemonHarness.write(tmp.resolve("base/" + f), f + "\n");
        }
        String change = "rm -rf a/1 && mkdir a/1 && echo new > a/1/new"   // a directory deleted, made again
                + " && rm b/x/y && rmdir b/x && echo file > b/x"          // a directory replaced by a file
                + " && rm -rf c/deep && mkdir n && echo n > n/f && mv n c/deep" // a new directory moved onto it
                + " && rm -rf d && echo d > d"                               // a file where a directory was
                + " && rm e && mkdir e && echo e > e/f";                     // a directory where a file was
        String list = "find . -mindepth 1 -printf '%p %y\\n' | LC_ALL=C sort && cat a/1/new b/x c/deep/f d e/f";
        String expected;
        Path plain = tmp.resolve("plain");
        new ProcessBuilder("cp", "-a", tmp.resolve("base").toString(), plain.toString()).start().waitFor();
        Process p = new ProcessBuilder("sh", "-c", "cd '" + plain + "' && " + change + " && " + list)
                .redirectErrorStream(true).start();
        expected = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(expected).isZero();
        String layer;
        try (DaemonHarness h = new DaemonHarness(tmp)) {
            h.commit(tmp.resolve("base"), "base");
            assertThat(kept(h, "base", "same", change + " && " + list)).as("in memory").isEqualTo(expected);
        }
        try (DaemonHarness h = new DaemonHarness(tmp)) {
            assertThat(in(h, "same", list)).as("read again from disk").isEqualTo(expected);
            Protocol.Response c = h.client.send(Protocol.Request.commit(null, "same"));
            assertThat(c.ok()).as(c.error()).isTrue();
            layer = c.digest();
            assertThat(in(h, "same", list)).as("over the committed stack").isEqualTo(expected);
            assertThat(h.runIn("base+" + layer, "cd $MNT && " + list)).as("what was committed").isEqualTo(expected);
        }
    }

    /**
     * A stack name of 252 to 255 bytes has no room for a ".wh." whiteout file: it is deleted with
     * a character device 0/0 of its own name (overlayfs's form), which the runtime never sees, a
     * restart reads back, diff reports and a commit turns into a mask. Before, such names could
     * not be deleted at all (ENAMETOOLONG).
     */
    @Test
    void namesTooLongForAWhiteoutFileAreDeletedAndReplacedThroughRestartAndCommit() throws Exception {
        String n = "n".repeat(255);
        String d = "d".repeat(252);
        String m = "m".repeat(253);
        DaemonHarness.write(tmp.resolve("base/" + n), "old\n");
        DaemonHarness.write(tmp.resolve("base/" + d + "/f"), "f\n");
        DaemonHarness.write(tmp.resolve("base/" + m), "m\n");
        DaemonHarness.write(tmp.resolve("base/keep"), "k\n");
        String change = "rm " + n + " && rm -rf " + d + " && rm " + m + " && mkdir " + m + " && echo new > " + m + "/f";
        String list = "ls -A | awk '{print length($0)}' | sort -n && find . -mindepth 1 -type f | wc -l && cat " + m + "/f";
        String expected = "4\n253\n2\nnew\n";
        try (DaemonHarness h = new DaemonHarness(tmp)) {
            h.commit(tmp.resolve("base"), "base");
            assertThat(kept(h, "base", "long", change + " && " + list)).as("in memory").isEqualTo(expected);
            Protocol.Response diff = h.client.send(new Protocol.Request("diff", null, null, null, "long"));
            assertThat(diff.ok()).as(diff.error()).isTrue();
            assertThat(diff.changes()).extracting(c -> c.kind() + " " + c.path().length())
                    .contains("deleted 255", "deleted 252");
        }
        try (DaemonHarness h = new DaemonHarness(tmp)) {
            assertThat(in(h, "long", list)).as("read again from disk").isEqualTo(expected);
            Protocol.Response c = h.client.send(Protocol.Request.commit(null, "long"));
            assertThat(c.ok()).as(c.error()).isTrue();
            assertThat(in(h, "long", list)).as("over the committed stack").isEqualTo(expected);
            assertThat(h.runIn("base+" + c.digest(), "cd $MNT && " + list)).as("what was committed").isEqualTo(expected);
            assertThat(in(h, "long", "mkfifo " + "f".repeat(255) + " && mknod " + "c".repeat(255) + " c 1 3 && ls | wc -l"
                    + " && mknod " + "z".repeat(255) + " c 0 0 2>&1 | sed 's/.*: //'"))
                    .as("devices of such names are made, but for a whiteout's 0/0").isEqualTo("4\nOperation not permitted\n"); // keep, m253, the fifo, the device
        }
    }
}
