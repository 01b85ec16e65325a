package io.spfsd.cli;

import io.spfsd.config.Locations;
import io.spfsd.storage.Digest;
import io.spfsd.storage.Repository;
import io.spfsd.storage.TagStore;
import io.spfsd.storage.remote.ObjectStore;
import io.spfsd.storage.remote.Remotes;
import io.spfsd.storage.remote.RepositoryStore;
import io.spfsd.storage.remote.Transfer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * -r/--remote for the commands that only read (ls, cat, info, log, tags), as spfs has it: the remote is
 * read without pulling. The refs' objects (manifests, layers, platforms; never payloads) and
 * their tags' histories are copied into a throw-away repository that the command reads, and
 * which goes when it is done; the local repository is not touched. An spfs repository given
 * as the repository (--repo, $SPFSD_REPO) is read the same way, as the remote spfs:PATH.
 */
final class RemoteReadOption {
    @Option(names = {"-r", "--remote"}, paramLabel = "NAME|URL",
            description = "Read REF from this remote (a URL or a remote's name) instead of the local repository,"
                    + " without pulling it.")
    String remote;

    /**
     * A repository to read refs from, the remote it was copied from (null: local), what each ref
     * given was resolved to there, and what to do when done. A ref is resolved as the remote
     * resolved it: an spfs digest names an spfs object, which became another (spfsd's) here.
     */
    record Opened(Repository repository, ObjectStore far, java.util.Map<String, Digest> resolvedThere,
                  AutoCloseable cleanup) implements AutoCloseable {
        Opened(Repository repository, ObjectStore far, AutoCloseable cleanup) {
            this(repository, far, java.util.Map.of(), cleanup);
        }

        /** A ref (not an env spec) as the remote resolved it, else as this repository does. */
        Digest resolve(String ref) {
            Digest there = resolvedThere.get(ref);
            return there != null ? there : new io.spfsd.storage.Refs(repository).resolve(ref);
        }

        /** Views of refs resolved as {@link #resolve} does. */
        io.spfsd.node.RuntimeViews views() {
            return new io.spfsd.node.RuntimeViews(repository, (ref, remote, warnings) -> resolve(ref));
        }

        /** Makes payload d readable in the repository: fetched from the remote, checked against d. */
        void fetchPayload(Digest d) throws IOException {
            if (far != null && !repository.hasPayload(d)) {
                try (java.io.InputStream in = far.openPayload(d)) {
                    repository.putPayloadExpecting(in, d);
                }
            }
        }

        @Override
        public void close() throws Exception {
            cleanup.close();
        }
    }

    /** Every tag's history, and no objects: what a list of tags shows. */
    Opened openTags(RepoOption repoOption, Locations locations) throws IOException {
        return open(repoOption, locations, List.of(), true);
    }

    /** The repository to read refs (env specs) from: the local one, or the remote's copy. */
    Opened open(RepoOption repoOption, Locations locations, List<String> refs) throws IOException {
        return open(repoOption, locations, refs, false);
    }

    /** The same; allTags: with every tag's history too (which tags name a ref). */
    Opened open(RepoOption repoOption, Locations locations, List<String> refs, boolean allTags) throws IOException {
        Path spfs = repoOption.spfsRepository(locations);
        if (remote == null && spfs == null) {
            return new Opened(repoOption.open(locations), null, () -> { });
        }
        // an spfs repository given as the repository is read as one given as a remote
        String url = remote != null ? Remotes.url(remote, locations::setting) : "spfs:" + spfs;
        ObjectStore far = Remotes.open(url, false);
        Path dir = Files.createTempDirectory("spfsd-remote-view-");
        AutoCloseable cleanup = () -> {
            try (far) {
                deleteTree(dir);
            }
        };
        try {
            Repository view = Repository.open(dir);
            ObjectStore near = new RepositoryStore(view);
            if (allTags) {
                for (String tag : far.tagNames()) {
                    view.tags().merge(tag, far.tagHistory(tag));
                }
            }
            java.util.Map<String, Digest> resolved = new java.util.HashMap<>();
            for (String spec : refs) {
                for (String ref : spec.split("\\+")) { // an env spec: each of its refs
                    Digest d = far.resolve(ref);
                    resolved.put(ref, d);
                    Transfer.copyObjects(far, near, List.of(d));
                    String tag = ref.replaceFirst("~\\d+$", "");
                    List<TagStore.TagVersion> history = TagStore.isValidName(tag) ? far.tagHistory(tag) : List.of();
                    if (!history.isEmpty()) { // TAG~N resolves here as there
                        Transfer.copyObjects(far, near, history.stream().map(TagStore.TagVersion::target).toList());
                        view.tags().merge(tag, history);
                    }
                }
            }
            return new Opened(view, far, resolved, cleanup);
        } catch (IOException | RuntimeException e) {
            try {
                cleanup.close();
            } catch (Exception ignored) {
                // the error that matters is e
            }
            throw e;
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
