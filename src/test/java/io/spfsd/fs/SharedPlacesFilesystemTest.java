package io.spfsd.fs;

import static org.assertj.core.api.Assertions.assertThat;

import io.spfsd.fs.api.Caller;
import io.spfsd.fs.api.EntryOut;
import io.spfsd.fs.api.Errno;
import io.spfsd.fs.api.KernelCache;
import io.spfsd.metrics.DaemonMetrics;
import io.spfsd.node.Handles;
import io.spfsd.node.Mount;
import io.spfsd.node.NodeDomain;
import io.spfsd.node.NodeTable;
import io.spfsd.node.RuntimeView;
import io.spfsd.node.RuntimeViews;
import io.spfsd.node.Scratch;
import io.spfsd.router.RouteCache;
import io.spfsd.router.Router;
import io.spfsd.storage.DirectoryImporter;
import io.spfsd.storage.Repository;
import io.spfsd.testing.FakeProcessTable;
import io.spfsd.testing.TreeBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Directories as positions, without a mount: one id per place for every runtime, caching by
 * agreement, and what the kernel is told to forget when runtimes stop agreeing.
 */
class SharedPlacesFilesystemTest {
    static final int A = 100, B = 200, E = 300, OUTSIDER = 400;
    @TempDir
    Path tmp;
    Repository repo;
    Router router;
    NodeTable nodes;
    SpfsFilesystem fs;
    final List<String> told = new CopyOnWriteArrayList<>();
    final EntryOut entry = new EntryOut();

    @BeforeEach
    void setUp() throws Exception {
        repo = Repository.open(tmp.resolve("repo"));
        layer("a", new TreeBuilder(tmp.resolve("a")).file("d/f", "A").file("d/e/g", "A").file("same/x", "x")
                .file("mine/x", "x"));
        layer("b", new TreeBuilder(tmp.resolve("b")).file("d/f", "B").file("d/e/g", "B").file("same/x", "x"));
        router = new Router(new FakeProcessTable().add(1, 0, 1).add(A, 1, 10).add(B, 1, 11).add(E, 1, 12)
                .add(OUTSIDER, 1, 13));
        nodes = new NodeTable();
        fs = new SpfsFilesystem(new RouteCache(router, new DaemonMetrics("x"), null), nodes, new Handles(), repo, 0, 0);
        fs.init(new KernelCache() {
            @Override
            public int invalidateEntry(long parent, String name) {
                told.add("drop " + parent + "/" + name);
                return 0;
            }

            @Override
            public int invalidateInode(long ino, long offset, long length) {
                told.add("inode " + ino);
                return 0;
            }

            @Override
            public int expireEntry(long parent, String name) {
                told.add("expire " + parent + "/" + name);
                return 0;
            }
        });
    }

    private void layer(String tag, TreeBuilder tree) throws Exception {
        repo.tags().push(tag, repo.putLayer(new DirectoryImporter(repo, new DirectoryImporter.Listener() {
        }).importDirectory(tree.root()).manifest()));
    }

    private Mount register(int pid, long start, String ref) throws Exception {
        RuntimeView view = new RuntimeViews(repo).resolve(List.of(ref));
        Mount m = new Mount(pid, start, view, Instant.now());
        nodes.trees().retain(view.merged());
        fs.viewAdded(m);
        router.mount(m);
        return m;
    }

    /** Registers an editable runtime of ref for process E. */
    private Mount editable(String ref) throws Exception {
        RuntimeView view = new RuntimeViews(repo).resolve(List.of(ref));
        Mount m = new Mount(E, 12, view, Instant.now());
        Scratch s = Scratch.fresh(Files.createDirectories(tmp.resolve("scratch")), new NodeDomain.Private(9));
        Files.createDirectories(s.upper());
        m.makeEditable(s);
        nodes.trees().retain(view.merged());
        fs.viewAdded(m);
        router.mount(m);
        return m;
    }

    private int lookup(int pid, long parent, String name) {
        return fs.lookup(new Caller().set(pid, 0, 0), parent, name, entry);
    }

    private long found(int pid, long parent, String name) {
        assertThat(lookup(pid, parent, name)).as(name).isZero();
        assertThat(entry.ino).as(name).isNotZero();
        return entry.ino;
    }

