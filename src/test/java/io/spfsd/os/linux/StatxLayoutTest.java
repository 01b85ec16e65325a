package io.spfsd.os.linux;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The hand-written statx offsets against what the C compiler makes of the kernel's header. */
class StatxLayoutTest {
    @TempDir
    Path tmp;

    private static final String PROGRAM = """
            #define _GNU_SOURCE
            #include <sys/stat.h>
            #include <stddef.h>
            #include <stdio.h>
            #define OFF(f) printf(#f " %zu\\n", offsetof(struct statx, f))
            int main(void) {
                printf("size %zu\\n", sizeof(struct statx));
                OFF(stx_mode); OFF(stx_ino); OFF(stx_size); OFF(stx_blocks); OFF(stx_ctime);
                OFF(stx_dev_major); OFF(stx_dev_minor); OFF(stx_nlink); OFF(stx_uid); OFF(stx_gid);
                OFF(stx_atime); OFF(stx_mtime); OFF(stx_rdev_major); OFF(stx_rdev_minor);
                return 0;
            }
            """;

    @Test
    void offsetsMatchTheHeader() throws Exception {
        Path src = tmp.resolve("statx.c");
        Files.writeString(src, PROGRAM);
        Path exe = tmp.resolve("statx");
        Process cc = new ProcessBuilder("cc", "-o", exe.toString(), src.toString()).redirectErrorStream(true).start();
        assertThat(cc.waitFor()).as(new String(cc.getInputStream().readAllBytes())).isZero();
        Process run = new ProcessBuilder(exe.toString()).start();
        Map<String, Long> c = new HashMap<>();
        for (String line : new String(run.getInputStream().readAllBytes()).split("\n")) {
            String[] kv = line.split(" ");
            c.put(kv[0], Long.parseLong(kv[1]));
        }
        assertThat(Statx.SIZE).isEqualTo(c.get("size"));
        assertThat(List.of(Statx.STX_MODE, Statx.STX_INO, Statx.STX_SIZE, Statx.STX_BLOCKS, Statx.STX_CTIME,
                Statx.STX_DEV_MAJOR, Statx.STX_DEV_MINOR, Statx.STX_NLINK, Statx.STX_UID, Statx.STX_GID,
                Statx.STX_ATIME, Statx.STX_MTIME, Statx.STX_RDEV_MAJOR, Statx.STX_RDEV_MINOR))
                .containsExactly(c.get("stx_mode"), c.get("stx_ino"), c.get("stx_size"), c.get("stx_blocks"),
                        c.get("stx_ctime"), c.get("stx_dev_major"), c.get("stx_dev_minor"), c.get("stx_nlink"),
                        c.get("stx_uid"), c.get("stx_gid"), c.get("stx_atime"), c.get("stx_mtime"),
                        c.get("stx_rdev_major"), c.get("stx_rdev_minor"));
    }

    @Test
    void readsWhatJavaSeesOfAFile() throws Exception {
        Path f = tmp.resolve("f");
        Files.write(f, new byte[12345]);
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = a.allocate(Statx.LAYOUT);
            MemorySegment path = a.allocateFrom(f.toString(), StandardCharsets.UTF_8);
            assertThat(Statx.call(LinuxCalls.AT_FDCWD, path, 0, LinuxCalls.STATX_BASIC_STATS, st)).isZero();
            assertThat(Statx.size(st)).isEqualTo(12345);
            assertThat(Statx.ino(st)).isEqualTo(Files.getAttribute(f, "unix:ino"));
            assertThat(Statx.mode(st) & 0170000).isEqualTo(0100000);
            java.nio.file.attribute.FileTime ctime = (java.nio.file.attribute.FileTime) Files.getAttribute(f, "unix:ctime");
            assertThat(Statx.ctimeNanos(st)).isEqualTo(ctime.to(java.util.concurrent.TimeUnit.NANOSECONDS));
        }
    }

    @Test
    void allAttributesOfAPathMatchWhatJavaSees() throws Exception {
        Path f = tmp.resolve("g");
        Files.write(f, new byte[5000]);
        Files.setLastModifiedTime(f, java.nio.file.attribute.FileTime.fromMillis(1_700_000_000_123L));
        Files.createLink(tmp.resolve("h"), f);
        io.spfsd.os.FileAttrs a = new LinuxOs().attrs(f);
        assertThat(a.mode()).isEqualTo(Files.getAttribute(f, "unix:mode"));
        assertThat(a.nlink()).isEqualTo(2);
        assertThat(a.uid()).isEqualTo(Files.getAttribute(f, "unix:uid"));
        assertThat(a.gid()).isEqualTo(Files.getAttribute(f, "unix:gid"));
        assertThat(a.size()).isEqualTo(5000);
        assertThat(a.mtimeNanos()).isEqualTo(1_700_000_000_123_000_000L);
        assertThat(a.ctimeNanos()).isEqualTo(((java.nio.file.attribute.FileTime) Files.getAttribute(f, "unix:ctime"))
                .to(java.util.concurrent.TimeUnit.NANOSECONDS));
        assertThat(a.atimeNanos()).isEqualTo(((java.nio.file.attribute.FileTime) Files.getAttribute(f,
                "unix:lastAccessTime")).to(java.util.concurrent.TimeUnit.NANOSECONDS));
        assertThat(new LinuxOs().attrs(Path.of("/dev/null")).rdev()).as("a device's number, as glibc encodes it")
                .isEqualTo(Files.getAttribute(Path.of("/dev/null"), "unix:rdev"));
        assertThat(new LinuxOs().attrs(tmp.resolve("none"))).isNull();
    }
}
