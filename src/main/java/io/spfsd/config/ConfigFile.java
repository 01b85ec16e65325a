package io.spfsd.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The optional config file: $SPFSD_CONFIG, else $XDG_CONFIG_HOME/spfsd/config, else
 * ~/.config/spfsd/config. Lines of {@code key = value}; '#' starts a comment; blank lines are
 * fine. Each key is the default of one environment variable, which wins over it (and a
 * command-line option over both): see docs/cli.md.
 */
public final class ConfigFile {
    /** Setting name to the environment variable it is the default of. */
    public static final Map<String, String> KEYS = keys();

    private static Map<String, String> keys() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("repository", Locations.REPO_ENV);
        m.put("mountpoint", Locations.MOUNTPOINT_ENV);
        m.put("socket", Locations.SOCKET_ENV);
        m.put("timeout", "SPFSD_TIMEOUT");
        m.put("log_level", "SPFSD_LOG_LEVEL");
        m.put("remote", "SPFSD_REMOTE");
        m.put("cache_size", "SPFSD_CACHE_SIZE");
        m.put("fetch_timeout", "SPFSD_FETCH_TIMEOUT");
        m.put("xattrs", "SPFSD_XATTRS");
        return m;
    }

    private ConfigFile() {
    }

    /** A config file that cannot be used: the message names the file and line. */
    public static final class Invalid extends RuntimeException {
        Invalid(String message) {
            super(message);
        }
    }

    /** Where the config file is looked for. */
    public static Path location(Map<String, String> env, String home) {
        String explicit = env.get("SPFSD_CONFIG");
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit);
        }
        String xdg = env.get("XDG_CONFIG_HOME");
        return (xdg != null && xdg.startsWith("/") ? Path.of(xdg) : Path.of(home, ".config")).resolve("spfsd")
                .resolve("config");
    }

    /** env with the config file's settings added where env has no value of its own. */
    public static Map<String, String> withDefaults(Map<String, String> env, String home) {
        Path file = location(env, home);
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            if (env.get("SPFSD_CONFIG") != null) {
                throw new Invalid("config file " + file + " (from SPFSD_CONFIG) does not exist");
            }
            return env;
        } catch (IOException e) {
            throw new Invalid("cannot read config file " + file + ": " + e.getMessage());
        }
        Map<String, String> merged = new HashMap<>(env);
        int n = 0;
        for (String raw : lines) {
            n++;
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq < 0) {
                throw new Invalid(file + " line " + n + ": expected 'key = value', got '" + line + "'");
            }
            String key = line.substring(0, eq).strip();
            String value = unquote(line.substring(eq + 1).strip());
            String var = KEYS.containsKey(key) ? KEYS.get(key) : namedRemote(key);
            if (var == null) {
                throw new Invalid(file + " line " + n + ": unknown setting '" + key + "' (known: "
                        + String.join(", ", KEYS.keySet()) + ", remote.NAME)");
            }
            String fromEnv = env.get(var);
            if (fromEnv == null || fromEnv.isBlank()) {
                merged.put(var, value);
            }
        }
        return merged;
    }

    /** remote.NAME = URL names a remote; its variable is SPFSD_REMOTE_NAME (upper case). Null if key is not one. */
    static String namedRemote(String key) {
        return key.matches("remote\\.[A-Za-z0-9_]+") ? remoteVariable(key.substring("remote.".length())) : null;
    }

    /** The environment variable of the remote called name. */
    public static String remoteVariable(String name) {
        return "SPFSD_REMOTE_" + name.toUpperCase(java.util.Locale.ROOT);
    }

    private static String unquote(String v) {
        return v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"") ? v.substring(1, v.length() - 1) : v;
    }
}
