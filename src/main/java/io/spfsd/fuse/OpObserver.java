package io.spfsd.fuse;

/**
 * Told how long each FUSE request took ({@link Op#ordinal()}): in all, and the part of it spent
 * handing the answer to the kernel (the reply's write to the FUSE device, which wakes the
 * caller). Called on the request's thread: must not block.
 */
public interface OpObserver {
    OpObserver NONE = (op, nanos, replyNanos) -> { };

    void op(int op, long nanos, long replyNanos);
}
