package io.spfsd.os.linux;

import static org.assertj.core.api.Assertions.assertThat;

import io.spfsd.os.OpenDirectory;
import io.spfsd.os.Posix;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Paths longer than PATH_MAX: made one directory at a time, and stat'ed through their parent. */
class LongPathsTest {
    @TempDir
    Path tmp;

    @Test
    void aPathLongerThanPathMaxIsStatedThroughItsParent() throws Exception {
        LinuxOs os = new LinuxOs();
        Path dir = tmp;
        String part = "d".repeat(200);
        OpenDirectory at = OpenDirectory.open(tmp);
        try {
            for (int i = 0; i < 22; i++) { // 22 x 201 bytes: past 4,096
                byte[] name = (part + i).getBytes(StandardCharsets.UTF_8);
                at.mkdir(name, 0755);
                OpenDirectory next = at.child(name);
                at.close();
                at = next;
                dir = dir.resolve(part + i);
            }
            int fd = at.open("file".getBytes(StandardCharsets.UTF_8), Posix.O_WRONLY | Posix.O_CREAT, 0644);
            io.spfsd.os.FileOps.pwrite(fd, java.nio.ByteBuffer.allocateDirect(4).put("deep".getBytes()).flip(), 0);
            Posix.close(fd);
            Path file = dir.resolve("file");
            assertThat(file.toString().length()).isGreaterThan(4096);
            assertThat(os.attrs(file).size()).as("attrs reaches a path too long to name whole by itself").isEqualTo(4);
            assertThat(os.attrs(dir.resolve("absent"))).isNull();
            assertThat(os.attrs(tmp.resolve("gone".repeat(1100)).resolve("x"))).isNull();
        } finally {
            at.close();
            // too deep for Java's own delete (and so for @TempDir's): rm walks it relative
            new ProcessBuilder("rm", "-rf", tmp.resolve(part + 0).toString()).start().waitFor();
        }
    }
}
