package io.spfsd.storage;

/**
 * One named entry of a directory in a manifest.
 *
 * @param mode   full st_mode (file type bits and permissions)
 * @param size   bytes of content for files, of the target for symlinks, 0 otherwise
 * @param digest directory: its tree; file: its payload; symlink: SHA-256 of the target; mask: {@link Digest#NONE}
 * @param linkTarget symlink target, null for every other kind
 */
public record Entry(String name, EntryKind kind, int mode, long size, Digest digest, String linkTarget) {
    public static final int S_IFMT = 0170000, S_IFDIR = 0040000, S_IFREG = 0100000, S_IFLNK = 0120000;

    public Entry {
        Names.check(name);
        if ((kind == EntryKind.SYMLINK) != (linkTarget != null)) {
            throw new IllegalArgumentException("only symlinks carry a target: " + name);
        }
    }

    public static Entry directory(String name, int perms, Digest tree) {
        return new Entry(name, EntryKind.DIRECTORY, S_IFDIR | (perms & 07777), 0, tree, null);
    }

    public static Entry file(String name, int perms, long size, Digest payload) {
        return new Entry(name, EntryKind.FILE, S_IFREG | (perms & 07777), size, payload, null);
    }

    public static Entry symlink(String name, String target) {
        byte[] t = Names.encode(target);
        return new Entry(name, EntryKind.SYMLINK, S_IFLNK | 0777, t.length, Digest.of(t), target);
    }

    public static Entry mask(String name) {
        return new Entry(name, EntryKind.MASK, 0, 0, Digest.NONE, null);
    }

    public boolean isDirectory() {
        return kind == EntryKind.DIRECTORY;
    }

    public int permissions() {
        return mode & 07777;
    }
}
