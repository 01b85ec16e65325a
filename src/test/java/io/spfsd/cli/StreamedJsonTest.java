package io.spfsd.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.spfsd.control.Protocol;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** StreamedJson writes, without databind, exactly what Json (databind) writes for the same values. */
class StreamedJsonTest {
    record JsonError(String error) {
    }

    @Test
    void statusIsDatabindsText() {
        Protocol.MountInfo plain = new Protocol.MountInfo("rt-1-a", 4242, List.of(4242, 4300), List.of("base+tools"),
                List.of("AAAA", "BBBB"), "2026-11-26T03:00:00Z", 12, 3, false, null, null, false);
        Protocol.MountInfo editable = new Protocol.MountInfo("build", 7, List.of(7), List.of("base"), List.of(),
                "2026-11-26T03:00:01Z", 0, 0, true, "/var/scratch/build \"x\"", 123_456_789_012L, true);
        Map<String, Object> ops = new LinkedHashMap<>();
        ops.put("lookup", Map.of("count", 3));
        ops.put("read", new LinkedHashMap<>(Map.of("mean_us", 1.5)));
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("lookup_count", 10_000_000_000L);
        metrics.put("cache_hit_rate", 0.0);
        metrics.put("ratio", 0.999731);
        metrics.put("nothing", null);
        metrics.put("flag", true);
        metrics.put("list", List.of(1, "two", 3.25));
        metrics.put("ops", ops);
        for (Protocol.Status s : List.of(
                new Protocol.Status("0.1.0", 5, 99, "/spfs", "/repo", 2, List.of(plain, editable), 4738, 1, metrics,
                        "https://r.example/repo/", List.of("https://r.example/repo/", "s3://b/p")),
                new Protocol.Status("0.1.0", 0, 1, "/spfs", "/r", 0, List.of(), 0, 0, Map.of()),
                new Protocol.Status("ü\n\t", 0, 1, "/spfs", "/r", 0, null, 0, 0, null, null, null))) {
            assertThat(text(out -> StreamedJson.status(out, s))).isEqualTo(text(out -> Json.print(out, s)));
        }
    }

    @Test
    void anErrorIsDatabindsText() {
        for (String message : List.of("no spfsd daemon is listening on /run/spfsd/spfsd.sock", "quote \" and \\ and \u0001",
                "")) {
            assertThat(text(out -> StreamedJson.error(out, message)))
                    .isEqualTo(text(out -> Json.print(out, new JsonError(message))));
        }
    }

    private static String text(Consumer<PrintWriter> writer) {
        StringWriter s = new StringWriter();
        try (PrintWriter out = new PrintWriter(s)) {
            writer.accept(out);
        }
        return s.toString();
    }
}
