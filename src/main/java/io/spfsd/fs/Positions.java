package io.spfsd.fs;

import io.spfsd.fs.api.KernelCache;
import io.spfsd.node.Mount;
import io.spfsd.node.Node;
import io.spfsd.node.NodeTable;
import io.spfsd.node.PositionState;
import io.spfsd.node.PositionState.Agreement;
import io.spfsd.storage.Entry;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.LongFunction;

/**
 * Whether the live runtimes agree at each directory's place, and what the kernel must forget
 * when they stop agreeing. A directory node is one id for every runtime ({@code POSITION}),
 * so the kernel may keep what it learns of one (its attributes, its listing, the entries and
 * negative entries under it) only while every runtime that shows the place shows the same
 * directory there: {@link Agreement#AGREED} (read-only runtimes, one digest) for a day,
 * {@link Agreement#EDITABLE_ONLY} (one editable runtime shows it, and the directory cannot move
 * to where another looks) for a second, as its private nodes; otherwise not at all.
 *
 * <p>The set of views changes when a runtime is registered or removed, and when an editable
 * runtime commits or resets (what it makes or moves meanwhile is never kept while another
 * runtime is live). Each change bumps the generation, so every place's
 * agreement is computed again on its next use, and then expires what the kernel kept under
 * the agreement that ended: the directory's attributes and listing (inval_inode) and every
 * name it answered for long (FUSE_EXPIRE_ONLY, which keeps a working directory reachable).
 * The reply fence orders the two: a reply computed before the bump is written before the
 * expiry starts, and one computed after it carries the new agreement's timeouts.
 */
final class Positions {
    private final Set<Mount> live = ConcurrentHashMap.newKeySet();
    private final AtomicLong generation = new AtomicLong(1);
    private final ReentrantReadWriteLock fence = new ReentrantReadWriteLock();
    private final NodeTable nodes;
    private final LongFunction<String> pathOf;
    private volatile KernelCache kernel = KernelCache.NONE;

    Positions(NodeTable nodes, LongFunction<String> pathOf) {
        this.nodes = nodes;
        this.pathOf = pathOf;
    }

    void kernel(KernelCache k) {
        kernel = k;
    }

    Lock replyFence() {
        return fence.readLock();
    }

    /** Whether a change of generation waits for replies under way (for tests of the fence). */
    boolean changeWaiting() {
        return fence.hasQueuedThreads();
    }

    /** A runtime's view goes live; call before any of its processes is routed to it. */
    void add(Mount m) {
        live.add(m);
        changed();
    }

    /** A runtime ended. */
    void remove(Mount m) {
        if (live.remove(m)) {
            changed();
        }
    }

    /** Whether more than one runtime is live, so that a change in one can break agreement. */
    boolean shared() {
        return live.size() > 1;
    }

    /**
     * The set of views or a runtime's directories changed: agreement is computed again, and
     * what the kernel kept where it ended is expired. Never call from a FUSE request: the kernel
     * may take a directory's lock to expire a name under it.
     */
    void changed() {
        List<Node> mayHold = new ArrayList<>();
        List<PositionState> before = new ArrayList<>();
        fence.writeLock().lock();
        try {
            generation.incrementAndGet();
            for (Node n : nodes.positions()) {
                PositionState s = n.state();
                if (s != null && s.kept() != null) {
                    mayHold.add(n);
                    before.add(s);
                }
            }
        } finally {
            fence.writeLock().unlock();
        }
        for (int i = 0; i < mayHold.size(); i++) {
            Node n = mayHold.get(i);
            PositionState now = of(n);
            // Where no runtime shows the place nobody reaches what the kernel kept there: it
            // waits, for a runtime that shows the same directory again (a runtime replaced by
            // another of the same stack keeps the kernel's caches) or is expired then.
            if (now.agreement() != Agreement.UNSEEN && !now.keeps(before.get(i))) {
                expire(n);
            }
        }
    }

    private void expire(Node n) {
        KernelCache k = kernel;
        k.invalidateInode(n.id, 0, 0);
        for (String name : n.drainKeptNames()) {
            k.expireEntry(n.id, name);
        }
    }

    /**
     * n is the directory e under a place where the runtimes agree (parent): they agree on n
     * too (one digest is one subtree), so its agreement needs no computing.
     */
    void agreesBelow(Node n, PositionState parent, Entry e, io.spfsd.storage.Tree tree) {
        PositionState s = n.state();
        if (tree != null && (s == null || s.generation() != parent.generation())) {
            n.state(new PositionState(parent.generation(), Agreement.AGREED, e, tree, null));
        }
    }

    /** The agreement at n's place for the current views. */
    PositionState of(Node n) {
        long g = generation.get();
        PositionState s = n.state();
        if (s != null && s.generation() == g) {
            return s;
        }
        s = compute(n, g).after(s);
        n.state(s);
        return s;
    }

    private PositionState compute(Node n, long g) {
        String rel = pathOf.apply(n.id);
        if (rel == null) {
            return PositionState.of(g, Agreement.UNSEEN);
        }
        int shown = 0;
        Mount editor = null;
        Entry agreed = null;
        Mount agreedIn = null;
        boolean differ = false;
        for (Mount m : live) {
            if (m.isClosed()) {
                continue;
            }
            if (m.isEditable()) {
                if (showsDirectory(m, rel)) {
                    shown++;
                    editor = m;
                }
                continue;
            }
            Entry e = m.view().entryAt(rel);
            if (e == null || !e.isDirectory()) {
                continue;
            }
            shown++;
            if (agreed == null) {
                agreed = e;
                agreedIn = m;
            } else if (!agreed.equals(e)) {
                differ = true;
            }
        }
        if (shown == 0) {
            return PositionState.of(g, Agreement.UNSEEN);
        }
        if (editor != null) {
            // An editable runtime's directory that no other runtime shows is cached as its files
            // are if it cannot move: when the runtime is the only one, or the directory is its
            // stack's (a rename of it is EXDEV). One it made may be moved where another runtime
            // looks, with the kernel's entries under it: beside other runtimes it is not cached.
            boolean fixed = live.size() == 1 || Overlay.stackHasDirectory(editor, rel);
            return shown == 1 && fixed ? new PositionState(g, Agreement.EDITABLE_ONLY, null, null, editor)
                    : PositionState.of(g, Agreement.CONTESTED);
        }
        if (differ) {
            return PositionState.of(g, Agreement.CONTESTED);
        }
        return new PositionState(g, Agreement.AGREED, agreed, agreedIn.view().merged().trees().get(agreed.digest()),
                null);
    }

    /** Whether an editable runtime shows a directory at rel; a scratch that cannot be read counts as showing one (never cached long). */
    private static boolean showsDirectory(Mount m, String rel) {
        try {
            return Overlay.showsDirectory(m, rel);
        } catch (io.spfsd.os.ErrnoException e) {
            return true;
        }
    }
}
