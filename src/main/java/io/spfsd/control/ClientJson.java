package io.spfsd.control;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The client's side of the control protocol on Jackson's streaming layer: requests written,
 * responses read, in the same JSON that {@link Protocol#JSON} writes and reads (snake_case,
 * nulls left out of requests, unknown keys of a newer daemon skipped). Databind finds the
 * records' shapes by reflection and builds its (de)serializers on first use: about 45 ms of
 * every `spfsd status` and `spfsd run`, paid again by each new JVM
 * (bench/results/performance-history.md). The daemon keeps databind: it reads requests strictly and starts once. ClientJsonTest holds the
 * two to the same text.
 */
public final class ClientJson {
    private static final JsonFactory FACTORY = new JsonFactory();

    private ClientJson() {
    }

    /** A request as one line of JSON. */
    public static String write(Protocol.Request r) throws IOException {
        StringWriter s = new StringWriter(128);
        try (JsonGenerator g = FACTORY.createGenerator(s)) {
            g.writeStartObject();
            string(g, "op", r.op());
            if (r.pid() != null) {
                g.writeNumberField("pid", r.pid());
            }
            strings(g, "refs", r.refs());
            if (r.editable() != null) {
                g.writeBooleanField("editable", r.editable());
            }
            string(g, "name", r.name());
            strings(g, "paths", r.paths());
            if (r.keep() != null) {
                g.writeBooleanField("keep", r.keep());
            }
            string(g, "remote", r.remote());
            if (r.progress() != null) {
                g.writeBooleanField("progress", r.progress());
            }
            strings(g, "tags", r.tags());
            g.writeEndObject();
        }
        return s.toString();
    }

    private static void string(JsonGenerator g, String name, String value) throws IOException {
        if (value != null) {
            g.writeStringField(name, value);
        }
    }

    private static void strings(JsonGenerator g, String name, List<String> values) throws IOException {
        if (values != null) {
            g.writeArrayFieldStart(name);
            for (String v : values) {
                g.writeString(v);
            }
            g.writeEndArray();
        }
    }

