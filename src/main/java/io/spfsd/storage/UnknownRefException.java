package io.spfsd.storage;

/** A ref (tag, digest or prefix) that names nothing in the repository, or more than one thing. */
public class UnknownRefException extends RepositoryException {
    public UnknownRefException(String message) {
        super(message);
    }
}
