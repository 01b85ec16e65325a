package io.spfsd.cli;

import java.io.PrintWriter;

/** A one-line progress counter on stderr, drawn only on a terminal and at most 5 times a second. */
final class Progress {
    private final PrintWriter err;
    private final boolean enabled;
    private long lastDraw;
    private boolean drawn;

    Progress(PrintWriter err, boolean enabled) {
        this.err = err;
        this.enabled = enabled;
    }

    static boolean isTerminal() {
        java.io.Console c = System.console();
        return c != null && c.isTerminal();
    }

    void update(long files, long bytes) {
        draw("importing: " + files + " files, " + bytes(bytes));
    }

    /** Draws line in place of the previous one (at most 5 times a second). */
    void draw(String line) {
        if (!enabled) {
            return;
        }
        long now = System.nanoTime();
        if (now - lastDraw > 200_000_000L) {
            lastDraw = now;
            drawn = true;
            err.print("\r" + line + "   ");
            err.flush();
        }
    }

    void clear() {
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
