package io.spfsd.node;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.spfsd.storage.Digest;
import io.spfsd.storage.Manifest;
import io.spfsd.storage.Refs;
import io.spfsd.storage.Repository;
import io.spfsd.storage.StackMerge;
import java.util.List;

/**
 * The one way from refs to a view, for the daemon and the CLI alike. Runtimes of the same
 * stack share one merged manifest (held weakly: it lives as long as some mount uses it).
 */
public final class RuntimeViews {
    private final Repository repo;
    private final Cache<List<Digest>, Manifest> merged = Caffeine.newBuilder().weakValues().build();

    /** How one ref becomes a digest: here only, or here and then on a remote (a lazy runtime). */
    public interface Resolver {
        /**
         * remote: the runtime's remote, or null for the daemon's (if it has one); warnings is
         * told what the user should know of how the ref was resolved (an old resolution used offline).
         */
        Digest resolve(String ref, String remote, java.util.function.Consumer<String> warnings);
    }

    private final Resolver resolver;

    /** Refs of this repository only. */
    public RuntimeViews(Repository repo) {
        this(repo, (ref, remote, warnings) -> new Refs(repo).resolve(ref));
    }

    public RuntimeViews(Repository repo, Resolver resolver) {
        this.repo = repo;
        this.resolver = resolver;
    }

    /** The empty env, as spfs writes it: no layer at all (an editable runtime then starts from nothing). */
    public static final String EMPTY = "-";

    /** The view of these refs or env specs (each "a+b+c", bottom first; "-" alone: empty). */
    public RuntimeView resolve(List<String> refs) {
        return resolve(refs, null);
    }

    /** The same, refs this repository lacks resolved on remote (null: the daemon's own, if any). */
    public RuntimeView resolve(List<String> refs, String remote) {
        return resolve(refs, remote, w -> { });
    }

    /** The same, telling warnings what the user should know of how a ref was resolved. */
    public RuntimeView resolve(List<String> refs, String remote, java.util.function.Consumer<String> warnings) {
        if (refs.equals(List.of(EMPTY))) {
            return new RuntimeView(refs, List.of(), StackMerge.merge(List.of()));
        }
        Refs r = new Refs(repo);
        List<Digest> objects = Refs.resolveEnv(refs, ref -> resolver.resolve(ref, remote, warnings));
        List<Digest> layers = r.manifests(objects);
        Manifest m = merged.get(layers, k -> StackMerge.load(repo, k));
        return new RuntimeView(refs, layers, m);
    }
}
