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

/** Editable runtimes through a real mount: every write goes to the runtime's scratch and nowhere else. */
class EditableRuntimeTest {
    @TempDir
    static Path tmp;
    static DaemonHarness h;

    @BeforeAll
    static void start() throws Exception {
        h = new DaemonHarness(tmp);
        Path base = tmp.resolve("base");
        DaemonHarness.write(base.resolve("etc/conf"), "a=1\n");
        DaemonHarness.write(base.resolve("docs/a"), "doc a\n");
        DaemonHarness.write(base.resolve("docs/b"), "doc b\n");
        DaemonHarness.write(base.resolve("big"), "0123456789".repeat(100_000));
        h.commit(base, "base");
    }

    @AfterAll
    static void stop() {
        if (h != null) {
            h.close();
        }
    }

    /** Runs script in a new editable runtime of base; returns its output and the runtime's scratch. */
    static String edit(String script) throws Exception {
        return h.runEditable("base", script);
    }

    @Test
    void filesAreCreatedWrittenRenamedLinkedAndDeleted() throws Exception {
        String out = edit("echo hi > new.txt && cat new.txt && mv new.txt moved.txt && ls"
                + " && chmod 640 moved.txt && stat -c %a moved.txt"
                + " && ln -s moved.txt link && readlink link && cat link"
                + " && ln moved.txt hard && stat -c %h moved.txt"
                + " && touch -d @1700000000 moved.txt && stat -c %Y moved.txt"
                + " && mkfifo fifo && stat -c %F fifo"
                + " && rm hard link fifo && ls");
        assertThat(out).isEqualTo("hi\nbig\ndocs\netc\nmoved.txt\n640\nmoved.txt\nhi\n2\n1700000000\nfifo\n"
                + "big\ndocs\netc\nmoved.txt\n");
    }

    @Test
    void stackFilesAreCopiedUpOnWriteAndDeletionsHideThem() throws Exception {
        String out = edit("echo b=2 >> etc/conf && cat etc/conf && truncate -s 2 big && wc -c < big"
                + " && rm docs/a && ls docs && rm -r docs && ls && mkdir docs && ls docs | wc -l"
                + " && mkdir -p d/e && echo x > d/e/f && rmdir d/e; rm d/e/f && rmdir d/e && ls d | wc -l");
        assertThat(out).isEqualTo("a=1\nb=2\n2\nb\nbig\netc\n0\n"
                + "rmdir: failed to remove 'd/e': Directory not empty\n0\n");
    }

    @Test
    void fallocateReservesAndPunchesHolesInScratchFiles() throws Exception {
        String out = edit("fallocate -l 1048576 reserved && stat -c %s reserved && du -k reserved | cut -f1"
                + " && fallocate -p -o 0 -l 524288 reserved && du -k reserved | cut -f1 && stat -c %s reserved");
        assertThat(out).isEqualTo("1048576\n1024\n512\n1048576\n");
    }

    @Test
    void writesAreNeverSeenByAnotherRuntimeOfTheSameLayers() throws Exception {
        DaemonHarness.Gated writer = h.gated("cd $MNT && echo changed > etc/conf && rm docs/b && echo mine > only"
                + " && read again && cat etc/conf && ls docs");
        assertThat(h.client.send(Protocol.Request.mount((int) writer.pid(), List.of("base"), true, "writer")).ok())
                .isTrue();
        writer.release();
        Thread.sleep(300);
        String readOnly = h.runIn("base", "cat $MNT/etc/conf; ls $MNT/docs; ls $MNT/only 2>&1 | sed 's/.*: //'");
        String otherEditable = edit("cat etc/conf && ls docs && ls only 2>&1 | sed 's/.*: //'");
        writer.release();
        assertThat(writer.output()).isEqualTo("changed\na\n");
        assertThat(readOnly).isEqualTo("a=1\na\nb\nNo such file or directory\n");
        assertThat(otherEditable).isEqualTo("a=1\na\nb\nNo such file or directory\n");
    }

