package io.spfsd.storage;

/** Kinds of stored objects. The codes are the on-disk encoding (docs/repository-format.md). */
public enum ObjectKind {
    MANIFEST(1),
    LAYER(2),
    PLATFORM(3);

    public final int code;

    ObjectKind(int code) {
        this.code = code;
    }

    public static ObjectKind fromCode(int code) {
        for (ObjectKind k : values()) {
            if (k.code == code) {
                return k;
            }
        }
        throw new CorruptObjectException("unknown object kind " + code);
    }

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
