package io.spfsd.cli;

import picocli.CommandLine.Command;

@Command(name = "pull", mixinStandardHelpOptions = true,
        description = {"Copy REF... (as the remote names them) and everything they reach from a remote into the"
                + " local repository. Every object and payload is checked against its digest before it is stored:"
                + " a corrupt one is refused and nothing of it lands. Tags come last."},
        footer = {"", "Example:", "  spfsd pull base --remote origin"})
final class PullCommand extends TransferCommand {
    @Override
    boolean pushing() {
        return false;
    }
}
