package io.spfsd.storage;

/**
 * Brings a payload the repository lacks (a lazy runtime's remote): of the size its manifest
 * gives, from the remote a runtime names (null: the daemon's own), giving up when gaveUp says
 * the opener has. True: it is in the repository now, verified.
 */
@FunctionalInterface
public interface MissingPayloads {
    boolean fetch(Digest d, long size, String remote, java.util.function.BooleanSupplier gaveUp);

    /**
     * What to say of payload d (of what, if known) that repo lacks when it is to be sent
     * elsewhere (a push): a lazy runtime brings only what it opens.
     */
    static String toSend(Repository repo, Digest d, String of) {
        return "the payload " + d + (of == null ? "" : " of " + of) + " is not in " + repo.root()
                + " (a lazy runtime brings only what it opens): pull the ref from its remote first";
    }
}
