package io.spfsd.cli;

import io.spfsd.daemon.Daemon;
import io.spfsd.daemon.DaemonConfig;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Run the daemon in the foreground: mount the FUSE filesystem and serve each registered"
                + " process tree its runtime (an empty directory to everyone else). SIGINT or SIGTERM"
                + " unmounts cleanly; a stale mount left by a killed daemon is cleared at start.",
                "",
                "Defaults also come from SPFSD_MOUNTPOINT, SPFSD_REPO and SPFSD_SOCKET, so clients and"
                        + " the daemon agree."})
final class ServeCommand extends SpfsdCommand {
    @Mixin
    RepoOption repoOption;
    @Mixin
    SocketOption socketOption;

    @Option(names = "--mountpoint", paramLabel = "DIR",
            description = "Where to mount (default: /spfs for root, else a per-user directory).")
    Path mountpoint;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "8",
            description = "Most FUSE worker threads (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--ancestry-ttl", paramLabel = "MS", defaultValue = "100",
            description = "How long a caller's routing decision is cached, in milliseconds (default: ${DEFAULT-VALUE}).")
    long ancestryTtlMillis;

    @Option(names = "--no-ancestry-cache",
            description = "Walk the process table on every routed request (for before/after comparisons).")
    boolean noAncestryCache;

    @Option(names = "--splice", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Let libfuse splice file data straight from the repository into the kernel"
                    + " (default: on; --no-splice makes it pread, for comparisons).")
    boolean splice;

    @Option(names = "--allow-other", negatable = true,
            description = "Let other users' processes use the mount (default: on for root; others need"
                    + " user_allow_other in /etc/fuse.conf).")
    Boolean allowOther;

    @Option(names = "--remote", paramLabel = "NAME|URL",
            description = "Serve runtimes of a remote lazily: refs not in the local repository are resolved there and"
                    + " their manifests fetched at mount; each payload on its first open, verified before it is"
                    + " stored (the local repository is the cache). A URL (file://, http(s)://) or a remote's name.")
    String remote;

    @Option(names = "--cache-size", paramLabel = "SIZE",
            description = "With --remote: keep what is fetched within SIZE (e.g. 20G, 500M; default: $SPFSD_CACHE_SIZE,"
                    + " else no limit), evicting the least recently opened payloads first, never an open one.")
    String cacheSize;

    @Option(names = "--xattrs", negatable = true,
            description = "Keep extended attributes (setfattr, setcap, SELinux labels) in editable runtimes"
                    + " (default: $SPFSD_XATTRS, else off). Off, the kernel stops asking for them; on, it asks"
                    + " for security.capability before every write to a file, which slows writes (untar into"
                    + " a scratch: 1.9x of passthrough_ll against 1.6x off).")
    Boolean xattrs;

    @Option(names = "--fetch-timeout", paramLabel = "SECONDS",
            description = "With --remote: an open whose download makes no progress for SECONDS fails with EIO"
                    + " (default: $SPFSD_FETCH_TIMEOUT, else 5).")
    Double fetchTimeout;

    @Option(names = "--log", paramLabel = "FILE",
            description = "Write the daemon's log to FILE, rotated at 10 MiB (FILE.1, FILE.2), instead of stderr."
                    + " A daemon that 'spfsd run' starts logs beside its socket (spfsd.sock: spfsd.log).")
    Path log;

    @Option(names = "--all-users",
            description = "Serve every user of this machine (the machine's daemon, as the systemd unit runs it): the"
                    + " socket is open to all, and each request is allowed by its caller's credentials: runtimes"
                    + " only for one's own processes, commit, reset and removal only of one's own runtimes (root:"
                    + " all), others' runtimes listed without their scratch.")
    boolean allUsers;

    @Option(names = "--detach", hidden = true,
            description = "Leave the caller's session (what 'spfsd run' uses to start a daemon in the background).")
    boolean detach;

    private java.time.Duration fetchTimeout() {
        Double seconds = fetchTimeout;
        if (seconds == null) {
            String env = main.locations.setting("SPFSD_FETCH_TIMEOUT");
            try {
                seconds = env == null ? null : Double.valueOf(env);
            } catch (NumberFormatException e) {
                throw new UserError("SPFSD_FETCH_TIMEOUT (or fetch_timeout) must be a number of seconds, not '" + env + "'");
            }
        }
        if (seconds == null) {
            return DaemonConfig.DEFAULT_FETCH_TIMEOUT;
        }
        if (seconds <= 0 || seconds > 3600) {
            throw usage("--fetch-timeout takes seconds between 0 and 3600 (got " + seconds + ")");
        }
        return java.time.Duration.ofMillis((long) (seconds * 1000));
    }

    /** "20G", "500M", "64K" or bytes; null or empty: no limit (0). */
    private long cacheBytes(String size) {
        if (size == null || size.isBlank()) {
            return 0;
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("([0-9]{1,12})([KMGT]?)i?B?").matcher(
                size.strip().toUpperCase(java.util.Locale.ROOT));
        if (!m.matches()) {
            throw usage("--cache-size takes a size: 500M, 20G, 1T or bytes (got '" + size + "')");
        }
        int shift = switch (m.group(2)) {
            case "K" -> 10;
            case "M" -> 20;
            case "G" -> 30;
            case "T" -> 40;
            default -> 0;
        };
        return Long.parseLong(m.group(1)) << shift;
    }

    /** A true/false setting (1, true, yes, on); unset is off. */
    private static boolean isOn(String setting) {
        if (setting == null || setting.isBlank()) {
            return false;
        }
        return switch (setting.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "1", "true", "yes", "on" -> true;
            case "0", "false", "no", "off" -> false;
            default -> throw new UserError("SPFSD_XATTRS (or xattrs) must be true or false, not '" + setting + "'");
        };
    }

    @Override
    public Integer call() throws Exception {
        if (detach) {
            io.spfsd.os.Posix.setsid(); // a Ctrl-C in the terminal that started it must not stop it
        }
        if (log != null) {
            io.spfsd.daemon.RotatingLog.redirectStandardStreams(log.toAbsolutePath(),
                    io.spfsd.daemon.RotatingLog.DEFAULT_MAX_BYTES);
        }
        if (threads < 1 || threads > 1024) {
            throw new UserError("--threads must be between 1 and 1024");
        }
        if (ancestryTtlMillis < 1 || ancestryTtlMillis > 60_000) {
            throw new UserError("--ancestry-ttl must be between 1 and 60000 milliseconds");
        }
        Path mp = (mountpoint != null ? mountpoint : main.locations.mountpoint()).toAbsolutePath().normalize();
        String spfs = repoOption.spfsRemote(main.locations);
        if (spfs != null && remote != null) {
            throw usage(RepoOption.SPFS_AND_REMOTE);
        }
        // An spfs repository is served in place, as the daemon's remote; spfsd's own repository
        // beside it (spfs-cache in the data directory) keeps what is converted and fetched.
        Path repo = (spfs != null ? main.locations.dataDir().resolve("spfs-cache")
                : repoOption.repo != null ? repoOption.repo : main.locations.repository()).toAbsolutePath();
        boolean root = io.spfsd.os.Users.isRoot();
        String remoteUrl = spfs != null ? spfs
                : remote == null ? null : io.spfsd.storage.remote.Remotes.url(remote, main.locations::setting);
        if (remoteUrl != null) {
            io.spfsd.storage.remote.Remotes.open(remoteUrl, false).close(); // a bad remote: one line, now
        }
        DaemonConfig config = new DaemonConfig(mp, repo, socketOption.path(main.locations).toAbsolutePath(), threads,
                allowOther != null ? allowOther : root,
                noAncestryCache ? null : java.time.Duration.ofMillis(ancestryTtlMillis), splice, remoteUrl,
                cacheBytes(cacheSize != null ? cacheSize : main.locations.setting("SPFSD_CACHE_SIZE")),
                fetchTimeout(), xattrs != null ? xattrs : isOn(main.locations.setting("SPFSD_XATTRS")), allUsers);
        Daemon daemon = Daemon.start(config);
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(daemon::close));
        err().printf("spfsd: serving %s%s at %s (socket %s)%n", repo, remoteUrl == null ? "" : " (lazily from "
                + remoteUrl + ")", mp, config.socket());
        err().flush();
        daemon.awaitTermination();
        return 0;
    }
}
