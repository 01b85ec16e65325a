package io.spfsd.fs;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * Deletes in a scratch on a client's behalf without ever leaving it: every step is relative to
 * an open directory (openat, unlinkat) and no symbolic link is followed, so neither a ".."
 * nor a link the runtime made, or swapped in while the walk runs, leads outside. Where the JDK
 * offers no such directories (it does on Linux) each step is checked with lstat instead,
 * which leaves a window between check and use that only a racing writer of the same runtime
 * can use.
 */
public final class ScratchTree {
    private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;

    private ScratchTree() {
    }

    /**
     * Removes what the scratch holds at parts (components checked by {@link ScratchPaths#components})
     * and the whiteout beside it; nothing where a component is missing, or is not a directory.
     */
    static void delete(Path upper, List<String> parts, String whiteout) throws IOException {
        try (DirectoryStream<Path> root = Files.newDirectoryStream(upper)) {
            if (root instanceof SecureDirectoryStream<Path> secure) {
                deleteBeneath(secure, parts, whiteout);
            } else {
                deleteChecked(upper, parts, whiteout);
            }
        }
    }

    private static void deleteBeneath(SecureDirectoryStream<Path> dir, List<String> parts, String whiteout)
            throws IOException {
        Path name = relative(parts.getFirst());
        if (parts.size() == 1) {
            deleteAt(dir, name);
            if (whiteout != null) {
                deleteFileAt(dir, relative(whiteout));
            }
            return;
        }
        SecureDirectoryStream<Path> child;
        try {
            child = dir.newDirectoryStream(name, NOFOLLOW);
        } catch (NoSuchFileException | NotDirectoryException e) {
            return;
        } catch (IOException e) {
            if (isLoop(e)) {
                return; // a symbolic link: its target is not the scratch's to delete
            }
            throw e;
        }
        try (child) {
            deleteBeneath(child, parts.subList(1, parts.size()), whiteout);
        }
    }

    /**
     * Everything in dir, not dir itself, each step relative to an open directory: no path
     * grows with the depth (one past 4,096 bytes the system would refuse), no link followed.
     */
    public static void deleteContents(Path dir) throws IOException {
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            if (s instanceof SecureDirectoryStream<Path> secure) {
                List<Path> children = new ArrayList<>();
                secure.forEach(c -> children.add(c.getFileName()));
                for (Path c : children) {
                    deleteAt(secure, c);
                }
                return;
            }
        }
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            for (Path c : s) {
                deleteTreeChecked(c);
            }
        }
    }

    /** name in dir and, if it is a directory (not a link to one), all below it. */
    private static void deleteAt(SecureDirectoryStream<Path> dir, Path name) throws IOException {
        BasicFileAttributes a;
        try {
            a = dir.getFileAttributeView(name, BasicFileAttributeView.class, NOFOLLOW).readAttributes();
        } catch (NoSuchFileException e) {
            return;
        }
        if (!a.isDirectory()) {
            deleteFileAt(dir, name);
            return;
        }
        try (SecureDirectoryStream<Path> sub = dir.newDirectoryStream(name, NOFOLLOW)) {
            List<Path> children = new ArrayList<>();
            sub.forEach(c -> children.add(c.getFileName()));
            for (Path c : children) {
                deleteAt(sub, c);
            }
        } catch (NotDirectoryException e) {
            deleteFileAt(dir, name); // replaced by a file meanwhile
            return;
        } catch (NoSuchFileException e) {
            return; // gone meanwhile
        }
        try {
            dir.deleteDirectory(name);
        } catch (NoSuchFileException e) {
            // gone meanwhile
        }
    }

    private static void deleteFileAt(SecureDirectoryStream<Path> dir, Path name) throws IOException {
        try {
            dir.deleteFile(name);
        } catch (NoSuchFileException e) {
            // nothing there
        }
    }

    static void deleteChecked(Path upper, List<String> parts, String whiteout) throws IOException {
        Path dir = upper;
        for (String part : parts.subList(0, parts.size() - 1)) {
            dir = ScratchPaths.child(dir, part);
            if (!Files.isDirectory(dir, NOFOLLOW)) {
                return;
            }
        }
        deleteTreeChecked(ScratchPaths.child(dir, parts.getLast()));
        if (whiteout != null) {
            Files.deleteIfExists(ScratchPaths.child(dir, whiteout));
        }
    }

    private static void deleteTreeChecked(Path p) throws IOException {
        if (Files.isDirectory(p, NOFOLLOW)) {
            try (DirectoryStream<Path> s = Files.newDirectoryStream(p)) {
                for (Path c : s) {
                    deleteTreeChecked(c);
                }
            }
        }
        Files.deleteIfExists(p);
    }

    /** A one-component relative path of exactly name's bytes, for the *at() calls. */
    private static Path relative(String name) {
        return ScratchPaths.child(Path.of("/"), name).getFileName();
    }

    /** What openat(O_NOFOLLOW) says of a symbolic link (ELOOP), as the JDK words it. */
    private static boolean isLoop(IOException e) {
        return e instanceof java.nio.file.FileSystemException f && f.getReason() != null
                && f.getReason().contains("symbolic links");
    }
}