    @Test
    void runtimesThatDifferShareTheDirectoriesIdsAndStopCachingWhatTheyNoLongerAgreeOn() throws Exception {
        register(A, 10, "a");
        long d = found(A, NodeTable.ROOT, "d");
        long f = found(A, d, "f");
        assertThat(entry.entryTimeout).as("alone, a runtime's entries are kept").isEqualTo(CachePolicy.DAY);
        assertThat(lookup(A, d, "nope")).isZero();
        assertThat(entry.ino).isZero();
        assertThat(entry.entryTimeout).as("and its negative entries").isEqualTo(CachePolicy.DAY);
        long same = found(A, NodeTable.ROOT, "same");
        found(A, same, "x");
        assertThat(told).isEmpty();

        register(B, 11, "b");
        assertThat(told).as("what the kernel kept of d is expired, never dropped").contains("inode " + d,
                "expire " + d + "/f", "expire " + d + "/nope").noneMatch(t -> t.startsWith("drop"))
                .noneMatch(t -> t.contains("/x")).doesNotContain("inode " + same);

        assertThat(found(B, NodeTable.ROOT, "d")).as("one id for the place").isEqualTo(d);
        long fb = found(B, d, "f");
        assertThat(fb).as("files keep ids by content").isNotEqualTo(f);
        assertThat(entry.entryTimeout).as("where runtimes differ, nothing is kept").isZero();
        assertThat(entry.attr.size).isEqualTo(1);
        long e = found(B, d, "e");
        assertThat(found(A, d, "e")).as("all the way down").isEqualTo(e);
        assertThat(found(A, d, "f")).isEqualTo(f);
        assertThat(entry.entryTimeout).isZero();
        assertThat(lookup(A, d, "nope")).isZero();
        assertThat(entry.entryTimeout).isZero();
        assertThat(found(B, same, "x")).as("where they agree, still kept").isPositive();
        assertThat(entry.entryTimeout).isEqualTo(CachePolicy.DAY);
        assertThat(lookup(OUTSIDER, NodeTable.ROOT, "d")).isEqualTo(Errno.ENOENT);
    }

    /** Runtime A of layer a looked up d and d/f (kept for a day) and ended; d's id. */
    private long cachedByAnEndedRuntime() throws Exception {
        Mount first = register(A, 10, "a");
        long d = found(A, NodeTable.ROOT, "d");
        found(A, d, "f");
        router.unmount(first);
        fs.viewRemoved(first);
        return d;
    }

    @Test
    void aRuntimeReplacedByAnotherOfTheSameStackKeepsTheKernelsCaches() throws Exception {
        long d = cachedByAnEndedRuntime();
        assertThat(told).as("nobody reaches d now: nothing to expire yet").isEmpty();
        register(E, 12, "a");
        assertThat(told).as("the same directory again: what the kernel kept still holds").isEmpty();
        assertThat(found(E, NodeTable.ROOT, "d")).isEqualTo(d);
        found(E, d, "f");
        assertThat(entry.entryTimeout).isEqualTo(CachePolicy.DAY);
    }

    @Test
    void whatAnEndedRuntimeLeftIsExpiredWhenAnotherShowsSomethingElseThere() throws Exception {
        long d = cachedByAnEndedRuntime();
        register(B, 11, "b");
        assertThat(told).contains("inode " + d, "expire " + d + "/f");
        assertThat(found(B, NodeTable.ROOT, "d")).isEqualTo(d);
        found(B, d, "f");
        assertThat(entry.attr.size).isEqualTo(1);
        assertThat(entry.entryTimeout).as("B alone agrees with itself").isEqualTo(CachePolicy.DAY);
    }

    @Test
    void anEditableRuntimeSharesThePlacesOfTheReadOnlyOnesAndIsCachedOnlyAlone() throws Exception {
        editable("a");
        long d = found(E, NodeTable.ROOT, "d");
        found(E, d, "f");
        assertThat(entry.entryTimeout).as("alone").isEqualTo(CachePolicy.PRIVATE);

        register(A, 10, "a");
        assertThat(told).contains("inode " + d, "expire " + d + "/f");
        assertThat(found(A, NodeTable.ROOT, "d")).isEqualTo(d);
        found(E, d, "f");
        assertThat(entry.entryTimeout).as("beside another runtime").isZero();
    }

    @Test
    void besideOtherRuntimesAnEditableRuntimesOwnStackDirectoriesAreCachedAndTheOnesItMakesAreNot() throws Exception {
        editable("a");
        register(B, 11, "b"); // has d and same, not mine
        Caller e = new Caller().set(E, 0, 0);
        long mine = found(E, NodeTable.ROOT, "mine");
        found(E, mine, "x");
        assertThat(entry.entryTimeout).as("only E shows mine, and it cannot move (EXDEV)").isEqualTo(CachePolicy.PRIVATE);
        assertThat(fs.mkdir(e, NodeTable.ROOT, "made", 0755, entry)).isZero();
        long made = entry.ino;
        assertThat(fs.mkdir(e, made, "sub", 0755, entry)).isZero();
        assertThat(entry.entryTimeout).as("a directory E made may be moved where B looks").isZero();
        long d = found(E, NodeTable.ROOT, "d");
        found(E, d, "f");
        assertThat(entry.entryTimeout).as("B shows d too").isZero();
    }

    @Test
    void aGenerationEndsOnlyOnceTheRepliesComputedBeforeItAreWritten() throws Exception {
        register(A, 10, "a");
        long d = found(A, NodeTable.ROOT, "d");
        found(A, d, "f");
        var fence = fs.replyFence();
        fence.lock(); // a reply under way, computed for A alone
        CompletableFuture<Mount> b;
        try {
            b = CompletableFuture.supplyAsync(() -> {
                try {
                    return register(B, 11, "b");
                } catch (Exception ex) {
                    throw new IllegalStateException(ex);
                }
            });
            while (!fs.dirs().positions().changeWaiting()) {
                Thread.onSpinWait();
            }
            assertThat(told).as("nothing expired while the reply is not written").isEmpty();
        } finally {
            fence.unlock();
        }
        b.get(30, TimeUnit.SECONDS);
        assertThat(told).contains("expire " + d + "/f");
    }
}
