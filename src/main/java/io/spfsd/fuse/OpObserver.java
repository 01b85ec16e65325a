package io.spfsd.fuse;

/** Told how long each FUSE request took ({@link Op#ordinal()}). Called on the request's thread: must not block. */
public interface OpObserver {
    OpObserver NONE = (op, nanos) -> { };

    void op(int op, long nanos);
}
