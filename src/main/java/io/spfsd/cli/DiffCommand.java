package io.spfsd.cli;

import io.spfsd.control.Protocol;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "diff", mixinStandardHelpOptions = true,
        description = {"Show what an editable runtime changed against its stack: one line per path, '+' added,"
                + " 'M' changed, '-' deleted. The runtime this command runs in, or --runtime NAME."
                + " --json prints [{kind, path}] with kind added, changed or deleted."})
final class DiffCommand extends SpfsdCommand {
    @Mixin
    SocketOption socketOption;

    @Option(names = "--runtime", paramLabel = "NAME", description = "The runtime (default: the one this runs in).")
    String runtime;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        int self = (int) ProcessHandle.current().pid();
        Protocol.Response r = SocketOption.call(socketOption.client(main.locations),
                new Protocol.Request("diff", runtime == null ? self : null, null, null, runtime));
        PrintWriter out = out();
        if (json) {
            Json.print(out, r.changes());
            return 0;
        }
        for (Protocol.Change c : r.changes()) {
            String mark = switch (c.kind()) {
                case "added" -> "+";
                case "deleted" -> "-";
                default -> "M";
            };
            out.println(mark + " " + io.spfsd.storage.Names.display(c.path()));
        }
        return 0;
    }
}
