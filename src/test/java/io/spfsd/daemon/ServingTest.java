package io.spfsd.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.spfsd.cli.Main;
import io.spfsd.config.Locations;
import io.spfsd.control.Protocol;
import io.spfsd.testing.TreeBuilder;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a runtime serves: listings, modes, symlinks, sizes, big files, handles, status. */
class ServingTest {
    @TempDir
    static Path tmp;
    static DaemonHarness h;
    static Path tree;
    static String bigSha256;

    @BeforeAll
    static void start() throws Exception {
        h = new DaemonHarness(tmp);
        tree = tmp.resolve("tree");
        TreeBuilder t = new TreeBuilder(tree)
                .file("bin/tool", "#!/bin/sh\necho tool\n", "rwxr-xr-x")
                .file("etc/secret", "s\n", "rw-------")
                .file("etc/conf", "c=1\n", "rw-r--r--")
                .dir("empty")
                .symlink("bin/alias", "tool")
                .symlink("abs", "/etc/hostname");
        Files.setAttribute(tree.resolve("bin/tool"), "unix:mode", 0104755);
        for (int i = 0; i < 10_000; i++) {
            Files.writeString(Files.createDirectories(tree.resolve("many")).resolve(String.format("entry-%05d", i)), "");
        }
        Path big = tree.resolve("big.bin");
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        Random rnd = new Random(7);
        byte[] chunk = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(big)) {
            for (int i = 0; i < 100; i++) {
                rnd.nextBytes(chunk);
                sha.update(chunk);
                out.write(chunk);
            }
        }
        bigSha256 = HexFormat.of().formatHex(sha.digest());
        h.commit(tree, "tree");
    }

    @AfterAll
    static void stop() {
        if (h != null) {
            h.close();
        }
    }

    @Test
    void readdirOfTenThousandEntries() throws Exception {
        assertThat(h.runIn("tree", "ls $MNT/many | wc -l; ls -la $MNT/many | grep -c entry-; ls $MNT/many | tail -1"))
                .isEqualTo("10000\n10000\nentry-09999\n");
    }

    @Test
    void modesSizesAndSymlinksMatchTheCommittedTree() throws Exception {
        String find = "find . -path ./many -prune -o \\( -type d -printf '%P %M\\n' \\) -o -printf '%P %M %s %l\\n' | sort";
        DaemonHarness.Gated p = h.gated("cd $MNT && " + find + "; readlink $MNT/bin/alias; $MNT/bin/tool");
        h.mount(p.pid(), "tree");
        p.release();
        Process local = new ProcessBuilder("sh", "-c", "cd '" + tree + "' && " + find).start();
        String expected = new String(local.getInputStream().readAllBytes());
        local.waitFor();
        assertThat(p.output()).isEqualTo(expected + "tool\ntool\n");
        assertThat(expected).contains("bin/tool -rwsr-xr-x 20 ", "etc/secret -rw------- 2 ", "abs lrwxrwxrwx 13 /etc/hostname");
    }

    @Test
    void aHundredMegabyteFileReadsBackByDigest() throws Exception {
        assertThat(h.runIn("tree", "sha256sum < $MNT/big.bin")).startsWith(bigSha256 + " ");
    }

    @Test
    void aCorruptPayloadIsReportedNotServed() throws Exception {
        DaemonHarness.write(tmp.resolve("corrupt/victim"), "the committed content\n");
        h.commit(tmp.resolve("corrupt"), "corrupt");
        Path payload = h.repo.payloadPath(io.spfsd.storage.Digest.of("the committed content\n".getBytes()));
        Files.writeString(payload, "short");
        assertThat(h.runIn("corrupt", "cat $MNT/victim 2>&1 | sed 's/.*: //'")).isEqualTo("Input/output error\n");
    }

    @Test
    void writesAreRefusedWithErofs() throws Exception {
        DaemonHarness.Gated p = h.gated("for c in 'touch $MNT/etc/new' 'mkdir $MNT/x' 'rm $MNT/etc/conf' 'chmod 600 $MNT/etc/conf'"
                + " 'sh -c \"echo >> $MNT/etc/conf\"' 'mv $MNT/etc/conf $MNT/etc/c2'; do sh -c \"$c\" 2>&1 | grep -c 'Read-only file system'; done");
        h.mount(p.pid(), "tree");
        p.release();
        assertThat(p.output()).isEqualTo("1\n".repeat(6));
    }

    @Test
    void openHandlesFailCleanlyOnceTheirRuntimeIsGone() throws Exception {
        // A shell holds the file open on fd 3 across the unmount, then reads far into it (not cached).
        DaemonHarness.Gated p = h.gated("exec 3<\"$MNT/big.bin\"; head -c 4096 <&3 >/dev/null && echo opened;"
                + " read again; tail -c 1 <&3 2>&1 >/dev/null | sed 's/.*: //'");
        assertThat(h.mount(p.pid(), "tree").ok()).isTrue();
        p.release();
        java.io.BufferedReader lines = new java.io.BufferedReader(
                new java.io.InputStreamReader(p.process.getInputStream()));
        assertThat(lines.readLine()).isEqualTo("opened");
        assertThat(h.daemon.status().openHandles()).isEqualTo(1);
        assertThat(h.client.send(Protocol.Request.unmount((int) p.pid())).removed()).isTrue();
        p.release();
        assertThat(lines.readLine()).isEqualTo("Stale file handle");
        assertThat(p.process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        long deadline = System.nanoTime() + 5_000_000_000L; // the kernel sends release after close returns
        while (h.daemon.status().openHandles() != 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(h.daemon.status().openHandles()).isZero();
    }

    @Test
    void nodesLiveExactlyAsLongAsTheKernelHoldsThem() throws Exception {
        // A layer of its own: no other test's lookups share these node ids.
        DaemonHarness.write(tmp.resolve("solo/dir/file"), "only here\n");
        h.commit(tmp.resolve("solo"), "solo");
        DaemonHarness.Gated p = h.gated("stat -c %i $MNT/dir/file; stat -c %i $MNT/dir/file; exec sleep 30");
        h.mount(p.pid(), "solo");
        p.release();
        var out = new java.io.BufferedReader(new java.io.InputStreamReader(p.process.getInputStream()));
        long id = Long.parseLong(out.readLine().strip());
        assertThat(Long.parseLong(out.readLine().strip())).isEqualTo(id);
        assertThat(h.daemon.nodes().get(id)).isNotNull();
        assertThat(h.daemon.nodes().lookupCount(id)).as("the kernel cached the entry: one lookup").isEqualTo(1);
        p.process.destroyForcibly().waitFor();
        Files.writeString(Path.of("/proc/sys/vm/drop_caches"), "2");
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (h.daemon.nodes().get(id) != null && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(h.daemon.nodes().get(id)).as("forgotten once the kernel dropped its dentries").isNull();
    }

    @Test
    void statusJsonHasTheDocumentedShapeForJq() throws Exception {
        DaemonHarness.Gated p = h.gated("exit 0");
        h.mount(p.pid(), "tree");
        StringWriter out = new StringWriter();
        Locations loc = new Locations(Map.of("SPFSD_SOCKET", h.client.socket().toString()), tmp.toString(), "Linux");
        int code = Main.run(new String[]{"status", "--json"}, new PrintWriter(out), new PrintWriter(new StringWriter()), loc);
        assertThat(code).isZero();
        JsonNode s = new ObjectMapper().readTree(out.toString());
        assertThat(s.get("active_mounts").asInt()).isPositive();
        assertThat(s.get("uptime_seconds").isNumber()).isTrue();
        assertThat(s.get("version").isTextual()).isTrue();
        assertThat(s.has("metrics")).isTrue();
        JsonNode m = null;
        for (JsonNode n : s.get("mounts")) {
            if (n.get("root_pid").asLong() == p.pid()) {
                m = n;
            }
        }
        assertThat(m).isNotNull();
        assertThat(m.get("refs").get(0).asText()).isEqualTo("tree");
        assertThat(m.get("layers").get(0).asText()).hasSize(52);
        assertThat(m.get("created_at").asText()).contains("T");
        assertThat(m.get("entries").asLong()).isGreaterThan(10_000);
        assertThat(m.get("open_handles").isNumber()).isTrue();

        StringWriter prom = new StringWriter();
        assertThat(Main.run(new String[]{"status", "--prometheus"}, new PrintWriter(prom),
                new PrintWriter(new StringWriter()), loc)).isZero();
        // Micrometer's Prometheus registry: timers in seconds as _count, _sum and _max, counters _total
        assertThat(prom.toString()).contains("# TYPE spfsd_fuse_op_seconds summary\n")
                .containsPattern("(?m)^spfsd_fuse_op_seconds_count\\{op=\"lookup\"\\} [0-9]+$")
                .containsPattern("(?m)^spfsd_fuse_op_seconds_sum\\{op=\"lookup\"\\} [0-9.E-]+$")
                .containsPattern("(?m)^spfsd_fuse_op_seconds_max\\{op=\"lookup\"\\} [0-9.E-]+$")
                .containsPattern("(?m)^spfsd_routing_cache_hits_total [0-9.E]+$");
        for (String line : prom.toString().split("\n")) {
            assertThat(line).matches("# (HELP|TYPE|EOF).*|[a-z_]+(\\{[a-z_]+=\"[^\"]*\"\\})? [0-9.E+-]+");
        }

        Process jq = new ProcessBuilder("jq", "-e", "[.mounts[] | select(.root_pid == " + p.pid() + ") | .refs[0]] | .[0]")
                .start();
        jq.getOutputStream().write(out.toString().getBytes());
        jq.getOutputStream().close();
        assertThat(new String(jq.getInputStream().readAllBytes()).strip()).isEqualTo("\"tree\"");
        assertThat(jq.waitFor()).isZero();
        p.release();
        p.output();
    }

}
