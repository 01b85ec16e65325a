package io.spfsd.daemon;

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
        try (io.spfsd.storage.RepositoryLock writing = io.spfsd.storage.RepositoryLock.forWriting(repo)) {
            return commitLocked(repo, nodes, m);
        }
    }

    private static Digest commitLocked(Repository repo, NodeTable nodes, Mount m) throws IOException {
        Scratch s = m.scratch();
        RuntimeView old = m.view();
        DirectoryImporter.Result r = new DirectoryImporter(repo, new DirectoryImporter.Listener() {
        }).withWhiteouts(dir -> lowerNames(old, dir)).importDirectory(s.upper());
        Digest layer = repo.putLayer(r.manifest());
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
        }
        nodes.trees().release(old.merged());
        Scratches.deleteLater(done);
        return layer;
    }

    /** The names the stack has in directory dir ("" for the root). */
    private static List<String> lowerNames(RuntimeView v, String dir) {
        Tree t = v.treeAt(dir);
        return t == null ? List.of() : t.entries().stream().map(Entry::name).toList();
    }
}
