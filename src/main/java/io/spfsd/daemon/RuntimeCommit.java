package io.spfsd.daemon;

import io.spfsd.control.ProgressSink;
import io.spfsd.node.Mount;
import io.spfsd.node.NodeTable;
import io.spfsd.node.RuntimeView;
import io.spfsd.node.Scratch;
import io.spfsd.storage.Digest;
import io.spfsd.storage.DirectoryImporter;
import io.spfsd.storage.Entry;
import io.spfsd.storage.Repository;
import io.spfsd.storage.StackMerge;
import io.spfsd.storage.Tree;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Commits an editable runtime's scratch as a layer, as spfs does: whiteouts become masks,
 * an opaque directory masks everything below it, and the runtime then runs on its stack plus
 * the new layer with an empty scratch. Nothing changes for the runtime's processes: every
 * path shows the same bytes before and after. Everything is stored before anything is
 * switched, so a commit that fails (or is killed) leaves the runtime and the repository as
 * they were, but for unreferenced objects.
 */
final class RuntimeCommit {
    private RuntimeCommit() {
    }

    static Digest commit(Repository repo, NodeTable nodes, Mount m) throws IOException {
        return commit(repo, nodes, m, ProgressSink.NONE);
    }

    /**
     * The same, telling progress as files are stored; a client gone before the switch stops it
     * there ({@link ProgressSink.ClientGone}), with the runtime as it was.
     */
    static Digest commit(Repository repo, NodeTable nodes, Mount m, ProgressSink progress) throws IOException {
        progress.report("waiting for the repository", 0, -1);
        try (io.spfsd.storage.RepositoryLock writing = io.spfsd.storage.RepositoryLock.forWriting(repo)) {
            return commitLocked(repo, nodes, m, progress);
        }
    }

    private static Digest commitLocked(Repository repo, NodeTable nodes, Mount m, ProgressSink progress)
            throws IOException {
        Scratch s = m.scratch();
        RuntimeView old = m.view();
        DirectoryImporter.Result r = new DirectoryImporter(repo, new Told(progress))
                .withWhiteouts(dir -> lowerNames(old, dir)).importDirectory(s.upper());
        Digest layer = repo.putLayer(r.manifest());
        progress.report("switching", r.files(), r.files()); // the last moment to stop: nothing has changed yet
        List<Digest> layers = new ArrayList<>(old.layers());
        layers.add(r.manifest());
        List<String> refs = new ArrayList<>(old.refs());
        refs.add(layer.toString());
        RuntimeView now = new RuntimeView(refs, layers, StackMerge.load(repo, layers));
        // Switch: the new stack shows what stack and scratch showed; then empty the scratch.
        Path done = s.dir().resolve(Scratches.COMMITTED + System.nanoTime());
        nodes.trees().retain(now.merged());
        synchronized (m) {
            m.replaceView(now);
            Files.move(s.upper(), done);
            Files.createDirectory(s.upper(), java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                    java.nio.file.attribute.PosixFilePermissions.fromString("rwx------")));
            s.marks().clear(); // an empty scratch over a stack that holds what it hid
            s.dirs().clear(); // the directories held were the committed upper's
        }
        nodes.trees().release(old.merged());
        Scratches.deleteLater(done);
        return layer;
    }

    /** The import's progress as the client's: files stored of those found; throws once the client is gone. */
    private static final class Told implements DirectoryImporter.Listener {
        private final ProgressSink progress;
        private long total = -1;

        Told(ProgressSink progress) {
            this.progress = progress;
        }

        @Override
        public boolean wantsTotalEarly() {
            return progress != ProgressSink.NONE;
        }

        @Override
        public void total(long files, long bytes) {
            total = files;
        }

        @Override
        public void found(long files, long bytes) {
            tell("reading the scratch", files, -1);
        }

        @Override
        public void file(long files, long bytes) {
            tell("storing", files, total);
        }

        private void tell(String phase, long done, long of) {
            try {
                progress.report(phase, done, of);
            } catch (ProgressSink.ClientGone e) {
                throw new java.io.UncheckedIOException(e); // the import's tasks pass it on as the import's failure
            }
        }
    }

    /** The names the stack has in directory dir ("" for the root). */
    private static List<String> lowerNames(RuntimeView v, String dir) {
        Tree t = v.treeAt(dir);
        return t == null ? List.of() : t.entries().stream().map(Entry::name).toList();
    }
}
