package io.spfsd.storage;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;

/**
 * Keeps clean from removing what a commit has written but not yet tagged: writers hold the
 * repository's {@code gc.lock} shared for the whole commit, clean holds it exclusively. Within
 * one JVM (the daemon commits several runtimes at once) the file lock is taken once and
 * counted, since a JVM may not lock one file twice.
 */
public final class RepositoryLock implements AutoCloseable {
    private static final Map<Path, Shared> SHARED = new HashMap<>();

    private record Shared(FileChannel channel, FileLock lock, int[] holders) {
    }

    private final Path file;
    private final FileChannel exclusive;
    private boolean closed;

    private RepositoryLock(Path file, FileChannel exclusive) {
        this.file = file;
        this.exclusive = exclusive;
    }

    private static Path file(Repository repo) {
        return repo.root().toAbsolutePath().resolve("gc.lock");
    }

    /** Held while writing objects a tag will reference (commit); waits while a clean runs. */
    public static RepositoryLock forWriting(Repository repo) throws IOException {
        ReadOnlyRepositories.refuseChange(repo.root());
        Path f = file(repo);
        synchronized (SHARED) {
            Shared s = SHARED.get(f);
            if (s == null) {
                FileChannel ch = FileChannel.open(f, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                        StandardOpenOption.READ);
                s = new Shared(ch, ch.lock(0, Long.MAX_VALUE, true), new int[1]);
                SHARED.put(f, s);
            }
            s.holders()[0]++;
        }
        return new RepositoryLock(f, null);
    }

    /** Held by clean: no commit runs meanwhile. Null when writers hold it and wait is false. */
    public static RepositoryLock forCleaning(Repository repo, boolean wait) throws IOException {
        ReadOnlyRepositories.refuseChange(repo.root());
        Path f = file(repo);
        while (true) {
            synchronized (SHARED) {
                if (!SHARED.containsKey(f)) { // writers of this JVM hold it: the file lock cannot tell
                    FileChannel ch = FileChannel.open(f, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock l = ch.tryLock();
                    if (l != null) {
                        return new RepositoryLock(f, ch);
                    }
                    ch.close();
                }
            }
            if (!wait) {
                return null;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted while waiting for commits to finish");
            }
        }
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        if (exclusive != null) {
            exclusive.close();
            return;
        }
        synchronized (SHARED) {
            Shared s = SHARED.get(file);
            if (--s.holders()[0] == 0) {
                SHARED.remove(file);
                s.channel().close();
            }
        }
    }
}
