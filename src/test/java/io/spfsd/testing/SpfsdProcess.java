package io.spfsd.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The class path a test gives spfsd when it runs it as a process of its own: the compiled
 * classes and the runtime dependencies (target/runtime.classpath, written by Maven), not the
 * test class path, which would add every test library (and their jars to open, and their
 * logging providers) to the daemon being tested.
 */
public final class SpfsdProcess {
    private SpfsdProcess() {
    }

    /**
     * The command line that runs spfsd's Main in a JVM of its own: this JVM's java, jvmOptions,
     * native access, {@link #classPath}, then args.
     */
    public static List<String> mainCommand(List<String> jvmOptions, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("--enable-native-access=ALL-UNNAMED", "-cp", classPath(), "io.spfsd.cli.Main"));
        command.addAll(List.of(args));
        return command;
    }

    /** words as one line for a shell (script -c, bash -c): each in single quotes. */
    public static String shellLine(List<String> words) {
        StringBuilder line = new StringBuilder();
        for (String w : words) {
            line.append(line.isEmpty() ? "" : " ").append('\'').append(w.replace("'", "'\\''")).append('\'');
        }
        return line.toString();
    }

    public static String classPath() {
        try {
            String deps = Files.readString(Path.of("target/runtime.classpath")).strip();
            return Path.of("target/classes").toAbsolutePath() + (deps.isEmpty() ? "" : java.io.File.pathSeparator + deps);
        } catch (IOException e) {
            throw new UncheckedIOException("target/runtime.classpath is missing: run the tests through Maven", e);
        }
    }
}
