package io.spfsd.cli;

import io.spfsd.control.ControlClient;
import io.spfsd.control.Protocol;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import io.spfsd.os.ExecInPlace;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run CMD in a runtime: register REF... for this process, then become CMD in"
                + " place: CMD replaces spfsd (same PID, no JVM left running), so its exit status and"
                + " signals are the caller's. The runtime ends when the last of CMD's processes exits."
                + " CMD finds the runtime under the daemon's mount point (also in $SPFSD_MOUNTPOINT)."
                + " Exit status: CMD's; 127 when CMD is not found, 126 when it cannot be executed."
                + " If no daemon is listening, one is started in the background (its log is beside its"
                + " socket: spfsd.sock, spfsd.log)."},
        customSynopsis = {"spfsd run [OPTIONS] REF... -- CMD [ARGS...]", "spfsd run [OPTIONS] REF CMD [ARGS...]",
            "spfsd run -e [OPTIONS] -- CMD [ARGS...]"},
        footer = {"", "Without --, the first argument is the REF (an env spec: base+tools) and the rest the command,"
                + " as spfs takes them. With -e and no REF, the runtime starts empty (the empty env, '-').",
            "", "Examples:", "  spfsd run base+tools -- sh -c 'ls $SPFSD_MOUNTPOINT'", "  spfsd run base+tools make",
            "  spfsd run -e -- sh"})
final class RunCommand extends SpfsdCommand {
    @Mixin
    SocketOption socketOption;
    @Mixin
    RepoOption repoOption;

    @picocli.CommandLine.Option(names = {"-e", "--edit"},
            description = "An editable runtime: writes under the mount point go to a scratch of its own (removed"
                    + " when the runtime ends), over the read-only stack. No other runtime ever sees them.")
    boolean edit;

    @picocli.CommandLine.Option(names = "--runtime-name", paramLabel = "NAME",
            description = "Name the runtime (default: generated); CMD finds it in $SPFSD_RUNTIME.")
    String runtimeName;

    @picocli.CommandLine.Option(names = "--keep-runtime",
            description = "Keep the runtime (and its scratch) when its processes have exited, across daemon"
                    + " restarts too, until 'spfsd runtime rm NAME'; 'spfsd join NAME' enters it again.")
    boolean keep;

    @picocli.CommandLine.Option(names = "--remote", paramLabel = "NAME|URL",
            description = "Take refs this repository lacks from this remote (a name or a URL), fetching each"
                    + " payload on its first open (docs/remotes.md).")
    String remote;

    @Parameters(arity = "1..*", paramLabel = "REF", description = "Refs or env specs, then --, then the command and its"
            + " arguments; or one REF and the command without --.")
    List<String> args;

    @Override
    public Integer call() throws Exception {
        List<String> original = originalArgs();
        int dash = original.indexOf("--");
        List<String> command;
        List<String> refs;
        if (dash < 0) {
            // spfs's own form: one REF (an env spec: a+b+c), then the command, without --
            if (args.size() < 2) {
                throw usage("give the command: spfsd run REF CMD [ARGS], or spfsd run REF... -- CMD [ARGS]");
            }
            refs = args.subList(0, 1);
            command = args.subList(1, args.size());
        } else {
            if (dash == original.size() - 1) {
                throw usage("give the command after --: spfsd run REF... -- CMD [ARGS]");
            }
            command = original.subList(dash + 1, original.size());
            refs = args.subList(0, args.size() - command.size());
        }
        if (refs.isEmpty() && edit) {
            refs = List.of(io.spfsd.node.RuntimeViews.EMPTY); // run -e -- CMD: the empty env, editable (spfs's)
        }
        if (refs.isEmpty()) {
            throw usage("give at least one REF before -- (or - for the empty env): spfsd run REF... -- CMD [ARGS]");
        }
        String remoteUrl = null;
        if (remote != null) {
            remoteUrl = io.spfsd.storage.remote.Remotes.url(remote, main.locations::setting);
        }
        String spfs = repoOption.spfsRemote(main.locations);
        if (spfs != null && remoteUrl != null) {
            throw usage(RepoOption.SPFS_AND_REMOTE);
        }
        // an spfs repository is read in place, as the runtime's remote: any daemon can serve it
        Protocol.Status daemon = ensureDaemon(this, socketOption, spfs != null ? null : repoOption);
        remoteUrl = spfs != null ? spfs : remoteUrl;
        return runIn(this, socketOption, daemon, refs, edit, runtimeName, keep, remoteUrl, command);
    }

    /**
     * Starts a daemon in the background if none answers (and says so on stderr). One that
     * answers must serve the repository asked for with --repo or $SPFSD_REPO, if one was: a
     * runtime from another repository than the one named would be a silent surprise. Returns
     * the daemon's status (one request: a start costs the command every round trip it makes).
     */
    static Protocol.Status ensureDaemon(SpfsdCommand cmd, SocketOption socketOption, RepoOption repoOption)
            throws IOException, InterruptedException {
        ControlClient client = socketOption.client(cmd.main.locations);
        try {
            Protocol.Status s = ownStatus(client);
            if (repoOption != null) {
                checkRepository(cmd, client, repoOption, s.repository());
            }
            return s;
        } catch (ControlClient.NotRunningException e) {
            Path log = DaemonLauncher.ensureRunning(client.socket(), repoOption != null ? repoOption.repo : null);
            if (log != null) {
                cmd.err().println("spfsd: started a daemon in the background (log: " + log + ")");
                cmd.err().flush();
            }
            return ownStatus(client);
        }
    }

