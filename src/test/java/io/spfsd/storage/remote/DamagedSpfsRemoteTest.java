package io.spfsd.storage.remote;

import static io.spfsd.storage.spfs.SpfsFixture.file;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spfsd.storage.CorruptObjectException;
import io.spfsd.storage.Digest;
import io.spfsd.storage.Repository;
import io.spfsd.storage.spfs.SpfsFixture;
import io.spfsd.storage.spfs.SpfsRepository;
import io.spfsd.storage.spfs.SpfsTree;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * An spfs repository that is there but holds a damaged object under a tag: a lazy runtime of
 * that tag is refused with one line naming the object, and is not given the tag's earlier
 * resolution as if the repository could not be reached (the repository named another object).
 */
class DamagedSpfsRemoteTest {
    @TempDir
    Path tmp;

    private static LazyRemote lazy(Path spfs, Repository local) throws Exception {
        return new LazyRemote(new SpfsStore(SpfsRepository.open(spfs)), local, Duration.ofSeconds(20));
    }

    /** What is done to the manifest file: a bit of its file's payload digest flipped (its digest is no longer its name), or cut short. */
    private static UnaryOperator<byte[]> damage(String how, Digest payload) {
        return switch (how) {
            case "other digest" -> bytes -> {
                byte[] b = bytes.clone();
                int at = indexOf(b, payload.toBytes());
                assertThat(at).as("the payload's digest in the manifest").isPositive();
                b[at] ^= 1;
                return b;
            };
            case "cut" -> bytes -> Arrays.copyOf(bytes, bytes.length / 2);
            default -> throw new IllegalArgumentException(how);
        };
    }

    private static int indexOf(byte[] in, byte[] part) {
        for (int i = 0; i + part.length <= in.length; i++) {
            if (Arrays.equals(in, i, i + part.length, part, 0, part.length)) {
                return i;
            }
        }
        return -1;
    }

    @ParameterizedTest
    @ValueSource(strings = {"other digest", "cut"})
    void aTagMovedToADamagedObjectIsRefusedNotAnsweredFromItsEarlierResolution(String how) throws Exception {
        SpfsFixture spfs = new SpfsFixture(tmp.resolve("spfs"));
        Digest one = spfs.payload("one\n".getBytes());
        Digest first = spfs.object(SpfsFixture.flatLayer(
                spfs.object(SpfsFixture.flatManifest(new SpfsTree(List.of(file("a", 0100644, one, 4)))))));
        spfs.tag("t", first, "2026-12-07T10:00:00+00:00");
        Repository local = Repository.open(tmp.resolve("local"));
        Digest resolved = lazy(spfs.root, local).resolve("t");

        Digest two = spfs.payload("two\n".getBytes());
        Digest manifest = spfs.object(SpfsFixture.flatManifest(new SpfsTree(List.of(file("a", 0100644, two, 4)))));
        spfs.tag("t", spfs.object(SpfsFixture.flatLayer(manifest)), "2026-12-07T11:00:00+00:00");
        Path manifestFile = spfs.objectFile(manifest);
        Files.write(manifestFile, damage(how, two).apply(Files.readAllBytes(manifestFile)));

        List<String> warnings = new ArrayList<>();
        LazyRemote again = lazy(spfs.root, local);
        assertThatThrownBy(() -> again.resolve("t", warnings::add))
                .isInstanceOf(CorruptObjectException.class)
                .hasMessageStartingWith("cannot resolve 't' at spfs:" + spfs.root + ": object " + manifest.spfsText()
                        + " in " + spfs.root + ": ")
                .hasMessageContaining("run " + resolved + " to use it")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        assertThat(warnings).as("no offline fallback: the repository was reached").isEmpty();

        assertThatThrownBy(() -> lazy(spfs.root, Repository.open(tmp.resolve("fresh"))).resolve("t"))
                .as("nothing resolved there before").isInstanceOf(CorruptObjectException.class)
                .hasMessageContaining(manifest.spfsText()).hasMessageEndingWith("spfs check on that repository lists"
                        + " what is damaged");
    }
}
