package io.spfsd.storage.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spfsd.storage.CorruptObjectException;
import io.spfsd.storage.Digest;
import io.spfsd.storage.DirectoryImporter;
import io.spfsd.storage.EntryKind;
import io.spfsd.storage.Manifest;
import io.spfsd.storage.Repository;
import io.spfsd.storage.StoredObject;
import io.spfsd.testing.TreeBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TransferTest {
    @TempDir
    Path tmp;
    Repository here;
    Repository there;
    Digest platform;

    private Digest layer(String dir, String... files) throws Exception {
        TreeBuilder t = new TreeBuilder(tmp.resolve(dir));
        for (String f : files) {
            t.file(f, dir + "/" + f + "\n");
        }
        return here.putLayer(new DirectoryImporter(here, new DirectoryImporter.Listener() {
        }).importDirectory(t.root()).manifest());
    }

    @BeforeEach
    void setUp() throws Exception {
        here = Repository.open(tmp.resolve("here"));
        there = Repository.open(tmp.resolve("there"));
        platform = here.putPlatform(List.of(layer("base", "bin/sh", "etc/a"), layer("tools", "bin/cc")));
    }

    private static List<Digest> payloadsOf(Repository r, Digest layerOrPlatform) {
        List<Digest> out = new ArrayList<>();
        StoredObject o = r.readObject(layerOrPlatform);
        List<Digest> layers = o instanceof StoredObject.Platform p ? p.stack() : List.of(layerOrPlatform);
        for (Digest l : layers) {
            Manifest m = r.readManifest(((StoredObject.Layer) r.readObject(l)).manifest());
            m.walk((path, e) -> {
                if (e.kind() == EntryKind.FILE) {
                    out.add(e.digest());
                }
            });
        }
        return out;
    }

    @Test
    void everythingARefReachesArrivesAndASecondCopyMovesNothing() throws Exception {
        Transfer.Result r = Transfer.copy(new RepositoryStore(here), new RepositoryStore(there), List.of(platform),
                (d, t, b) -> { });
        assertThat(r.objects()).as("platform, 2 layers, 2 manifests").isEqualTo(5);
        assertThat(r.payloads()).isEqualTo(3);
        assertThat(payloadsOf(there, platform)).allSatisfy(d -> assertThat(there.hasPayload(d)).isTrue());
        assertThat(Transfer.copy(new RepositoryStore(here), new RepositoryStore(there), List.of(platform),
                (d, t, b) -> { })).isEqualTo(new Transfer.Result(0, 0, 0));
    }

    @Test
    void payloadsAreMadeDurableAfterTheLastPayloadAndBeforeTheFirstObject() throws Exception {
        RepositoryStore target = new RepositoryStore(there);
        List<String> calls = java.util.Collections.synchronizedList(new ArrayList<>());
        ObjectStore recording = (ObjectStore) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[]{ObjectStore.class}, (proxy, method, args) -> {
                    if (method.getName().startsWith("write") || method.getName().equals("makePayloadsDurable")) {
                        calls.add(method.getName());
                    }
                    try {
                        return method.invoke(target, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        Transfer.copy(new RepositoryStore(here), recording, List.of(platform), (d, t, b) -> { });
        assertThat(calls).containsExactly("writePayload", "writePayload", "writePayload", "makePayloadsDurable",
                "writeChecked", "writeChecked", "writeChecked", "writeChecked", "writeChecked");
    }

    @Test
    void aCorruptPayloadIsRefusedAndNothingThatNeedsItLands() throws Exception {
        Digest victim = payloadsOf(here, platform).getFirst();
        Files.writeString(here.payloadPath(victim), "not what was committed\n");
        assertThatThrownBy(() -> Transfer.copy(new RepositoryStore(here), new RepositoryStore(there),
                List.of(platform), (d, t, b) -> { })).isInstanceOf(CorruptObjectException.class)
                .hasMessageContaining(victim.toString());
        assertThat(there.hasPayload(victim)).isFalse();
        assertThat(there.hasObject(platform)).as("no object lands before all it needs has").isFalse();
        try (var s = Files.walk(there.root().resolve("tmp"))) {
            assertThat(s.filter(Files::isRegularFile).toList()).as("no leftovers").isEmpty();
        }
    }

    @Test
    void anInterruptedCopyResumesWithWhatIsMissing() throws Exception {
        Digest first = payloadsOf(here, platform).getFirst();
        try (var in = Files.newInputStream(here.payloadPath(first))) {
            there.putPayloadExpecting(in, first); // the part that made it before the interruption
        }
        Transfer.Result r = Transfer.copy(new RepositoryStore(here), new RepositoryStore(there), List.of(platform),
                (d, t, b) -> { });
        assertThat(r.payloads()).isEqualTo(2);
        assertThat(r.objects()).isEqualTo(5);
    }

    @Test
    void fileRemotesAreNamedOrGivenAsUrls() {
        assertThat(Remotes.url("file:///x", v -> null)).isEqualTo("file:///x");
        assertThat(Remotes.url(null, v -> v.equals("SPFSD_REMOTE_ORIGIN") ? "file:///o" : null)).isEqualTo("file:///o");
        assertThat(Remotes.url("nfs", v -> v.equals("SPFSD_REMOTE_NFS") ? "/mnt/nfs" : null)).isEqualTo("/mnt/nfs");
        assertThatThrownBy(() -> Remotes.url("nowhere", v -> null)).hasMessageStartingWith("no remote called 'nowhere'");
        assertThatThrownBy(() -> Remotes.open("gopher://host/x", false)).hasMessageStartingWith("unknown kind of remote");
        assertThatThrownBy(() -> Remotes.open("file://" + tmp.resolve("none"), false))
                .hasMessageStartingWith("no spfsd repository at");
    }

    @Test
    void platformsNestedDeeperThanAnyReaderTakesAreRefusedAtTheDoor() throws Exception {
        Digest top = platform;
        for (int i = 1; i < io.spfsd.storage.Refs.MAX_PLATFORM_DEPTH; i++) {
            top = here.putPlatform(List.of(top));
        }
        Digest deepest = top; // as deep as a reader takes
        Transfer.copy(new RepositoryStore(here), new RepositoryStore(there), List.of(deepest), (d, t, b) -> { });
        assertThat(new io.spfsd.storage.Refs(there).manifests(List.of(deepest))).isNotEmpty();
        Digest tooDeep = here.putPlatform(List.of(here.putPlatform(List.of(deepest))));
        Repository third = Repository.open(tmp.resolve("third"));
        assertThatThrownBy(() -> Transfer.copy(new RepositoryStore(here), new RepositoryStore(third),
                List.of(tooDeep), (d, t, b) -> { })).isInstanceOf(CorruptObjectException.class)
                .hasMessageContaining("platforms nested more than " + io.spfsd.storage.Refs.MAX_PLATFORM_DEPTH + " deep");
        assertThat(third.hasObject(tooDeep)).isFalse();
    }
}
