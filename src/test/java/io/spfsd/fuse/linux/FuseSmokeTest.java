package io.spfsd.fuse.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spfsd.fs.api.AttrOut;
import io.spfsd.fs.api.Caller;
import io.spfsd.fs.api.DirSink;
import io.spfsd.fs.api.EntryOut;
import io.spfsd.fs.api.Errno;
import io.spfsd.fs.api.Filesystem;
import io.spfsd.fs.api.KernelCache;
import io.spfsd.fs.api.OpenOut;
import io.spfsd.fs.api.ReadOut;
import io.spfsd.fs.api.StatfsOut;
import io.spfsd.fs.api.ValueOut;
import io.spfsd.fuse.FuseMount;
import io.spfsd.fuse.OpObserver;
import io.spfsd.testing.FuseRequirement;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Mounts the smallest filesystem through the libfuse3 adapter, uses it, and unmounts it. */
class FuseSmokeTest {
    @TempDir
    Path tmp;

    /** An empty root directory, on the neutral contract. */
    static final class EmptyFs implements Filesystem {
        final AtomicInteger requests = new AtomicInteger();
        final AtomicInteger inits = new AtomicInteger();

        @Override
        public void init(KernelCache cache) {
            inits.incrementAndGet();
        }

        @Override
        public int lookup(Caller c, long parent, String name, EntryOut out) {
            requests.incrementAndGet();
            return Errno.ENOENT;
        }

        @Override
        public void forget(long ino, long nlookup) {
        }

        @Override
        public int getattr(Caller c, long ino, AttrOut out) {
            requests.incrementAndGet();
            if (ino != 1) {
                return Errno.ENOENT;
            }
            out.attr.ino = 1;
            out.attr.mode = 040755;
            out.attr.nlink = 2;
            return 0;
        }

        @Override
        public int readlink(Caller c, long ino, ValueOut out) {
            return Errno.EINVAL;
        }

        @Override
        public int open(Caller c, long ino, int flags, OpenOut out) {
            return Errno.ENOENT;
        }

        @Override
        public int read(Caller c, long ino, long fh, long size, long offset, ReadOut out) {
            return Errno.EBADF;
        }

        @Override
        public int release(Caller c, long ino, long fh) {
            return 0;
        }

        @Override
        public int opendir(Caller c, long ino, int flags, OpenOut out) {
            return 0;
        }

        @Override
        public int readdir(Caller c, long ino, long fh, long offset, boolean plus, DirSink sink) {
            return 0;
        }

        @Override
        public int releasedir(Caller c, long ino, long fh) {
            return 0;
        }

        @Override
        public int statfs(Caller c, long ino, StatfsOut out) {
            return 0;
        }

        @Override
        public int access(Caller c, long ino, int mask) {
            return 0;
        }
    }

    @Test
    void mountsServesAndUnmountsCleanly() throws Exception {
        FuseRequirement.require();
        Path mp = Files.createDirectories(tmp.resolve("mnt"));
        EmptyFs fs = new EmptyFs();
        FuseMount session = FuseMount.mount(mp, fs, OpObserver.NONE, new FuseMount.Options("spfsd-smoke", false, true));
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
