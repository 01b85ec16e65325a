package io.spfsd.os.linux;

import static org.assertj.core.api.Assertions.assertThat;

import io.spfsd.os.ContentStore;
import io.spfsd.os.NativePaths;
import io.spfsd.os.Os;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The native content store keeps the Java way's promises: the name is the SHA-256 of exactly
 * the bytes stored, a name taken is never replaced, and nothing is left in the temporary
 * directory, whichever way copies get their names and whatever fails.
 */
class LinuxContentStoreTest {
    @TempDir
    Path tmp;
    Path store;
    Path temporaries;

    @BeforeEach
    void dirs() throws IOException {
        store = Files.createDirectories(tmp.resolve("store"));
        temporaries = Files.createDirectories(tmp.resolve("tmp"));
    }

    /** Names a copy "ab/<the rest of its hex digest>", as a repository shards its payloads. */
    private ContentStore.Namer namer() {
        return sha -> {
            String hex = HexFormat.of().formatHex(sha);
            Files.createDirectories(store.resolve(hex.substring(0, 2)));
            return NativePaths.of((hex.substring(0, 2) + "/" + hex.substring(2)).getBytes());
        };
    }

    private Path placeOf(byte[] content) throws Exception {
        String hex = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        return store.resolve(hex.substring(0, 2)).resolve(hex.substring(2));
    }

    @ParameterizedTest(name = "way {0}")
    @ValueSource(ints = {LinuxContentStore.NOT_YET_KNOWN, LinuxContentStore.BY_PROC, LinuxContentStore.NAMED})
    void storesTheBytesUnderTheirDigest(int way) throws Exception {
        byte[] large = new byte[3 * (1 << 20) + 7]; // more than one read
        new Random(7).nextBytes(large);
        try (LinuxContentStore s = LinuxContentStore.open(store, way)) {
            for (byte[] content : new byte[][]{new byte[0], "hello".getBytes(), large}) {
                Path src = Files.write(tmp.resolve("src"), content);
                ContentStore.Copy c = s.store(src, content.length, temporaries, namer());

                assertThat(c).isNotNull();
                assertThat(c.placed()).isTrue();
                assertThat(c.size()).isEqualTo(content.length);
                assertThat(c.sha256()).isEqualTo(MessageDigest.getInstance("SHA-256").digest(content));
                Path placed = placeOf(content);
                assertThat(Files.readAllBytes(placed)).isEqualTo(content);
                assertThat(c.stat().identity()).as("the stat is of the placed file, after its naming")
                        .isEqualTo(Os.current().stat(placed).identity());
                assertThat(temporaries).isEmptyDirectory();
            }
        }
    }

    @ParameterizedTest(name = "way {0}")
    @ValueSource(ints = {LinuxContentStore.NOT_YET_KNOWN, LinuxContentStore.BY_PROC, LinuxContentStore.NAMED})
    void aNameTakenIsNeverReplaced(int way) throws Exception {
        byte[] content = "same bytes".getBytes();
        Path src = Files.write(tmp.resolve("src"), content);
        try (LinuxContentStore s = LinuxContentStore.open(store, way)) {
            assertThat(s.store(src, content.length, temporaries, namer()).placed()).isTrue();
            Path placed = placeOf(content);
            Object inode = Files.getAttribute(placed, "unix:ino");

            ContentStore.Copy again = s.store(src, content.length, temporaries, namer());

            assertThat(again.placed()).isFalse();
            assertThat(again.sha256()).isEqualTo(MessageDigest.getInstance("SHA-256").digest(content));
            assertThat(again.stat()).isNull();
            assertThat(Files.getAttribute(placed, "unix:ino")).as("the first copy stays").isEqualTo(inode);
            assertThat(temporaries).isEmptyDirectory();
        }
    }

