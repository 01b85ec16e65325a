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
        // originalArgs is the whole command line (global options and "join" included): what
        // follows the first "--" is the command, and exactly one argument must precede it.
        java.util.List<String> original = originalArgs();
        int dash = original.indexOf("--");
        java.util.List<String> command = dash < 0 ? java.util.List.of() : original.subList(dash + 1, original.size());
        if (command.isEmpty() || args.size() - command.size() != 1) {
            throw usage("give the runtime's name, then --, then the command: spfsd join NAME -- CMD [ARGS]");
        }
        return RunCommand.runIn(this, socketOption, null, java.util.List.of(), false, args.getFirst(), false, null, command);
    }
}
