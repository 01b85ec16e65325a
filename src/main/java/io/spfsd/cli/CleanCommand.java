package io.spfsd.cli;

import io.spfsd.control.ControlClient;
import io.spfsd.control.Protocol;
import io.spfsd.daemon.KeptRuntimeFiles;
import io.spfsd.storage.Digest;
import io.spfsd.storage.Refs;
import io.spfsd.storage.Repository;
import io.spfsd.storage.RepositoryClean;
import io.spfsd.storage.RepositoryLock;
import io.spfsd.storage.UnknownRefException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "clean", mixinStandardHelpOptions = true,
        description = {"Remove from the repository what nothing references (spfs clean): objects and"
                + " payloads that no version of any tag, no running runtime and no kept runtime reaches,"
                + " and files left in tmp/ by writes that died. Commits wait while it runs, and it waits"
                + " for running commits; anything younger than --older-than stays regardless.",
                "As spfs's clean, it only says what it would remove unless told --yes."},
        footer = {"", "Examples:", "  spfsd clean                 what would go", "  spfsd clean --yes           remove it"})
final class CleanCommand extends SpfsdCommand {
    @Mixin
    RepoOption repoOption;
    @Mixin
    SocketOption socketOption;

    @Option(names = {"-n", "--dry-run"}, description = "Say what would be removed; remove nothing (the default).")
    boolean dryRun;

    @Option(names = {"-y", "--yes"}, description = "Remove it.")
    boolean yes;

    @Option(names = "--older-than", paramLabel = "AGE", defaultValue = "10m",
            description = "Keep everything younger than AGE (e.g. 30s, 10m, 2h, 1d; default: ${DEFAULT-VALUE}).")
    String olderThan;

    @Option(names = "--json", description = "Print a JSON object.")
    boolean json;

    @Option(names = "--cache", description = "Instead: remove what lazy runtimes fetched from a remote (serve --remote),"
            + " but for what a runtime holds open; they fetch it again when it is next opened.")
    boolean cache;

    /** The JSON shape. */
    record Cleaned(long objects, long payloads, long tmpFiles, long bytes, boolean dryRun) {
    }

    /** The JSON shape of --cache. */
    record CacheCleaned(long payloads, long bytes) {
    }

    @Override
    public Integer call() throws IOException {
        if (cache) {
            return cleanCache();
        }
        if (yes && dryRun) {
            throw usage("--yes removes, --dry-run does not: give one");
        }
        boolean preview = !yes;
        Duration grace = parseAge(olderThan);
        Repository repo = repoOption.open(main.locations);
        List<Digest> roots = runtimeRoots(repo);
        RepositoryClean.Report r;
        if (preview && !io.spfsd.storage.ReadOnlyRepositories.isWritable(repo.root())) {
            r = RepositoryClean.run(repo, roots, grace, true); // nobody can commit meanwhile: no lock to take
        } else {
            try (RepositoryLock cleaning = lockForCleaning(repo)) {
                r = RepositoryClean.run(repo, roots, grace, preview);
            }
        }
        if (json) {
            Json.print(out(), new Cleaned(r.objects(), r.payloads(), r.tmpFiles(), r.bytes(), r.dryRun()));
        } else {
            out().printf("%s %d objects, %d payloads, %d temporary files (%s)%s%n", preview ? "would remove" : "removed",
                    r.objects(), r.payloads(), r.tmpFiles(), Progress.bytes(r.bytes()),
                    preview && r.objects() + r.payloads() + r.tmpFiles() > 0 ? "; spfsd clean --yes removes them" : "");
        }
        return 0;
    }

    /** Through the daemon when one serves (it knows what is open), else directly: nothing is open then. */
    private int cleanCache() throws IOException {
        if (dryRun) {
            throw usage("--cache and --dry-run do not go together yet");
        }
        ControlClient client = socketOption.client(main.locations);
        CacheCleaned done;
        if (client.isRunning()) {
            Protocol.Freed f = SocketOption.call(client, new Protocol.Request("clean-cache", null, null)).freed();
            done = new CacheCleaned(f.payloads(), f.bytes());
        } else {
            io.spfsd.storage.remote.PayloadCache.Freed f = new io.spfsd.storage.remote.PayloadCache(
                    repoOption.open(main.locations), 0, d -> false).evict(0);
            done = new CacheCleaned(f.payloads(), f.bytes());
        }
        if (json) {
            Json.print(out(), done);
        } else {
            out().printf("removed %d cached payloads (%s)%n", done.payloads(), Progress.bytes(done.bytes()));
        }
        return 0;
    }

    private RepositoryLock lockForCleaning(Repository repo) throws IOException {
        RepositoryLock lock = RepositoryLock.forCleaning(repo, false);
        if (lock != null) {
            return lock;
        }
        if (!main.quiet) {
            err().println("spfsd: waiting for running commits to finish");
            err().flush();
        }
        return RepositoryLock.forCleaning(repo, true);
    }

    /** What runtimes use: the stacks of a daemon serving this repository, and kept runtimes' refs. */
    private List<Digest> runtimeRoots(Repository repo) throws IOException {
        List<Digest> roots = new ArrayList<>();
        ControlClient client = socketOption.client(main.locations);
        Path socket = client.socket();
        if (client.isRunning()) {
            Protocol.Status s = SocketOption.call(client, Protocol.Request.status()).status();
            if (Files.isSameFile(Path.of(s.repository()), repo.root())) {
                s.mounts().forEach(m -> m.layers().forEach(l -> roots.add(Digest.parse(l))));
            }
        }
        Refs refs = new Refs(repo);
        for (String ref : KeptRuntimeFiles.refs(socket)) {
            try {
                roots.addAll(refs.resolveEnv(List.of(ref)));
            } catch (UnknownRefException e) {
                // a kept runtime of another repository, or whose tag is gone: nothing here to keep
            }
        }
        return roots;
    }

    private Duration parseAge(String age) {
        return Ages.parse(age).orElseThrow(() -> usage("--older-than takes " + Ages.FORMS + " (got '" + age + "')"));
    }
}
