package io.spfsd.storage;

import io.spfsd.os.FileStat;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Counts the regular files under a directory and their bytes, on a thread of its own, so that
 * an import's progress has a total (and an ETA) from the start: the import itself walks only a
 * little ahead of what it stores, to keep its memory bounded. Directories are listed as the
 * import lists them (a stat per entry); a path is kept per directory still to visit; what it
 * cannot read is left to the import to report.
 */
final class TreeCounter implements Runnable, AutoCloseable {
    /** Told the count once it is complete. */
    interface Total {
        void total(long files, long bytes);
    }

    private final Path top;
    private final Total total;
    private volatile boolean stopped;

    private TreeCounter(Path top, Total total) {
        this.top = top;
        this.total = total;
    }

    /** Starts counting; closing it stops the count (when the import ends first). */
    static TreeCounter start(Path top, Total total) {
        TreeCounter counter = new TreeCounter(top, total);
        Thread.ofPlatform().name("import-count").daemon(true).start(counter);
        return counter;
    }

    @Override
    public void close() {
        stopped = true;
    }

    @Override
    public void run() {
        long files = 0;
        long bytes = 0;
        Deque<Path> dirs = new ArrayDeque<>();
        dirs.push(top);
        while (!dirs.isEmpty()) {
            if (stopped) {
                return;
            }
            try {
                for (SourceListing.Item item : SourceListing.of(dirs.pop(), false).items()) { // as the import lists it
                    FileStat st = item.stat();
                    if (st.isRegular()) {
                        files++;
                        bytes += st.size();
                    } else if ((st.mode() & Entry.S_IFMT) == Entry.S_IFDIR) {
                        dirs.push(item.path());
                    }
                }
            } catch (IOException | RuntimeException e) {
                // unreadable here: the import reports it; the count is a little short
            }
        }
        total.total(files, bytes);
    }
}
