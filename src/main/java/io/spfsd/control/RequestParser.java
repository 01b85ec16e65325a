package io.spfsd.control;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.util.Map;

/**
 * Turns one request line into a {@link Protocol.Request}, strictly ({@link Protocol#STRICT}),
 * and says in one line what is wrong with a bad one, in the protocol's terms: never a Java
 * type or a parser's internals.
 */
final class RequestParser {
    /** What each key must hold, for error messages. */
    private static final Map<String, String> EXPECTED = orderedMap(
            "op", "a string", "pid", "a whole number (a PID)", "refs", "an array of strings",
            "editable", "true or false", "name", "a string", "paths", "an array of strings", "keep", "true or false",
            "remote", "a string (a remote's URL)", "progress", "true or false",
            "tags", "an array of tag names");

    private static Map<String, String> orderedMap(String... keysAndValues) {
        Map<String, String> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(m);
    }

    private RequestParser() {
    }

    static final class BadRequestException extends Exception {
        BadRequestException(String message) {
            super(message, null, false, false);
        }
    }

    static Protocol.Request parse(String line) throws BadRequestException {
        Protocol.Request r;
        try {
            r = Protocol.STRICT.readValue(line, Protocol.Request.class);
        } catch (UnrecognizedPropertyException e) {
            String key = String.valueOf(e.getPropertyName());
            // Echo a plain key only: whatever else a client sent stays out of the one-line answer.
            throw new BadRequestException("malformed request: unknown key" + plain(key) + " (keys: " + String.join(", ", EXPECTED.keySet()) + ")");
        } catch (JsonMappingException e) {
            String key = e.getPath().isEmpty() ? null : e.getPath().getFirst().getFieldName();
            throw new BadRequestException(key != null && EXPECTED.containsKey(key)
                    ? "malformed request: \"" + key + "\" must be " + EXPECTED.get(key)
                    : "malformed request: " + (e.getOriginalMessage().startsWith("Trailing token")
                            ? "data after the JSON object" : "a request is one JSON object"));
        } catch (JsonParseException e) {
            String m = e.getOriginalMessage();
            throw new BadRequestException("malformed request: " + (m.startsWith("Duplicate field '")
                    ? "duplicate key" + plain(m.substring("Duplicate field '".length(), m.length() - 1))
                    : "not valid JSON"));
        } catch (JacksonException e) {
            throw new BadRequestException("malformed request: not valid JSON");
        }
        if (r == null || r.op() == null) {
            throw new BadRequestException("request has no \"op\"");
        }
        return r;
    }

    /** A plain key quoted for an error message, else nothing: odd bytes a client sent are not echoed. */
    private static String plain(String key) {
        return key != null && key.matches("[A-Za-z0-9_-]{1,40}") ? " \"" + key + "\"" : "";
    }
}