    @Test
    void theScratchGoesWithTheRuntimeAndReadOnlyRuntimesStayReadOnly() throws Exception {
        DaemonHarness.Gated p = h.gated("echo x > $MNT/file");
        Protocol.Response r = h.client.send(Protocol.Request.mount((int) p.pid(), List.of("base"), true, "gone"));
        Path scratch = Path.of(r.mount().scratch());
        assertThat(Files.isDirectory(scratch.resolve("upper"))).isTrue();
        p.release();
        p.output();
        long deadline = System.nanoTime() + 2_000_000_000L;
        while (Files.exists(scratch) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(scratch).doesNotExist();
        assertThat(h.runIn("base", "sh -c 'echo x > $MNT/file' 2>&1 | sed 's/.*: //'"))
                .isEqualTo("Read-only file system\n");
    }

    @Test
    void aCommittedScratchIsALayerThatShowsWhatTheRuntimeShowed() throws Exception {
        String changes = "echo new > added && echo b=2 >> etc/conf && rm docs/a && rm -r docs && mkdir docs"
                + " && echo fresh > docs/c && read again && cat added etc/conf && ls docs && ls upper 2>&1 | wc -l";
        DaemonHarness.Gated p = h.gated("cd $MNT && " + changes);
        Protocol.Response r = h.client.send(Protocol.Request.mount((int) p.pid(), List.of("base"), true, "to-commit"));
        Path upper = Path.of(r.mount().scratch()).resolve("upper");
        p.release();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!Files.exists(upper.resolve("docs/c")) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        java.io.StringWriter out = new java.io.StringWriter();
        java.io.StringWriter err = new java.io.StringWriter();
        int code = io.spfsd.cli.Main.run(new String[]{"commit", "layer", "--runtime", "to-commit", "-t", "mytool",
            "--socket", h.client.socket().toString()}, new java.io.PrintWriter(out), new java.io.PrintWriter(err),
                new io.spfsd.config.Locations(java.util.Map.of(), tmp.toString(), "Linux"));
        assertThat(code).as(err.toString()).isZero();
        String layer = out.toString().strip();
        assertThat(h.repo.tags().history("mytool").getFirst().target().toString()).isEqualTo(layer);
        try (var s = Files.list(upper)) {
            assertThat(s.toList()).as("the scratch is empty after the commit").isEmpty();
        }
        Scratches.deleteLater(tmp.resolve("nothing")).get(10, java.util.concurrent.TimeUnit.SECONDS); // after the commit's
        try (var s = Files.list(upper.getParent())) {
            assertThat(s.map(x -> x.getFileName().toString())).as("the old copy is deleted after the answer")
                    .containsExactly("upper");
        }
        p.release();
        assertThat(p.output()).as("the runtime sees the same after the commit")
                .isEqualTo("new\na=1\nb=2\nc\n1\n");
        assertThat(h.runIn("base+mytool", "cat $MNT/added $MNT/etc/conf; ls $MNT/docs"))
                .as("a read-only runtime of base+layer").isEqualTo("new\na=1\nb=2\nc\n");
        Protocol.Response again = h.client.send(Protocol.Request.commit(null, "nope"));
        assertThat(again.error()).isEqualTo("no runtime named 'nope'");
        Protocol.Response outside = h.client.send(Protocol.Request.commit((int) ProcessHandle.current().pid(), null));
        assertThat(outside.error()).startsWith("this process is in no runtime: run commit inside one")
                .contains("--runtime NAME");
        DaemonHarness.Gated idle = h.gated("read again");
        assertThat(h.client.send(Protocol.Request.mount((int) idle.pid(), List.of("base"), true, "unchanged")).ok())
                .isTrue();
        Protocol.Response nothing = h.client.send(Protocol.Request.commit(null, "unchanged"));
        assertThat(nothing.ok()).isFalse();
        assertThat(nothing.error()).isEqualTo("nothing to commit: runtime 'unchanged' has no changes");
        idle.release();
        idle.release();
        idle.output();
    }

    @Test
    void programsThatRelyOnPosixSemanticsWork() throws Exception {
        String out = edit("set -C; echo 1 > x; (echo again > x) 2>/dev/null || echo exclusive; set +C"
                + " && echo 2 > y && mv -f y x && cat x && ls y 2>/dev/null || echo y-gone"
                + " && mv etc/conf docs/a && cat docs/a && ls etc | wc -l"
                + " && mv docs docs2 && ls docs2 && ls docs 2>/dev/null || echo docs-gone"
                + " && mkdir d && mv d d/sub 2>/dev/null || echo not-into-itself"
                + " && chown 1234:5678 x && stat -c %u:%g x"
                + " && touch -d @1000 old && touch new && [ new -nt old ] && echo newer"
                + " && dd if=/dev/zero of=zeros bs=1M count=10 2>/dev/null && stat -c %s zeros"
                + " && mkdir -p t/a && echo in > t/a/f && tar -cf t.tar t && rm -r t && tar -xf t.tar && cat t/a/f"
                + " && cp big big2 && cmp big big2 && echo copied"
                + " && rm -rf docs2 t && ls");
        assertThat(out).isEqualTo("exclusive\n2\ny-gone\na=1\n0\na\nb\ndocs-gone\nnot-into-itself\n1234:5678\n"
                + "newer\n10485760\nin\ncopied\nbig\nbig2\nd\netc\nnew\nold\nt.tar\nx\nzeros\n");
    }

    @Test
    void diffListsTheChangesAndResetDropsThem() throws Exception {
        DaemonHarness.Gated p = h.gated("cd $MNT && echo new > added && echo b=2 >> etc/conf && rm docs/a"
                + " && echo ready && read again && cat etc/conf && ls docs added 2>&1 | sed 's/.*: //'");
        Protocol.Response r = h.client.send(Protocol.Request.mount((int) p.pid(), List.of("base"), true, "differ"));
        assertThat(r.ok()).isTrue();
        p.release();
        java.io.BufferedReader lines = new java.io.BufferedReader(
                new java.io.InputStreamReader(p.process.getInputStream()));
        assertThat(lines.readLine()).isEqualTo("ready");
        Protocol.Response diff = h.client.send(new Protocol.Request("diff", null, null, null, "differ"));
        assertThat(diff.changes()).extracting(Protocol.Change::kind, Protocol.Change::path).containsExactly(
                org.assertj.core.groups.Tuple.tuple("added", "added"),
                org.assertj.core.groups.Tuple.tuple("deleted", "docs/a"),
                org.assertj.core.groups.Tuple.tuple("changed", "etc/conf"));
        Protocol.Response reset = h.client.send(new Protocol.Request("reset", null, null, null, "differ",
                List.of("etc/conf", "docs/a")));
        assertThat(reset.ok()).as(reset.error()).isTrue();
        Thread.sleep(1100); // past the second the kernel may keep a private entry
        p.release();
        assertThat(p.process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(new String(p.process.getInputStream().readAllBytes()))
                .isEqualTo("a=1\nadded\n\ndocs:\na\nb\n");
    }

    @Test
    void runtimeListInfoAndRmFromTheCli() throws Exception {
        DaemonHarness.Gated p = h.gated("read again; ls $MNT 2>&1 | wc -l");
        assertThat(h.client.send(Protocol.Request.mount((int) p.pid(), List.of("base"), true, "listed")).ok()).isTrue();
        p.release(); // past the gate; it waits at "read again"
        String sock = h.client.socket().toString();
        assertThat(cli("runtime", "list", "--socket", sock)).contains("listed").contains("editable")
                .containsPattern("listed +pid [0-9]+ +editable +- ");
        assertThat(cli("runtime", "info", "listed", "--socket", sock)).contains("\"name\" : \"listed\"");
        assertThat(cli("runtime", "rm", "listed", "--socket", sock)).as("its process runs: --force needed").isEqualTo("exit 1");
        assertThat(cli("runtime", "prune", "--socket", sock)).as("a running runtime is never pruned").isEmpty();
        assertThat(cli("runtime", "rm", "--force", "listed", "--socket", sock)).isEmpty();
        assertThat(h.daemon.router().mounts()).noneMatch(m -> m.name().equals("listed"));
        p.release();
        assertThat(p.output()).as("removed: the empty view").isEqualTo("0\n");
        assertThat(cli("runtime", "info", "nope", "--socket", sock)).isEqualTo("exit 1");
    }

    @Test
    void runtimeInfoAndDiffPrintTheShapesDocsCliMdLists() throws Exception {
        DaemonHarness.Gated p = h.gated("cd $MNT && echo x > added && read again");
        h.client.send(Protocol.Request.mount((int) p.pid(), List.of("base"), true, "shaped"));
        p.release();
        String sock = h.client.socket().toString();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (cli("diff", "--runtime", "shaped", "--socket", sock, "--json").equals("[ ]\n")
                && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        for (String[] args : new String[][]{{"runtime", "info", "shaped"}, {"diff", "--runtime", "shaped", "--json"}}) {
            String[] withSocket = java.util.stream.Stream.concat(java.util.Arrays.stream(args),
                    java.util.stream.Stream.of("--socket", sock)).toArray(String[]::new);
            com.fasterxml.jackson.databind.JsonNode node = json.readTree(cli(withSocket));
            com.fasterxml.jackson.databind.JsonNode first = node.isArray() ? node.get(0) : node;
            java.util.List<String> keys = new java.util.ArrayList<>();
            first.fieldNames().forEachRemaining(keys::add);
            String command = args[0].equals("runtime") ? "runtime info NAME" : "diff";
            assertThat(keys).as(command).containsExactlyElementsOf(io.spfsd.testing.DocumentedJson.keys(command));
        }
        p.release();
        assertThat(p.output()).isEmpty();
    }

    @Test
    void cleanKeepsWhatARunningRuntimeStandsOnEvenUntagged() throws Exception {
        DaemonHarness.Gated p = h.gated("cd $MNT && echo new > added && read again && cat added");
        Protocol.Response r = h.client.send(Protocol.Request.mount((int) p.pid(), List.of("base"), true, "untagged"));
        Path upper = Path.of(r.mount().scratch()).resolve("upper");
        p.release();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!Files.exists(upper.resolve("added")) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        String sock = h.client.socket().toString();
        String repo = h.repo.root().toString();
        String layer = cli("commit", "layer", "--runtime", "untagged", "--socket", sock).strip();
        String manifest = h.repo.readObject(io.spfsd.storage.Digest.parse(layer)) instanceof
                io.spfsd.storage.StoredObject.Layer l ? l.manifest().toString() : null;
        assertThat(cli("clean", "--older-than", "0", "--repo", repo, "--socket", sock)).startsWith("would remove ");
        assertThat(cli("clean", "--yes", "--older-than", "0", "--repo", repo, "--socket", sock)).startsWith("removed ");
        assertThat(h.repo.hasObject(io.spfsd.storage.Digest.parse(manifest)))
                .as("the runtime runs on the new layer's manifest: clean keeps it").isTrue();
        p.release();
        assertThat(p.output()).isEqualTo("new\n");
    }

    private static String cli(String... args) {
        java.io.StringWriter out = new java.io.StringWriter();
        int code = io.spfsd.cli.Main.run(args, new java.io.PrintWriter(out), new java.io.PrintWriter(new java.io.StringWriter()),
                new io.spfsd.config.Locations(java.util.Map.of(), tmp.toString(), "Linux"));
        return code == 0 ? out.toString() : "exit " + code;
    }

    @Test
    void anotherProcessTreeJoinsARuntimeAndItLivesUntilBothHaveExited() throws Exception {
        DaemonHarness.Gated a = h.gated("read again; cat $MNT/from-b");
        DaemonHarness.Gated b = h.gated("echo hello > $MNT/from-b; echo written; read again");
        assertThat(h.client.send(Protocol.Request.mount((int) a.pid(), List.of("base"), true, "joined")).ok()).isTrue();
        Protocol.Response j = h.client.send(Protocol.Request.mount((int) b.pid(), List.of(), false, "joined"));
        assertThat(j.ok()).as(j.error()).isTrue();
        assertThat(j.mount().roots()).containsExactlyInAnyOrder((int) a.pid(), (int) b.pid());
        assertThat(h.client.send(Protocol.Request.mount((int) b.pid(), List.of("base"), false, "joined")).error())
                .contains("exists already");
        b.release();
        java.io.BufferedReader bOut = new java.io.BufferedReader(new java.io.InputStreamReader(b.process.getInputStream()));
        assertThat(bOut.readLine()).isEqualTo("written");
        a.release();
        a.release();
        assertThat(a.output()).as("one runtime, one scratch").isEqualTo("hello\n");
        Thread.sleep(300);
        assertThat(h.daemon.router().mounts()).as("b still holds it").anyMatch(m -> m.name().equals("joined"));
        b.release();
        b.process.waitFor();
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (h.daemon.router().mounts().stream().anyMatch(m -> m.name().equals("joined"))
                && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(h.daemon.router().mounts()).noneMatch(m -> m.name().equals("joined"));
    }

    @Test
    void theEmptyEnvAndLongNamesCommitAndServe() throws Exception {
        String longName = "n".repeat(255);
        DaemonHarness.Gated p = h.gated("cd $MNT && echo long > " + longName + " && ls | wc -l && read again");
        Protocol.Response r = h.client.send(Protocol.Request.mount((int) p.pid(), List.of("-"), true, "empty-env"));
        assertThat(r.ok()).as(r.error()).isTrue();
        assertThat(r.mount().entries()).isZero();
        p.release();
        java.io.BufferedReader lines = new java.io.BufferedReader(new java.io.InputStreamReader(p.process.getInputStream()));
        assertThat(lines.readLine()).isEqualTo("1");
        Protocol.Response c = h.client.send(Protocol.Request.commit(null, "empty-env"));
        assertThat(c.ok()).as(c.error()).isTrue();
        p.release();
        p.process.waitFor();
        assertThat(h.runIn(c.digest(), "cat $MNT/" + longName)).isEqualTo("long\n");
    }

    @Test
    void aReadOnlyRuntimeBecomesEditable() throws Exception {
        DaemonHarness.Gated p = h.gated("sh -c 'echo x > $MNT/new' 2>&1 | sed 's/.*: //'; read again;"
                + " echo x > $MNT/new && cat $MNT/new $MNT/etc/conf");
        assertThat(h.client.send(Protocol.Request.mount((int) p.pid(), List.of("base"), false, "to-edit")).ok()).isTrue();
        p.release();
        java.io.BufferedReader lines = new java.io.BufferedReader(new java.io.InputStreamReader(p.process.getInputStream()));
        assertThat(lines.readLine()).isEqualTo("Read-only file system");
        Protocol.Response e = h.client.send(new Protocol.Request("edit", null, null, null, "to-edit"));
        assertThat(e.ok()).as(e.error()).isTrue();
        assertThat(e.mount().editable()).isTrue();
        p.release();
        assertThat(p.process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(new String(p.process.getInputStream().readAllBytes())).isEqualTo("x\na=1\n");
    }

    @Test
    void renameExchangeSwapsTwoFiles() throws Exception {
        String exchange = "python3 -c \"import ctypes, os; libc = ctypes.CDLL(None, use_errno=True);"
                + " r = libc.renameat2(-100, b'etc/conf', -100, b'mine', 2);"
                + " print('ok' if r == 0 else os.strerror(ctypes.get_errno()))\"";
        String out = edit("echo mine > mine && " + exchange + " && cat etc/conf mine");
        assertThat(out).isEqualTo("ok\nmine\na=1\n");
    }

    @Test
    void namesThatAreNotUtf8SurviveWriteAndCommit() throws Exception {
        String make = "cd $MNT && printf bytes > \"$(printf 'caf\\351')\" && ls | od -An -tx1 | tr -d ' \\n'"
                + " && echo && cat \"$(printf 'caf\\351')\" && echo && read again";
        DaemonHarness.Gated p = h.gated(make);
        assertThat(h.client.send(Protocol.Request.mount((int) p.pid(), List.of("-"), true, "bytes")).ok()).isTrue();
        p.release();
        java.io.BufferedReader lines = new java.io.BufferedReader(new java.io.InputStreamReader(p.process.getInputStream()));
        assertThat(lines.readLine()).isEqualTo("636166e90a");
        assertThat(lines.readLine()).isEqualTo("bytes");
        Protocol.Response c = h.client.send(Protocol.Request.commit(null, "bytes"));
        assertThat(c.ok()).as(c.error()).isTrue();
        p.release();
        p.process.waitFor();
        assertThat(h.runIn(c.digest(), "cat \"$MNT/$(printf 'caf\\351')\"")).isEqualTo("bytes");
    }

    @Test
    void symlinkTargetsThatAreNotUtf8SurviveWriteCopyUpAndCommit() throws Exception {
        String bytes = "readlink lnk | od -An -tx1 | tr -d ' \\n'; echo";
        DaemonHarness.Gated p = h.gated("cd $MNT && ln -s \"$(printf 'caf\\351')\" lnk && " + bytes + " && read again");
        assertThat(h.client.send(Protocol.Request.mount((int) p.pid(), List.of("-"), true, "links")).ok()).isTrue();
        p.release();
        java.io.BufferedReader lines = new java.io.BufferedReader(new java.io.InputStreamReader(p.process.getInputStream()));
        assertThat(lines.readLine()).as("written").isEqualTo("636166e90a");
        Protocol.Response c = h.client.send(Protocol.Request.commit(null, "links"));
        assertThat(c.ok()).as(c.error()).isTrue();
        p.release();
        p.process.waitFor();
        assertThat(h.runIn(c.digest(), "cd $MNT && " + bytes)).as("committed").isEqualTo("636166e90a\n");
        DaemonHarness.Gated q = h.gated("cd $MNT && touch -h -d @1700000000 lnk && stat -c %Y lnk && " + bytes);
        assertThat(h.client.send(Protocol.Request.mount((int) q.pid(), List.of(c.digest()), true, null)).ok()).isTrue();
        q.release();
        assertThat(q.output()).as("copied up from the layer").isEqualTo("1700000000\n636166e90a\n");
    }

    /** What pjdfstest (link/00, unlink/14, open/02, the 02.t and 03.t name and path limits) found; passthrough_ll passes them. */
    @Test
    void hardLinksStayInStepAnUnlinkedOpenFileStaysUsableAndLongNamesAreRefused() throws Exception {
        Path script = Files.writeString(tmp.resolve("posix.py"), """
                import os
                open('a', 'w').write('x'); os.link('a', 'b'); os.link('b', 'c')
                for n in 'abc': os.lstat(n)
                os.unlink('a'); print(os.lstat('b').st_nlink, os.lstat('c').st_nlink)
                os.chmod('b', 0o640); print(oct(os.lstat('c').st_mode & 0o777))
                fd = os.open('d', os.O_CREAT | os.O_RDWR, 0o644); os.write(fd, b'Hello'); os.unlink('d')
                print(os.fstat(fd).st_nlink, os.pread(fd, 5, 0).decode())
                for name in ('x' * 256, 'y' * 300):
                    try: open(name, 'w')
                    except OSError as e: print(e.strerror)
                os.umask(0); os.close(os.open('m', os.O_CREAT | os.O_WRONLY, 0o620)); os.mkfifo('f', 0o662)
                print(oct(os.stat('m').st_mode & 0o777), oct(os.stat('f').st_mode & 0o777))
                deep = '/'.join(['e' * 200] * 20) + '/' + 'f' * 60  # 4,080 bytes: past PATH_MAX in the scratch
                os.makedirs(os.path.dirname(deep)); open(deep, 'w').write('deep'); os.chmod(deep, 0o600)
                print(open(deep).read(), oct(os.stat(deep).st_mode & 0o777))
                import shutil; shutil.rmtree('e' * 200); print(os.path.exists('e' * 200))
                """);
        assertThat(edit("python3 " + script)).isEqualTo("2 2\n0o640\n0 Hello\nFile name too long\n"
                + "File name too long\n0o620 0o662\ndeep 0o600\nFalse\n");
    }
}
