package io.spfsd.config;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Where things live by default. Every default can be overridden by an environment variable
 * (so a client and its daemon agree) and by a command-line option (which wins).
 */
public final class Locations {
    public static final String REPO_ENV = "SPFSD_REPO";

    private final Map<String, String> env;
    private final String home;
    private final boolean mac;

    public Locations(Map<String, String> env, String home, String osName) {
        this.env = env;
        this.home = home;
        this.mac = osName.toLowerCase(Locale.ROOT).startsWith("mac");
    }

    public static Locations system() {
        return new Locations(System.getenv(), System.getProperty("user.home"), System.getProperty("os.name"));
    }

    /** $SPFSD_REPO, else the per-user data directory. */
    public Path repository() {
        String fromEnv = env.get(REPO_ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return Path.of(fromEnv);
        }
        return dataDir().resolve("repo");
    }

    /** ~/Library/Application Support/spfsd on macOS, $XDG_DATA_HOME/spfsd or ~/.local/share/spfsd elsewhere. */
    public Path dataDir() {
        if (mac) {
            return Path.of(home, "Library", "Application Support", "spfsd");
        }
        String xdg = env.get("XDG_DATA_HOME");
        return (xdg != null && xdg.startsWith("/") ? Path.of(xdg) : Path.of(home, ".local", "share")).resolve("spfsd");
    }
}