    @ParameterizedTest(name = "way {0}")
    @ValueSource(ints = {LinuxContentStore.NOT_YET_KNOWN, LinuxContentStore.NAMED})
    void theSameContentStoredAtOnceIsPlacedOnce(int way) throws Exception {
        byte[] content = new byte[200_000];
        new Random(5).nextBytes(content);
        int threads = 8;
        java.util.List<Path> sources = new java.util.ArrayList<>();
        for (int i = 0; i < threads; i++) {
            sources.add(Files.write(tmp.resolve("same" + i), content));
        }
        try (LinuxContentStore s = LinuxContentStore.open(store, way);
                var pool = java.util.concurrent.Executors.newFixedThreadPool(threads)) {
            java.util.concurrent.CyclicBarrier together = new java.util.concurrent.CyclicBarrier(threads);
            java.util.List<java.util.concurrent.Future<ContentStore.Copy>> copies = new java.util.ArrayList<>();
            for (Path src : sources) {
                copies.add(pool.submit(() -> {
                    together.await();
                    return s.store(src, content.length, temporaries, namer());
                }));
            }
            int placed = 0;
            for (var c : copies) {
                ContentStore.Copy copy = c.get();
                assertThat(copy).isNotNull();
                placed += copy.placed() ? 1 : 0;
            }
            assertThat(placed).isEqualTo(1);
        }
        assertThat(Files.readAllBytes(placeOf(content))).isEqualTo(content);
        assertThat(temporaries).isEmptyDirectory();
    }

    @Test
    void aFileSystemThatRefusesNoReplaceStillGetsItsCopiesNamedNatively() throws Exception {
        byte[] content = "on a file system without RENAME_NOREPLACE".getBytes();
        Path src = Files.write(tmp.resolve("src"), content);
        try (LinuxContentStore s = LinuxContentStore.open(store, LinuxContentStore.NAMED)) {
            s.noReplace = 1 << 30; // no such flag: EINVAL, as NFS answers RENAME_NOREPLACE
            ContentStore.Copy first = s.store(src, content.length, temporaries, namer());
            ContentStore.Copy again = s.store(src, content.length, temporaries, namer());

            assertThat(first).as("not handed to the Java way, which would copy it again").isNotNull();
            assertThat(first.placed()).isTrue();
            assertThat(again.placed()).as("the name taken is still found").isFalse();
        }
        assertThat(Files.readAllBytes(placeOf(content))).isEqualTo(content);
        assertThat(temporaries).isEmptyDirectory();
    }

    @Test
    void aFileThatChangedSizeSinceItsStatIsCopiedWhole() throws Exception {
        byte[] content = new byte[100_000];
        new Random(1).nextBytes(content);
        Path src = Files.write(tmp.resolve("src"), content);
        try (LinuxContentStore s = LinuxContentStore.open(store)) {
            for (long saidSize : new long[]{0, 99_999, 100_001, 5 << 20}) {
                ContentStore.Copy c = s.store(src, saidSize, temporaries, namer());
                assertThat(c.size()).as("stat said %d", saidSize).isEqualTo(content.length);
                assertThat(Files.readAllBytes(placeOf(content))).isEqualTo(content);
            }
        }
    }

    @ParameterizedTest(name = "way {0}")
    @ValueSource(ints = {LinuxContentStore.NOT_YET_KNOWN, LinuxContentStore.NAMED})
    void whatCannotBeStoredIsLeftToTheJavaWayWithNothingLeftBehind(int way) throws Exception {
        Path file = Files.writeString(tmp.resolve("file"), "x");
        Files.createSymbolicLink(tmp.resolve("link"), file);
        Path dir = Files.createDirectories(tmp.resolve("dir"));
        try (LinuxContentStore s = LinuxContentStore.open(store, way)) {
            assertThat(s.store(tmp.resolve("missing"), 1, temporaries, namer())).isNull();
            assertThat(s.store(tmp.resolve("link"), 1, temporaries, namer())).as("not followed").isNull();
            assertThat(s.store(dir, 0, temporaries, namer())).as("a directory cannot be read").isNull();
            assertThat(s.store(file, 1, temporaries, sha -> {
                throw new IOException("no room for the shard");
            })).isNull();
            assertThat(s.store(file, 1, tmp.resolve("no-such-tmp"), namer())).isNull();
        }
        assertThat(temporaries).isEmptyDirectory();
        try (var placed = Files.walk(store)) {
            assertThat(placed.filter(Files::isRegularFile)).isEmpty();
        }
    }

    @Test
    void aStoreNeedsItsDirectory() {
        assertThat(LinuxContentStore.open(tmp.resolve("missing"))).isNull();
    }
}
