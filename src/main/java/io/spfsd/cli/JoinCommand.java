package io.spfsd.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "join", mixinStandardHelpOptions = true,
        description = {"Run CMD in an existing runtime (by name, see spfsd runtime list): the same view, and,"
                + " if it is editable, the same scratch. The runtime lives until the last of its processes"
                + " exits; spfsd join returns CMD's exit status."},
        customSynopsis = "spfsd join NAME -- CMD [ARGS...]")
final class JoinCommand extends SpfsdCommand {
    @picocli.CommandLine.Mixin
    SocketOption socketOption;

    @Parameters(arity = "1..*", paramLabel = "NAME", description = "The runtime, then --, then the command.")
    java.util.List<String> args;

    @Override
    public Integer call() throws Exception {
        java.util.List<String> original = spec.commandLine().getParseResult().originalArgs();
        int dash = original.indexOf("--");
        if (dash != 1 || dash == original.size() - 1) {
            throw new UserError("usage: spfsd join NAME -- CMD [ARGS]");
        }
        return RunCommand.runIn(this, socketOption, null, java.util.List.of(), false, original.get(0), false,
                original.subList(dash + 1, original.size()));
    }
}
