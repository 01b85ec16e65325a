package io.spfsd.cli;

import io.spfsd.control.Protocol;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "mount", mixinStandardHelpOptions = true,
        description = {"Register a runtime for process PID and all its descendants. Only root or the"
                + " owner of PID may. The runtime goes away when PID exits."})
final class MountCommand extends SpfsdCommand {
    @Mixin
    SocketOption socketOption;

    @Option(names = "--pid", required = true, paramLabel = "PID", description = "Root process of the runtime.")
    int pid;

    @Parameters(arity = "1..*", paramLabel = "REF", description = "Refs or env specs (base+tools), bottom first.")
    List<String> refs;

    @Option(names = "--json", description = "Print the registered runtime as JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        Protocol.Response r = SocketOption.call(socketOption.client(main.locations), Protocol.Request.mount(pid, refs));
        if (json) {
            Json.print(out(), r.mount());
        } else {
            out().printf("PID %d now sees %s (%d entries)%n", pid, String.join(" ", refs),
                    r.mount().entries());
        }
        return 0;
    }
}
