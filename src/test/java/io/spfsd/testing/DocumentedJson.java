package io.spfsd.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The JSON shapes docs/cli.md promises, read from the doc itself so tests hold it to them. */
public final class DocumentedJson {
    private DocumentedJson() {
    }

    /** The top-level keys the JSON section of docs/cli.md lists for a command, in order. */
    public static List<String> keys(String command) throws Exception {
        String doc = Files.readString(Path.of("docs/cli.md"));
        Matcher m = Pattern.compile("- `" + command + "`: `([^`]*)`").matcher(doc);
        assertThat(m.find()).as("docs/cli.md documents " + command).isTrue();
        String shape = m.group(1);
        if (shape.startsWith("[{")) {
            shape = shape.substring(1, shape.length() - 1); // an array of these objects
        }
        shape = shape.replaceAll("\\[\\{[^]]*}]", "[]"); // nested objects: their key only
        List<String> keys = new ArrayList<>();
        Matcher k = Pattern.compile("\"([a-z_]+)\"").matcher(shape);
        while (k.find()) {
            String key = k.group(1);
            boolean isValue = shape.charAt(k.start() - 1) == '|' || shape.charAt(k.end()) == '|'
                    || shape.startsWith(": ", k.start() - 2);
            if (!isValue && !keys.contains(key)) {
                keys.add(key);
            }
        }
        return keys;
    }
}
