package io.spfsd.control;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.List;
import java.util.Map;

/**
 * The control protocol (docs/control-protocol.md): one JSON object per line, one request
 * and one response per connection, snake_case keys.
 */
public final class Protocol {
    /** Longest request the daemon reads. */
    public static final int MAX_REQUEST = 64 * 1024;
    /**
     * Longest response a client reads: responses grow with the number of runtimes, so this
     * only guards the client's memory against a daemon gone wrong (about 3 million runtimes).
     */
    public static final int MAX_RESPONSE = 1 << 30;

    /** Writes both sides' messages; reads responses, tolerating keys a newer daemon may add. */
    public static final ObjectMapper JSON = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();

    /**
     * Reads requests, strictly: a request hands a runtime to processes, so nothing is guessed.
     * No duplicate or unknown keys, nothing after the object, no coercion ("1", 1.5 and true
     * are not PIDs; 1 is not a string), no null in refs.
     */
    static final ObjectMapper STRICT = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .withCoercionConfig(LogicalType.Integer, c -> c.setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
            .withCoercionConfig(LogicalType.Boolean, c -> c.setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail))
            .withCoercionConfig(LogicalType.Textual, c -> c.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
            .withConfigOverride(List.class, o -> o.setSetterInfo(JsonSetter.Value.forContentNulls(Nulls.FAIL)))
            .build();

    private Protocol() {
    }

    /**
     * A request. For mount: editable gives the runtime a scratch (writes go there), name
     * names the runtime (default: generated), keep keeps it after its processes exit, remote
     * is where refs the repository lacks come from (default: the daemon's own remote).
     */
    public record Request(String op, Integer pid, List<String> refs, Boolean editable, String name,
                          List<String> paths, Boolean keep, String remote, Boolean progress, List<String> tags) {
        public Request(String op, Integer pid, List<String> refs, Boolean editable, String name,
                       List<String> paths, Boolean keep, String remote) {
            this(op, pid, refs, editable, name, paths, keep, remote, null, null);
        }

        /**
         * The same request, asking for progress lines before the answer (commit and diff): the
         * daemon then also stops the work if the client goes away.
         */
        public Request withProgress() {
            return new Request(op, pid, refs, editable, name, paths, keep, remote, Boolean.TRUE, tags);
        }

        /** A commit that also tags the new layer with each of tags, in the daemon's repository, once it is stored. */
        public Request withTags(List<String> tags) {
            return new Request(op, pid, refs, editable, name, paths, keep, remote, progress, tags);
        }

        /** Whether the client reads progress lines before its answer. */
        public boolean wantsProgress() {
            return Boolean.TRUE.equals(progress);
        }

        public Request(String op, Integer pid, List<String> refs) {
            this(op, pid, refs, null, null, null, null, null);
        }

        public Request(String op, Integer pid, List<String> refs, Boolean editable, String name) {
            this(op, pid, refs, editable, name, null, null, null);
        }

        public Request(String op, Integer pid, List<String> refs, Boolean editable, String name, List<String> paths) {
            this(op, pid, refs, editable, name, paths, null, null);
        }

        /** A mount whose runtime (and scratch) stays after its processes exit, until removed. */
        public static Request mount(int pid, List<String> refs, boolean editable, String name, boolean keep) {
            return mount(pid, refs, editable, name, keep, null);
        }

        /** The same, with refs the repository lacks taken from remote (null: the daemon's own). */
        public static Request mount(int pid, List<String> refs, boolean editable, String name, boolean keep,
                                    String remote) {
            return new Request("mount", pid, refs, editable ? Boolean.TRUE : null, name, null,
                    keep ? Boolean.TRUE : null, remote);
        }

        public static Request mount(int pid, List<String> refs) {
            return new Request("mount", pid, refs);
        }

        public static Request mount(int pid, List<String> refs, boolean editable, String name) {
            return new Request("mount", pid, refs, editable ? Boolean.TRUE : null, name);
        }

        public static Request unmount(int pid) {
            return new Request("unmount", pid, null);
        }

        /** Commit the scratch of the runtime pid sees, or of the runtime called name. */
        public static Request commit(Integer pid, String name) {
            return new Request("commit", pid, null, null, name);
        }

        public static Request status() {
            return new Request("status", null, null);
        }
    }

    /** A response: ok, and either error or the op's result (commit: the new layer's digest). */
    public record Response(boolean ok, String error, MountInfo mount, Boolean removed, Status status, String digest,
                           List<Change> changes, String prometheus, Freed freed, String warning) {
        public Response(boolean ok, String error, MountInfo mount, Boolean removed, Status status, String digest,
                        List<Change> changes, String prometheus, Freed freed) {
            this(ok, error, mount, removed, status, digest, changes, prometheus, freed, null);
        }

        /** The same answer with a line the user should see (a mount that went on in spite of something). */
        public Response withWarning(String line) {
            return new Response(ok, error, mount, removed, status, digest, changes, prometheus, freed, line);
        }

        public Response(boolean ok, String error, MountInfo mount, Boolean removed, Status status, String digest,
                        List<Change> changes) {
            this(ok, error, mount, removed, status, digest, changes, null, null);
        }

        /** What clean-cache evicted. */
        public static Response freed(long payloads, long bytes) {
            return new Response(true, null, null, null, null, null, null, null, new Freed(payloads, bytes));
        }

        public Response(boolean ok, String error, MountInfo mount, Boolean removed, Status status) {
            this(ok, error, mount, removed, status, null, null);
        }

        public Response(boolean ok, String error, MountInfo mount, Boolean removed, Status status, String digest) {
            this(ok, error, mount, removed, status, digest, null);
        }

        /** The daemon's metrics in the Prometheus text format (op "metrics"). */
        public static Response metrics(String text) {
            return new Response(true, null, null, null, null, null, null, text, null);
        }

        public static Response failure(String error) {
            return new Response(false, error, null, null, null);
        }
    }

    /**
     * A progress line, sent before the answer to a client that asked for it: the phase of the
     * work and how far it is (total -1 while unknown). Sent when it changes, at most twice a
     * second, and repeated every second while nothing changes, so that a client knows the
     * daemon is at work and the daemon knows the client is still there.
     */
    public record Progress(String phase, long done, long total) {
    }

    /** Payloads and bytes a cache eviction freed. */
    public record Freed(long payloads, long bytes) {
    }

    /** One change in an editable runtime's scratch: "added", "changed" or "deleted", and its path. */
    public record Change(String kind, String path) {
    }

    /** One runtime, as status and mount report it. */
    public record MountInfo(String name, int rootPid, List<Integer> roots, List<String> refs, List<String> layers,
                            String createdAt, long entries, int openHandles, boolean editable, String scratch,
                            Long scratchBytes, boolean kept) {
    }

    /** What `spfsd status --json` prints. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Status(String version, long uptimeSeconds, int daemonPid, String mountpoint, String repository,
                         int activeMounts, List<MountInfo> mounts, long nodes, int openHandles,
                         Map<String, Object> metrics, String remote, List<String> remotes) {
        /** A daemon without a remote. */
        public Status(String version, long uptimeSeconds, int daemonPid, String mountpoint, String repository,
                      int activeMounts, List<MountInfo> mounts, long nodes, int openHandles, Map<String, Object> metrics) {
            this(version, uptimeSeconds, daemonPid, mountpoint, repository, activeMounts, mounts, nodes, openHandles,
                    metrics, null, List.of());
        }
    }
}
