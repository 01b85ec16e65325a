package io.spfsd.fs.api;

/**
 * A small answer: a number (lseek's offset, write's byte count, getxattr's size) or text
 * (readlink's target) or bytes (an attribute's value).
 */
public final class ValueOut {
    public long number;
    public String text;
    public byte[] bytes;

    public void clear() {
        number = 0;
        text = null;
        bytes = null;
    }
}
