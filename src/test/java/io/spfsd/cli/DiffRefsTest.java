package io.spfsd.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.spfsd.testing.TreeBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** diff REF1 REF2: what changed from one view to another, from the repository alone (spfs diff). */
class DiffRefsTest {
    @TempDir
    Path tmp;

    private CliRun run(String... args) {
        return CliRun.inRepo(tmp, args);
    }

    @Test
    void addedChangedAndDeletedPathsBetweenTwoRefs() throws Exception {
        new TreeBuilder(tmp.resolve("v1")).file("same", "same\n").file("edited", "one\n").file("gone", "x\n")
                .file("dir/a", "a\n").file("dir/b", "b\n").file("olddir/x", "x\n");
        new TreeBuilder(tmp.resolve("v2")).file("same", "same\n").file("edited", "two\n").file("new", "n\n")
                .file("dir/a", "a\n").file("dir/c", "c\n").file("newdir/y", "y\n");
        Files.setPosixFilePermissions(tmp.resolve("v2/same"), java.nio.file.attribute.PosixFilePermissions
                .fromString("rwxr-xr-x"));
        assertThat(run("commit", "-q", tmp.resolve("v1").toString(), "-t", "v1").code()).isZero();
        assertThat(run("commit", "-q", tmp.resolve("v2").toString(), "-t", "v2").code()).isZero();
        CliRun d = run("diff", "v1", "v2");
        assertThat(d.code()).as(d.err()).isZero();
        assertThat(d.out()).isEqualTo("- dir/b\n+ dir/c\nM edited\n- gone\n+ new\n+ newdir\n- olddir\nM same\n");
        assertThat(run("diff", "v1", "v1").out()).isEmpty();
        assertThat(run("diff", "v2", "v1", "--json").json().get(0).get("kind").asText()).isEqualTo("added");
        assertThat(run("diff", "v1").code()).isEqualTo(Main.EXIT_USAGE);
        assertThat(run("diff", "v1", "nope").err()).contains("unknown ref");
    }
}
