package io.spfsd.cli;

import io.spfsd.storage.Digest;
import io.spfsd.storage.DirectoryImporter;
import io.spfsd.storage.Refs;
import io.spfsd.storage.Repository;
import io.spfsd.storage.RepositoryLock;
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
        customSynopsis = {"spfsd commit DIR [-t TAG]...", "spfsd commit layer [--runtime NAME] [-t TAG]...",
                "spfsd commit platform REF... [-t TAG]...   (same as: commit --stack REF...)"},
        description = {"Import a directory as a layer and print its digest. Files, directories, symlinks and"
                + " permission bits are kept; identical file contents are stored once.",
                "",
                "commit layer: commit an editable runtime's scratch as a layer (deletions become masks) -"
                        + " the runtime this command runs in, or --runtime NAME from outside. Afterwards the"
                        + " runtime runs on its stack plus the new layer, with an empty scratch: its"
                        + " processes see the same files as before.",
                "",
                "commit platform (or --stack): make a stack of existing refs."},
        footer = {"", "Examples:", "  spfsd commit ./build -t myapp",
                "  spfsd run -e base -- sh -c 'make install && spfsd commit layer -t mytool'",
                "  spfsd commit --stack base+myapp -t myenv"})
final class CommitCommand extends SpfsdCommand {
    @Mixin
    RepoOption repoOption;

    @Option(names = {"-t", "--tag"}, paramLabel = "TAG", description = "Tag the result (repeatable).")
    List<String> tags = List.of();

    @Option(names = "--stack", description = "Stack the given refs (bottom first) instead of importing a directory.")
    boolean stack;

    @Option(names = "--runtime", paramLabel = "NAME", description = "With 'commit layer': the runtime to commit.")
    String runtime;

    @picocli.CommandLine.Mixin
    SocketOption socketOption;

    @Parameters(arity = "1..*", paramLabel = "DIR|REF", description = "The directory to import, or with --stack the refs.")
    List<String> args;

    @Override
    public Integer call() throws IOException {
        tags.forEach(TagStore::checkName);
        if (args.size() == 1 && args.getFirst().equals("layer")) {
            return commitRuntime();
        }
        if (!args.isEmpty() && args.getFirst().equals("platform")) {
            stack = true;
            args = args.subList(1, args.size());
            if (args.isEmpty()) {
                throw new UserError("commit platform needs the refs to stack");
            }
        }
        Repository repo = repoOption.open(main.locations);
        try (RepositoryLock writing = RepositoryLock.forWriting(repo)) { // no clean until it is tagged
            return commitInto(repo);
        }
    }

    private Integer commitInto(Repository repo) throws IOException {
        PrintWriter err = err();
        Digest result;
        if (stack) {
            List<Digest> refs = new Refs(repo).resolveEnv(args);
            result = repo.putPlatform(refs);
            if (!main.quiet) {
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

    /** Asks the daemon to commit the runtime's scratch and tag it, in the repository it serves. */
    private Integer commitRuntime() throws IOException {
        io.spfsd.control.ControlClient client = socketOption.client(main.locations);
        int self = (int) ProcessHandle.current().pid();
        io.spfsd.control.Protocol.Response r = SocketOption.call(client,
                io.spfsd.control.Protocol.Request.commit(runtime == null ? self : null, runtime).withTags(tags),
                new Progress(err(), !main.quiet && Progress.isTerminal()));
        Digest layer = Digest.parse(r.digest()); // tagged by the daemon, which stored it
        out().println(layer);
        return 0;
    }

    private Digest importDirectory(Repository repo, Path dir, PrintWriter err) throws IOException {
        Progress progress = new Progress(err, !main.quiet && Progress.isTerminal());
        DirectoryImporter importer = new DirectoryImporter(repo, new DirectoryImporter.Listener() {
            @Override
            public void found(long files, long bytes) {
                progress.found(files, bytes);
            }

            @Override
            public void total(long files, long bytes) {
                progress.total(files, bytes);
            }

            @Override
            public boolean wantsTotalEarly() {
                return progress.enabled();
            }

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
        if (!main.quiet) {
            err.printf("committed %d entries (%d files, %s) from %s%n", r.entries(), r.files(),
                    Progress.bytes(r.bytes()), dir);
        }
        return layer;
    }
}
