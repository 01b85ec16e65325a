package io.spfsd.fs;

import static org.assertj.core.api.Assertions.assertThat;

import io.spfsd.fs.api.AttrOut;
import io.spfsd.fs.api.Caller;
import io.spfsd.fs.api.DirSink;
import io.spfsd.fs.api.EntryOut;
import io.spfsd.fs.api.Errno;
import io.spfsd.fs.api.OpenOut;
import io.spfsd.fs.api.ReadOut;
import io.spfsd.metrics.DaemonMetrics;
import io.spfsd.node.Handles;
import io.spfsd.node.Mount;
import io.spfsd.node.NodeTable;
import io.spfsd.node.RuntimeView;
import io.spfsd.node.RuntimeViews;
import io.spfsd.os.Posix;
import io.spfsd.os.ProcessTable;
import io.spfsd.router.RouteCache;
import io.spfsd.router.Router;
import io.spfsd.storage.DirectoryImporter;
import io.spfsd.storage.Repository;
import io.spfsd.testing.FakeProcessTable;
import io.spfsd.testing.TreeBuilder;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The filesystem's logic without a mount: the contract's calls, a fake process table, a real repository. */
class SpfsFilesystemTest {
    static final int ROOT_PID = 100, CHILD = 101, OUTSIDER = 200;
    @TempDir
    Path tmp;
    FakeProcessTable processes;
    Router router;
    NodeTable nodes;
    Handles handles;
    SpfsFilesystem fs;
    Mount mount;
    final EntryOut entry = new EntryOut();

    @BeforeEach
    void setUp() throws Exception {
        new TreeBuilder(tmp.resolve("src")).file("bin/tool", "#!/bin/sh\n", "rwxr-xr-x").file("etc/a", "a")
                .file("etc/b", "b").file("etc/c", "c").file("readme", "hello\n").file("usr/lib/x", "x");
        Repository repo = Repository.open(tmp.resolve("repo"));
        DirectoryImporter.Result r = new DirectoryImporter(repo, new DirectoryImporter.Listener() {
        }).importDirectory(tmp.resolve("src"));
        repo.tags().push("t", repo.putLayer(r.manifest()));
        processes = new FakeProcessTable().add(1, 0, 1).add(ROOT_PID, 1, 10).add(CHILD, ROOT_PID, 11)
                .add(OUTSIDER, 1, 12);
        router = new Router(processes);
        nodes = new NodeTable();
        handles = new Handles();
        fs = new SpfsFilesystem(new RouteCache(router, new DaemonMetrics("x"), null), nodes, handles, repo, 1000, 100);
        RuntimeView view = new RuntimeViews(repo).resolve(List.of("t"));
        mount = new Mount(ROOT_PID, 10, view, Instant.now());
        nodes.trees().retain(view.merged());
        fs.viewAdded(mount);
        router.mount(mount);
    }

    static Caller caller(int pid) {
        return new Caller().set(pid, 0, 0);
    }

    private long lookup(long parent, String name) {
        assertThat(fs.lookup(caller(CHILD), parent, name, entry)).isZero();
        return entry.ino;
    }

    @Test
    void namesPassedInNfdAreFoundInALayerMadeWithNfcNamesWhereTheKernelSendsNfd() throws Exception {
        String nfc = "caf\u00e9";
        String nfd = "cafe\u0301";
        new TreeBuilder(tmp.resolve("accents")).file(nfc + "/" + nfc, "x");
        Repository repo = Repository.open(tmp.resolve("repo2"));
        repo.tags().push("accents", repo.putLayer(new DirectoryImporter(repo, new DirectoryImporter.Listener() {
        }).importDirectory(tmp.resolve("accents")).manifest()));
        Router r = new Router(processes);
        NodeTable n = new NodeTable();
        SpfsFilesystem plain = new SpfsFilesystem(new RouteCache(r, new DaemonMetrics("x"), null), n, new Handles(),
                repo, 1000, 100);
        RuntimeView view = new RuntimeViews(repo).resolve(List.of("accents"));
        n.trees().retain(view.merged());
        Mount accents = new Mount(ROOT_PID, 10, view, Instant.now());
        plain.viewAdded(accents);
        r.mount(accents);
        assertThat(plain.lookup(caller(CHILD), NodeTable.ROOT, nfd, entry)).as("Linux: names are bytes")
                .isEqualTo(Errno.ENOENT);
        plain.lookUpNamesInNfcToo(true);
        assertThat(plain.lookup(caller(CHILD), NodeTable.ROOT, nfd, entry)).isZero();
        long dir = entry.ino;
        assertThat(plain.lookup(caller(CHILD), dir, nfd, entry)).isZero();
        assertThat(entry.ino).as("found below the root too").isNotZero();
    }

