package io.spfsd.config;

import io.spfsd.os.Platform;
import io.spfsd.os.Users;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where things live by default. Every default can be overridden by an environment variable
 * (so a client and its daemon agree) and by a command-line option (which wins).
 */
public final class Locations {
    public static final String REPO_ENV = "SPFSD_REPO";
    public static final String MOUNTPOINT_ENV = "SPFSD_MOUNTPOINT";
    public static final String SOCKET_ENV = "SPFSD_SOCKET";
    /** The mount point root uses when it can create it. */
    public static final Path SYSTEM_MOUNTPOINT = Path.of("/spfs");

    private final Map<String, String> env;
    private final String home;
    private final boolean mac;

    private final boolean root;

    public Locations(Map<String, String> env, String home, String osName, boolean root) {
        this.env = env;
        this.home = home;
        this.mac = Platform.detect(osName, System.getProperty("os.arch", "")).isMac();
        this.root = root;
    }

    public Locations(Map<String, String> env, String home, String osName) {
        this(env, home, osName, false);
    }

    public static Locations system() {
        String home = home(System.getenv());
        return forThisSystem(ConfigFile.withDefaults(System.getenv(), home), home, Users.isRoot());
    }

    /** Locations on the system this runs on, from the given environment and home directory. */
    public static Locations forThisSystem(Map<String, String> env, String home, boolean root) {
        return new Locations(env, home, Platform.current().isMac() ? "Mac OS X" : "Linux", root);
    }

    /**
     * $HOME when it is an absolute path, as every Unix tool takes it; else the passwd entry's
     * home (Java's user.home ignores $HOME).
     */
    static String home(Map<String, String> env) {
        String h = env.get("HOME");
        return h != null && h.startsWith("/") ? h : System.getProperty("user.home");
    }

    private Path fromEnv(String name) {
        String v = env.get(name);
        return v != null && !v.isBlank() ? Path.of(v) : null;
    }

    /**
     * $SPFSD_MOUNTPOINT, else /spfs for root (the machine's daemon; on macOS /spfs exists only
     * through /etc/synthetic.conf, which `spfsd doctor` says), else a per-user directory.
     */
    public Path mountpoint() {
        Path p = fromEnv(MOUNTPOINT_ENV);
        if (p != null) {
            return p;
        }
        return root ? SYSTEM_MOUNTPOINT : stateDir().resolve("mnt");
    }

    /** $SPFSD_SOCKET, else spfsd.sock in the state directory: where a daemon listens. */
    public Path socket() {
        Path p = fromEnv(SOCKET_ENV);
        return p != null ? p : stateDir().resolve("spfsd.sock");
    }

    /** Where the machine's daemon (serve --all-users as root: systemd's unit, launchd's) keeps its state. */
    private Path systemStateDir() {
        return mac ? Path.of("/var/run/spfsd") : Path.of("/run/spfsd");
    }

    /** The machine's daemon's socket. */
    public Path systemSocket() {
        return systemStateDir().resolve("spfsd.sock");
    }

    private java.util.function.Predicate<Path> present = java.nio.file.Files::exists;

    /** The same locations, taking a file for there or not as present says (tests). */
    public Locations withFilesPresent(java.util.function.Predicate<Path> present) {
        this.present = present;
        return this;
    }

    /**
     * Where a client finds its daemon: $SPFSD_SOCKET; else, for a user other than root, the
     * machine's daemon when there is one (its socket is there), so that every user of the
     * machine runs under one /spfs; else the user's own ({@link #socket()}).
     */
    public Path clientSocket() {
        Path p = fromEnv(SOCKET_ENV);
        if (p == null && !root && present.test(systemSocket())) {
            return systemSocket();
        }
        return socket();
    }

    /**
     * Runtime state (socket, log): for root /run/spfsd (macOS: /var/run/spfsd); else
     * $XDG_RUNTIME_DIR/spfsd, else ~/.local/state/spfsd (macOS: ~/Library/Caches/spfsd).
     */
    public Path stateDir() {
        if (root) {
            return systemStateDir();
        }
        Path xdg = fromEnv("XDG_RUNTIME_DIR");
        if (xdg != null && !mac) {
            return xdg.resolve("spfsd");
        }
        return mac ? Path.of(home, "Library", "Caches", "spfsd") : Path.of(home, ".local", "state", "spfsd");
    }

    /** An environment variable's value, or the config file's default for it; null when neither sets it. */
    public String setting(String name) {
        String v = env.get(name);
        return v == null || v.isBlank() ? null : v;
    }

    /** $SPFSD_REPO, or null. */
    public Path repositoryFromEnvironment() {
        return fromEnv(REPO_ENV);
    }

    /** $SPFSD_REPO, else the per-user data directory. */
    public Path repository() {
        Path p = fromEnv(REPO_ENV);
        return p != null ? p : dataDir().resolve("repo");
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
