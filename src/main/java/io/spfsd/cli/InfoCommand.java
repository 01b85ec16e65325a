package io.spfsd.cli;

import io.spfsd.storage.Digest;
import io.spfsd.storage.EntryKind;
import io.spfsd.storage.Manifest;
import io.spfsd.storage.Refs;
import io.spfsd.storage.Repository;
import io.spfsd.storage.StackMerge;
import io.spfsd.storage.StoredObject;
import io.spfsd.control.Protocol;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "info", mixinStandardHelpOptions = true,
        description = {"Describe the object REF names: its kind, digest, what it stacks, and the size of its"
                + " merged view. With no REF, describe the runtime this command runs in (spfs info): its"
                + " name, refs and stack."})
final class InfoCommand extends SpfsdCommand {
    @Mixin
    RepoOption repoOption;

    @Mixin
    RemoteReadOption remote = new RemoteReadOption(); // set here too: the quick parser makes no mixins

    @Mixin
    SocketOption socketOption;

    @Parameters(paramLabel = "REF", arity = "0..1", description = "Tag, digest, digest prefix or env spec"
            + " (default: the runtime this runs in).")
    String ref;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Option(names = "--tags", description = "Also the tags (and their older versions, TAG~N) that point at it.")
    boolean tags;

    /** The JSON shape; tags only with --tags. */
    record Info(String ref, String digest, String kind, String manifest, List<AnnotationInfo> annotations,
                List<String> stack, List<String> layers, long entries, long files, long totalSize,
                Protocol.MountInfo runtime, List<String> tags) {
    }

    /** A layer's annotation: its text, or the payload that holds it (blob, size). */
    record AnnotationInfo(String key, String text, String blob, Long size) {
        static AnnotationInfo of(StoredObject.Annotation a) {
            return a.blob() == null ? new AnnotationInfo(a.key(), a.text(), null, null)
                    : new AnnotationInfo(a.key(), null, a.blob().toString(), a.blobSize());
        }
    }

    @Override
    public Integer call() throws Exception {
        if (ref == null && (remote.remote != null || repoOption.spfsRepository(main.locations) != null)) {
            throw new UserError("info of a remote or an spfs repository needs a REF: the runtime this runs in is local");
        }
        try (RemoteReadOption.Opened opened = remote.open(repoOption, main.locations,
                ref == null ? List.of() : List.of(ref), tags)) {
            return describe(opened);
        }
    }

    private int describe(RemoteReadOption.Opened opened) throws IOException {
        Repository repo = opened.repository();
        Refs refs = new Refs(repo);
        Protocol.MountInfo runtime = ref == null ? currentRuntime() : null;
        String spec = runtime != null ? (runtime.layers().isEmpty() ? null : String.join("+", runtime.layers())) : ref;
        if (spec == null) {
            return print(new Info(null, null, "runtime", null, null, null, List.of(), 0, 0, 0, runtime, null));
        }
        List<Digest> objects = Refs.resolveEnv(List.of(spec), opened::resolve);
        Digest d = objects.size() == 1 ? objects.getFirst() : null;
        StoredObject obj = d != null ? repo.readObject(d) : null;
        List<Digest> manifests = refs.manifests(objects);
        Manifest view = StackMerge.load(repo, manifests);
        long[] counts = new long[2];
        view.walk((p, e) -> {
            if (e.kind() == EntryKind.FILE) {
                counts[0]++;
                counts[1] += e.size();
            }
        });
        Info info = new Info(ref, d != null ? d.toString() : null,
                runtime != null ? "runtime" : obj != null ? obj.kind().label() : "stack",
                obj instanceof StoredObject.Layer l && l.manifest() != null ? l.manifest().toString() : null,
                obj instanceof StoredObject.Layer l && !l.annotations().isEmpty()
                        ? l.annotations().stream().map(AnnotationInfo::of).toList() : null,
                obj instanceof StoredObject.Platform p ? p.stack().stream().map(Digest::toString).toList()
                        : d == null ? objects.stream().map(Digest::toString).toList() : null,
                manifests.stream().map(Digest::toString).toList(),
                view.entryCount(), counts[0], counts[1], runtime, tags && d != null ? tagsOf(repo, d) : null);
        return print(info);
    }

    /** Every TAG (newest version) or TAG~N that names d. */
    private static List<String> tagsOf(Repository repo, Digest d) {
        List<String> out = new java.util.ArrayList<>();
        for (String t : repo.tags().names()) {
            List<io.spfsd.storage.TagStore.TagVersion> h = repo.tags().history(t);
            for (int i = 0; i < h.size(); i++) {
                if (h.get(i).target().equals(d)) {
                    out.add(i == 0 ? t : t + "~" + i);
                }
            }
        }
        return out;
    }

    /** The runtime this process sees, from the daemon; a one-line error outside any. */
    private Protocol.MountInfo currentRuntime() throws IOException {
        int self = (int) ProcessHandle.current().pid();
        Protocol.Status s = SocketOption.call(socketOption.client(main.locations),
                new Protocol.Request("status", self, null, null, null)).status();
        if (s.mounts().isEmpty()) {
            throw new UserError("not in a runtime: give a REF, or run this inside 'spfsd run'");
        }
        return s.mounts().getFirst();
    }

    private int print(Info info) {
        PrintWriter out = out();
        if (json) {
            Json.print(out, info);
            return 0;
        }
        Protocol.MountInfo r = info.runtime();
        if (r != null) {
            out.println("runtime " + r.name() + (r.editable() ? " (editable)" : "") + ", since " + r.createdAt());
            out.println("  refs:     " + (r.refs().isEmpty() ? "(none)" : String.join(" ", r.refs())));
            if (info.layers().isEmpty()) {
                out.println("  empty stack");
                return 0;
            }
        } else {
            out.println(info.kind() + (info.digest() != null ? " " + info.digest() : ""));
        }
        if (info.manifest() != null) {
            out.println("  manifest: " + info.manifest());
        }
        if (info.annotations() != null) {
            out.println("  annotations:");
            for (AnnotationInfo a : info.annotations()) {
                out.println("    " + a.key() + ": " + (a.blob() != null ? "blob " + a.blob() + " (" + a.size() + " bytes)"
                        : a.text().replace("\\", "\\\\").replace("\n", "\\n")));
            }
        }
        if (info.stack() != null) {
            out.println("  stack (bottom first):");
            info.stack().forEach(s -> out.println("    " + s));
        }
        out.printf("  entries:  %d (%d files, %s)%n", info.entries(), info.files(), Progress.bytes(info.totalSize()));
        if (info.tags() != null) {
            out.println("  tags:     " + (info.tags().isEmpty() ? "(none)" : String.join(" ", info.tags())));
        }
        return 0;
    }
}
