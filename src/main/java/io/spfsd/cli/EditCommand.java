package io.spfsd.cli;

import io.spfsd.control.Protocol;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "edit", mixinStandardHelpOptions = true,
        description = {"Make the runtime this command runs in (or --runtime NAME) editable: from now on"
                + " writes under the mount point go to a scratch of its own. Paths reached from the mount"
                + " point after this are writable; a shell whose current directory was inside the runtime"
                + " before should cd again (its old directory still shows the stack, read-only)."})
final class EditCommand extends SpfsdCommand {
    @Mixin
    SocketOption socketOption;

    @Option(names = "--runtime", paramLabel = "NAME", description = "The runtime (default: the one this runs in).")
    String runtime;

    @Override
    public Integer call() throws Exception {
        int self = (int) ProcessHandle.current().pid();
        Protocol.Response r = SocketOption.call(socketOption.client(main.locations),
                new Protocol.Request("edit", runtime == null ? self : null, null, null, runtime));
        err().println("spfsd: runtime " + r.mount().name() + " is editable (scratch " + r.mount().scratch() + ")");
        return 0;
    }
}
