package io.spfsd.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.spfsd.control.Protocol;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * The --json documents of the client commands (status, and any command's error) on Jackson's
 * streaming layer, in the text {@link Json} writes with databind: the same keys, order,
 * nulls and pretty printer. Databind's ~400 classes are not in the client commands' AOT
 * cache, and loading them cold cost `status --json` ~100 ms. StreamedJsonTest holds the two
 * writers to the same text.
 */
final class StreamedJson {
    private static final JsonFactory FACTORY = new JsonFactory();

    private StreamedJson() {
    }

    /** What `status --json` prints. */
    static void status(PrintWriter out, Protocol.Status s) {
        print(out, g -> {
            g.writeStartObject();
            g.writeStringField("version", s.version());
            g.writeNumberField("uptime_seconds", s.uptimeSeconds());
            g.writeNumberField("daemon_pid", s.daemonPid());
            g.writeStringField("mountpoint", s.mountpoint());
            g.writeStringField("repository", s.repository());
            g.writeNumberField("active_mounts", s.activeMounts());
            g.writeFieldName("mounts");
            if (s.mounts() == null) {
                g.writeNull();
            } else {
                g.writeStartArray();
                for (Protocol.MountInfo m : s.mounts()) {
                    mount(g, m);
                }
                g.writeEndArray();
            }
            g.writeNumberField("nodes", s.nodes());
            g.writeNumberField("open_handles", s.openHandles());
            g.writeFieldName("metrics");
            value(g, s.metrics());
            g.writeStringField("remote", s.remote());
            g.writeFieldName("remotes");
            value(g, s.remotes());
            g.writeEndObject();
        });
    }

    /** {"error": message}: a command's failure, for `| jq`. */
    static void error(PrintWriter out, String message) {
        print(out, g -> {
            g.writeStartObject();
            g.writeStringField("error", message);
            g.writeEndObject();
        });
    }

    private static void mount(JsonGenerator g, Protocol.MountInfo m) throws IOException {
        g.writeStartObject();
        g.writeStringField("name", m.name());
        g.writeNumberField("root_pid", m.rootPid());
        g.writeFieldName("roots");
        value(g, m.roots());
        g.writeFieldName("refs");
        value(g, m.refs());
        g.writeFieldName("layers");
        value(g, m.layers());
        g.writeStringField("created_at", m.createdAt());
        g.writeNumberField("entries", m.entries());
        g.writeNumberField("open_handles", m.openHandles());
        g.writeBooleanField("editable", m.editable());
        g.writeStringField("scratch", m.scratch());
        g.writeFieldName("scratch_bytes");
        value(g, m.scratchBytes());
        g.writeBooleanField("kept", m.kept());
        g.writeEndObject();
    }

    /** Maps (in their order), lists, strings, numbers, booleans and null, as databind writes them. */
    private static void value(JsonGenerator g, Object v) throws IOException {
        switch (v) {
            case null -> g.writeNull();
            case Map<?, ?> map -> {
                g.writeStartObject();
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    g.writeFieldName(String.valueOf(e.getKey()));
                    value(g, e.getValue());
                }
                g.writeEndObject();
            }
            case List<?> list -> {
                g.writeStartArray();
                for (Object o : list) {
                    value(g, o);
                }
                g.writeEndArray();
            }
            case String text -> g.writeString(text);
            case Integer n -> g.writeNumber(n);
            case Long n -> g.writeNumber(n);
            case Double n -> g.writeNumber(n);
            case Float n -> g.writeNumber(n);
            case java.math.BigInteger n -> g.writeNumber(n);
            case java.math.BigDecimal n -> g.writeNumber(n);
            case Boolean b -> g.writeBoolean(b);
            default -> g.writeString(v.toString());
        }
    }

    private interface Body {
        void write(JsonGenerator g) throws IOException;
    }

    private static void print(PrintWriter out, Body body) {
        StringWriter text = new StringWriter(1024);
        try (JsonGenerator g = FACTORY.createGenerator(text).useDefaultPrettyPrinter()) {
            body.write(g);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write JSON", e);
        }
        out.println(text);
    }
}
