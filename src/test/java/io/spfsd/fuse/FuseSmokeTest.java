package io.spfsd.fuse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spfsd.bindings.fuse3.stat;
import io.spfsd.testing.FuseRequirement;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Mounts an empty filesystem through the generated bindings, uses it, and unmounts it. */
class FuseSmokeTest {
    @TempDir
    Path tmp;

    /** The smallest filesystem: an empty root directory. */
    static final class EmptyFs implements FuseOperations {
        final AtomicInteger requests = new AtomicInteger();
        final AtomicInteger inits = new AtomicInteger();

        @Override
        public void init(MemorySegment conn) {
            inits.incrementAndGet();
        }

        @Override
        public void lookup(MemorySegment req, long parent, MemorySegment name) {
            requests.incrementAndGet();
            Replies.err(req, Errno.ENOENT);
        }

        @Override
        public void getattr(MemorySegment req, long ino, MemorySegment fi) {
            requests.incrementAndGet();
            if (ino != 1) {
                Replies.err(req, Errno.ENOENT);
                return;
            }
            try (Arena a = Arena.ofConfined()) {
                MemorySegment st = stat.allocate(a);
                stat.st_ino(st, 1);
                stat.st_mode(st, 040755);
                stat.st_nlink(st, 2);
                Replies.attr(req, st, 0);
            }
        }

        @Override
        public void opendir(MemorySegment req, long ino, MemorySegment fi) {
            Replies.open(req, fi);
        }

        @Override
        public void readdir(MemorySegment req, long ino, long size, long offset, MemorySegment fi) {
            Replies.buf(req, MemorySegment.NULL, 0);
        }
    }

    @Test
    void mountsServesAndUnmountsCleanly() throws Exception {
        FuseRequirement.require();
        Path mp = Files.createDirectories(tmp.resolve("mnt"));
        EmptyFs fs = new EmptyFs();
        FuseSession session = FuseSession.mount(mp, fs, new FuseSession.Options("spfsd-smoke", false));
        try {
            session.start(2);
            assertThat(mountinfo()).contains(" " + mp + " ");
            assertThat(Files.isDirectory(mp)).isTrue();
            try (Stream<Path> s = Files.list(mp)) {
                assertThat(s.toList()).isEmpty();
            }
            assertThatThrownBy(() -> Files.readAttributes(mp.resolve("nothing"), "size"))
                    .isInstanceOf(NoSuchFileException.class);
            assertThatThrownBy(() -> Files.createDirectory(mp.resolve("new")))
                    .isInstanceOf(FileSystemException.class).hasMessageContaining("Read-only file system");
            assertThat(fs.requests.get()).isPositive();
            assertThat(fs.inits.get()).isEqualTo(1);
        } finally {
            session.close();
        }
        assertThat(session.awaitLoop()).isGreaterThanOrEqualTo(0);
        assertThat(mountinfo()).doesNotContain(" " + mp + " ");
    }

    static String mountinfo() throws IOException {
        return Files.readString(Path.of("/proc/self/mountinfo"));
    }
}
