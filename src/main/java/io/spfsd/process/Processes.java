package io.spfsd.process;

/** Picks the process table of the platform the daemon runs on. */
public final class Processes {
    private Processes() {
    }

    public static ProcessTable forCurrentPlatform() {
        String os = System.getProperty("os.name", "");
        if (os.equals("Linux")) {
            return new LinuxProcessTable();
        }
        throw new UnsupportedOperationException("no process table for " + os + " yet (macOS support is planned)");
    }
}
