package io.spfsd.cli;

import io.spfsd.control.Protocol;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "diff", mixinStandardHelpOptions = true,
        description = {"Show what an editable runtime changed against its stack: one line per path, '+' added,"
                + " 'M' changed, '-' deleted. The runtime this command runs in, or --runtime NAME."
                + " --json prints [{kind, path}] with kind added, changed or deleted.",
                "With two REFs, what changed from the first's view to the second's (spfs diff), from the"
                        + " repository: no daemon needed."},
        customSynopsis = {"spfsd diff [--runtime NAME] [--json]", "spfsd diff REF1 REF2 [--json]"})
final class DiffCommand extends SpfsdCommand {
    @Mixin
    SocketOption socketOption;

    @Option(names = "--runtime", paramLabel = "NAME", description = "The runtime (default: the one this runs in).")
    String runtime;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @picocli.CommandLine.Parameters(arity = "0..2", paramLabel = "REF", description = "Two refs (or env specs) to compare.")
    java.util.List<String> refs = java.util.List.of();

    @Mixin
    RepoOption repoOption;

    @Override
    public Integer call() throws Exception {
        if (refs.size() == 1 || (refs.size() == 2 && runtime != null)) {
            throw usage("give two REFs to compare, or none (and --runtime NAME, or run it inside a runtime)");
        }
        java.util.List<Protocol.Change> changes;
        if (refs.size() == 2) {
            io.spfsd.node.RuntimeViews views = new io.spfsd.node.RuntimeViews(repoOption.open(main.locations));
            changes = io.spfsd.storage.ManifestDiff.between(views.resolve(java.util.List.of(refs.get(0))).merged(),
                    views.resolve(java.util.List.of(refs.get(1))).merged()).stream()
                    .map(c -> new Protocol.Change(c.kind(), c.path())).toList();
        } else {
            int self = (int) ProcessHandle.current().pid();
            changes = SocketOption.call(socketOption.client(main.locations),
                    new Protocol.Request("diff", runtime == null ? self : null, null, null, runtime),
                    new Progress(err(), !main.quiet && Progress.isTerminal())).changes();
        }
        PrintWriter out = out();
        if (json) {
            Json.print(out, changes);
            return 0;
        }
        for (Protocol.Change c : changes) {
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
