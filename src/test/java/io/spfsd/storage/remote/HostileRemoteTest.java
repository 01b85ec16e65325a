package io.spfsd.storage.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spfsd.storage.Digest;
import io.spfsd.storage.Entry;
import io.spfsd.storage.Manifest;
import io.spfsd.storage.Repository;
import io.spfsd.storage.Tree;
import io.spfsd.testing.HostileOrigin;
import io.spfsd.testing.HostileOrigin.Payloads;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An http origin that sends more than a payload's size, sends for ever, drips, stalls, or whose
 * manifest claims a size its payload does not have: pull and lazy opens refuse each in bounded
 * bytes and time, and store nothing of it.
 */
class HostileRemoteTest {
    private static final int SIZE = 300_000;

    @TempDir
    Path tmp;
    Repository originRepo;
    Repository local;
    HostileOrigin origin;
    Digest payload;

    @BeforeEach
    void start() throws Exception {
        originRepo = Repository.open(tmp.resolve("origin"));
        local = Repository.open(tmp.resolve("local"));
        byte[] content = new byte[SIZE];
        new Random(7).nextBytes(content);
        payload = originRepo.putPayload(content).digest();
        origin = new HostileOrigin(originRepo.root());
    }

    @AfterEach
    void stop() {
        origin.close();
    }

    /** A layer whose one file is the payload, with the size its manifest claims. */
    private Digest layerClaiming(long size) {
        Tree root = Tree.of(List.of(Entry.file("f", 0644, size, payload)));
        return originRepo.putLayer(originRepo.putManifest(new Manifest(root.digest(), Map.of(root.digest(), root))));
    }

    private HttpStore far() {
        return new HttpStore(origin.url(), Duration.ofSeconds(5));
    }

    private void nothingStored() throws Exception {
        assertThat(local.hasPayload(payload)).isFalse();
        try (Stream<Path> left = Files.walk(local.root().resolve("tmp"))) {
            assertThat(left.filter(Files::isRegularFile)).as("no temporary left").isEmpty();
        }
    }

    @Test
    void pullStopsReadingAnEndlessBodyAtTheManifestsSize() throws Exception {
        Digest layer = layerClaiming(SIZE);
        origin.payloads(Payloads.ENDLESS);
        assertThatThrownBy(() -> Transfer.copy(far(), new RepositoryStore(local), List.of(layer), (d, t, b) -> { }))
                .isInstanceOf(io.spfsd.storage.CorruptObjectException.class)
                .hasMessageContaining("sends more than the " + SIZE + " bytes its manifest gives");
        nothingStored();
        assertThat(local.hasObject(layer)).as("no object lands whose payload did not").isFalse();
        assertThat(origin.awaitHungUp(10_000)).as("the connection was closed").isTrue();
        assertThat(origin.payloadBytesSent.get()).as("bounded by the size plus what sockets buffer")
                .isLessThan(SIZE + (64L << 20));
    }

    @Test
    void aLazyOpenStopsReadingAnEndlessBodyAtTheManifestsSize() throws Exception {
        origin.payloads(Payloads.ENDLESS);
        LazyRemote lazy = new LazyRemote(far(), local, Duration.ofSeconds(5));
        assertThat(lazy.fetchPayload(payload, SIZE)).isEqualTo(LazyRemote.Outcome.FAILED);
        nothingStored();
        assertThat(origin.awaitHungUp(10_000)).isTrue();
        assertThat(origin.payloadBytesSent.get()).isLessThan(SIZE + (64L << 20));
    }

