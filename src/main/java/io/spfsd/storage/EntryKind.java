package io.spfsd.storage;

/** What a manifest entry is. The codes are the on-disk encoding (docs/repository-format.md). */
public enum EntryKind {
    DIRECTORY(1),
    FILE(2),
    SYMLINK(3),
    /** Deletes the path from the layers below it in a stack (a whiteout). */
    MASK(4);

    public final int code;

    EntryKind(int code) {
        this.code = code;
    }

    public static EntryKind fromCode(int code) {
        for (EntryKind k : values()) {
            if (k.code == code) {
                return k;
            }
        }
        throw new CorruptObjectException("unknown entry kind " + code);
    }
}
