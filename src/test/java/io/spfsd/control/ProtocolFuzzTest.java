package io.spfsd.control;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A seeded property test of the control protocol: generated requests, valid and mutated,
 * must either parse into exactly what their JSON says (integer PIDs, string refs, one value
 * per key, nothing after the object) or be refused with one line that names no Java
 * internals. The same generator then runs against a real server socket.
 */
class ProtocolFuzzTest {
    private static final long SEED = 20261125L;
    private static final ObjectMapper TREE = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    private static final String[] VALUES = {
        "1", "1.5", "\"1\"", "true", "null", "[]", "{}", "-3", "0", "4194304", "99999999999", "1e3", "\"x\"",
        "[\"base\"]", "[null]", "[1]", "[\"a\",null]", "[[\"a\"]]", "\"mount\"", "\"status\"", "\"\\u0000\"",
        "\"base~99999999999\"", "[\"base~99999999999\"]", "[\"../../etc\"]", "2147483648", "-2147483649"};
    private static final String[] KEYS = {"op", "pid", "refs", "PID", "extra", "op"};
    @TempDir
    Path tmp;

    @Test
    void everyGeneratedRequestIsParsedExactlyOrRefusedInOneCleanLine() {
        Random rnd = new Random(SEED);
        int accepted = 0;
        for (int i = 0; i < 20_000; i++) {
            String line = generate(rnd);
            try {
                Protocol.Request r = RequestParser.parse(line);
                accepted++;
                assertFaithful(line, r);
            } catch (RequestParser.BadRequestException e) {
                assertClean(line, e.getMessage());
            }
        }
        assertThat(accepted).as("the generator also makes valid requests").isGreaterThan(500);
    }

    @Test
    void knownTrapsAreRefused() {
        for (String bad : List.of("{\"op\":\"mount\",\"pid\":1.5,\"refs\":[\"a\"]}",
                "{\"op\":\"mount\",\"pid\":\"1\",\"refs\":[\"a\"]}",
                "{\"op\":\"mount\",\"pid\":true,\"refs\":[\"a\"]}",
                "{\"op\":\"mount\",\"pid\":7,\"refs\":[null]}",
                "{\"op\":\"mount\",\"pid\":7,\"pid\":8,\"refs\":[\"a\"]}",
                "{\"op\":\"status\"} junk",
                "{\"op\":\"status\"}{\"op\":\"status\"}",
                "{\"op\":1}",
                "{\"op\":\"status\",\"pd\":3}",
                "[\"status\"]", "null", "")) {
            try {
                RequestParser.parse(bad);
                throw new AssertionError("accepted: " + bad);
            } catch (RequestParser.BadRequestException e) {
                assertClean(bad, e.getMessage());
            }
        }
    }

    @Test
    void aRealServerAnswersEveryGeneratedRequestWithOneJsonLine() throws Exception {
        AtomicInteger handled = new AtomicInteger();
        Path socket = tmp.resolve("run/s.sock");
        try (ControlServer server = ControlServer.start(socket, (req, peer, progress) -> {
            handled.incrementAndGet();
            if (req.refs() != null && req.refs().contains("boom")) {
                throw new IllegalStateException("secret internal detail");
            }
            return new Protocol.Response(true, null, null, null, null);
        })) {
            Random rnd = new Random(SEED + 1);
            for (int i = 0; i < 1_500; i++) {
                String line = i % 100 == 0 ? "{\"op\":\"mount\",\"pid\":5,\"refs\":[\"boom\"]}" : generate(rnd);
                String reply = exchange(socket, line);
                JsonNode json = TREE.readTree(reply);
                assertThat(json.get("ok").isBoolean()).as(line + " -> " + reply).isTrue();
                if (!json.get("ok").asBoolean()) {
                    assertClean(line, json.get("error").asText());
                }
            }
            assertThat(handled.get()).isPositive();
            assertThat(exchange(socket, "{\"op\":\"ping\"}")).contains("\"ok\":true");
        }
    }

