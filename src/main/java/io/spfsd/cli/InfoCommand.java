package io.spfsd.cli;

import io.spfsd.storage.Digest;
import io.spfsd.storage.EntryKind;
import io.spfsd.storage.Manifest;
import io.spfsd.storage.Refs;
import io.spfsd.storage.Repository;
import io.spfsd.storage.StackMerge;
import io.spfsd.storage.StoredObject;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "info", mixinStandardHelpOptions = true,
        description = {"Describe the object REF names: its kind, digest, what it stacks, and the size of its"
                + " merged view."})
final class InfoCommand extends SpfsdCommand {
    @Mixin
    RepoOption repoOption;

    @Parameters(paramLabel = "REF", description = "Tag, digest or digest prefix.")
    String ref;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    /** The JSON shape. */
    record Info(String ref, String digest, String kind, String manifest, List<String> stack, List<String> layers,
                long entries, long files, long totalSize) {
    }

    @Override
    public Integer call() {
        Repository repo = repoOption.open(main.locations);
        Refs refs = new Refs(repo);
        Digest d = refs.resolve(ref);
        StoredObject obj = repo.readObject(d);
        List<Digest> manifests = refs.manifests(List.of(d));
        Manifest view = StackMerge.load(repo, manifests);
        long[] counts = new long[2];
        view.walk((p, e) -> {
            if (e.kind() == EntryKind.FILE) {
                counts[0]++;
                counts[1] += e.size();
            }
        });
        Info info = new Info(ref, d.toString(), obj.kind().label(),
                obj instanceof StoredObject.Layer l ? l.manifest().toString() : null,
                obj instanceof StoredObject.Platform p ? p.stack().stream().map(Digest::toString).toList() : null,
                manifests.stream().map(Digest::toString).toList(),
                view.entryCount(), counts[0], counts[1]);
        PrintWriter out = out();
        if (json) {
            Json.print(out, info);
            return 0;
        }
        out.println(info.kind() + " " + info.digest());
        if (info.manifest() != null) {
            out.println("  manifest: " + info.manifest());
        }
        if (info.stack() != null) {
            out.println("  stack (bottom first):");
            info.stack().forEach(s -> out.println("    " + s));
        }
        out.printf("  entries:  %d (%d files, %s)%n", info.entries(), info.files(), Progress.bytes(info.totalSize()));
        return 0;
    }
}
