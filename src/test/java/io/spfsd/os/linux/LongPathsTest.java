package io.spfsd.os.linux;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Scratch paths longer than PATH_MAX: reached through a descriptor of their parent. */
class LongPathsTest {
    @TempDir
    Path tmp;

    @Test
    void aPathLongerThanPathMaxIsReachedThroughItsParentsDescriptor() throws Exception {
        LinuxOs os = new LinuxOs();
        assertThat(os.reachable(tmp.resolve("short"))).as("short paths stay as they are").isEqualTo(tmp.resolve("short"));
        Path dir = tmp;
        String part = "d".repeat(200);
        try {
            for (int i = 0; i < 22; i++) { // 22 x 201 bytes: past 4,096
                dir = dir.resolve(part + i);
                Files.createDirectory(os.reachable(dir));
            }
            deepFileIsReadAndWritten(os, dir);
        } finally {
            // too deep for Java's own delete (and so for @TempDir's): rm walks it relative
            new ProcessBuilder("rm", "-rf", tmp.resolve(part + 0).toString()).start().waitFor();
        }
    }

    private void deepFileIsReadAndWritten(LinuxOs os, Path dir) throws Exception {
        Path file = dir.resolve("file");
        assertThat(file.toString().length()).isGreaterThan(4096);
        Path reached = os.reachable(file);
        assertThat(reached.toString()).startsWith("/proc/self/fd/").endsWith("/file");
        Files.writeString(reached, "deep");
        assertThat(Files.readString(os.reachable(file))).isEqualTo("deep");
        assertThat(os.attrs(os.reachable(file)).size()).isEqualTo(4);
        assertThat(os.attrs(file).size()).as("attrs reaches a path too long to name whole by itself").isEqualTo(4);
        assertThat(os.attrs(dir.resolve("absent"))).isNull();
        Path missing = tmp.resolve("gone".repeat(1100)).resolve("x");
        assertThat(os.reachable(missing)).as("a parent that cannot be opened: as it was").isEqualTo(missing);
    }
}
