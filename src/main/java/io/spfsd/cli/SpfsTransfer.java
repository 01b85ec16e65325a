package io.spfsd.cli;

import io.spfsd.storage.Digest;
import io.spfsd.storage.Repository;
import io.spfsd.storage.TagStore;
import io.spfsd.storage.spfs.SpfsPush;
import io.spfsd.storage.spfs.SpfsRepository;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * push to an spfs repository (--remote spfs:PATH): spfsd's objects become spfs's
 * (storage/spfs), and a tag moves with its whole history, oldest version first. (pull reads
 * an spfs repository as any remote: storage/remote/SpfsStore.)
 */
final class SpfsTransfer {
    private SpfsTransfer() {
    }

    static boolean isSpfs(String url) {
        return SpfsRepository.Address.is(url);
    }

    static void push(String url, Repository repo, List<String> refs, PrintWriter out, boolean quiet) throws IOException {
        SpfsRepository.Address a = SpfsRepository.Address.parse(url);
        SpfsRepository spfs = SpfsRepository.create(a.root()).inNamespace(a.namespace());
        String user = System.getProperty("user.name") + "@" + hostName();
        for (String ref : refs) {
            SpfsPush push = new SpfsPush(repo, spfs);
            Digest local = new io.spfsd.storage.Refs(repo).resolve(ref);
            SpfsPush.Result r = push.push(local);
            List<TagStore.TagVersion> history = TagStore.isValidName(ref) ? repo.tags().history(ref) : List.of();
            List<SpfsRepository.Version> versions = new ArrayList<>();
            for (TagStore.TagVersion v : history.reversed()) { // oldest first, as spfs appends
                versions.add(new SpfsRepository.Version(push.push(v.target()).spfsDigest(),
                        v.user() == null ? user : v.user(), v.time()));
            }
            spfs.mergeTag(ref, versions);
            if (!quiet) {
                out.printf("pushed %s as spfs %s to %s: %d objects, %d payloads%s%n", ref, r.spfsDigest().spfsText(),
                        spfs.root(), r.objects(), r.payloads(),
                        history.isEmpty() ? "" : "; tag " + ref + " with " + history.size() + " versions");
            }
        }
    }

    private static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }
}
