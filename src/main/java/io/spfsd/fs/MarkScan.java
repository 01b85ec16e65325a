package io.spfsd.fs;

import io.spfsd.node.Mount;
import io.spfsd.node.Scratch;
import io.spfsd.os.DirEntry;
import io.spfsd.os.ErrnoException;
import io.spfsd.os.FileStat;
import io.spfsd.storage.Names;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads where a scratch on disk hides its runtime's stack (io.spfsd.node.ScratchMarks): each
 * whiteout's path (a ".wh." file, or the character device of a name too long for one), each
 * opaque directory, and each scratch file standing where the stack has a directory. Through
 * the scratch's directories held open ({@link ScratchFiles}): no path grows with the depth,
 * and no link is followed.
 */
final class MarkScan {
    private MarkScan() {
    }

    /** The marked paths of m's scratch; a scratch that cannot be read fails the request that asked. */
    static List<String> of(Mount m) {
        List<String> out = new ArrayList<>();
        try {
            scan(m, "", out);
        } catch (ErrnoException e) {
            if (e.errno() != io.spfsd.fs.api.Errno.ENOENT) {
                throw new UncheckedIOException("cannot read the scratch of runtime " + m.name(), e);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the scratch of runtime " + m.name(), e);
        }
        return out;
    }

    private static void scan(Mount m, String rel, List<String> out) throws IOException {
        for (DirEntry d : ScratchFiles.list(m.scratch(), rel)) {
            String name = Names.decode(d.name());
            String at = mark(rel, name, out);
            if (at == null || d.stat() == null) {
                continue; // a reserved name, or gone since the listing
            }
            int type = d.stat().mode() & FileStat.S_IFMT;
            if (Overlay.isWhiteoutDevice(m, rel, name, d.stat().mode())) {
                out.add(at);
            } else if (type == 0040000) {
                scan(m, at, out);
            } else if (Overlay.stackHasDirectory(m, at)) {
                out.add(at); // a file where the stack has a directory: none of the stack's shows below it
            }
        }
    }

    /** Records what a reserved name marks; for any other name, its path (to look at further), else null. */
    private static String mark(String rel, String name, List<String> out) {
        if (name.equals(Scratch.OPAQUE)) {
            if (!rel.isEmpty()) {
                out.add(rel);
            }
            return null;
        }
        if (Scratch.isTemporary(name)) {
            return null;
        }
        if (Scratch.isReserved(name)) {
            out.add(join(rel, name.substring(Scratch.WHITEOUT_PREFIX.length())));
            return null;
        }
        return join(rel, name);
    }

    private static String join(String rel, String name) {
        return rel.isEmpty() ? name : rel + "/" + name;
    }
}