    @Test
    void whereCallersMayComeWithoutAPidTheyAreRefusedNotShownAnEmptyView() {
        Caller noPid = new Caller().set(0, 0, 0);
        assertThat(fs.lookup(noPid, NodeTable.ROOT, "bin", entry)).as("Linux: kernel requests without a PID")
                .isNotEqualTo(Errno.EIO);
        fs.refuseCallsWithoutPid(true);
        assertThat(fs.lookup(noPid, NodeTable.ROOT, "bin", entry)).isEqualTo(Errno.EIO);
        assertThat(fs.lookup(caller(CHILD), NodeTable.ROOT, "bin", entry)).isZero();
    }

    @Test
    void theRootIsRoutedAndItsChildrenAreNeverCachedAsEntries() {
        assertThat(fs.lookup(caller(CHILD), NodeTable.ROOT, "bin", entry)).isZero();
        assertThat(entry.entryTimeout).isZero();
        assertThat(entry.attrTimeout).isEqualTo(CachePolicy.DAY);
        assertThat(entry.attr.mode & 0170000).isEqualTo(040000);
        assertThat(entry.attr.uid).isEqualTo(1000);
        assertThat(fs.lookup(caller(OUTSIDER), NodeTable.ROOT, "bin", entry)).as("empty view").isEqualTo(Errno.ENOENT);
        AttrOut root = new AttrOut();
        assertThat(fs.getattr(caller(OUTSIDER), NodeTable.ROOT, root)).isZero();
        assertThat(root.timeout).isEqualTo(CachePolicy.DAY);
    }

    @Test
    void belowTheRootSharedNodesAndNegativeEntriesAreCachedForADay() {
        long etc = lookup(NodeTable.ROOT, "etc");
        long a = lookup(etc, "a");
        assertThat(entry.entryTimeout).isEqualTo(CachePolicy.DAY);
        assertThat(entry.attr.size).isEqualTo(1);
        assertThat(lookup(etc, "nope")).as("negative entry").isZero();
        assertThat(entry.entryTimeout).isEqualTo(CachePolicy.DAY);
        assertThat(fs.lookup(caller(CHILD), a, "x", entry)).isEqualTo(Errno.ENOTDIR);
        assertThat(fs.lookup(caller(CHILD), 999_999, "x", entry)).isEqualTo(Errno.ENOENT);
    }

    @Test
    void filesOpenReadOnlyWithKeepCacheAndFailOnceTheirRuntimeIsGone() {
        long readme = lookup(NodeTable.ROOT, "readme");
        OpenOut open = new OpenOut();
        assertThat(fs.open(caller(CHILD), readme, 1 /* O_WRONLY */, open)).isEqualTo(Errno.EROFS);
        assertThat(fs.open(caller(CHILD), readme, Posix.O_RDONLY | Posix.O_TRUNC, open)).isEqualTo(Errno.EROFS);
        assertThat(fs.open(caller(CHILD), readme, Posix.O_RDONLY, open)).isZero();
        assertThat(open.keepCache).isTrue();
        ReadOut read = new ReadOut();
        assertThat(fs.read(caller(CHILD), readme, open.fh, 4096, 0, read)).isZero();
        assertThat(read.fd).isNotNegative();
        assertThat(read.length).isEqualTo(4096);
        router.unmount(mount);
        assertThat(fs.read(caller(CHILD), readme, open.fh, 4096, 0, read)).isEqualTo(Errno.ESTALE);
        assertThat(fs.release(caller(CHILD), readme, open.fh)).isZero();
        assertThat(handles.size()).isZero();
        assertThat(fs.read(caller(CHILD), readme, open.fh, 4096, 0, read)).isEqualTo(Errno.EBADF);
    }

