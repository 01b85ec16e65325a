package io.spfsd.fuse;

/** Told how long each FUSE operation took (index into {@link #NAMES}). Must not block. */
public interface OpObserver {
    OpObserver NONE = (op, nanos) -> { };

    /** Operation names by index. */
    String[] NAMES = OpsTable.NAMES;

    void op(int op, long nanos);
}