    /** The daemon's status with only this process's runtime listed (small, whatever the daemon holds). */
    private static Protocol.Status ownStatus(ControlClient client) throws IOException {
        int self = (int) ProcessHandle.current().pid();
        return SocketOption.call(client, new Protocol.Request("status", self, null)).status();
    }

    private static void checkRepository(SpfsdCommand cmd, ControlClient client, RepoOption repoOption, String served) {
        Path asked = repoOption.explicit(cmd.main.locations);
        if (asked != null) {
            if (!sameFile(Path.of(served), asked)) {
                throw new UserError("the daemon on " + client.socket() + " serves the repository " + served
                        + ", not " + asked + " (stop it, or give another daemon with --socket)");
            }
        }
    }

    private static boolean sameFile(Path a, Path b) {
        try {
            return java.nio.file.Files.isSameFile(a, b);
        } catch (IOException e) {
            return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
        }
    }

    /**
     * Registers this process for refs (or joins the runtime called name, with no refs) and
     * becomes command (execve): no JVM stays behind, and the command's exit status and signals
     * are this process's. The command is found once the process is in the runtime, as a shell
     * there would find it (it may live in the runtime: /spfs/bin/tool, or a PATH through it);
     * one that cannot run fails with a shell's status, 127 not found or 126 not executable,
     * and the runtime ends with the process.
     */
    static int runIn(SpfsdCommand cmd, SocketOption socketOption, Protocol.Status daemon, List<String> refs,
                     boolean edit, String name, boolean keep, String remote, List<String> command) throws IOException {
        if (!cmd.main.mayExec) {
            throw new UserError("run, shell and join replace their process with the command; call them from Main.main");
        }
        ControlClient client = socketOption.client(cmd.main.locations);
        Protocol.Status status = daemon != null ? daemon : ownStatus(client);
        Integer launcher = launcherPid();
        int root = launcher != null ? launcher : (int) ProcessHandle.current().pid();
        Protocol.Response registered = SocketOption.call(client, Protocol.Request.mount(root, refs, edit, name, keep,
                remote));
        if (registered.warning() != null) {
            cmd.err().println("spfsd: warning: " + registered.warning());
            cmd.err().flush();
        }
        Protocol.MountInfo runtime = registered.mount();
        if (launcher != null) {
            return handToLauncher(status, runtime); // the launcher finds and execs the command, in the runtime
        }
        Path program;
        try {
            program = ExecInPlace.resolve(command.getFirst(), System.getenv("PATH"));
        } catch (ExecInPlace.Failure e) {
            cmd.err().println("spfsd: " + e.getMessage());
            return e.exitStatus();
        }
        Map<String, String> env = environment(status, runtime);
        cmd.out().flush();
        cmd.err().flush();
        System.out.flush();
        System.err.flush();
        // No unmount: the daemon ends the runtime when this process (its root) exits, or,
        // where it keeps runtime groups, when the last process that left the tree does.
        try {
            ExecInPlace.exec(program, command, env);
        } catch (ExecInPlace.Failure e) {
            cmd.err().println("spfsd: " + e.getMessage());
            return e.exitStatus();
        }
        throw new IllegalStateException("execve returned without failing");
    }

    /**
     * bin/spfsd's own PID, when it runs `run` and `join` itself: it waits for this JVM, then
     * becomes the command (bash's exec), so the runtime is registered for it, and this JVM
     * only tells it where the runtime is. A JVM can replace itself only through FFM's execve,
     * whose linking costs ~20 ms of a ~90 ms command.
     */
    private static Integer launcherPid() {
        String pid = System.getenv(LAUNCHER_PID_ENV);
        if (pid == null || pid.isEmpty() || pid.length() > 9 || !pid.chars().allMatch(Character::isDigit)) {
            return null;
        }
        return Integer.valueOf(pid);
    }

    static final String LAUNCHER_PID_ENV = "SPFSD_LAUNCHER_PID";

    /** Tells the launcher, on its descriptor 3, the two lines the command's environment adds: mount point, runtime. */
    private static int handToLauncher(Protocol.Status daemon, Protocol.MountInfo runtime) throws IOException {
        if (daemon.mountpoint().contains("\n")) {
            throw new UserError("the mount point has a newline in its name: " + daemon.mountpoint());
        }
        try (java.io.OutputStream plan = java.nio.file.Files.newOutputStream(Path.of("/dev/fd/3"))) {
            plan.write((daemon.mountpoint() + "\n" + runtime.name() + "\n").getBytes(
                    java.nio.charset.StandardCharsets.UTF_8));
        }
        return 0;
    }

    /** The command's environment: this process's, and where the runtime is. */
    static Map<String, String> environment(Protocol.Status daemon, Protocol.MountInfo runtime) {
        Map<String, String> env = new TreeMap<>(System.getenv());
        env.put("SPFSD_MOUNTPOINT", daemon.mountpoint());
        env.put("SPFSD_RUNTIME", runtime.name());
        return env;
    }
}
