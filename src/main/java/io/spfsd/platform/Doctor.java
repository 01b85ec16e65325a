package io.spfsd.platform;

import io.spfsd.config.Locations;
import io.spfsd.control.ControlClient;
import io.spfsd.fuse.linux.Libfuse;
import io.spfsd.os.Os;
import io.spfsd.os.Platform;
import io.spfsd.os.PlatformCheck;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks, end to end, what spfsd needs from this machine, and names what is missing or wrong
 * in one line each (`spfsd doctor`). Linux checks run here; the macOS ones are written from
 * ../shared/platform/macos-facts.md and have not run on a Mac.
 */
public final class Doctor {
    private final Locations locations;
    private final Platform platform;

    public Doctor(Locations locations, Platform platform) {
        this.locations = locations;
        this.platform = platform;
    }

    public List<PlatformCheck> run() {
        List<PlatformCheck> checks = new ArrayList<>();
        checks.add(platform());
        checks.add(java());
        checks.add(nativeAccess());
        if (platform == Platform.UNSUPPORTED) {
            return checks;
        }
        checks.add(libfuse());
        checks.addAll(Os.current().checks());
        checks.add(socketDirectory());
        checks.add(mountPoint());
        checks.add(repository());
        return checks;
    }

    private PlatformCheck platform() {
        return platform == Platform.UNSUPPORTED
                ? PlatformCheck.fail("platform", "this system is not one spfsd runs on: Linux (x86_64, aarch64) and macOS"
                + " (arm64, x86_64)")
                : PlatformCheck.ok("platform", platform.id + (platform.isMac()
                        ? " (its developers have not run spfsd on a Mac yet: 'spfsd doctor --self-test' tells them how it went)"
                        : ""));
    }

    private static PlatformCheck java() {
        Runtime.Version v = Runtime.version();
        String detail = System.getProperty("java.vendor", "?") + " " + v + " at " + System.getProperty("java.home");
        return v.feature() >= 25 ? PlatformCheck.ok("java", detail) : PlatformCheck.fail("java", detail + ": JDK 25 or newer is needed");
    }

    private static PlatformCheck nativeAccess() {
        return Doctor.class.getModule().isNativeAccessEnabled()
                ? PlatformCheck.ok("native access", "enabled")
                : PlatformCheck.fail("native access", "start Java with --enable-native-access=ALL-UNNAMED (bin/spfsd does)");
    }

    private PlatformCheck libfuse() {
        return Libfuse.loadProblem()
                .map(problem -> PlatformCheck.fail("libfuse", problem))
                .orElseGet(() -> PlatformCheck.ok("libfuse", "libfuse " + Libfuse.packageVersion() + " (API "
                        + Libfuse.version() + ") from " + Libfuse.libraryPath()));
    }

    private PlatformCheck socketDirectory() {
        Path socket = locations.clientSocket();
        ControlClient client = new ControlClient(socket, 2_000);
        if (client.isRunning()) {
            return PlatformCheck.ok("daemon", "answering on " + socket);
        }
        Path dir = socket.toAbsolutePath().getParent();
        if (Files.isDirectory(dir)) {
            return Files.isWritable(dir) ? PlatformCheck.ok("socket directory", dir + " (no daemon running: spfsd serve, or"
                    + " any spfsd run starts one)") : PlatformCheck.fail("socket directory", dir + " is not writable: set"
                    + " SPFSD_SOCKET to a path in a directory of yours, or fix its owner (chown)");
        }
        return creatable("socket directory", dir);
    }

    private PlatformCheck mountPoint() {
        Path m = locations.mountpoint();
        if (Files.isDirectory(m)) {
            return PlatformCheck.ok("mount point", m.toString());
        }
        if (platform.isMac() && m.equals(Locations.SYSTEM_MOUNTPOINT)) {
            return PlatformCheck.fail("mount point", "/spfs does not exist: on macOS the root is read-only; add a line"
                    + " 'spfs' to /etc/synthetic.conf and reboot (docs/platforms.md)");
        }
        return creatable("mount point", m);
    }

    private PlatformCheck repository() {
        Path r = locations.repository();
        if (Files.isRegularFile(r.resolve("SPFSD_REPOSITORY"))) {
            return Files.isWritable(r) ? PlatformCheck.ok("repository", r.toString())
                    : PlatformCheck.warn("repository", r + " is read-only for this user: runs work, commits do not");
        }
        return creatable("repository", r);
    }

    /** A directory that does not exist yet: fine if its nearest existing ancestor is writable. */
    private static PlatformCheck creatable(String name, Path p) {
        Path a = p.toAbsolutePath().getParent();
        while (a != null && !Files.exists(a)) {
            a = a.getParent();
        }
        return a != null && Files.isWritable(a) ? PlatformCheck.ok(name, p + " (created on first use)")
                : PlatformCheck.fail(name, p + " cannot be created (" + a + " is not writable): create it as its"
                        + " owner, or point spfsd elsewhere (" + (name.equals("repository") ? "SPFSD_REPO or --repo"
                        : "SPFSD_MOUNTPOINT") + ")");
    }

}
