package io.spfsd.cli;

import io.spfsd.control.Protocol;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "reset", mixinStandardHelpOptions = true,
        description = {"Drop an editable runtime's changes: at each PATH (from the runtime's root, or under the mount point: bin/tool or /spfs/bin/tool; '..' is refused), or all"
                + " of them. The stack's content shows again. The runtime this command runs in, or --runtime NAME."})
final class ResetCommand extends SpfsdCommand {
    @Mixin
    SocketOption socketOption;

    @Option(names = "--runtime", paramLabel = "NAME", description = "The runtime (default: the one this runs in).")
    String runtime;

    @Parameters(arity = "0..*", paramLabel = "PATH", description = "Paths to reset (default: everything).")
    List<String> paths = List.of();

    @Override
    public Integer call() throws Exception {
        int self = (int) ProcessHandle.current().pid();
        List<String> inView = paths.stream().map(p -> ViewPath.inside(p, main.locations)).toList();
        SocketOption.call(socketOption.client(main.locations),
                new Protocol.Request("reset", runtime == null ? self : null, null, null, runtime, inView));
        return 0;
    }
}
