package io.spfsd.cli;

import io.spfsd.storage.Digest;
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
        List<Digest> manifests = refs.manifests(refs.resolveEnv(specs));
        return StackMerge.merge(manifests.stream().map(repo::readManifest).toList());
    }
}
