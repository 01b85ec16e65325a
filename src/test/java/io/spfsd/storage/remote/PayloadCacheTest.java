package io.spfsd.storage.remote;

import static org.assertj.core.api.Assertions.assertThat;

import io.spfsd.storage.Digest;
import io.spfsd.storage.Repository;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PayloadCacheTest {
    @TempDir
    Path tmp;
    Repository repo;
    final Set<Digest> open = new HashSet<>();

    @BeforeEach
    void setUp() {
        repo = Repository.open(tmp.resolve("cache"));
    }

    private Digest store(PayloadCache cache, int size, char fill) throws Exception {
        byte[] b = String.valueOf(fill).repeat(size).getBytes();
        Digest d = Digest.of(b);
        repo.putPayloadExpecting(new ByteArrayInputStream(b), d);
        cache.fetched(d, size);
        return d;
    }

    @Test
    void overItsLimitTheLeastRecentlyOpenedGoesFirstButNeverAnOpenOne() throws Exception {
        PayloadCache cache = new PayloadCache(repo, 250, open::contains);
        Digest a = store(cache, 100, 'a');
        Digest b = store(cache, 100, 'b');
        cache.opened(a); // a is now more recent than b
        open.add(b);     // and b is held open: it must stay anyway
        Digest c = store(cache, 100, 'c'); // 300 > 250: something must go
        assertThat(repo.hasPayload(b)).as("open").isTrue();
        assertThat(repo.hasPayload(a)).as("the least recently opened of those not open").isFalse();
        assertThat(repo.hasPayload(c)).isTrue();
        assertThat(cache.bytes()).isEqualTo(200);
    }

    @Test
    void theListSurvivesARestartAndEvictingAllSparesOnlyOpenPayloads() throws Exception {
        PayloadCache first = new PayloadCache(repo, 0, open::contains);
        Digest a = store(first, 10, 'a');
        Digest b = store(first, 20, 'b');
        open.add(a);
        PayloadCache again = new PayloadCache(repo, 0, open::contains);
        assertThat(again.bytes()).isEqualTo(30);
        PayloadCache.Freed freed = again.evict(0);
        assertThat(freed).isEqualTo(new PayloadCache.Freed(1, 20));
        assertThat(repo.hasPayload(a)).isTrue();
        assertThat(repo.hasPayload(b)).isFalse();
        assertThat(new PayloadCache(repo, 0, d -> false).bytes()).as("the list was rewritten").isEqualTo(10);
    }

    @Test
    void payloadsThatDidNotComeFromTheRemoteAreNeverTouched() throws Exception {
        byte[] mine = "committed here".getBytes();
        Digest local = Digest.of(mine);
        repo.putPayloadExpecting(new ByteArrayInputStream(mine), local);
        PayloadCache cache = new PayloadCache(repo, 1, d -> false);
        store(cache, 50, 'x');
        cache.evict(0);
        assertThat(repo.hasPayload(local)).isTrue();
    }
}
