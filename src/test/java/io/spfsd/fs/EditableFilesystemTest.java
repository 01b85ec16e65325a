package io.spfsd.fs;

import static org.assertj.core.api.Assertions.assertThat;

import io.spfsd.fs.api.AttrOut;
import io.spfsd.fs.api.Caller;
import io.spfsd.fs.api.EntryOut;
import io.spfsd.fs.api.Errno;
import io.spfsd.fs.api.OpenOut;
import io.spfsd.fs.api.SetattrIn;
import io.spfsd.fs.api.ValueOut;
import io.spfsd.metrics.DaemonMetrics;
import io.spfsd.node.Handles;
import io.spfsd.node.Mount;
import io.spfsd.node.NodeDomain;
import io.spfsd.node.NodeTable;
import io.spfsd.node.RuntimeView;
import io.spfsd.node.RuntimeViews;
import io.spfsd.node.Scratch;
import io.spfsd.os.Posix;
import io.spfsd.router.RouteCache;
import io.spfsd.router.Router;
import io.spfsd.storage.DirectoryImporter;
import io.spfsd.storage.Repository;
import io.spfsd.testing.FakeProcessTable;
import io.spfsd.testing.TreeBuilder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An editable runtime's operations through the neutral contract, without a mount: a real
 * repository and scratch, a fake process table. What a write does to the scratch, and what
 * concurrent first writes of one stack file leave there.
 */
class EditableFilesystemTest {
    static final int ROOT_PID = 100;
    @TempDir
    Path tmp;
    SpfsFilesystem fs;
    Mount mount;
    Scratch scratch;
    final Caller caller = new Caller().set(ROOT_PID, 0, 0);
    ExecutorService pool;

    @BeforeEach
    void setUp() throws Exception {
        new TreeBuilder(tmp.resolve("src")).file("etc/conf", "a=1\n").file("big", "-".repeat(80_000));
        Repository repo = Repository.open(tmp.resolve("repo"));
        DirectoryImporter.Result r = new DirectoryImporter(repo, new DirectoryImporter.Listener() {
        }).importDirectory(tmp.resolve("src"));
        repo.tags().push("t", repo.putLayer(r.manifest()));
        Router router = new Router(new FakeProcessTable().add(1, 0, 1).add(ROOT_PID, 1, 10));
        NodeTable nodes = new NodeTable();
        fs = new SpfsFilesystem(new RouteCache(router, new DaemonMetrics("x"), null), nodes, new Handles(), repo, 0, 0);
        RuntimeView view = new RuntimeViews(repo).resolve(List.of("t"));
        mount = new Mount(ROOT_PID, 10, view, Instant.now());
        scratch = Scratch.fresh(Files.createDirectories(tmp.resolve("scratch")), new NodeDomain.Private(7));
        Files.createDirectories(scratch.upper());
        mount.makeEditable(scratch);
        nodes.trees().retain(view.merged());
        fs.viewAdded(mount);
        router.mount(mount);
        pool = Executors.newFixedThreadPool(8);
    }

    @AfterEach
    void tearDown() {
        pool.shutdownNow();
    }

    private long lookup(long parent, String name) {
        EntryOut e = new EntryOut();
        assertThat(fs.lookup(caller, parent, name, e)).isZero();
        assertThat(e.ino).as(name).isNotZero();
        return e.ino;
    }

    private int write(long ino, int flags, String text, long offset) {
        OpenOut o = new OpenOut();
        int err = fs.open(caller, ino, flags, o);
        if (err != 0) {
            return err;
        }
        ValueOut written = new ValueOut();
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        ByteBuffer data = ByteBuffer.allocateDirect(b.length).put(b).flip(); // the adapter passes the request's memory
        err = fs.write(caller, ino, o.fh, data, offset, written);
        fs.release(caller, ino, o.fh);
        return err;
    }

    @Test
    void aWriteCopiesTheStackFileUpOnceAndLeavesTheLayerAsItWas() throws Exception {
        long etc = lookup(NodeTable.ROOT, "etc");
        long conf = lookup(etc, "conf");
        assertThat(write(conf, Posix.O_WRONLY, "b", 2)).isZero();
        assertThat(Files.readString(scratch.upper().resolve("etc/conf"))).isEqualTo("a=b\n");
        try (var s = Files.list(scratch.upper().resolve("etc"))) {
            assertThat(s.map(p -> p.getFileName().toString()).toList()).as("no temporary copy left").containsExactly("conf");
        }
        SetattrIn chmod = new SetattrIn();
        chmod.valid = SetattrIn.SET_MODE;
        chmod.mode = 0600;
        AttrOut attrs = new AttrOut();
        assertThat(fs.setattr(caller, conf, chmod, attrs)).isZero();
        assertThat(attrs.attr.mode & 07777).isEqualTo(0600);
        assertThat(fs.unlink(caller, etc, "conf")).isZero();
        assertThat(fs.lookup(caller, etc, "conf", new EntryOut())).isIn(0, Errno.ENOENT);
        assertThat(Files.exists(scratch.upper().resolve("etc/.wh.conf"))).as("the stack's file is hidden").isTrue();
    }

