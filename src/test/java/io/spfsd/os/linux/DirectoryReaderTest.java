package io.spfsd.os.linux;

import static org.assertj.core.api.Assertions.assertThat;

import io.spfsd.os.DirEntry;
import io.spfsd.os.FileStat;
import io.spfsd.os.Os;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The system's own listing gives what a DirectoryStream and an lstat by path give. */
class DirectoryReaderTest {
    @TempDir
    Path tmp;

    @Test
    void namesAndStatsAreTheJavaWays() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("d"));
        Files.writeString(dir.resolve("file"), "content");
        Files.createDirectories(dir.resolve("sub"));
        Files.createSymbolicLink(dir.resolve("link"), Path.of("file"));
        Files.createSymbolicLink(dir.resolve("dangling"), Path.of("nowhere"));
        Files.writeString(dir.resolve("with space and\nnewline"), "x");
        Files.writeString(dir.resolve(".hidden"), "");
        new ProcessBuilder("mkfifo", dir.resolve("fifo").toString()).start().waitFor();
        for (int i = 0; i < 3000; i++) { // more than one getdents64 buffer
            Files.writeString(dir.resolve("n" + i), "");
        }

        Map<String, FileStat> javaWay = new TreeMap<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            for (Path p : s) {
                javaWay.put(p.getFileName().toString(), Os.current().stat(p));
            }
        }
        Map<String, FileStat> listed = new TreeMap<>();
        for (DirEntry e : DirectoryReader.list(dir)) {
            listed.put(new String(e.name(), StandardCharsets.UTF_8), e.stat());
        }
        assertThat(listed).isEqualTo(javaWay).hasSize(3007);
    }

    @Test
    void whatCannotBeOpenedIsLeftToTheJavaWay() throws Exception {
        assertThat(DirectoryReader.list(tmp.resolve("missing"))).isNull();
        Path file = Files.writeString(tmp.resolve("plain"), "x");
        assertThat(DirectoryReader.list(file)).isNull();
        Files.createSymbolicLink(tmp.resolve("to-dir"), tmp);
        assertThat(DirectoryReader.list(tmp.resolve("to-dir"))).as("not followed").isNull();
    }
}
