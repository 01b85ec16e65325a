package io.spfsd.storage.remote;

import io.spfsd.storage.CorruptObjectException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A payload's body from a remote, held to the size its manifest gives: never more than that is
 * read (a server that sends more, or sends for ever, is refused at the first byte past it), and
 * a body that ends short is refused too. What it refuses never reaches the disk whole, and the
 * digest check behind it refuses anything else that is wrong. Either refusal is a
 * {@link CorruptObjectException}, as a body with other bytes is.
 */
final class SizedStream extends FilterInputStream {
    private final long size;
    /** What the refusal's message starts with: which payload from where, or "" where the caller says so. */
    private final String prefix;
    private long read;

    SizedStream(InputStream in, long size, String prefix) {
        super(in);
        this.size = size;
        this.prefix = prefix;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (read == size) {
            if (super.read() >= 0) {
                throw new CorruptObjectException(prefix + "the remote sends more than the " + size
                        + " bytes its manifest gives: refused");
            }
            return -1;
        }
        int n = super.read(b, off, (int) Math.min(len, size - read));
        if (n < 0) {
            throw new CorruptObjectException(prefix + "the remote's body ended after " + read + " of the " + size
                    + " bytes its manifest gives: refused");
        }
        read += n;
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        throw new IOException("not supported");
    }

    @Override
    public int available() throws IOException {
        return (int) Math.min(super.available(), size - read);
    }

    @Override
    public boolean markSupported() {
        return false;
    }
}
