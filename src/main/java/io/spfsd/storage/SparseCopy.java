package io.spfsd.storage;

import io.spfsd.platform.Libc;
import io.spfsd.platform.Statx;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.security.MessageDigest;

/**
 * Imports a sparse file as a sparse payload: only the data ranges (found with SEEK_DATA and
 * SEEK_HOLE) are copied, at their offsets, so the holes stay holes in the repository; the
 * digest still covers every byte, holes hashed as the zeros they read as. The daemon
 * serves such a payload's holes back through lseek.
 */
final class SparseCopy {
    private static final int CHUNK = 1 << 20;
    private static final ByteBuffer ZEROS = ByteBuffer.allocate(CHUNK).asReadOnlyBuffer();

    private SparseCopy() {
    }

    /** Fewer 512-byte blocks allocated than the size needs. */
    static boolean isSparse(MemorySegment statx) {
        return (Statx.mode(statx) & Entry.S_IFMT) == Entry.S_IFREG && Statx.blocks(statx) * 512 < Statx.size(statx);
    }

    static Repository.Payload copy(Path source, Path target) throws IOException {
        int fd = Libc.open(NativePaths.of(source), Libc.O_RDONLY | Libc.O_CLOEXEC);
        if (fd < 0) {
            throw new IOException(source + ": cannot open (errno " + Libc.errno() + ")");
        }
        try (Arena arena = Arena.ofConfined();
             RandomAccessFile out = new RandomAccessFile(target.toFile(), "rw")) {
            MemorySegment buf = arena.allocate(CHUNK, 4096);
            MessageDigest sha = Digest.sha256();
            FileChannel ch = out.getChannel();
            long size = Libc.lseek(fd, 0, 2); // SEEK_END: the size as of now
            long pos = 0;
            while (pos < size) {
                long data = Libc.lseek(fd, pos, Libc.SEEK_DATA);
                if (data < 0) {
                    if (Libc.errno() != Libc.ENXIO) {
                        throw new IOException(source + ": SEEK_DATA failed (errno " + Libc.errno() + ")");
                    }
                    data = size; // nothing but a hole up to the end
                }
                hashZeros(sha, Math.min(data, size) - pos);
                if (data >= size) {
                    break;
                }
                long hole = Math.min(size, Libc.lseek(fd, data, Libc.SEEK_HOLE));
                copyRange(fd, buf, ch, sha, data, hole, source);
                pos = hole;
            }
            out.setLength(size); // a trailing hole stays a hole
            ch.force(false);
            return new Repository.Payload(Digest.fromBytes(sha.digest()), size);
        } finally {
            Libc.close(fd);
        }
    }

    private static void copyRange(int fd, MemorySegment buf, FileChannel out, MessageDigest sha, long from, long to,
                                  Path source) throws IOException {
        long at = from;
        while (at < to) {
            long n = Libc.pread(fd, buf, Math.min(CHUNK, to - at), at);
            if (n <= 0) {
                throw new IOException(source + ": read failed or file shrank while importing (errno "
                        + Libc.errno() + ")");
            }
            ByteBuffer bb = buf.asSlice(0, n).asByteBuffer();
            sha.update(bb.duplicate());
            long written = 0;
            while (written < n) {
                written += out.write(bb, at + written);
            }
            at += n;
        }
    }

    private static void hashZeros(MessageDigest sha, long n) {
        while (n > 0) {
            int k = (int) Math.min(n, CHUNK);
            sha.update(ZEROS.duplicate().limit(k));
            n -= k;
        }
    }
}
