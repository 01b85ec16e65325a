package io.spfsd.storage;

import io.spfsd.os.DirEntry;
import io.spfsd.os.FileStat;
import io.spfsd.os.NativePaths;
import io.spfsd.os.Os;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * One directory of an import's source: its entries, each with its name, path and lstat, and,
 * in an editable runtime's scratch, the names its whiteouts mask (overlay style: a file
 * {@code .wh.NAME}, or for a name too long for that a character device NAME ({@link Whiteouts}),
 * deletes NAME from the layers below; {@code .wh..wh..opq} makes the directory opaque, hiding
 * all they have in it).
 *
 * @param opaque whether the directory hides everything the layers below have in it
 */
record SourceListing(List<Item> items, Set<String> masked, boolean opaque) {
    /** An entry: its name as spfsd keeps it ({@link Names}), a path to it, and its lstat. */
    record Item(String name, Path path, FileStat stat) {
    }

    private static final String WHITEOUT = Whiteouts.PREFIX, OPAQUE = Whiteouts.OPAQUE, META = Whiteouts.META_PREFIX;

    /**
     * dir's entries, whiteouts read as masks when withWhiteouts. From the system's own listing
     * where it has one and every name is ASCII (Os.list: names as bytes and a stat relative to
     * the directory, half the per-entry work of a DirectoryStream and a stat by path), else the
     * Java way, which keeps any name's exact bytes in its Path.
     */
    static SourceListing of(Path dir, boolean withWhiteouts) throws IOException {
        if (NativePaths.bytes(dir).length >= NativePaths.PATH_MAX) {
            throw unreadable(dir); // its entries were found by a stat relative to it, which has no such limit
        }
        List<DirEntry> listed = Os.current().list(dir);
        SourceListing out = new SourceListing(new ArrayList<>(), new TreeSet<>(), false);
        boolean opaque = false;
        if (listed != null && allAscii(listed)) {
            for (DirEntry entry : listed) {
                String name = new String(entry.name(), StandardCharsets.ISO_8859_1);
                Path child = dir.resolve(name);
                opaque |= out.add(name, child, entry.stat(), withWhiteouts);
            }
        } else {
            List<Path> children = new ArrayList<>();
            try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
                s.forEach(children::add);
            }
            for (Path child : children) {
                opaque |= out.add(RawPaths.fileName(child), child, null, withWhiteouts);
            }
        }
        return opaque ? new SourceListing(out.items, out.masked, true) : out;
    }

    /** Adds an entry, or the mask its whiteout makes; true for the opaque marker. */
    private boolean add(String name, Path path, FileStat stat, boolean withWhiteouts) throws IOException {
        if (withWhiteouts && name.startsWith(WHITEOUT)) {
            if (name.equals(OPAQUE)) {
                return true;
            }
            if (name.startsWith(META)) {
                return false; // the daemon's temporary (a copy-up a killed daemon left): not a whiteout
            }
            masked.add(name.substring(WHITEOUT.length()));
            return false;
        }
        FileStat st = stat != null ? stat : statOf(path);
        if (withWhiteouts && Whiteouts.mayBeDevice(name, st.mode()) && isWhiteoutDevice(name, path)) {
            masked.add(name);
            return false;
        }
        items.add(new Item(name, path, st));
        return false;
    }

    private static boolean allAscii(List<DirEntry> listed) {
        for (DirEntry e : listed) {
            for (byte b : e.name()) {
                if (b < 0) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Whether the character device at path is a whiteout (device 0/0): the listing's stat has no device number. */
    private static boolean isWhiteoutDevice(String name, Path path) {
        io.spfsd.os.FileAttrs a = Os.current().attrs(path);
        return a != null && Whiteouts.isDevice(name, a.mode(), a.rdev());
    }

    /** lstat of p: one call gives the type, and a file's identity. */
    private static FileStat statOf(Path p) throws IOException {
        FileStat st = Os.current().stat(p);
        if (st == null) {
            st = FileStat.ofJava(p); // a system without a native stat (yet)
        }
        if (st == null) {
            throw unreadable(p);
        }
        return st;
    }

    /** Why an entry cannot be read: its path is too long for the system, or it went away, or Java's stat says. */
    static IOException unreadable(Path p) {
        int length = NativePaths.bytes(p).length;
        if (length >= NativePaths.PATH_MAX) {
            String text = p.toString();
            String shown = text.length() <= 100 ? text : text.substring(0, 48) + "..." + text.substring(text.length() - 48);
            return new IOException("cannot import " + shown + ": its path is " + length + " bytes long, more than this"
                    + " system allows (" + (NativePaths.PATH_MAX - 1) + ")");
        }
        try {
            Files.readAttributes(p, java.nio.file.attribute.BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            return e; // the system's own reason: gone, denied
        }
        return new java.nio.file.NoSuchFileException(p.toString(), null, "removed while it was being imported");
    }
}
