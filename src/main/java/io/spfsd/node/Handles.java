package io.spfsd.node;

import io.spfsd.storage.Tree;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Open files and root-directory listings, by the handle number given to the kernel (fh).
 * A handle remembers its mount and node, so reads need no routing, fail once the mount is
 * gone, and know their node's domain (a private node's file may change under it).
 */
public final class Handles {
    /** Something the kernel holds open. */
    public sealed interface Handle permits OpenFile, TreeListing, DirListing {
        Mount mount();
    }

    /**
     * An open file: a raw file descriptor that the FUSE adapter reads itself (splice or
     * pread); writable when an editable runtime's file was opened for writing.
     */
    public record OpenFile(Mount mount, Node node, int fd, boolean writable) implements Handle {
        public OpenFile(Mount mount, Node node, int fd) {
            this(mount, node, fd, false);
        }
    }

    /** How many files of mount are open for writing. */
    public long writersOf(Mount mount) {
        return open.values().stream().filter(h -> h instanceof OpenFile f && f.mount() == mount && f.writable())
                .count();
    }

    /** A file open on node n, or null (a scan: only for files whose name is gone). */
    public OpenFile openOn(Node n) {
        for (Handle h : open.values()) {
            if (h instanceof OpenFile f && f.node() == n) {
                return f;
            }
        }
        return null;
    }

    /** Whether some open file is payload d (a remote cache must not evict it). */
    public boolean holdsPayload(io.spfsd.storage.Digest d) {
        return open.values().stream().anyMatch(h -> h instanceof OpenFile f && !f.writable() && f.node() != null
                && f.node().entry() != null && d.equals(f.node().entry().digest()));
    }

    /** A listing of a read-only view's directory, fixed at opendir so offsets stay stable. */
    public record TreeListing(Mount mount, Tree tree) implements Handle {
    }

    /** A listing of an editable runtime's directory (scratch over stack), fixed at opendir. */
    public record DirListing(Mount mount, java.util.List<Listed> entries) implements Handle {
    }

    /** One name in a {@link DirListing} and its file type and mode. */
    public record Listed(String name, int mode) {
    }

    private final ConcurrentHashMap<Long, Handle> open = new ConcurrentHashMap<>();
    private final AtomicLong next = new AtomicLong(1);

    public long add(Handle handle) {
        long fh = next.getAndIncrement();
        open.put(fh, handle);
        handle.mount().handleOpened();
        return fh;
    }

    public Handle get(long fh) {
        return open.get(fh);
    }

    /** Removes the handle and returns it (null if unknown) so the caller can release what it holds. */
    public Handle remove(long fh) {
        Handle h = open.remove(fh);
        if (h != null) {
            h.mount().handleClosed();
        }
        return h;
    }

    public int size() {
        return open.size();
    }
}
