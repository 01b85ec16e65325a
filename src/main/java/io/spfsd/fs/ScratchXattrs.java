package io.spfsd.fs;

import io.spfsd.fs.api.Caller;
import io.spfsd.fs.api.Errno;
import io.spfsd.fs.api.ValueOut;
import io.spfsd.node.Mount;
import io.spfsd.node.Node;
import io.spfsd.node.NodeTable;
import io.spfsd.os.Os;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Extended attributes. Only a scratch holds any, as its files' own (any namespace the file
 * system under the scratch takes; the kernel has checked the caller's right to each namespace
 * before asking). The stack has none, since the repository format keeps none: a path only in the
 * stack answers ENOATTR and an empty list, and a shared node does so without a routing
 * decision. Setting one on a path only in the stack copies it up first, as chmod does.
 */
final class ScratchXattrs {
    /** The largest value or list the kernel takes (XATTR_SIZE_MAX, XATTR_LIST_MAX). */
    private static final int MAX = 65536;

    private final SpfsFilesystem fs;

    ScratchXattrs(SpfsFilesystem fs) {
        this.fs = fs;
    }

    int get(Caller c, long ino, String name, long size, ValueOut out) {
        Found at = scratchPath(c, ino, name.startsWith(SECURITY));
        if (at.err != 0) {
            return at.err;
        }
        if (at.rel == null) {
            return Errno.ENOATTR;
        }
        byte[] buf = size == 0 ? null : new byte[(int) Math.min(size, MAX)];
        return answer(call(at, p -> Os.current().getxattr(p, name, buf)), buf, out, Errno.ENOATTR);
    }

    int list(Caller c, long ino, long size, ValueOut out) {
        Found at = scratchPath(c, ino, false);
        if (at.err != 0) {
            return at.err;
        }
        if (at.rel == null) {
            out.number = 0;
            out.bytes = new byte[0];
            return 0;
        }
        byte[] buf = size == 0 ? null : new byte[(int) Math.min(size, MAX)];
        return answer(call(at, p -> Os.current().listxattr(p, buf)), buf, out, 0);
    }

    /** A path-only xattr call on at's scratch file: its result, or -errno (ENOENT where the scratch lacks its directory). */
    private static long call(Found at, ScratchFiles.AtPath<Long> xattrCall) {
        try {
            return ScratchFiles.atPath(at.scratch, at.rel, xattrCall);
        } catch (io.spfsd.os.ErrnoException e) {
            return -e.errno();
        }
    }

    /**
     * An xattr call's result (read into buf; null: only the size asked) as a FUSE answer. A
     * scratch path that is not there is in the stack only: notThere, or 0 for an empty answer.
     */
    private static int answer(long r, byte[] buf, ValueOut out, int notThere) {
        if (r == Os.NO_XATTRS) {
            return Errno.ENOTSUP;
        }
        if (r == -Errno.ENOENT || r == -Errno.ENOTDIR) {
            if (notThere != 0) {
                return notThere; // only in the stack
            }
            r = 0;
        }
        if (r < 0) {
            return (int) -r;
        }
        out.number = r;
        if (buf != null) {
            out.bytes = java.util.Arrays.copyOf(buf, (int) r);
        }
        return 0;
    }

    int set(Caller c, Mount m, Node n, String name, byte[] value, int flags) {
        String rel = fs.editable().path(n == null ? NodeTable.ROOT : n.id);
        try {
            Overlay.Found f = rel == null ? null : Overlay.find(m, rel);
            if (f == null) {
                return Errno.ENOENT;
            }
            Overlay.inScratch(m, rel, f, fs.repo());
            if (name.startsWith(SECURITY)) {
                m.scratch().securityXattrs().set(true); // before it exists: a racing get may look for nothing, never miss it
            }
            int r = ScratchFiles.atPath(m.scratch(), rel, p -> Os.current().setxattr(p, name, value, flags));
            return r == Os.NO_XATTRS ? Errno.ENOTSUP : r;
        } catch (IOException e) {
            return Editable.errno(e);
        }
    }

    int remove(Caller c, Mount m, Node n, String name) {
        String rel = fs.editable().path(n == null ? NodeTable.ROOT : n.id);
        if (rel == null) {
            return Errno.ENOENT;
        }
        try {
            int r;
            try {
                r = ScratchFiles.atPath(m.scratch(), rel, p -> Os.current().removexattr(p, name));
            } catch (io.spfsd.os.ErrnoException e) {
                r = e.errno(); // the scratch lacks its directory
            }
            if (r == Errno.ENOENT || r == Errno.ENOTDIR) {
                return Overlay.find(m, rel) == null ? Errno.ENOENT : Errno.ENOATTR; // only in the stack: it has none
            }
            return r == Os.NO_XATTRS ? Errno.ENOTSUP : r;
        } catch (io.spfsd.os.ErrnoException e) {
            return e.errno();
        }
    }

    /** Where ino's attributes live for caller c: rel in a scratch (null: nowhere, so none), or an errno. */
    private record Found(io.spfsd.node.Scratch scratch, String rel, int err) {
    }

    private static final String SECURITY = "security.";

    /**
     * security: a security.* name is asked. The kernel asks for security.capability before every
     * write to a file; a scratch that never had a security.* attribute set answers "none" at
     * once, without its path or a system call (a round trip per write is the price anyway).
     */
    private Found scratchPath(Caller c, long ino, boolean security) {
        RuntimeTargets.Target t = fs.targets().of(c, ino);
        if (t.err() == Errno.EROFS) {
            return new Found(null, null, 0); // the stack's, or a read-only runtime's root: no attributes, for every caller
        }
        if (t.err() != 0) {
            return new Found(null, null, t.err());
        }
        Mount m = t.mount();
        if (security && !m.scratch().mayHoldSecurityXattrs()) {
            return new Found(null, null, 0);
        }
        String rel = fs.editable().path(ino);
        return rel == null ? new Found(null, null, Errno.ENOENT) : new Found(m.scratch(), rel, 0);
    }
}
