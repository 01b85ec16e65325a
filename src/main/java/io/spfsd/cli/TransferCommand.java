package io.spfsd.cli;

import io.spfsd.storage.Digest;
import io.spfsd.storage.Repository;
import io.spfsd.storage.RepositoryLock;
import io.spfsd.storage.TagStore;
import io.spfsd.storage.remote.ObjectStore;
import io.spfsd.storage.remote.Remotes;
import io.spfsd.storage.remote.RepositoryStore;
import io.spfsd.storage.remote.Transfer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** What push and pull share: refs, the remote, the copy, the tags last, the report. */
abstract class TransferCommand extends SpfsdCommand {
    @Mixin
    RepoOption repoOption;

    @Parameters(arity = "1..*", paramLabel = "REF", description = "Tags (moved with their newest version) or digests.")
    List<String> refs;

    @Option(names = "--remote", paramLabel = "NAME|URL",
            description = "The remote: a URL (file:///path) or a name from the config file (remote.NAME = URL);"
                    + " spfs:PATH for a repository of spfs's own (its objects converted both ways);"
                    + " default $SPFSD_REMOTE, else the remote called origin.")
    String remote;

    @Option(names = "--json", description = "Print a JSON object.")
    boolean json;

    /** The JSON shape. */
    record Moved(String remote, long objects, long payloads, long bytes, List<String> tags) {
    }

    /** True to push (local to remote), false to pull. */
    abstract boolean pushing();

    @Override
    public Integer call() throws IOException {
        String url = Remotes.url(remote, main.locations::setting);
        if (SpfsTransfer.isSpfs(url) && pushing()) { // pulling reads it as any remote (SpfsStore)
            SpfsTransfer.push(url, repoOption.open(main.locations), refs, out(), main.quiet);
            return 0;
        }
        ObjectStore far = Remotes.open(url, pushing());
        Repository repo = repoOption.open(main.locations);
        ObjectStore near = pushing() ? RepositoryStore.pushedFrom(repo) : new RepositoryStore(repo);
        if (far instanceof io.spfsd.storage.remote.SpfsStore spfs) {
            spfs.rememberIn(repo);
        }
        ObjectStore from = pushing() ? near : far;
        ObjectStore to = pushing() ? far : near;
        List<Digest> roots = new ArrayList<>();
        Map<String, List<TagStore.TagVersion>> histories = new LinkedHashMap<>(); // read once, before the copy
        for (String ref : refs) {
            roots.add(from.resolve(ref));
            List<TagStore.TagVersion> history = TagStore.isValidName(ref) ? from.tagHistory(ref) : List.of();
            if (!history.isEmpty()) {
                histories.put(ref, history);
            }
        }
        List<String> tags = List.copyOf(histories.keySet());
        Progress progress = new Progress(err(), !main.quiet && Progress.isTerminal());
        Transfer.Result r;
        try (far; near; RepositoryLock writing = RepositoryLock.forWriting(pushing() ? repositoryOf(far, repo) : repo)) {
            r = Transfer.copy(from, to, roots, new Transfer.Listener() {
                @Override
                public void payloads(long done, long total, long bytes) {
                    // progress(...) says it all
                }

                @Override
                public void progress(long done, long total, long moved, long present, long bytesTotal) {
                    progress.transfer(pushing() ? "pushing" : "pulling", done, total, moved, present, bytesTotal);
                }
            });
            for (var tag : histories.entrySet()) { // last: nobody sees a tag whose content is not all there
                // with its history, whose content moves too: every version not already copied as a root
                List<TagStore.TagVersion> history = tag.getValue();
                List<Digest> older = history.stream().map(TagStore.TagVersion::target)
                        .filter(d -> !roots.contains(d)).toList();
                Transfer.copy(from, to, older, (done, total, bytes) -> { });
                to.mergeTag(tag.getKey(), history);
            }
        }
        progress.clear();
        if (json) {
            Json.print(out(), new Moved(url, r.objects(), r.payloads(), r.bytes(), tags));
        } else if (!main.quiet) {
            out().printf("%s %d objects, %d payloads (%s) %s %s%s%n", pushing() ? "pushed" : "pulled", r.objects(),
                    r.payloads(), Progress.bytes(r.bytes()), pushing() ? "to" : "from", url,
                    tags.isEmpty() ? "" : "; tags: " + String.join(", ", tags));
        }
        return 0;
    }

    /** The repository behind a file remote (what its lock guards). */
    private static Repository repositoryOf(ObjectStore store, Repository fallback) {
        return store instanceof RepositoryStore rs ? rs.repository() : fallback;
    }
}
