package io.spfsd.os;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The calls relative to an open directory: each failure is the call's own errno, names are
 * exact bytes (255 of them, or not UTF-8), and no symlink is followed out of the directory.
 */
class OpenDirectoryTest {
    static final int EEXIST = 17, ENOTDIR = 20, EISDIR = 21, ENOTEMPTY = 39, ELOOP = 40, ENOENT = 2;
    @TempDir
    Path tmp;

    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static int errnoOf(ThrowingCall call) {
        try {
            call.run();
        } catch (ErrnoException e) {
            return e.errno();
        }
        return 0;
    }

    interface ThrowingCall {
        void run() throws ErrnoException;
    }

    @Test
    void failuresAreTheCallsOwnErrno() throws Exception {
        Files.createDirectories(tmp.resolve("d/full"));
        Files.writeString(tmp.resolve("d/full/x"), "x");
        Files.writeString(tmp.resolve("d/f"), "f");
        Files.createSymbolicLink(tmp.resolve("d/link"), tmp.resolve("d/f"));
        try (OpenDirectory d = OpenDirectory.open(tmp.resolve("d"))) {
            assertThat(errnoOf(() -> d.mkdir(b("full"), 0755))).isEqualTo(EEXIST);
            assertThat(errnoOf(() -> d.rmdir(b("full")))).isEqualTo(ENOTEMPTY);
            assertThat(errnoOf(() -> d.unlink(b("full")))).isEqualTo(EISDIR);
            assertThat(errnoOf(() -> d.rmdir(b("f")))).isEqualTo(ENOTDIR);
            assertThat(errnoOf(() -> d.open(b("link"), Posix.O_RDONLY, 0))).as("never opened through").isEqualTo(ELOOP);
            assertThat(errnoOf(() -> d.child(b("link")))).isEqualTo(ENOTDIR);
            assertThat(errnoOf(() -> d.child(b("absent")))).isEqualTo(ENOENT);
            assertThat(errnoOf(() -> d.rename(b("full"), d, b("f"), 0))).isEqualTo(ENOTDIR);
            assertThat(d.attrs(b("absent"))).as("absent is no error").isNull();
            assertThat(d.attrs(b("link")).mode() & FileStat.S_IFMT).as("lstat").isEqualTo(0120000);
        }
    }

    @Test
    void namesAreExactBytesUpToTheLongest() throws Exception {
        byte[] longest = b("n".repeat(255));
        byte[] latin1 = {'c', (byte) 0xe9, 'l', (byte) 0xe8, 'b', 'r', 'e'};
        try (OpenDirectory d = OpenDirectory.open(Files.createDirectories(tmp.resolve("d")))) {
            for (byte[] name : new byte[][] {longest, latin1}) {
                d.mkdir(name, 0700);
                try (OpenDirectory sub = d.child(name)) {
                    Posix.close(sub.open(name, Posix.O_WRONLY | Posix.O_CREAT | Posix.O_EXCL, 0600));
                    sub.symlink(latin1, b("to"));
                    assertThat(sub.readlink(b("to"))).isEqualTo(latin1);
                    sub.link(name, sub, b("hard"));
                    assertThat(sub.attrs(name).nlink()).isEqualTo(2);
                    sub.rename(b("hard"), d, b("moved"), 0);
                }
                assertThat(d.attrs(b("moved")).nlink()).isEqualTo(2);
                d.unlink(b("moved"));
            }
            try (var listed = Files.list(tmp.resolve("d"))) {
                assertThat(listed.map(p -> NativePaths.bytes(p).length - NativePaths.bytes(tmp.resolve("d")).length - 1))
                        .containsExactlyInAnyOrder(255, latin1.length);
            }
            assertThat(errnoOf(() -> d.mkdir(b("n".repeat(256)), 0700))).as("ENAMETOOLONG").isEqualTo(36);
        }
    }

    @Test
    void aDirectoryIsClosedWhenItsLastHolderIsDone() throws Exception {
        OpenDirectory d = OpenDirectory.open(Files.createDirectories(tmp.resolve("d")));
        Path fd = Path.of("/proc/self/fd/" + d.fd());
        assertThat(d.hold()).isTrue();
        d.close();
        assertThat(Files.readSymbolicLink(fd)).as("still held once").isEqualTo(tmp.resolve("d"));
        d.close();
        assertThat(d.hold()).as("closed for good").isFalse();
        assertThat(Files.exists(fd, java.nio.file.LinkOption.NOFOLLOW_LINKS)
                && Files.readSymbolicLink(fd).equals(tmp.resolve("d"))).isFalse();
    }

    @Test
    void changesToAnEntryNeverFollowASymlinkThere() throws Exception {
        Path outside = Files.writeString(Files.createDirectories(tmp.resolve("outside")).resolve("f"), "mine");
        Files.createDirectories(tmp.resolve("d"));
        Files.createSymbolicLink(tmp.resolve("d/f"), outside);
        try (OpenDirectory d = OpenDirectory.open(tmp.resolve("d"))) {
            assertThat(errnoOf(() -> d.truncate(b("f"), 0))).isEqualTo(ELOOP);
            d.utimens(b("f"), 1, 0, 1, 0); // the link's own times
            int err = errnoOf(() -> d.chmod(b("f"), 0777));
            assertThat(err).as("a link has no mode of its own").isNotZero();
        }
        assertThat(Files.readString(outside)).isEqualTo("mine");
        assertThat(Files.getLastModifiedTime(outside).toMillis()).isGreaterThan(1000);
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(outside)))
                .isNotEqualTo("rwxrwxrwx");
    }
}
