package io.spfsd.cli;

import java.io.PrintWriter;

/**
 * A one-line progress counter on stderr, drawn only when stderr is a terminal (whatever stdout
 * is: `digest=$(spfsd commit DIR)` still shows it) and at most 5 times a second.
 */
final class Progress {
    private final PrintWriter err;
    private final boolean enabled;
    private final long start = System.nanoTime();
    private long lastDraw;
    private boolean drawn;
    private boolean importing;
    private long totalFiles = -1;
    private long totalBytes;

    Progress(PrintWriter err, boolean enabled) {
        this.err = err;
        this.enabled = enabled;
    }

    /** Whether lines are drawn at all. */
    boolean enabled() {
        return enabled;
    }

    /** Whether stderr is a terminal. */
    static boolean isTerminal() {
        return io.spfsd.os.Os.current().isTerminal(2); // not Posix: linking its calls cost a commit ~80 ms
    }

    /** While the tree is read: what has been found so far. */
    void found(long files, long bytes) {
        if (!importing && due()) { // the walk and the storing go together: once files are stored, that is the news
            draw("scanning: " + files + " files, " + bytes(bytes));
        }
    }

    /** The tree has been read: what there is to store. */
    void total(long files, long bytes) {
        totalFiles = files;
        totalBytes = bytes;
    }

    void update(long files, long bytes) {
        importing = true;
        if (!due()) {
            return; // called per file: the line is only made when it is drawn
        }
        if (totalFiles < 0) {
            draw("importing: " + files + " files, " + bytes(bytes));
            return;
        }
        double seconds = Math.max(1e-3, (System.nanoTime() - start) / 1e9);
        double rate = bytes / seconds;
        long eta = rate > 0 ? (long) Math.ceil((totalBytes - bytes) / rate) : 0;
        draw(String.format(java.util.Locale.ROOT, "importing: %d/%d files, %s/%s, %s/s, %s left", files, totalFiles,
                bytes(bytes), bytes(totalBytes), bytes((long) rate), duration(eta)));
    }

    /**
     * A transfer's line: payloads and bytes done of the whole, the rate of what moved, and the
     * time left at that rate (what the destination had already counts as done, not as speed).
     * Called from several threads.
     */
    synchronized void transfer(String verb, long done, long total, long moved, long present, long bytesTotal) {
        if (!due()) {
            return;
        }
        double seconds = Math.max(1e-3, (System.nanoTime() - start) / 1e9);
        double rate = moved / seconds;
        long left = Math.max(0, bytesTotal - moved - present);
        String eta = rate > 0 ? duration((long) Math.ceil(left / rate)) : "?";
        draw(String.format(java.util.Locale.ROOT, "%s: %d/%d payloads, %s/%s, %s/s, %s left", verb, done, total,
                bytes(moved + present), bytes(bytesTotal), bytes((long) rate), eta));
    }

    /** The daemon's progress on a request: its op, the phase, how far (of how much, once known). */
    void daemon(String op, io.spfsd.control.Protocol.Progress p) {
        if (due()) {
            draw(op + ": " + p.phase() + (p.total() >= 0 ? " " + p.done() + "/" + p.total() + " files"
                    : p.done() > 0 ? " " + p.done() : ""));
        }
    }

    static String duration(long seconds) {
        return seconds < 60 ? seconds + "s" : seconds < 3600 ? seconds / 60 + "m" + seconds % 60 + "s"
                : seconds / 3600 + "h" + seconds % 3600 / 60 + "m";
    }

    /** Whether a line would be drawn now: enabled, and 0.2 s after the last one. */
    private boolean due() {
        return enabled && System.nanoTime() - lastDraw > 200_000_000L;
    }

    /** Draws line in place of the previous one (at most 5 times a second). */
    synchronized void draw(String line) {
        if (due()) {
            lastDraw = System.nanoTime();
            drawn = true;
            err.print("\r" + line + "   ");
            err.flush();
        }
    }

    synchronized void clear() {
        if (drawn) {
            err.print("\r\033[K");
            err.flush();
            drawn = false;
        }
    }

    static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        String units = "KMGTPE";
        int u = -1;
        double v = n;
        while (v >= 1024 && u < units.length() - 1) {
            v /= 1024;
            u++;
        }
        return String.format(java.util.Locale.ROOT, "%.1f %siB", v, units.charAt(u));
    }
}
