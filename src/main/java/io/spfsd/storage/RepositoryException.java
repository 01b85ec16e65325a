package io.spfsd.storage;

/** A repository operation failed in a way the user should be told about in one line. */
public class RepositoryException extends RuntimeException {
    public RepositoryException(String message) {
        super(message);
    }

    public RepositoryException(String message, Throwable cause) {
        super(message, cause);
    }
}
