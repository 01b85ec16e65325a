package io.spfsd.cli;

import io.spfsd.control.Protocol;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "mount", mixinStandardHelpOptions = true,
        description = {"Register a runtime for process PID and all its descendants. Only root or the"
                + " owner of PID may. The runtime goes away when its processes have exited.",
                "",
                "With --runtime-name NAME of an existing runtime and no REF, PID's tree joins that runtime."})
final class MountCommand extends SpfsdCommand {
    @Mixin
    SocketOption socketOption;

    @Option(names = "--pid", required = true, paramLabel = "PID", description = "Root process of the runtime.")
    int pid;

    @Parameters(arity = "0..*", paramLabel = "REF", description = "Refs or env specs (base+tools), bottom first.")
    List<String> refs = List.of();

    @Option(names = "--runtime-name", paramLabel = "NAME",
            description = "Name the new runtime; or, with no REF, the runtime to join.")
    String runtimeName;

    @Option(names = {"-e", "--edit"}, description = "An editable runtime (see spfsd run --help).")
    boolean edit;

    @Option(names = "--keep-runtime", description = "Keep the runtime after its processes exit (see spfsd run --help).")
    boolean keep;

    @Option(names = "--remote", paramLabel = "NAME|URL",
            description = "Take refs this repository lacks from this remote (see spfsd run --help).")
    String remote;

    @Option(names = "--json", description = "Print the registered runtime as JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (refs.isEmpty() && runtimeName == null) {
            throw new UserError("mount needs REF... (or --runtime-name NAME to join a runtime)");
        }
        Protocol.Response r = SocketOption.call(socketOption.client(main.locations),
                Protocol.Request.mount(pid, refs, edit, runtimeName, keep,
                        remote == null ? null : io.spfsd.storage.remote.Remotes.url(remote, main.locations::setting)));
        if (json) {
            Json.print(out(), r.mount());
        } else {
            out().printf("PID %d now sees runtime %s: %s (%d entries)%n", pid, r.mount().name(),
                    String.join(" ", r.mount().refs()), r.mount().entries());
        }
        return 0;
    }
}
