package io.spfsd.cli;

import io.spfsd.storage.Manifest;
import io.spfsd.storage.Refs;
import io.spfsd.storage.Repository;
import io.spfsd.storage.StackMerge;
import java.util.List;

/** The merged view an env spec stands for. */
final class Views {
    private Views() {
    }

    static Manifest merged(Repository repo, List<String> specs) {
        Refs refs = new Refs(repo);
        return StackMerge.load(repo, refs.manifests(refs.resolveEnv(specs)));
    }
}
