package io.spfsd.control;

import java.io.IOException;
import java.nio.channels.WritableByteChannel;
import java.util.concurrent.TimeUnit;

/**
 * The progress of one request, written to its client as lines before the answer by a thread
 * of its own: the work only records where it is, so a client that reads slowly (or not at
 * all) never slows it. A line goes out when the progress changed, at most every {@link
 * #CHANGE_INTERVAL_NANOS}, and the last one again every {@link #HEARTBEAT_NANOS}: a write that
 * fails means the client went away, which the work learns at its next {@link #report} or
 * {@link #check}.
 */
final class StreamedProgress implements ProgressSink, AutoCloseable {
    static final long CHANGE_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
    static final long HEARTBEAT_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final WritableByteChannel ch;
    private final Object lock = new Object();
    private Protocol.Progress latest = new Protocol.Progress("starting", 0, -1);
    private boolean changed = true;
    private boolean finished;
    private volatile boolean gone;
    private final Thread writer;

    StreamedProgress(WritableByteChannel ch) {
        this.ch = ch;
        this.writer = Thread.ofVirtual().name("control-progress").start(this::writeLoop);
    }

    @Override
    public void report(String phase, long done, long total) throws ClientGone {
        check();
        synchronized (lock) {
            latest = new Protocol.Progress(phase, done, total);
            if (!changed) {
                changed = true;
                lock.notifyAll();
            }
        }
    }

    @Override
    public void check() throws ClientGone {
        if (gone) {
            throw new ClientGone();
        }
    }

    /** Whether a progress line could not be written: nobody reads the answer. */
    boolean clientGone() {
        return gone;
    }

    private void writeLoop() {
        long lastWrite = System.nanoTime() - HEARTBEAT_NANOS; // the first line goes out at once
        try {
            while (true) {
                Protocol.Progress p;
                synchronized (lock) {
                    while (true) {
                        if (finished) {
                            return;
                        }
                        long since = System.nanoTime() - lastWrite;
                        long due = changed ? CHANGE_INTERVAL_NANOS : HEARTBEAT_NANOS;
                        if (since >= due) {
                            break;
                        }
                        TimeUnit.NANOSECONDS.timedWait(lock, due - since);
                    }
                    p = latest;
                    changed = false;
                }
                write(p);
                lastWrite = System.nanoTime();
            }
        } catch (IOException e) {
            gone = true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void write(Protocol.Progress p) throws IOException {
        LineReader.writeLine(ch, java.util.Map.of("progress", p));
    }

    /**
     * Stops the lines, waiting for one being written: the answer comes after it. A write the
     * client does not take is ended by the server's limit on writing, which closes the channel.
     */
    @Override
    public void close() {
        synchronized (lock) {
            finished = true;
            lock.notifyAll();
        }
        try {
            writer.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
