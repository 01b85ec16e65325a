package io.spfsd.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.spfsd.os.ErrnoException;
import io.spfsd.os.OpenDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A scratch's directories held open: kept, forgotten where directories move, never leaked. */
class ScratchDirectoriesTest {
    @TempDir
    Path tmp;

    private static Path target(OpenDirectory d) throws Exception {
        return Files.readSymbolicLink(Path.of("/proc/self/fd/" + d.fd()));
    }

    private static long openDescriptors() throws Exception {
        try (var s = Files.list(Path.of("/proc/self/fd"))) {
            return s.count();
        }
    }

    @Test
    void aDirectoryIsOpenedOnceAndForgottenWhenItMoves() throws Exception {
        Path upper = Files.createDirectories(tmp.resolve("upper/a/b"));
        ScratchDirectories dirs = new ScratchDirectories(tmp.resolve("upper"));
        int fd;
        try (OpenDirectory b = dirs.of("a/b")) {
            fd = b.fd();
            assertThat(target(b)).isEqualTo(upper);
        }
        try (OpenDirectory again = dirs.of("a/b")) {
            assertThat(again.fd()).as("kept").isEqualTo(fd);
        }
        Files.move(tmp.resolve("upper/a"), tmp.resolve("upper/c"));
        Files.createDirectories(tmp.resolve("upper/a/b"));
        dirs.forget("a");
        try (OpenDirectory now = dirs.of("a/b")) {
            assertThat(target(now)).as("the directory now at a/b").isEqualTo(tmp.resolve("upper/a/b"));
        }
        try (OpenDirectory c = dirs.of("c/b")) {
            assertThat(target(c)).isEqualTo(tmp.resolve("upper/c/b"));
        }
        dirs.forget("c");
        assertThat(dirs.held()).isEqualTo(3); // "", a, a/b
    }

    @Test
    void aDirectoryHeldByARequestStaysUsableWhenForgotten() throws Exception {
        Files.createDirectories(tmp.resolve("upper/a"));
        ScratchDirectories dirs = new ScratchDirectories(tmp.resolve("upper"));
        try (OpenDirectory a = dirs.of("a")) {
            dirs.clear();
            a.mkdir("made".getBytes(), 0700); // its descriptor is not closed under it
        }
        assertThat(tmp.resolve("upper/a/made")).isDirectory();
        assertThat(dirs.held()).isZero();
    }

    @Test
    void noMoreThanTheLimitIsKept() throws Exception {
        for (int i = 0; i < ScratchDirectories.KEPT + 50; i++) {
            Files.createDirectories(tmp.resolve("upper/d" + i));
        }
        ScratchDirectories dirs = new ScratchDirectories(tmp.resolve("upper"));
        for (int i = 0; i < ScratchDirectories.KEPT + 50; i++) {
            dirs.of("d" + i).close();
        }
        assertThat(dirs.held()).isLessThanOrEqualTo(ScratchDirectories.KEPT);
    }

    /**
     * Eight threads open and use directories while one moves them about and forgets them: every
     * directory a thread gets is one that was at its path at some moment (never another's), and
     * once all is done and cleared no descriptor is left open.
     */
    @Test
    void concurrentUseAndForgettingLeakNothingAndMixNothingUp() throws Exception {
        for (int i = 0; i < 8; i++) {
            Files.createDirectories(tmp.resolve("upper/p" + i + "/q"));
            Files.writeString(tmp.resolve("upper/p" + i + "/q/mark"), "p" + i);
        }
        long before = openDescriptors();
        ScratchDirectories dirs = new ScratchDirectories(tmp.resolve("upper"));
        ExecutorService pool = Executors.newFixedThreadPool(9);
        try {
            List<Future<?>> work = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                work.add(pool.submit(() -> {
                    for (int n = 0; n < 2000; n++) {
                        int i = ThreadLocalRandom.current().nextInt(8);
                        try (OpenDirectory q = dirs.of("p" + i + "/q")) {
                            byte[] mark = Files.readAllBytes(Path.of("/proc/self/fd/" + q.fd() + "/mark"));
                            assertThat(new String(mark)).isEqualTo("p" + i);
                        } catch (ErrnoException e) {
                            assertThat(e.errno()).as("absent while moved").isEqualTo(2);
                        }
                    }
                    return null;
                }));
            }
            work.add(pool.submit(() -> {
                for (int n = 0; n < 300; n++) {
                    int i = ThreadLocalRandom.current().nextInt(8);
                    Path p = tmp.resolve("upper/p" + i);
                    Path away = tmp.resolve("upper/away" + i);
                    Files.move(p, away);
                    dirs.forget("p" + i);
                    Files.move(away, p);
                    dirs.forget("away" + i);
                }
                return null;
            }));
            for (Future<?> f : work) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        dirs.close();
        assertThat(openDescriptors()).as("descriptors left open").isLessThanOrEqualTo(before);
    }
}