    /** A sink with room for a fixed number of entries. */
    static final class Sink implements DirSink {
        final List<String> names = new ArrayList<>();
        final int room;
        long lastOffset;

        Sink(int room) {
            this.room = room;
        }

        @Override
        public boolean add(String name, long ino, int mode, long nextOffset) {
            if (names.size() == room) {
                return false;
            }
            names.add(name);
            lastOffset = nextOffset;
            return true;
        }

        @Override
        public boolean fitsPlus(String name) {
            return names.size() < room;
        }

        @Override
        public void addPlus(String name, EntryOut e, long nextOffset) {
            names.add(name + "#" + e.ino);
            lastOffset = nextOffset;
        }
    }

    @Test
    void listingsPageByOffsetAndPlusCountsOnlyWhatFits() {
        long etc = lookup(NodeTable.ROOT, "etc");
        OpenOut etcDir = new OpenOut();
        assertThat(fs.opendir(caller(CHILD), etc, 0, etcDir)).isZero();
        Sink first = new Sink(3);
        assertThat(fs.readdir(caller(CHILD), etc, etcDir.fh, 0, false, first)).isZero();
        assertThat(first.names).containsExactly(".", "..", "a");
        Sink rest = new Sink(10);
        assertThat(fs.readdir(caller(CHILD), etc, etcDir.fh, first.lastOffset, false, rest)).isZero();
        assertThat(rest.names).containsExactly("b", "c");

        int before = nodes.size();
        Sink plus = new Sink(4);
        assertThat(fs.readdir(caller(CHILD), etc, etcDir.fh, 0, true, plus)).isZero();
        assertThat(plus.names).hasSize(4);
        assertThat(nodes.size() - before).as("only a and b were looked up").isEqualTo(2);

        OpenOut dir = new OpenOut();
        assertThat(fs.opendir(caller(OUTSIDER), NodeTable.ROOT, 0, dir)).isZero();
        Sink empty = new Sink(10);
        assertThat(fs.readdir(caller(OUTSIDER), NodeTable.ROOT, dir.fh, 0, false, empty)).isZero();
        assertThat(empty.names).containsExactly(".", "..");
        assertThat(fs.opendir(caller(CHILD), etc, 0, dir)).isZero();
        assertThat(dir.cacheReaddir).isTrue();
    }

    @Test
    void aSubdirectoryWhoseLastViewIsGoneIsStale() {
        long usr = lookup(NodeTable.ROOT, "usr");
        assertThat(fs.lookup(caller(CHILD), usr, "lib", entry)).isZero();
        router.unmount(mount);
        fs.viewRemoved(mount);
        nodes.trees().release(mount.view().merged());
        // The kernel may still hold usr for a day; no runtime shows it any more.
        assertThat(fs.lookup(caller(CHILD), usr, "lib", entry)).isEqualTo(Errno.ESTALE);
        assertThat(nodes.trees().size()).isZero();
    }

    @Test
    void anUnreadableProcessTableIsEioNeverTheEmptyView() throws Exception {
        FakeProcessTable broken = FakeProcessTable.unreadable();
        Router r = new Router(broken);
        r.mount(mount);
        SpfsFilesystem failing = new SpfsFilesystem(new RouteCache(r, new DaemonMetrics("x"), null), nodes, handles,
                null, 0, 0);
        assertThat(failing.lookup(caller(CHILD), NodeTable.ROOT, "bin", entry)).isEqualTo(Errno.EIO);
        assertThat(failing.opendir(caller(CHILD), NodeTable.ROOT, 0, new OpenOut())).isEqualTo(Errno.EIO);
    }
}
