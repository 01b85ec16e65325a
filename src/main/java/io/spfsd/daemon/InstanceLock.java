package io.spfsd.daemon;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One daemon per mount point and per socket: an exclusive lock taken before anything is
 * mounted or bound, held for the daemon's life and released by the kernel however it ends
 * (even SIGKILL). The file holds the owner's PID, for the message a second daemon prints.
 */
final class InstanceLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private InstanceLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Thrown when another daemon holds the lock. */
    static final class HeldException extends IOException {
        HeldException(String message) {
            super(message);
        }
    }

    static InstanceLock acquire(Path file, String what) throws IOException {
        io.spfsd.config.PrivateDirectories.create(file.getParent());
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        FileLock l;
        try {
            l = ch.tryLock();
        } catch (OverlappingFileLockException e) {
            l = null; // held by another daemon in this JVM (tests)
        }
        if (l == null) {
            String owner = readOwner(ch);
            ch.close();
            throw new HeldException("another spfsd daemon" + (owner.isEmpty() ? "" : " (PID " + owner + ")")
                    + " already serves " + what);
        }
        ch.truncate(0);
        ch.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
        return new InstanceLock(ch, l);
    }

    private static String readOwner(FileChannel ch) {
        try {
            ByteBuffer b = ByteBuffer.allocate(32);
            ch.read(b, 0);
            return new String(b.array(), 0, b.position(), StandardCharsets.US_ASCII).strip();
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            // the kernel drops the lock with the descriptor anyway
        }
    }
}
