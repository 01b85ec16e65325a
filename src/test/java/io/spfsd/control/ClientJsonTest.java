package io.spfsd.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The client's streaming JSON writes and reads exactly what the daemon's databind does. */
class ClientJsonTest {
    private static final List<Protocol.Request> REQUESTS = List.of(
            Protocol.Request.status(),
            new Protocol.Request("status", 42, null, null, "rt-x"),
            Protocol.Request.mount(1234, List.of("base", "tools+fix", "é \"quoted\" \\ \n")),
            Protocol.Request.mount(7, List.of("a"), true, "named", true, "https://spfs.example.com/repo/"),
            Protocol.Request.unmount(9),
            Protocol.Request.commit(null, "rt-1"),
            new Protocol.Request("reset", 5, null, null, null, List.of("etc/conf", "a b")),
            new Protocol.Request("mount", 3, List.of(), false, null, null, false, null));

    @Test
    void requestsAreTheSameTextAsDatabindWrites() throws IOException {
        for (Protocol.Request r : REQUESTS) {
            assertThat(ClientJson.write(r)).isEqualTo(Protocol.JSON.writeValueAsString(r));
        }
    }

    private static Protocol.MountInfo mount(String name, boolean editable) {
        return new Protocol.MountInfo(name, 4321, List.of(4321, 77), List.of("base", "tools"),
                List.of("2RVOAV5VHJTPLFTSKIJQMKNMLRF7PMTDE5HUXVZX6QBOMXI4HR3A"), "2026-11-26T02:00:00.123Z", 5065, 3,
                editable, editable ? "/run/spfsd/runtimes/" + name : null, editable ? 4096L : null, editable);
    }

    private static List<Protocol.Response> responses() {
        Map<String, Object> ops = new LinkedHashMap<>();
        ops.put("lookup", Map.of("count", 24002, "mean_us", 15.36, "max_us", 11565.57));
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("lookup_count", 26001);
        metrics.put("big", 12_345_678_901L);
        metrics.put("cache_hit_rate", 0.99973);
        metrics.put("ops", ops);
        metrics.put("list", List.of(1, "two", true));
        Protocol.Status full = new Protocol.Status("0.1.0", 42, 5494, "/spfs", "/root/.local/share/spfsd/repo", 2,
                List.of(mount("rt-1", false), mount("rt-2", true)), 4738, 1, metrics, "https://o.example/", List.of("a"));
        return List.of(
                new Protocol.Response(true, null, null, null, full),
                new Protocol.Response(true, null, null, null, new Protocol.Status("v", 0, 1, "/m", "/r", 0, List.of(), 0,
                        0, Map.of())),
                new Protocol.Response(true, null, mount("rt-3", true), null, null),
                new Protocol.Response(true, null, mount("rt-4", false), null, null).withWarning("cannot reach o: using 'x'"),
                Protocol.Response.failure("unknown ref 'x': no such tag"),
                new Protocol.Response(true, null, null, true, null),
                new Protocol.Response(true, null, null, null, null, "2RVOAV5VHJTPLFTSKIJQMKNMLRF7PMTDE5HUXVZX6QBOMXI4HR3A",
                        List.of(new Protocol.Change("added", "a b"), new Protocol.Change("deleted", "é"))),
                Protocol.Response.metrics("# HELP x\nx 1\n"),
                Protocol.Response.freed(3, 4096));
    }

    @Test
    void responsesReadAsDatabindReadsThem() throws IOException {
        for (Protocol.Response r : responses()) {
            String json = Protocol.JSON.writeValueAsString(r);
            assertThat(ClientJson.readResponse(json)).as(json).isEqualTo(Protocol.JSON.readValue(json,
                    Protocol.Response.class)).isEqualTo(r);
        }
    }

    @Test
    void keysANewerDaemonAddsAreSkippedAtEveryLevel() throws IOException {
        String json = "{\"ok\":true,\"future\":{\"a\":[1,{\"b\":2}]},\"status\":{\"version\":\"9\",\"new\":[],"
                + "\"mounts\":[{\"name\":\"rt\",\"shiny\":{\"x\":1},\"root_pid\":5}],\"metrics\":{\"gone\":null}}}";
        assertThat(ClientJson.readResponse(json)).isEqualTo(Protocol.JSON.readValue(json, Protocol.Response.class));
        assertThat(ClientJson.readResponse(json).status().mounts().getFirst().rootPid()).isEqualTo(5);
    }

    @Test
    void whatIsNotAnObjectIsAnIoErrorNotACrash() {
        assertThatThrownBy(() -> ClientJson.readResponse("[1]")).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> ClientJson.readResponse("{\"ok\":tru")).isInstanceOf(IOException.class);
    }
}
