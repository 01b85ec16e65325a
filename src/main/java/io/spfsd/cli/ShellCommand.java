package io.spfsd.cli;

import io.spfsd.control.Protocol;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "shell", mixinStandardHelpOptions = true,
        description = {"Start $SHELL (else /bin/sh) in a runtime of REF... (no REF, or '-': the empty env),"
                + " editable with -e. The shell finds the runtime under $SPFSD_MOUNTPOINT, its name in"
                + " $SPFSD_RUNTIME."},
        footer = {"", "Examples:", "  spfsd shell base+tools", "  spfsd shell -e -"})
final class ShellCommand extends SpfsdCommand {
    @Mixin
    SocketOption socketOption;
    @Mixin
    RepoOption repoOption;

    @Option(names = {"-e", "--edit"}, description = "An editable runtime (see spfsd run --help).")
    boolean edit;

    @Option(names = "--runtime-name", paramLabel = "NAME", description = "Name the runtime.")
    String runtimeName;

    @Option(names = "--keep-runtime", description = "Keep the runtime after the shell exits (see spfsd run --help).")
    boolean keep;

    @Parameters(arity = "0..*", paramLabel = "REF", description = "Refs or env specs (default: the empty env).")
    List<String> refs = List.of();

    @Override
    public Integer call() throws Exception {
        String shell = System.getenv().getOrDefault("SHELL", "/bin/sh");
        String spfs = repoOption.spfsRemote(main.locations); // an spfs repository: read in place, as the remote
        Protocol.Status daemon = RunCommand.ensureDaemon(this, socketOption, spfs != null ? null : repoOption);
        return RunCommand.runIn(this, socketOption, daemon, refs.isEmpty() ? List.of(io.spfsd.node.RuntimeViews.EMPTY) : refs,
                edit, runtimeName, keep, spfs, List.of(shell));
    }
}
