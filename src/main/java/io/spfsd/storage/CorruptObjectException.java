package io.spfsd.storage;

/** Stored data that does not match its digest or cannot be decoded. Never served as good data. */
public class CorruptObjectException extends RepositoryException {
    public CorruptObjectException(String message) {
        super(message);
    }
}
