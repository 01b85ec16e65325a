package io.spfsd.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.spfsd.config.Locations;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A repository on a read-only mount (as a shared NFS export is): reading and check work and
 * write nothing; every change is refused in one line. A bind mount makes it read-only even
 * for root, whom file modes would not stop.
 */
class ReadOnlyRepositoryTest {
    @TempDir
    static Path tmp;
    static Path view;

    @BeforeAll
    static void mountReadOnly() throws Exception {
        boolean root = "root".equals(System.getProperty("user.name"));
        if (!root && "true".equals(System.getenv("CI"))) {
            fail("this test bind-mounts a repository read-only, which needs root; CI=true forbids skipping it");
        }
        assumeTrue(root, "needs root to bind-mount a repository read-only");
        Files.createDirectories(tmp.resolve("src/d"));
        Files.writeString(tmp.resolve("src/d/f"), "hi\n");
        assertThat(CliRun.inRepo(tmp, "commit", "-q", tmp.resolve("src").toString(), "-t", "t1").code()).isZero();
        view = tmp.resolve("view");
        Files.createDirectories(view);
        run("mount", "--bind", tmp.resolve("repo").toString(), view.toString());
        run("mount", "-o", "remount,bind,ro", view.toString());
    }

    @AfterAll
    static void unmount() throws Exception {
        if (view != null) {
            run("umount", view.toString());
        }
    }

    private static void run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(String.join(" ", cmd) + ": " + out).isZero();
    }

    private static Locations locations() {
        return new Locations(Map.of("SPFSD_REPO", view.toString(),
                "SPFSD_SOCKET", tmp.resolve("run/none.sock").toString()), tmp.toString(), "Linux");
    }

    private static CliRun cli(String... args) {
        return CliRun.of(locations(), args);
    }

    @Test
    void readingAndCheckingWorkAndWriteNothing() throws Exception {
        long before = Files.walk(tmp.resolve("repo")).count();
        java.io.ByteArrayOutputStream cat = new java.io.ByteArrayOutputStream();
        Main.run(new String[] {"cat", "t1", "d/f"}, cat, new java.io.PrintWriter(new java.io.StringWriter()), locations());
        assertThat(cat.toString()).isEqualTo("hi\n");
        assertThat(cli("ls", "t1").code()).isZero();
        assertThat(cli("info", "t1").code()).isZero();
        assertThat(cli("log", "t1").code()).isZero();
        assertThat(cli("check").out()).contains("no problems");
        assertThat(cli("clean").out()).startsWith("would remove 0 objects");
        assertThat(Files.walk(tmp.resolve("repo")).count()).isEqualTo(before);
    }

    @Test
    void everyChangeIsRefusedInOneLine() {
        for (List<String> change : List.of(List.of("tag", "t1", "t2"), List.of("untag", "t1"),
                List.of("commit", tmp.resolve("src").toString(), "-t", "t3"), List.of("clean", "--yes"),
                List.of("pull", "--remote", tmp.resolve("repo").toString(), "t1"))) {
            CliRun r = cli(change.toArray(String[]::new));
            assertThat(r.code()).as(change.toString()).isEqualTo(1);
            assertThat(r.err()).as(change.toString())
                    .isEqualTo("spfsd: repository " + view + " is read-only: nothing was changed"
                            + " (it can still be read, run and checked)\n");
        }
    }
}
