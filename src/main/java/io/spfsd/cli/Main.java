package io.spfsd.cli;

import io.spfsd.config.Locations;
import io.spfsd.storage.IoErrors;
import io.spfsd.storage.RepositoryException;
import io.spfsd.storage.UnknownRefException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.List;
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
                        + " and SPFSD_SOCKET (where the daemon serves and listens), SPFSD_TIMEOUT, SPFSD_LOG_LEVEL;"
                        + " each may also be set in ~/.config/spfsd/config (or $SPFSD_CONFIG).",
                "",
                "Exit status: 0 done, 1 an error (one line on stderr says what), 2 a usage mistake, 126/127 a"
                        + " command run cannot execute or find, 70 an internal error."},
        footer = {"", "Start here: spfsd commit DIR -t NAME, then spfsd run NAME -- CMD.",
                "Docs: docs/cli.md (commands, settings, exit codes, JSON), and the rest of docs/ in the"
                        + " source tree."},
        usageHelpAutoWidth = true,
        // The subcommands are registered in code (COMMANDS), and only the one a command line names:
        // picocli reads every registered class's annotations by reflection at start-up, and its
        // classes cannot go into the AOT cache (their class files predate Java 6), so each
        // command registered and not run costs a few milliseconds of every start.
        subcommands = {})
public final class Main {
    /** Every subcommand's name, in the order help lists them. */
    static final List<String> COMMANDS = List.of("serve", "run", "mount", "unmount", "status", "commit", "ls",
            "cat", "info", "log", "tag", "untag", "tags", "check", "clean", "push", "pull", "diff", "reset", "runtime",
            "join", "shell", "edit", "doctor", "completion", "help");

    /** A new instance of the subcommand called name, or null (a switch: no class loads but the one named). */
    static Object command(String name) {
        return switch (name) {
            case "serve" -> new ServeCommand();
            case "run" -> new RunCommand();
            case "mount" -> new MountCommand();
            case "unmount" -> new UnmountCommand();
            case "status" -> new StatusCommand();
            case "commit" -> new CommitCommand();
            case "ls" -> new LsCommand();
            case "cat", "read" -> new CatCommand();
            case "log" -> new LogCommand();
            case "untag" -> new UntagCommand();
            case "info" -> new InfoCommand();
            case "tag" -> new TagCommand();
            case "tags" -> new TagsCommand();
            case "check" -> new CheckCommand();
            case "clean" -> new CleanCommand();
            case "push" -> new PushCommand();
            case "pull" -> new PullCommand();
            case "diff" -> new DiffCommand();
            case "reset" -> new ResetCommand();
            case "runtime" -> new RuntimeCommand();
            case "join" -> new JoinCommand();
            case "shell" -> new ShellCommand();
            case "edit" -> new EditCommand();
            case "doctor" -> new DoctorCommand();
            case "completion" -> new CompletionCommand();
            case "help" -> new CommandLine.HelpCommand();
            default -> null;
        };
    }

    /** Exit codes: 0 fine, 1 an error the user can act on, 2 bad usage, 70 a bug. */
    public static final int EXIT_ERROR = 1;
    public static final int EXIT_USAGE = 2;
    public static final int EXIT_INTERNAL = 70;

    @CommandLine.Option(names = {"-q", "--quiet"}, scope = CommandLine.ScopeType.INHERIT,
            description = "No progress or summaries on stderr; errors are still printed.")
    boolean quiet;

    /** -v: debug log lines, and an internal error's stack trace. */
    static volatile boolean verbose;

