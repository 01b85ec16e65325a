package io.spfsd.cli;

import io.spfsd.control.Protocol;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "unmount", mixinStandardHelpOptions = true,
        description = {"Remove the runtime registered for PID. Exits 1 if there was none."})
final class UnmountCommand extends SpfsdCommand {
    @Mixin
    SocketOption socketOption;

    @Option(names = "--pid", required = true, paramLabel = "PID", description = "Root process of the runtime.")
    int pid;

    @Override
    public Integer call() throws Exception {
        Protocol.Response r = SocketOption.call(socketOption.client(main.locations), Protocol.Request.unmount(pid));
        if (!Boolean.TRUE.equals(r.removed())) {
            throw new UserError("no runtime is registered for PID " + pid);
        }
        out().println("removed the runtime of PID " + pid);
        return 0;
    }
}
