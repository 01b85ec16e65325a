package io.spfsd.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.spfsd.config.Locations;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ls, info, log and tags with -r/--remote read the remote, as spfs's do, and leave the local repository as it was. */
class RemoteReadTest {
    @TempDir
    Path tmp;
    String far;

    @BeforeEach
    void remoteWithATagOfTwoVersions() throws Exception {
        Path src = tmp.resolve("src");
        Files.createDirectories(src.resolve("bin"));
        Files.writeString(src.resolve("bin/tool"), "one\n");
        Locations farRepo = new Locations(Map.of("SPFSD_REPO", tmp.resolve("far").toString(),
                "SPFSD_SOCKET", tmp.resolve("run/none.sock").toString()), tmp.toString(), "Linux");
        assertThat(CliRun.of(farRepo, "commit", "-q", src.toString(), "-t", "tool").code()).isZero();
        Files.writeString(src.resolve("bin/tool"), "two!\n");
        Files.writeString(src.resolve("README"), "r\n");
        assertThat(CliRun.of(farRepo, "commit", "-q", src.toString(), "-t", "tool").code()).isZero();
        far = tmp.resolve("far").toUri().toString();
        assertThat(CliRun.inRepo(tmp, "tags").out()).as("the local repository starts empty").isEmpty();
    }

    private long localFiles() throws Exception {
        if (!Files.exists(tmp.resolve("repo"))) {
            return 0;
        }
        try (Stream<Path> s = Files.walk(tmp.resolve("repo"))) {
            return s.filter(p -> p.toString().contains("objects") || p.toString().contains("tags")).count();
        }
    }

    @Test
    void lsInfoLogAndTagsReadTheRemoteWithoutPullingIt() throws Exception {
        long before = localFiles();
        assertThat(CliRun.inRepo(tmp, "ls", "-r", far, "tool").out()).contains("README").contains("bin");
        assertThat(CliRun.inRepo(tmp, "ls", "-r", far, "tool~1", "bin").out()).contains("4 tool");
        assertThat(CliRun.inRepo(tmp, "info", "--remote", far, "tool", "--tags").out())
                .contains("layer").contains("tool");
        CliRun log = CliRun.inRepo(tmp, "log", "-r", far, "tool");
        assertThat(log.out().lines()).hasSize(2);
        assertThat(log.out()).contains("tool~0").contains("tool~1");
        assertThat(CliRun.inRepo(tmp, "tags", "-r", far).out()).startsWith("tool ").contains("(2 versions)");
        java.io.ByteArrayOutputStream cat = new java.io.ByteArrayOutputStream();
        assertThat(Main.run(new String[] {"cat", "-r", far, "tool~1", "/spfs/bin/tool"}, cat,
                new java.io.PrintWriter(new java.io.StringWriter()), new Locations(Map.of("SPFSD_REPO",
                        tmp.resolve("repo").toString(), "SPFSD_SOCKET", tmp.resolve("run/none.sock").toString()),
                        tmp.toString(), "Linux"))).isZero();
        assertThat(cat.toString()).as("a file's bytes, checked, from the remote").isEqualTo("one\n");
        assertThat(localFiles()).as("nothing pulled").isEqualTo(before);
        assertThat(CliRun.inRepo(tmp, "ls", "tool").err()).as("still unknown here").contains("tool");
    }

    @Test
    void anUnknownRefOnTheRemoteIsOneLine() {
        CliRun r = CliRun.inRepo(tmp, "ls", "-r", far, "nope");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err().lines()).hasSize(1);
        assertThat(r.err()).startsWith("spfsd: ").contains("nope");
    }
}
