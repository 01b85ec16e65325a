package io.spfsd.storage.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spfsd.storage.Digest;
import io.spfsd.storage.Repository;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LazyRemoteTest {
    @TempDir
    Path tmp;

    /** A remote with one payload, counting its downloads; slow ones wait for a latch. */
    static final class OnePayload extends RepositoryStoreless {
        final byte[] content = "payload\n".getBytes();
        final Digest digest = Digest.of(content);
        final AtomicInteger downloads = new AtomicInteger();
        final CountDownLatch go;

        OnePayload(CountDownLatch go) {
            this.go = go;
        }

        @Override
        public InputStream openPayload(Digest d) throws IOException {
            downloads.incrementAndGet();
            try {
                go.await();
            } catch (InterruptedException e) {
                throw new IOException(e);
            }
            return new ByteArrayInputStream(content);
        }
    }

    @Test
    void concurrentOpensOfOnePayloadFetchItOnce() throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        OnePayload far = new OnePayload(go);
        Repository local = Repository.open(tmp.resolve("cache"));
        LazyRemote lazy = new LazyRemote(far, local, Duration.ofSeconds(20));
        List<Thread> openers = new ArrayList<>();
        AtomicInteger served = new AtomicInteger();
        for (int i = 0; i < 8; i++) {
            openers.add(Thread.ofPlatform().start(() -> {
                if (lazy.fetchPayload(far.digest, far.content.length) == LazyRemote.Outcome.FETCHED) {
                    served.incrementAndGet();
                }
            }));
        }
        Thread.sleep(200);
        go.countDown();
        for (Thread t : openers) {
            t.join();
        }
        assertThat(served).hasValue(8);
        assertThat(far.downloads).hasValue(1);
        assertThat(local.hasPayload(far.digest)).isTrue();
    }

    @Test
    void anOriginThatDoesNotAnswerFailsTheOpenInBoundedTime() throws Exception {
        OnePayload far = new OnePayload(new CountDownLatch(1)); // never released
        LazyRemote lazy = new LazyRemote(far, Repository.open(tmp.resolve("cache")), Duration.ofMillis(300));
        long t0 = System.nanoTime();
        assertThat(lazy.fetchPayload(far.digest, far.content.length)).isEqualTo(LazyRemote.Outcome.FAILED);
        assertThat((System.nanoTime() - t0) / 1e9).isLessThan(5);
    }

    @Test
    void aSlowDownloadThatKeepsMovingIsWaitedForPastTheLimit() throws Exception {
        byte[] content = "x".repeat(40).getBytes();
        Digest d = Digest.of(content);
        RepositoryStoreless trickle = new RepositoryStoreless() {
            @Override
            public InputStream openPayload(Digest digest) {
                return new InputStream() {
                    int at;

                    @Override
                    public int read() {
                        if (at == content.length) {
                            return -1;
                        }
                        try {
                            Thread.sleep(25); // a byte every 25 ms: 1 s in all, the limit is 200 ms
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        return content[at++];
                    }

                    @Override
                    public int read(byte[] b, int off, int len) {
                        int c = read();
                        if (c < 0) {
                            return -1;
                        }
                        b[off] = (byte) c;
                        return 1;
                    }
                };
            }
        };
        Repository local = Repository.open(tmp.resolve("cache"));
        // deadline: 200 ms + 40 bytes at 20 bytes/s = 2.2 s
        assertThat(new LazyRemote(trickle, local, Duration.ofMillis(200), null, 20).fetchPayload(d, content.length))
                .isEqualTo(LazyRemote.Outcome.FETCHED);
        assertThat(local.hasPayload(d)).isTrue();
    }

    /** An ObjectStore with nothing but what a test overrides. */
    abstract static class RepositoryStoreless implements ObjectStore {
        @Override
        public String name() {
            return "test remote";
        }

        @Override
        public boolean hasObject(Digest d) {
            return false;
        }

        @Override
        public byte[] readObject(Digest d) throws IOException {
            throw new IOException("no objects here");
        }

        @Override
        public void writeObject(Digest d, byte[] encoded) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean hasPayload(Digest d) {
            return true;
        }

        @Override
        public void writePayload(Digest d, InputStream content) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Digest resolve(String ref) {
            throw new io.spfsd.storage.UnknownRefException("none");
        }

        @Override
        public Digest tag(String tag) {
            return null;
        }

        @Override
        public void pushTag(String tag, Digest target) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<io.spfsd.storage.TagStore.TagVersion> tagHistory(String tag) {
            return List.of();
        }

        @Override
        public void mergeTag(String tag, List<io.spfsd.storage.TagStore.TagVersion> versions) {
            throw new UnsupportedOperationException();
        }
    }

    @Test
    void aManifestTheRemoteHasDecodedIsMountedWithoutBeingReadAgainWhileItsBytesAreHere() throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src/d"));
        Files.writeString(src.resolve("f"), "f\n");
        Repository farRepo = Repository.open(tmp.resolve("far"));
        io.spfsd.storage.Digest manifest = new io.spfsd.storage.DirectoryImporter(farRepo,
                new io.spfsd.storage.DirectoryImporter.Listener() {
                }).importDirectory(tmp.resolve("src")).manifest();
        io.spfsd.storage.Digest layer = farRepo.putLayer(manifest);
        farRepo.tags().push("t", layer);
        io.spfsd.storage.Manifest decodedThere = farRepo.readManifest(manifest);
        RepositoryStore real = new RepositoryStore(farRepo);
        ObjectStore far = (ObjectStore) java.lang.reflect.Proxy.newProxyInstance(ObjectStore.class.getClassLoader(),
                new Class<?>[] {ObjectStore.class}, (proxy, m, args) -> {
                    if (m.getName().equals("decoded")) { // as an spfs repository's conversion answers
                        return manifest.equals(args[0]) ? new io.spfsd.storage.StoredObject.ManifestObject(decodedThere)
                                : layer.equals(args[0]) ? new io.spfsd.storage.StoredObject.Layer(manifest) : null;
                    }
                    try {
                        return m.invoke(real, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        Repository local = Repository.open(tmp.resolve("cache"));
        new LazyRemote(far, local, Duration.ofSeconds(20)).resolve("t");
        assertThat(local.readManifest(manifest)).as("no second decoding").isSameAs(decodedThere);
        Files.delete(local.root().resolve("objects").resolve(manifest.shardedText()));
        assertThatThrownBy(() -> local.readManifest(manifest)).as("never an object the repository lost")
                .isInstanceOf(io.spfsd.storage.UnknownRefException.class);
    }
}
