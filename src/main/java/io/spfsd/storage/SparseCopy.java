package io.spfsd.storage;

import io.spfsd.os.NativePaths;
import io.spfsd.os.Posix;
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

    static Repository.Payload copy(Path source, Path target) throws IOException {
        int fd = Posix.open(NativePaths.of(source), Posix.O_RDONLY | Posix.O_CLOEXEC);
        if (fd < 0) {
            throw new IOException(source + ": cannot open (errno " + Posix.errno() + ")");
        }
        try (Arena arena = Arena.ofConfined();
             RandomAccessFile out = new RandomAccessFile(target.toFile(), "rw")) {
            MemorySegment buf = arena.allocate(CHUNK, 4096);
            MessageDigest sha = Digest.sha256ForBulk();
            FileChannel ch = out.getChannel();
            long size = Posix.lseek(fd, 0, Posix.SEEK_END); // the size as of now
            long pos = 0;
            while (pos < size) {
                long data = Posix.lseek(fd, pos, Posix.SEEK_DATA);
                if (data < 0) {
                    if (Posix.errno() != Posix.ENXIO) {
                        throw new IOException(source + ": SEEK_DATA failed (errno " + Posix.errno() + ")");
                    }
                    data = size; // nothing but a hole up to the end
                }
                hashZeros(sha, Math.min(data, size) - pos);
                if (data >= size) {
                    break;
                }
                long hole = Math.min(size, Posix.lseek(fd, data, Posix.SEEK_HOLE));
                copyRange(fd, buf, ch, sha, data, hole, source);
                pos = hole;
            }
            out.setLength(size); // a trailing hole stays a hole
            ch.force(false);
            return new Repository.Payload(Digest.fromBytes(sha.digest()), size);
        } finally {
            Posix.close(fd);
        }
    }

    private static void copyRange(int fd, MemorySegment buf, FileChannel out, MessageDigest sha, long from, long to,
                                  Path source) throws IOException {
        long at = from;
        while (at < to) {
            long n = Posix.pread(fd, buf, Math.min(CHUNK, to - at), at);
            if (n <= 0) {
                throw new IOException(source + ": read failed or file shrank while importing (errno "
                        + Posix.errno() + ")");
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