    /** A response line. */
    public static Protocol.Response readResponse(String json) throws IOException {
        try (JsonParser p = FACTORY.createParser(json)) {
            expect(p.nextToken(), JsonToken.START_OBJECT);
            boolean ok = false;
            String error = null;
            Protocol.MountInfo mount = null;
            Boolean removed = null;
            Protocol.Status status = null;
            String digest = null;
            List<Protocol.Change> changes = null;
            String prometheus = null;
            Protocol.Freed freed = null;
            String warning = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                JsonToken t = p.nextToken();
                if (t == JsonToken.VALUE_NULL) {
                    continue;
                }
                switch (key) {
                    case "ok" -> ok = p.getBooleanValue();
                    case "error" -> error = p.getText();
                    case "mount" -> mount = mountInfo(p);
                    case "removed" -> removed = p.getBooleanValue();
                    case "status" -> status = status(p);
                    case "digest" -> digest = p.getText();
                    case "changes" -> changes = changes(p);
                    case "prometheus" -> prometheus = p.getText();
                    case "freed" -> freed = freed(p);
                    case "warning" -> warning = p.getText();
                    default -> p.skipChildren();
                }
            }
            return new Protocol.Response(ok, error, mount, removed, status, digest, changes, prometheus, freed, warning);
        }
    }

    private static Protocol.Status status(JsonParser p) throws IOException {
        expect(p.currentToken(), JsonToken.START_OBJECT);
        String version = null, mountpoint = null, repository = null, remote = null;
        long uptime = 0, nodes = 0;
        int daemonPid = 0, activeMounts = 0, openHandles = 0;
        List<Protocol.MountInfo> mounts = null;
        Map<String, Object> metrics = null;
        List<String> remotes = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            if (p.nextToken() == JsonToken.VALUE_NULL) {
                continue;
            }
            switch (key) {
                case "version" -> version = p.getText();
                case "uptime_seconds" -> uptime = p.getLongValue();
                case "daemon_pid" -> daemonPid = p.getIntValue();
                case "mountpoint" -> mountpoint = p.getText();
                case "repository" -> repository = p.getText();
                case "active_mounts" -> activeMounts = p.getIntValue();
                case "mounts" -> {
                    mounts = new ArrayList<>();
                    while (p.nextToken() != JsonToken.END_ARRAY) {
                        mounts.add(mountInfo(p));
                    }
                }
                case "nodes" -> nodes = p.getLongValue();
                case "open_handles" -> openHandles = p.getIntValue();
                case "metrics" -> metrics = map(p);
                case "remote" -> remote = p.getText();
                case "remotes" -> remotes = strings(p);
                default -> p.skipChildren();
            }
        }
        return new Protocol.Status(version, uptime, daemonPid, mountpoint, repository, activeMounts, mounts, nodes,
                openHandles, metrics, remote, remotes);
    }

    private static Protocol.MountInfo mountInfo(JsonParser p) throws IOException {
        expect(p.currentToken(), JsonToken.START_OBJECT);
        String name = null, createdAt = null, scratch = null;
        int rootPid = 0, openHandles = 0;
        long entries = 0;
        Long scratchBytes = null;
        boolean editable = false, kept = false;
        List<Integer> roots = null;
        List<String> refs = null, layers = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            if (p.nextToken() == JsonToken.VALUE_NULL) {
                continue;
            }
            switch (key) {
                case "name" -> name = p.getText();
                case "root_pid" -> rootPid = p.getIntValue();
                case "roots" -> {
                    roots = new ArrayList<>();
                    while (p.nextToken() != JsonToken.END_ARRAY) {
                        roots.add(p.getIntValue());
                    }
                }
                case "refs" -> refs = strings(p);
                case "layers" -> layers = strings(p);
                case "created_at" -> createdAt = p.getText();
                case "entries" -> entries = p.getLongValue();
                case "open_handles" -> openHandles = p.getIntValue();
                case "editable" -> editable = p.getBooleanValue();
                case "scratch" -> scratch = p.getText();
                case "scratch_bytes" -> scratchBytes = p.getLongValue();
                case "kept" -> kept = p.getBooleanValue();
                default -> p.skipChildren();
            }
        }
        return new Protocol.MountInfo(name, rootPid, roots, refs, layers, createdAt, entries, openHandles, editable,
                scratch, scratchBytes, kept);
    }

    private static List<Protocol.Change> changes(JsonParser p) throws IOException {
        expect(p.currentToken(), JsonToken.START_ARRAY);
        List<Protocol.Change> out = new ArrayList<>();
        while (p.nextToken() == JsonToken.START_OBJECT) {
            String kind = null, path = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                p.nextToken();
                switch (key) {
                    case "kind" -> kind = p.getValueAsString();
                    case "path" -> path = p.getValueAsString();
                    default -> p.skipChildren();
                }
            }
            out.add(new Protocol.Change(kind, path));
        }
        return out;
    }

    /** The progress a line tells ({@link Protocol.Progress}), or null if it is not a progress line (the answer). */
    public static Protocol.Progress readProgress(String json) throws IOException {
        try (JsonParser p = FACTORY.createParser(json)) {
            expect(p.nextToken(), JsonToken.START_OBJECT);
            if (p.nextToken() != JsonToken.FIELD_NAME || !p.currentName().equals("progress")) {
                return null;
            }
            expect(p.nextToken(), JsonToken.START_OBJECT);
            String phase = "";
            long done = 0;
            long total = -1;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                p.nextToken();
                switch (key) {
                    case "phase" -> phase = p.getText();
                    case "done" -> done = p.getValueAsLong();
                    case "total" -> total = p.getValueAsLong(-1);
                    default -> p.skipChildren();
                }
            }
            return new Protocol.Progress(phase, done, total);
        }
    }

    private static Protocol.Freed freed(JsonParser p) throws IOException {
        expect(p.currentToken(), JsonToken.START_OBJECT);
        long payloads = 0, bytes = 0;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            p.nextToken();
            switch (key) {
                case "payloads" -> payloads = p.getValueAsLong();
                case "bytes" -> bytes = p.getValueAsLong();
                default -> p.skipChildren();
            }
        }
        return new Protocol.Freed(payloads, bytes);
    }

    private static List<String> strings(JsonParser p) throws IOException {
        expect(p.currentToken(), JsonToken.START_ARRAY);
        List<String> out = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
            out.add(p.currentToken() == JsonToken.VALUE_NULL ? null : p.getText());
        }
        return out;
    }

    /** Any JSON value as databind reads it into Object: maps, lists, Integer/Long/BigInteger, Double, String, Boolean. */
    private static Object value(JsonParser p) throws IOException {
        return switch (p.currentToken()) {
            case START_OBJECT -> map(p);
            case START_ARRAY -> {
                List<Object> list = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    list.add(value(p));
                }
                yield list;
            }
            case VALUE_NUMBER_INT -> p.getNumberValue();
            case VALUE_NUMBER_FLOAT -> p.getDoubleValue();
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> null;
            default -> p.getText();
        };
    }

    private static Map<String, Object> map(JsonParser p) throws IOException {
        expect(p.currentToken(), JsonToken.START_OBJECT);
        Map<String, Object> m = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            p.nextToken();
            m.put(key, value(p));
        }
        return m;
    }

    private static void expect(JsonToken actual, JsonToken wanted) throws IOException {
        if (actual != wanted) {
            throw new IOException("the daemon's answer is not the protocol's JSON (" + wanted + " expected, "
                    + actual + " found)");
        }
    }
}
