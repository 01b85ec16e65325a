package io.spfsd.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The class path a test gives spfsd when it runs it as a process of its own: the compiled
 * classes and the runtime dependencies (target/runtime.classpath, written by Maven), not the
 * test class path, which would add every test library (and their jars to open, and their
 * logging providers) to the daemon being tested.
 */
public final class SpfsdProcess {
    private SpfsdProcess() {
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
