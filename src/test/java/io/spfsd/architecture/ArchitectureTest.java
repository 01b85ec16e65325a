package io.spfsd.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The layering, read from the sources (docs/architecture.md): generated bindings are used by
 * the FUSE adapter packages only; Linux specifics appear in the Linux OS package only; the
 * neutral contract and the core touch no native memory; no hand-written file grows past
 * about 400 lines. A plain scan of the code with comments removed, so prose may mention
 * anything.
 */
class ArchitectureTest {
    private static final Path MAIN = Path.of("src/main/java/io/spfsd");
    private static final Pattern COMMENTS = Pattern.compile("/\\*.*?\\*/|//[^\\n]*", Pattern.DOTALL);
    /** Words that only Linux code has reason to say. */
    private static final Pattern LINUX = Pattern.compile(
            "\"/proc|pidfd|eventfd|mountinfo|fusermount3|statx|umount2|syncfs|MNT_DETACH|/sys/fs");

    record Source(Path path, String pkg, String code, long lines) {
        boolean in(String... packages) {
            for (String p : packages) {
                if (pkg.equals(p) || pkg.startsWith(p + ".")) {
                    return true;
                }
            }
            return false;
        }
    }

    static List<Source> sources() throws IOException {
        List<Source> out = new ArrayList<>();
        try (Stream<Path> s = Files.walk(MAIN)) {
            for (Path p : s.filter(f -> f.toString().endsWith(".java")).toList()) {
                String text = Files.readString(p);
                String pkg = text.lines().filter(l -> l.startsWith("package ")).findFirst().orElseThrow()
                        .substring("package ".length()).replace(";", "").strip();
                out.add(new Source(MAIN.relativize(p), pkg, COMMENTS.matcher(text).replaceAll(""),
                        text.lines().count()));
            }
        }
        assertThat(out).hasSizeGreaterThan(50);
        return out;
    }

    @Test
    void onlyTheFuseAdaptersUseTheGeneratedBindings() throws IOException {
        List<Path> offenders = sources().stream()
                .filter(s -> !s.in("io.spfsd.bindings", "io.spfsd.fuse.linux", "io.spfsd.fuse.macos"))
                .filter(s -> s.code().contains("io.spfsd.bindings"))
                .map(Source::path).toList();
        assertThat(offenders).as("import io.spfsd.bindings outside the FUSE adapters").isEmpty();
    }

    @Test
    void linuxSpecificsLiveInTheLinuxOsPackageOnly() throws IOException {
        List<String> offenders = sources().stream()
                .filter(s -> !s.in("io.spfsd.os.linux", "io.spfsd.bindings"))
                .filter(s -> LINUX.matcher(s.code()).find())
                .map(s -> s.path() + ": " + firstMatch(s.code())).toList();
        assertThat(offenders).as("Linux specifics outside io.spfsd.os.linux").isEmpty();
    }

    private static String firstMatch(String code) {
        var m = LINUX.matcher(code);
        return m.find() ? m.group() : "";
    }

    @Test
    void theContractAndTheCoreTouchNoNativeMemoryOrPlatformLayouts() throws IOException {
        List<Path> offenders = sources().stream()
                .filter(s -> s.in("io.spfsd.fs", "io.spfsd.node", "io.spfsd.router"))
                .filter(s -> s.code().contains("java.lang.foreign") || s.code().contains("io.spfsd.os.linux")
                        || s.code().contains("io.spfsd.fuse."))
                .map(Source::path).toList();
        assertThat(offenders).as("native memory, Linux code or an adapter used by the core").isEmpty();
    }

    @Test
    void onlyThePlatformClassReadsTheOperatingSystemsName() throws IOException {
        List<Path> offenders = sources().stream()
                .filter(s -> s.code().contains("\"os.name\"") && !s.path().endsWith(Path.of("os/Platform.java")))
                .map(Source::path).toList();
        assertThat(offenders).as("platform detection outside io.spfsd.os.Platform").isEmpty();
    }

    @Test
    void noHandWrittenFileIsLongerThanAbout400Lines() throws IOException {
        List<String> long_ = sources().stream()
                .filter(s -> !s.in("io.spfsd.bindings"))
                .filter(s -> s.lines() > 420)
                .map(s -> s.path() + " (" + s.lines() + " lines)").toList();
        assertThat(long_).isEmpty();
    }
}
