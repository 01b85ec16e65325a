package io.spfsd.cli;

import io.spfsd.control.Protocol;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "unmount", mixinStandardHelpOptions = true,
        description = {"Remove the runtime registered for PID. Exits 1 if there was none."})
final class UnmountCommand implements Callable<Integer> {
    @ParentCommand
    Main main;
    @Spec
    CommandSpec spec;
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
        spec.commandLine().getOut().println("removed the runtime of PID " + pid);
        return 0;
    }
}
