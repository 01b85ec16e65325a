package io.spfsd.cli;

import io.spfsd.storage.Repository;
import io.spfsd.storage.RepositoryCheck;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Rehash every object and payload of the repository (in parallel) and check that every"
                + " payload a manifest names and every object a tag names is there. Prints each problem on"
                + " a line and exits 1 if there is any, 0 if the repository is sound.",
                "",
                "The daemon never serves a payload whose content does not match its digest (it answers EIO"
                        + " and logs the digest); this command finds such payloads before anyone reads them."
                        + " --json prints {objects, payloads, bytes, problems[] (kind, name, problem), removed}."})
final class CheckCommand extends SpfsdCommand {
    @Mixin
    RepoOption repoOption;

    @Option(names = "--remove", description = "Delete the corrupt objects and payloads that were found.")
    boolean remove;

    @Option(names = "--json", description = "Print the report as JSON.")
    boolean json;

    @Option(names = "--threads", paramLabel = "N", description = "Files hashed at once (default: the number of CPUs).")
    int threads = Runtime.getRuntime().availableProcessors();

    @Override
    public Integer call() throws Exception {
        Repository repo = repoOption.open(main.locations);
        Progress progress = new Progress(err(), !main.quiet && Progress.isTerminal());
        RepositoryCheck.Report r = RepositoryCheck.run(repo, threads, remove, (files, total, bytes, bytesTotal) ->
                progress.draw("checking: " + files + "/" + total + " files, " + Progress.bytes(bytes) + " of "
                        + Progress.bytes(bytesTotal)));
        progress.clear();
        PrintWriter out = out();
        if (json) {
            Json.print(out, r);
        } else {
            for (RepositoryCheck.Problem p : r.problems()) {
                out.printf("%s %s: %s%n", p.kind(), p.name(), p.problem());
            }
            out.printf("checked %d objects and %d payloads (%s): %s%s%n", r.objects(), r.payloads(),
                    Progress.bytes(r.bytes()), r.clean() ? "no problems" : r.problems().size() + " problem"
                            + (r.problems().size() == 1 ? "" : "s"),
                    remove && r.removed() > 0 ? ", " + r.removed() + " removed" : "");
        }
        return r.clean() ? 0 : Main.EXIT_ERROR;
    }
}