    @CommandLine.Option(names = {"-v", "--verbose"}, scope = CommandLine.ScopeType.INHERIT,
            description = "More detail on stderr: debug log lines, and the stack trace of an internal error.")
    void verbose(boolean on) {
        verbose = on;
        if (on) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "debug");
        }
    }

    final Locations locations;
    /** Whether this JVM may replace itself with a command (run, shell, join): only when it is spfsd's own process. */
    final boolean mayExec;
    /** Where commands that print bytes, not text (cat), write them: stdout itself, or a test's buffer. */
    final OutputStream bytesOut;

    Main(Locations locations, boolean mayExec, OutputStream bytesOut) {
        this.locations = locations;
        this.mayExec = mayExec;
        this.bytesOut = bytesOut;
    }

    public static void main(String[] args) {
        if (mayReplaceItself(args)) {
            io.spfsd.os.InheritedFds.record(); // before the JVM opens files of its own
            io.spfsd.os.ExecInPlace.linkAhead(); // exec's downcalls, while the rest starts up
        }
        if (args.length > 0 && java.util.Arrays.asList(args).contains("commit")) {
            Thread.ofPlatform().daemon().name("link-ahead").start(Main::linkCommitAhead);
        }
        if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
            // What picocli would print, without building its model of the commands (a third of
            // this command's time): the one command that needs neither options nor settings.
            System.out.println(new Version().getVersion()[0]);
            System.exit(0);
        }
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        Locations locations;
        try {
            locations = Locations.system();
        } catch (io.spfsd.config.ConfigFile.Invalid e) {
            err.println("spfsd: " + e.getMessage());
            System.exit(EXIT_ERROR);
            return;
        }
        String level = locations.setting("SPFSD_LOG_LEVEL");
        if (level == null && List.of(args).contains("--self-test")) {
            level = "warn"; // the self-test's daemon runs in this process: its steps are the output, not its log
        }
        configureLogging(level, List.of(args).contains("serve"));
        int code;
        try {
            code = run(args, out, err, locations, true, System.out);
        } catch (OutOfMemoryError e) {
            err.println("spfsd: out of memory (this JVM may use " + Runtime.getRuntime().maxMemory() / (1 << 20)
                    + " MiB): allow it more with JAVA_TOOL_OPTIONS=-Xmx<size>, e.g. -Xmx4g");
            code = EXIT_ERROR;
        } catch (VirtualMachineError e) {
            code = reportFailure(e, err); // a bug (a stack overflow): one line, not the JVM's trace
        }
        err.flush();
        System.exit(code);
    }

    /**
     * What a commit's walk needs first, made while the main thread opens the repository and
     * loads its import cache: the walk's and the content store's downcalls, and the JDK's
     * SHA-256 (security providers read on first use), each ~10 ms of a fresh JVM.
     */
    private static void linkCommitAhead() {
        try {
            io.spfsd.os.Os.current().linkWalkAhead();
            io.spfsd.storage.Digest.sha256();
        } catch (Throwable t) {
            // only a head start: the walk links them itself
        }
    }

    /** Whether the command line may be run, join or shell, which become their command (execve). */
    private static boolean mayReplaceItself(String[] args) {
        if (System.getenv(RunCommand.LAUNCHER_PID_ENV) != null) {
            return false; // the launcher becomes the command
        }
        for (String a : args) {
            if (a.equals("run") || a.equals("join") || a.equals("shell")) {
                return true;
            }
            if (a.equals("--")) {
                return false;
            }
        }
        return false;
    }

    /** slf4j-simple: to stderr, timestamped for the daemon; SPFSD_LOG_LEVEL (or the config's log_level) sets the level (info). */
    private static void configureLogging(String level, boolean daemon) {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", level != null ? level : "info");
        // The daemon's log lines carry the time of day. A command's go to the terminal it runs
        // in, without: slf4j-simple formats dates with SimpleDateFormat, whose locale and time
        // zone data cost ~25 ms to load, and it makes one whenever a format is set (showDateTime
        // false or not), as the first logger of every command that opens a repository did.
        System.setProperty("org.slf4j.simpleLogger.showDateTime", Boolean.toString(daemon));
        if (daemon) {
            System.setProperty("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSX");
        }
        System.setProperty("org.slf4j.simpleLogger.showThreadName", "false");
        System.setProperty("org.slf4j.simpleLogger.showShortLogName", "true");
    }

    /** Runs one command line; the seam the CLI tests use. */
    public static int run(String[] args, PrintWriter out, PrintWriter err, Locations locations) {
        return run(args, out, err, locations, false, System.out);
    }

    /** The same, with stdout as bytes (what cat writes arrives unchanged). */
    public static int run(String[] args, OutputStream out, PrintWriter err, Locations locations) {
        return run(args, new PrintWriter(new java.io.OutputStreamWriter(out, java.nio.charset.StandardCharsets.UTF_8),
                true), err, locations, false, out);
    }

    private static int run(String[] args, PrintWriter out, PrintWriter err, Locations locations, boolean mayExec,
                           OutputStream bytesOut) {
        boolean json = List.of(args).contains("--json");
        SpfsdCommand quick = QuickCommandLine.parse(args, new Main(locations, mayExec, bytesOut), out, err);
        if (quick != null) {
            try {
                int code = quick.call();
                out.flush();
                err.flush();
                return code;
            } catch (QuickCommandLine.Declined e) {
                // a usage mistake: picocli parses the line again, and reports it
            } catch (Exception e) {
                int code = failed(e, out, err, json);
                out.flush();
                return code;
            }
        }
        CommandLine cmd = commandLine(args, locations, mayExec, bytesOut);
        cmd.setOut(out);
        cmd.setErr(err);
        cmd.setExecutionExceptionHandler((ex, commandLine, parseResult) ->
                failed(ex, commandLine.getOut(), commandLine.getErr(), json));
        cmd.setParameterExceptionHandler((ex, ignored) -> {
            CommandLine c = ex.getCommandLine();
            PrintWriter e = c.getErr();
            e.println("spfsd: " + ex.getMessage());
            CommandLine.UnmatchedArgumentException.printSuggestions(ex, e);
            e.println("Try '" + c.getCommandSpec().qualifiedName() + " --help' for more information.");
            e.flush();
            if (json) {
                printJsonError(c.getOut(), ex.getMessage());
            }
            return EXIT_USAGE;
        });
        cmd.setExitCodeExceptionMapper(ex -> EXIT_USAGE);
        int code = cmd.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    /** The command line with just the subcommand its first word names, none for --version, else all (for help and usage errors). */
    static CommandLine commandLine(String[] args, Locations locations, boolean mayExec, OutputStream bytesOut) {
        CommandLine cmd = new CommandLine(new Main(locations, mayExec, bytesOut));
        String first = java.util.Arrays.stream(args).filter(a -> !a.startsWith("-")).findFirst().orElse("help");
        Object named = first.equals("help") ? null : command(first); // after global options (-v, -q)
        if (named != null) {
            cmd.addSubcommand(named); // its @Command name and aliases
        } else if (args.length != 1 || !(args[0].equals("-V") || args[0].equals("--version"))) {
            COMMANDS.forEach(name -> cmd.addSubcommand(command(name)));
        }
        return cmd;
    }

    /** A command that threw: its one line on stderr, and with --json the same as a JSON document on stdout. */
    private static int failed(Exception ex, PrintWriter out, PrintWriter err, boolean json) {
        int code = reportFailure(ex, err);
        err.flush();
        if (json) {
            printJsonError(out, describe(ex));
        }
        return code;
    }

    /**
     * With --json an error is a JSON document on stdout too, so `| jq` reads it:
     * {"error": "..."}. stderr keeps the line people read.
     */
    private static void printJsonError(PrintWriter out, String message) {
        StreamedJson.error(out, message);
        out.flush();
    }

    /** The one line reportFailure prints, without its "spfsd: ". */
    private static String describe(Throwable ex) {
        java.io.StringWriter s = new java.io.StringWriter();
        reportFailure(ex, new PrintWriter(s));
        String first = s.toString().lines().findFirst().orElse("");
        return first.startsWith("spfsd: ") ? first.substring("spfsd: ".length()) : first;
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
                if (verbose || System.getenv("SPFSD_DEBUG") != null) {
                    t.printStackTrace(err);
                } else {
                    err.println("spfsd: run it again with -v for the stack trace, and please report it");
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
