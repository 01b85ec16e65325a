package io.spfsd.fs.api;

import java.nio.ByteBuffer;

/**
 * The answer to read: either a range of an open file descriptor, which the adapter lets
 * libfuse splice (or pread) without copying it through Java, or bytes in memory.
 */
public final class ReadOut {
    /** The descriptor to read from, or -1 when {@link #bytes} holds the data. */
    public int fd = -1;
    public long offset;
    public long length;
    public ByteBuffer bytes;

    public void fromFd(int fd, long offset, long length) {
        this.fd = fd;
        this.offset = offset;
        this.length = length;
        this.bytes = null;
    }

    public void fromBytes(ByteBuffer data) {
        this.fd = -1;
        this.bytes = data;
    }
}
