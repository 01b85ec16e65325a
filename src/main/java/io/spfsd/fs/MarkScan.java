package io.spfsd.fs;

import io.spfsd.node.Mount;
import io.spfsd.node.Scratch;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.BasicFileAttributeView;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads where a scratch on disk hides its runtime's stack (io.spfsd.node.ScratchMarks): each
 * whiteout's path, each opaque directory, and each scratch file standing where the stack has a
 * directory. Relative to open directories where the JDK offers them (no path grows with the
 * depth, and no link is followed).
 */
final class MarkScan {
    private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;

    private MarkScan() {
    }

    /** The marked paths of m's scratch; a scratch that cannot be read fails the request that asked. */
    static List<String> of(Mount m) {
        List<String> out = new ArrayList<>();
        try (DirectoryStream<Path> root = Files.newDirectoryStream(m.scratch().upper())) {
            if (root instanceof SecureDirectoryStream<Path> secure) {
                scan(m, secure, "", out);
            } else {
                scanChecked(m, m.scratch().upper(), "", out);
            }
        } catch (NoSuchFileException e) {
            return out; // an empty scratch whose upper directory is made on the first write
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the scratch of runtime " + m.name(), e);
        }
        return out;
    }

    private static void scan(Mount m, SecureDirectoryStream<Path> dir, String rel, List<String> out)
            throws IOException {
        List<Path> names = new ArrayList<>();
        dir.forEach(p -> names.add(p.getFileName()));
        for (Path n : names) {
            String at = mark(m, rel, ScratchPaths.name(n), out);
            if (at != null && dir.getFileAttributeView(n, BasicFileAttributeView.class, NOFOLLOW).readAttributes()
                    .isDirectory()) {
                try (SecureDirectoryStream<Path> sub = dir.newDirectoryStream(n, NOFOLLOW)) {
                    scan(m, sub, at, out);
                }
            } else if (at != null && Overlay.stackHasDirectory(m, at)) {
                out.add(at); // a file where the stack has a directory: none of the stack's shows below it
            }
        }
    }

    private static void scanChecked(Mount m, Path dir, String rel, List<String> out) throws IOException {
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            for (Path p : s) {
                String at = mark(m, rel, ScratchPaths.name(p), out);
                if (at != null && Files.isDirectory(p, NOFOLLOW)) {
                    scanChecked(m, p, at, out);
                } else if (at != null && Overlay.stackHasDirectory(m, at)) {
                    out.add(at);
                }
            }
        }
    }

    /** Records what a reserved name marks; for any other name, its path (to look at further), else null. */
    private static String mark(Mount m, String rel, String name, List<String> out) {
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
