package io.spfsd.storage;

/**
 * Brings a payload the repository lacks (a lazy runtime's remote): of the size its manifest
 * gives, from the remote a runtime names (null: the daemon's own), giving up when gaveUp says
 * the opener has. True: it is in the repository now, verified.
 */
@FunctionalInterface
public interface MissingPayloads {
    boolean fetch(Digest d, long size, String remote, java.util.function.BooleanSupplier gaveUp);
}