    @Test
    void eightConcurrentFirstWritesOfOneStackFileAllLand() throws Exception {
        long big = lookup(NodeTable.ROOT, "big");
        CyclicBarrier start = new CyclicBarrier(8);
        List<Future<Integer>> writers = new java.util.ArrayList<>();
        for (int i = 0; i < 8; i++) {
            int n = i;
            writers.add(pool.submit(() -> {
                start.await();
                return write(big, Posix.O_WRONLY, "%02d".formatted(n), n * 10_000L);
            }));
        }
        for (Future<Integer> w : writers) {
            assertThat(w.get()).isZero();
        }
        String content = Files.readString(scratch.upper().resolve("big"));
        assertThat(content).hasSize(80_000);
        for (int i = 0; i < 8; i++) {
            assertThat(content.substring(i * 10_000, i * 10_000 + 2)).isEqualTo("%02d".formatted(i));
        }
    }

    /**
     * A scratch's files are reached through its directories' descriptors, one name at a time,
     * never through a path the kernel walks again: when a directory of the scratch is replaced
     * behind the runtime's back by a symlink to somewhere else (as a concurrent change could),
     * a change made through a node under it stays in the scratch. Walked by path, the chmod and
     * the write went through the symlink, to the file outside (as root: anyone's file).
     */
    @Test
    void aSymlinkPutInTheScratchLeadsNoCallOutOfIt() throws Exception {
        long etc = lookup(NodeTable.ROOT, "etc");
        long conf = lookup(etc, "conf");
        assertThat(write(conf, Posix.O_WRONLY, "b", 2)).isZero(); // copied up: the scratch has etc/
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Files.writeString(outside.resolve("conf"), "someone else's\n");
        Files.setPosixFilePermissions(outside.resolve("conf"), java.nio.file.attribute.PosixFilePermissions.fromString("r--------"));
        Files.move(scratch.upper().resolve("etc"), scratch.upper().resolve("etc.moved"));
        Files.createSymbolicLink(scratch.upper().resolve("etc"), outside);

        SetattrIn chmod = new SetattrIn();
        chmod.valid = SetattrIn.SET_MODE;
        chmod.mode = 0777;
        fs.setattr(caller, conf, chmod, new AttrOut());
        write(conf, Posix.O_WRONLY | Posix.O_TRUNC, "written", 0);

        assertThat(Files.readString(outside.resolve("conf"))).isEqualTo("someone else's\n");
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(outside.resolve("conf")))).isEqualTo("r--------");
    }

    private List<String> list(long dir) {
        OpenOut o = new OpenOut();
        assertThat(fs.opendir(caller, dir, 0, o)).isZero();
        List<String> names = new java.util.ArrayList<>();
        fs.readdir(caller, dir, o.fh, 0, false, new io.spfsd.fs.api.DirSink() {
            @Override
            public boolean add(String name, long ino, int mode, long nextOffset) {
                names.add(name);
                return true;
            }

            @Override
            public boolean fitsPlus(String name) {
                return false;
            }

            @Override
            public void addPlus(String name, EntryOut entry, long nextOffset) {
            }
        });
        fs.releasedir(caller, dir, o.fh);
        names.removeAll(List.of(".", ".."));
        return names;
    }

    /**
     * The writing half of the contract, below the mount: what mkdir, symlink, link, rename (plain,
     * over a stack file, RENAME_NOREPLACE, RENAME_EXCHANGE) and rmdir leave, as listings and as
     * the scratch on disk, and the errno each refusal is.
     */
    @Test
    void namesAreMadeMovedAndRemovedOverTheStack() throws Exception {
        long etc = lookup(NodeTable.ROOT, "etc");
        EntryOut out = new EntryOut();
        assertThat(fs.mkdir(caller, NodeTable.ROOT, "new", 0750, out)).isZero();
        long made = out.ino;
        assertThat(fs.mkdir(caller, NodeTable.ROOT, "new", 0750, new EntryOut())).isEqualTo(Errno.EEXIST);
        assertThat(fs.symlink(caller, "../etc/conf", made, "to-conf", new EntryOut())).isZero();
        ValueOut target = new ValueOut();
        assertThat(fs.readlink(caller, lookup(made, "to-conf"), target)).isZero();
        assertThat(target.text).isEqualTo("../etc/conf");
        long conf = lookup(etc, "conf");
        assertThat(fs.link(caller, conf, made, "hard", new EntryOut())).isZero(); // copies conf up first
        assertThat(Files.readString(scratch.upper().resolve("new/hard"))).isEqualTo("a=1\n");
        assertThat(Files.getAttribute(scratch.upper().resolve("etc/conf"), "unix:nlink")).isEqualTo(2);

        assertThat(fs.rename(caller, made, "hard", etc, "conf", Posix.RENAME_NOREPLACE)).isEqualTo(Errno.EEXIST);
        assertThat(fs.rename(caller, NodeTable.ROOT, "big", made, "big", 0)).isZero(); // a stack file moves
        assertThat(list(NodeTable.ROOT)).containsExactlyInAnyOrder("etc", "new");
        assertThat(list(made)).containsExactlyInAnyOrder("big", "hard", "to-conf");
        assertThat(Files.exists(scratch.upper().resolve(".wh.big"))).as("its old name whited out").isTrue();
        assertThat(fs.rename(caller, made, "to-conf", made, "hard", Posix.RENAME_EXCHANGE)).isZero();
        assertThat(Files.isSymbolicLink(scratch.upper().resolve("new/hard"))).isTrue();

        assertThat(fs.rmdir(caller, NodeTable.ROOT, "new")).isEqualTo(Errno.ENOTEMPTY);
        assertThat(fs.rmdir(caller, NodeTable.ROOT, "etc")).isEqualTo(Errno.ENOTEMPTY);
        assertThat(fs.unlink(caller, etc, "conf")).isZero();
        assertThat(fs.rmdir(caller, NodeTable.ROOT, "etc")).isZero();
        assertThat(fs.mkdir(caller, NodeTable.ROOT, "etc", 0700, new EntryOut())).isZero();
        assertThat(list(lookup(NodeTable.ROOT, "etc"))).as("the stack's etc stays hidden").isEmpty();
        assertThat(Files.exists(scratch.upper().resolve("etc/.wh..wh..opq"))).isTrue();
        assertThat(fs.rename(caller, NodeTable.ROOT, "etc", made, "etc", 0)).as("a directory the stack has")
                .isEqualTo(Errno.EXDEV);
        assertThat(fs.rename(caller, NodeTable.ROOT, "new", NodeTable.ROOT, "moved", 0)).isZero();
        assertThat(fs.mkdir(caller, made, "after", 0700, new EntryOut())).as("through the moved directory's node")
                .isZero();
        assertThat(scratch.upper().resolve("moved/after")).isDirectory();
        assertThat(list(made)).containsExactlyInAnyOrder("after", "big", "hard", "to-conf");
    }

    /**
     * Eight threads create files in a directory while a ninth keeps renaming its parent back and
     * forth: the scratch's held descriptors follow the moves (or are forgotten), so a create
     * either lands in the one directory, wherever it is now, or answers ENOENT (its path was
     * taken while the parent was elsewhere); no file that was answered made is lost, none lands
     * anywhere else, and no other error is answered.
     */
    @Test
    void createsRacingRenamesOfTheirParentLoseNothing() throws Exception {
        EntryOut out = new EntryOut();
        assertThat(fs.mkdir(caller, NodeTable.ROOT, "d", 0755, out)).isZero();
        long d = out.ino;
        assertThat(fs.mkdir(caller, d, "sub", 0755, out)).isZero();
        long sub = out.ino;
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        Future<Integer> renamer = pool.submit(() -> {
            int moves = 0;
            while (!stop.get()) {
                assertThat(fs.rename(caller, NodeTable.ROOT, "d", NodeTable.ROOT, "e", 0)).isZero();
                assertThat(fs.rename(caller, NodeTable.ROOT, "e", NodeTable.ROOT, "d", 0)).isZero();
                moves += 2;
            }
            return moves;
        });
        List<Future<List<String>>> creators = new java.util.ArrayList<>();
        for (int t = 0; t < 7; t++) {
            int n = t;
            creators.add(pool.submit(() -> {
                List<String> made = new java.util.ArrayList<>();
                for (int i = 0; i < 300; i++) {
                    String name = "f" + n + "-" + i;
                    OpenOut o = new OpenOut();
                    int err = fs.create(caller, sub, name, 0644, Posix.O_WRONLY, new EntryOut(), o);
                    if (err == 0) {
                        fs.release(caller, 0, o.fh);
                        made.add(name);
                    } else {
                        assertThat(err).as(name).isEqualTo(Errno.ENOENT);
                    }
                }
                return made;
            }));
        }
        java.util.Set<String> made = new java.util.TreeSet<>();
        for (Future<List<String>> c : creators) {
            made.addAll(c.get());
        }
        stop.set(true);
        assertThat(renamer.get()).isPositive();
        assertThat(made).as("some creates got through").isNotEmpty();
        Path there = scratch.upper().resolve(Files.exists(scratch.upper().resolve("d")) ? "d" : "e");
        try (var listed = Files.list(there.resolve("sub"))) {
            java.util.Set<String> there2 = listed.map(p -> p.getFileName().toString())
                    .collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new));
            assertThat(there2).isEqualTo(made);
        }
        try (var top = Files.list(scratch.upper())) {
            assertThat(top.map(p -> p.getFileName().toString()).toList()).as("nothing made elsewhere")
                    .containsExactly(there.getFileName().toString());
        }
    }
}
