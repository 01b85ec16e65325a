package io.spfsd.storage;

import io.spfsd.os.DirEntry;
import io.spfsd.os.FileStat;
import io.spfsd.os.Os;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Counts the regular files under a directory and their bytes, on a thread of its own, so that
 * an import's progress has a total (and an ETA) from the start: the import itself walks only a
 * little ahead of what it stores, to keep its memory bounded. A stat per entry, a path per
 * directory still to visit; entries it cannot read are left to the import to report.
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
            Path dir = dirs.pop();
            try {
                List<DirEntry> listed = Os.current().list(dir);
                if (listed != null && SourceListing.allAscii(listed)) { // else a name's bytes need Java's Path
                    for (DirEntry e : listed) {
                        FileStat st = e.stat();
                        if (st != null && st.isRegular()) {
                            files++;
                            bytes += st.size();
                        } else if (st != null && (st.mode() & Entry.S_IFMT) == Entry.S_IFDIR) {
                            dirs.push(dir.resolve(new String(e.name(), StandardCharsets.ISO_8859_1)));
                        }
                    }
                    continue;
                }
                try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
                    for (Path p : s) {
                        BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                        if (a.isRegularFile()) {
                            files++;
                            bytes += a.size();
                        } else if (a.isDirectory()) {
                            dirs.push(p);
                        }
                    }
                }
            } catch (IOException | RuntimeException e) {
                // unreadable here: the import reports it; the count is a little short
            }
        }
        total.total(files, bytes);
    }
}
