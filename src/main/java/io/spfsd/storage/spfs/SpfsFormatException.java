package io.spfsd.storage.spfs;

import java.io.IOException;

/** An spfs object, tag or repository that cannot be read as spfs writes it; the message names what and where. */
public final class SpfsFormatException extends IOException {
    public SpfsFormatException(String message) {
        super(message);
    }
}