    @Test
    void aManifestThatClaimsASizeThePayloadDoesNotHaveIsRefused() throws Exception {
        Digest layer = layerClaiming(1L << 62);
        assertThatThrownBy(() -> Transfer.copy(far(), new RepositoryStore(local), List.of(layer), (d, t, b) -> { }))
                .isInstanceOf(io.spfsd.storage.CorruptObjectException.class)
                .hasMessageContaining("ended after " + SIZE + " of the " + (1L << 62) + " bytes its manifest gives");
        nothingStored();
        LazyRemote lazy = new LazyRemote(far(), local, Duration.ofSeconds(5));
        assertThat(lazy.fetchPayload(payload, 1L << 62)).isEqualTo(LazyRemote.Outcome.FAILED);
        assertThat(lazy.fetchPayload(payload, SIZE - 1)).as("one byte short of the truth")
                .isEqualTo(LazyRemote.Outcome.FAILED);
        nothingStored();
        assertThat(lazy.fetchPayload(payload, SIZE)).as("the truth").isEqualTo(LazyRemote.Outcome.FETCHED);
    }

    @Test
    void aDripThatNeverEndsFailsTheOpenAtItsDeadlineAndIsHungUpOn() throws Exception {
        origin.payloads(Payloads.DRIP).dripEvery(20);
        // idle limit 1 s (a byte every 20 ms is progress); deadline 1 s + SIZE at SIZE bytes/s = 2 s
        LazyRemote lazy = new LazyRemote(far(), local, Duration.ofSeconds(1), null, SIZE);
        assertThat(lazy.deadline(SIZE)).isEqualTo(Duration.ofSeconds(2));
        long t0 = System.nanoTime();
        assertThat(lazy.fetchPayload(payload, SIZE)).isEqualTo(LazyRemote.Outcome.FAILED);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isBetween(Duration.ofMillis(1900), Duration.ofSeconds(30));
        assertThat(origin.awaitHungUp(10_000)).as("the download was abandoned, not left running").isTrue();
        nothingStored();
    }

    @Test
    void aStalledBodyFailsTheOpenAtTheIdleLimit() throws Exception {
        origin.payloads(Payloads.STALL);
        LazyRemote lazy = new LazyRemote(far(), local, Duration.ofMillis(500));
        long t0 = System.nanoTime();
        assertThat(lazy.fetchPayload(payload, SIZE)).isEqualTo(LazyRemote.Outcome.FAILED);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(30));
        origin.payloads(Payloads.HONEST);
        assertThat(lazy.fetchPayload(payload, SIZE)).as("a later open starts afresh").isEqualTo(LazyRemote.Outcome.FETCHED);
    }

    @Test
    void theDeadlineGrowsWithTheSizeAtTheSlowestRateWaitedFor() {
        LazyRemote lazy = new LazyRemote(far(), local, Duration.ofSeconds(5));
        assertThat(lazy.deadline(0)).isEqualTo(Duration.ofSeconds(5));
        assertThat(lazy.deadline(LazyRemote.MIN_RATE * 60)).isEqualTo(Duration.ofSeconds(65));
        assertThat(lazy.deadline(1L << 62)).isPositive();
    }

    @Test
    void aRefusedPushSaysWhatTheServerAnsweredAndTheLikelyCause() throws Exception {
        Digest layer = layerClaiming(SIZE);
        try (HostileOrigin target = new HostileOrigin(Files.createDirectories(tmp.resolve("empty-www")))) {
            HttpStore to = new HttpStore(target.url(), Duration.ofSeconds(5));
            target.refusePuts(403, "<html><body><h1>403 Forbidden</h1>read-only here</body></html>");
            assertThatThrownBy(() -> Transfer.copy(new RepositoryStore(originRepo), to, List.of(layer), (d, t, b) -> { }))
                    .hasMessageContaining("was refused (HTTP 403, \"403 Forbidden read-only here\")")
                    .hasMessageContaining("the server forbids writing there");
            target.refusePuts(500, "could not create directory");
            assertThatThrownBy(() -> Transfer.copy(new RepositoryStore(originRepo), to, List.of(layer), (d, t, b) -> { }))
                    .hasMessageContaining("was refused (HTTP 500, \"could not create directory\")")
                    .hasMessageContaining("a directory its user cannot create or write");
        }
    }
}
