package io.spfsd.cli;

import io.spfsd.config.Locations;
import io.spfsd.storage.IoErrors;
import io.spfsd.storage.RepositoryException;
import io.spfsd.storage.UnknownRefException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The spfsd command line. Each subcommand is a class of its own in this package. */
@Command(name = "spfsd",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = {
                "Serves a software runtime (a stack of layers from a content-addressed repository) to a"
                        + " process tree under one FUSE mount point; every other process sees an empty directory.",
                "",
                "Refs: a tag (name, or name~N for its Nth older version), a digest, or a unique digest"
                        + " prefix (4+ characters). An env spec joins refs with '+', bottom first: base+tools+fix.",
                "",
                "Environment: SPFSD_REPO (repository, default ~/.local/share/spfsd/repo), SPFSD_MOUNTPOINT"
                        + " and SPFSD_SOCKET (where the daemon serves and listens), SPFSD_LOG_LEVEL, SPFSD_DEBUG."},
        footer = {"", "Start here: spfsd commit DIR -t NAME, then spfsd run NAME -- CMD.",
                "Docs: docs/ in the source tree (architecture, repository format, control protocol,"
                        + " operations, performance)."},
        usageHelpAutoWidth = true,
        subcommands = {
                ServeCommand.class, RunCommand.class, MountCommand.class, UnmountCommand.class, StatusCommand.class,
                CommitCommand.class, LsCommand.class, InfoCommand.class, TagCommand.class, TagsCommand.class,
                CheckCommand.class, DiffCommand.class, ResetCommand.class, RuntimeCommand.class, JoinCommand.class, ShellCommand.class, EditCommand.class,
                CommandLine.HelpCommand.class})
public final class Main {
    /** Exit codes: 0 fine, 1 an error the user can act on, 2 bad usage, 70 a bug. */
    public static final int EXIT_ERROR = 1;
    public static final int EXIT_USAGE = 2;
    public static final int EXIT_INTERNAL = 70;

    final Locations locations;

    Main(Locations locations) {
        this.locations = locations;
    }

    public static void main(String[] args) {
        configureLogging();
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        System.exit(run(args, out, err, Locations.system()));
    }

    /** slf4j-simple: timestamps, to stderr; SPFSD_LOG_LEVEL overrides the level (info). */
    private static void configureLogging() {
        String level = System.getenv("SPFSD_LOG_LEVEL");
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", level != null ? level : "info");
        System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
        System.setProperty("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSX");
        System.setProperty("org.slf4j.simpleLogger.showThreadName", "false");
        System.setProperty("org.slf4j.simpleLogger.showShortLogName", "true");
    }

    /** Runs one command line; the seam the CLI tests use. */
    public static int run(String[] args, PrintWriter out, PrintWriter err, Locations locations) {
        CommandLine cmd = new CommandLine(new Main(locations));
        cmd.setOut(out);
        cmd.setErr(err);
        cmd.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            PrintWriter e = commandLine.getErr();
            int code = reportFailure(ex, e);
            e.flush();
            return code;
        });
        cmd.setExitCodeExceptionMapper(ex -> EXIT_USAGE);
        int code = cmd.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    static int reportFailure(Throwable ex, PrintWriter err) {
        Throwable t = ex instanceof UncheckedIOException u ? u.getCause() : ex;
        switch (t) {
            case UnknownRefException e -> err.println("spfsd: " + e.getMessage());
            case RepositoryException e -> err.println("spfsd: " + e.getMessage());
            case IOException e -> err.println("spfsd: " + IoErrors.describe(e));
            case UserError e -> err.println("spfsd: " + e.getMessage());
            default -> {
                err.println("spfsd: internal error: " + t);
                if (System.getenv("SPFSD_DEBUG") != null) {
                    t.printStackTrace(err);
                } else {
                    err.println("spfsd: set SPFSD_DEBUG=1 for the stack trace, and please report it");
                }
                return EXIT_INTERNAL;
            }
        }
        return EXIT_ERROR;
    }

    /** Prints the version from the jar's manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[]{"spfsd " + io.spfsd.config.Version.get()};
        }
    }
}
