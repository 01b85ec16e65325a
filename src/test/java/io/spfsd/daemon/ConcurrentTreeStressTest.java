package io.spfsd.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Eight processes of one editable runtime changing shared directories of the stack at once
 * (untar, cp -r, renames, hard links, rm -rf, appends to stack files): the final tree is the
 * one the same script leaves on a plain directory. Each worker's operations are its own, so
 * any interleaving must end in that tree.
 */
class ConcurrentTreeStressTest {
    private static final int WORKERS = 8;

    @TempDir
    static Path tmp;
    static DaemonHarness h;

    @BeforeAll
    static void start() throws Exception {
        h = new DaemonHarness(tmp);
        Path base = tmp.resolve("base");
        for (int i = 0; i < WORKERS; i++) {
            DaemonHarness.write(base.resolve("shared/deep/er/w" + i + "/old/f"), "old " + i + "\n");
            DaemonHarness.write(base.resolve("shared/log" + i), "start\n");
        }
        Path src = tmp.resolve("src/pkg");
        for (int i = 0; i < 20; i++) {
            DaemonHarness.write(src.resolve("d" + (i % 4) + "/file" + i), "content " + i + "\n".repeat(i));
        }
        new ProcessBuilder("tar", "-C", tmp.resolve("src").toString(), "-cf", tmp.resolve("pkg.tar").toString(), "pkg")
                .inheritIO().start().waitFor();
        h.commit(base, "base");
    }

    @AfterAll
    static void stop() {
        if (h != null) {
            h.close();
        }
    }

    /** The workload, run in a directory holding a copy of base: its tree, listed, then hashed. */
    private static String script() {
        String tar = tmp.resolve("pkg.tar").toString();
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < WORKERS; i++) {
            String w = "shared/deep/er/w" + i;
            s.append("( for r in 1 2 3; do mkdir -p ").append(w).append("/x$r && tar -xf ").append(tar)
                    .append(" -C ").append(w).append("/x$r && cp -r ").append(w).append("/x$r/pkg ").append(w)
                    .append("/copy$r && mv ").append(w).append("/copy$r/d1 ").append(w).append("/copy$r/moved")
                    .append(" && ln ").append(w).append("/x$r/pkg/d0/file0 ").append(w).append("/x$r/hard")
                    .append(" && rm -rf ").append(w).append("/x$r/pkg/d2 && echo $r >> shared/log").append(i)
                    .append(" && echo more >> ").append(w).append("/old/f; done; rm -rf ").append(w).append("/x1 ) & ");
        }
        // the mount's root itself is left out: it reports nlink 1 and size 0 in every view, by design
        s.append("wait; find . -mindepth 1 -printf '%p %y %s %m %n\\n' | LC_ALL=C sort | md5sum;"
                + " find . -type f -print0 | LC_ALL=C sort -z | xargs -0 cat | md5sum; find . | wc -l");
        return s.toString();
    }

    @Test
    void eightProcessesInSharedStackDirectoriesLeaveTheTreeAPlainDirectoryWould() throws Exception {
        Path plain = tmp.resolve("plain");
        new ProcessBuilder("cp", "-a", tmp.resolve("base").toString(), plain.toString()).inheritIO().start().waitFor();
        Process p = new ProcessBuilder("sh", "-c", "cd '" + plain + "' && { " + script() + " ; } 2>&1")
                .redirectErrorStream(true).start();
        String expected = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).isZero();
        assertThat(expected.lines()).hasSize(3);
        for (int round = 0; round < 3; round++) {
            assertThat(h.runEditable("base", script())).as("round " + round).isEqualTo(expected);
        }
        assertThat(Files.exists(plain.resolve("shared/deep/er/w0/x1"))).isFalse();
    }
}