    private static String exchange(Path socket, String line) throws IOException {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            ByteBuffer out = ByteBuffer.wrap((line.replace("\n", " ") + "\n").getBytes(StandardCharsets.UTF_8));
            while (out.hasRemaining()) {
                ch.write(out);
            }
            return LineReader.readLine(ch, Protocol.MAX_RESPONSE);
        }
    }

    /** What was accepted is what the JSON says, key by key. */
    private static void assertFaithful(String line, Protocol.Request r) {
        JsonNode tree;
        try {
            tree = TREE.readTree(line);
        } catch (IOException e) {
            throw new AssertionError("accepted what is not strict JSON: " + line, e);
        }
        assertThat(tree.isObject()).as(line).isTrue();
        tree.fieldNames().forEachRemaining(k -> assertThat(k).as(line).isIn("op", "pid", "refs", "editable", "name", "paths", "keep"));
        assertThat(tree.get("op").isTextual()).as(line).isTrue();
        assertThat(r.op()).isEqualTo(tree.get("op").asText());
        JsonNode pid = tree.get("pid");
        if (r.pid() != null) {
            assertThat(pid.isIntegralNumber() && pid.canConvertToInt()).as(line).isTrue();
            assertThat(r.pid()).isEqualTo(pid.asInt());
        }
        if (r.refs() != null) {
            assertThat(tree.get("refs").isArray()).as(line).isTrue();
            assertThat(r.refs()).as(line).doesNotContainNull().hasSize(tree.get("refs").size());
            tree.get("refs").forEach(n -> assertThat(n.isTextual()).as(line).isTrue());
        }
    }

    private static void assertClean(String line, String message) {
        assertThat(message).as(line).isNotBlank().doesNotContain("\n").doesNotContain("java.")
                .doesNotContain("jackson").doesNotContain("Exception").doesNotContain("secret").doesNotContain("`");
    }

    /** A valid request, then zero to three mutations. */
    static String generate(Random rnd) {
        List<String> parts = new ArrayList<>();
        parts.add("\"op\":" + (rnd.nextBoolean() ? "\"mount\"" : "\"status\""));
        if (rnd.nextInt(4) > 0) {
            parts.add("\"pid\":" + (1 + rnd.nextInt(100_000)));
        }
        if (rnd.nextInt(4) > 0) {
            parts.add("\"refs\":[\"base\"" + (rnd.nextBoolean() ? ",\"tools+fix\"" : "") + "]");
        }
        int mutations = rnd.nextInt(4);
        for (int m = 0; m < mutations; m++) {
            switch (rnd.nextInt(5)) {
                case 0 -> parts.set(rnd.nextInt(parts.size()), "\"" + KEYS[rnd.nextInt(KEYS.length)] + "\":"
                        + VALUES[rnd.nextInt(VALUES.length)]);
                case 1 -> parts.add("\"" + KEYS[rnd.nextInt(KEYS.length)] + "\":" + VALUES[rnd.nextInt(VALUES.length)]);
                case 2 -> parts.add(parts.get(rnd.nextInt(parts.size())));
                default -> {
                }
            }
        }
        java.util.Collections.shuffle(parts, rnd);
        String line = "{" + String.join(",", parts) + "}";
        switch (rnd.nextInt(12)) {
            case 0 -> line = line.substring(0, rnd.nextInt(line.length() + 1));
            case 1 -> line = line + VALUES[rnd.nextInt(VALUES.length)];
            case 2 -> {
                int at = rnd.nextInt(line.length() + 1);
                line = line.substring(0, at) + (char) rnd.nextInt(128) + line.substring(at);
            }
            case 3 -> line = "[" + line + "]";
            default -> {
            }
        }
        return line;
    }

    @Test
    void anUnknownKeyIsAnsweredWithEveryKeyARequestMayHave() {
        String message;
        try {
            RequestParser.parse("{\"op\":\"status\",\"remotes\":\"x\"}");
            throw new AssertionError("accepted an unknown key");
        } catch (RequestParser.BadRequestException e) {
            message = e.getMessage();
        }
        String keys = java.util.Arrays.stream(Protocol.Request.class.getRecordComponents())
                .map(c -> c.getName()).collect(java.util.stream.Collectors.joining(", "));
        assertThat(message).isEqualTo("malformed request: unknown key \"remotes\" (keys: " + keys + ")");
    }
}
