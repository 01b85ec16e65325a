package io.spfsd.control;

import com.fasterxml.jackson.annotation.JsonInclude;
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
    /** Longest request or response line accepted. */
    public static final int MAX_LINE = 64 * 1024;

    public static final ObjectMapper JSON = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();

    private Protocol() {
    }

    /** A request: op is "mount", "unmount", "status" or "ping". */
    public record Request(String op, Integer pid, List<String> refs) {
        public static Request mount(int pid, List<String> refs) {
            return new Request("mount", pid, refs);
        }

        public static Request unmount(int pid) {
            return new Request("unmount", pid, null);
        }

        public static Request status() {
            return new Request("status", null, null);
        }
    }

    /** A response: ok, and either error or the op's result. */
    public record Response(boolean ok, String error, MountInfo mount, Boolean removed, Status status) {
        public static Response failure(String error) {
            return new Response(false, error, null, null, null);
        }
    }

    /** One runtime, as status and mount report it. */
    public record MountInfo(int rootPid, List<String> refs, List<String> layers, String createdAt, long entries,
                            int openHandles) {
    }

    /** What `spfsd status --json` prints. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Status(String version, long uptimeSeconds, int daemonPid, String mountpoint, String repository,
                         int activeMounts, List<MountInfo> mounts, long nodes, int openHandles,
                         Map<String, Object> metrics) {
    }
}
