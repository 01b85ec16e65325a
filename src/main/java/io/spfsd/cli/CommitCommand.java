package io.spfsd.cli;

import io.spfsd.storage.Digest;
import io.spfsd.storage.DirectoryImporter;
import io.spfsd.storage.Refs;
import io.spfsd.storage.Repository;
import io.spfsd.storage.TagStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "commit", mixinStandardHelpOptions = true,
        description = {"Import a directory as a layer and print its digest. Files, directories, symlinks and"
                + " permission bits are kept; identical file contents are stored once. With --stack, make a"
                + " stack (platform) of existing refs instead."},
        footer = {"", "Examples:", "  spfsd commit ./build -t myapp", "  spfsd commit --stack base+myapp -t myenv"})
final class CommitCommand extends SpfsdCommand {
    @Mixin
    RepoOption repoOption;

    @Option(names = {"-t", "--tag"}, paramLabel = "TAG", description = "Tag the result (repeatable).")
    List<String> tags = List.of();

    @Option(names = "--stack", description = "Stack the given refs (bottom first) instead of importing a directory.")
    boolean stack;

    @Option(names = {"-q", "--quiet"}, description = "No progress or summary on stderr.")
    boolean quiet;

    @Parameters(arity = "1..*", paramLabel = "DIR|REF", description = "The directory to import, or with --stack the refs.")
    List<String> args;

    @Override
    public Integer call() throws IOException {
        tags.forEach(TagStore::checkName);
        Repository repo = repoOption.open(main.locations);
        PrintWriter err = err();
        Digest result;
        if (stack) {
            List<Digest> refs = new Refs(repo).resolveEnv(args);
            result = repo.putPlatform(refs);
            if (!quiet) {
                err.println("stacked " + refs.size() + " refs");
            }
        } else {
            if (args.size() != 1) {
                throw new UserError("commit takes one directory (use --stack to combine refs)");
            }
            result = importDirectory(repo, Path.of(args.getFirst()), err);
        }
        for (String tag : tags) {
            repo.tags().push(tag, result);
        }
        out().println(result);
        return 0;
    }

    private Digest importDirectory(Repository repo, Path dir, PrintWriter err) throws IOException {
        Progress progress = new Progress(err, !quiet && Progress.isTerminal());
        DirectoryImporter importer = new DirectoryImporter(repo, new DirectoryImporter.Listener() {
            @Override
            public void file(long files, long bytes) {
                progress.update(files, bytes);
            }

            @Override
            public void skipped(Path path, String why) {
                progress.clear();
                err.println("spfsd: skipped " + path + ": " + why);
            }
        });
        DirectoryImporter.Result r = importer.importDirectory(dir);
        progress.clear();
        Digest layer = repo.putLayer(r.manifest());
        if (!quiet) {
            err.printf("committed %d entries (%d files, %s) from %s%n", r.entries(), r.files(),
                    Progress.bytes(r.bytes()), dir);
        }
        return layer;
    }
}
