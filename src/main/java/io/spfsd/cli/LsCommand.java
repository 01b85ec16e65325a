package io.spfsd.cli;

import io.spfsd.storage.Entry;
import io.spfsd.storage.EntryKind;
import io.spfsd.storage.Names;
import io.spfsd.storage.Manifest;
import io.spfsd.storage.Tree;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "ls", mixinStandardHelpOptions = true,
        description = {"List a directory of the merged view of REF (an env spec: base+tools+fix). Columns:"
                + " mode, size in bytes, name (symlinks: name -> target); with -l also each file's payload digest."})
final class LsCommand extends SpfsdCommand {
    @Mixin
    RepoOption repoOption;

    @Mixin
    RemoteReadOption remote = new RemoteReadOption(); // set here too: the quick parser makes no mixins

    @Parameters(index = "0", paramLabel = "REF", description = "Tag, digest, prefix or env spec.")
    String ref;

    @Parameters(index = "1", arity = "0..1", paramLabel = "PATH", description = "Path inside the view (default /); /spfs/... and $SPFSD_MOUNTPOINT/... name the same.")
    String path = "/";

    @Option(names = {"-R", "--recursive"}, description = "List every path below PATH.")
    boolean recursive;

    @Option(names = "--json", description = "Print a JSON array of entries.")
    boolean json;

    @Option(names = {"-l", "--long"}, description = "Also each file's payload digest (- for directories and links).")
    boolean longFormat;

    /** One listed entry; the JSON shape. Names and targets as {@link Names#display} writes them. */
    record Listed(String path, String name, String kind, int mode, String modeString, long size, String digest,
                  String target) {
        static Listed of(String path, Entry e) {
            return new Listed(Names.display(path), Names.display(e.name()),
                    e.kind().name().toLowerCase(java.util.Locale.ROOT), e.mode(), Modes.format(e), e.size(),
                    e.kind() == EntryKind.FILE ? e.digest().toString() : null,
                    e.linkTarget() == null ? null : Names.display(e.linkTarget()));
        }
    }

    @Override
    public Integer call() throws Exception {
        Manifest view;
        try (RemoteReadOption.Opened repo = remote.open(repoOption, main.locations, List.of(ref))) {
            view = repo.views().resolve(List.of(ref)).merged();
        }
        List<Listed> out = new ArrayList<>();
        String clean = ViewPath.clean(path, main.locations);
        Tree dir = view.root();
        String prefix = "";
        if (!clean.isEmpty()) {
            Entry e = ViewPath.lookup(view, clean, path, ref);
            if (!e.isDirectory()) {
                out.add(Listed.of(clean, e));
                dir = null;
            } else {
                dir = view.tree(e);
                prefix = clean;
            }
        }
        if (dir != null) {
            list(view, dir, prefix, out);
        }
        PrintWriter w = out();
        if (json) {
            Json.print(w, out);
        } else {
            for (Listed l : out) {
                w.printf("%s %12d %s%s%s%n", l.modeString(), l.size(),
                        longFormat ? (l.digest() != null ? l.digest() : String.format("%-52s", "-")) + " " : "",
                        recursive ? l.path() : l.name(), l.target() != null ? " -> " + l.target() : "");
            }
        }
        return 0;
    }

    private void list(Manifest view, Tree dir, String prefix, List<Listed> out) {
        for (Entry e : dir.entries()) {
            String p = prefix.isEmpty() ? e.name() : prefix + "/" + e.name();
            out.add(Listed.of(p, e));
            if (recursive && e.isDirectory()) {
                list(view, view.tree(e), p, out);
            }
        }
    }
}
