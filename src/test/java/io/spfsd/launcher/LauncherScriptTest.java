package io.spfsd.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bin/spfsd, the launcher: its probes and what it may (not) do on its own. */
class LauncherScriptTest {
    private static final Path LAUNCHER = Path.of("bin/spfsd").toAbsolutePath();
    @TempDir
    Path tmp;

    private record Result(int code, String out) {
    }

    private Result bash(String script, Path pathFirst) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", script).redirectErrorStream(true);
        if (pathFirst != null) {
            pb.environment().put("PATH", pathFirst + ":" + System.getenv("PATH"));
        }
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        return new Result(p.waitFor(), out);
    }

    /** A command on PATH that prints text (or records its call in a file). */
    private void fake(Path bin, String name, String body) throws Exception {
        Files.createDirectories(bin);
        Path f = bin.resolve(name);
        Files.writeString(f, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @Test
    void theLibfuseProbeNeverFailsOnALongLibraryList() throws Exception {
        // Thousands of lines before the match: a 'grep -q' in the pipe exits early and the
        // writer dies of SIGPIPE, which pipefail turns into "not installed".
        Path bin = tmp.resolve("bin");
        fake(bin, "ldconfig", "i=0; while [ $i -lt 3000 ]; do echo \"\tlibx$i.so (libc6,x86-64) => /usr/lib/libx$i.so\";"
                + " i=$((i+1)); done; echo \"\tlibfuse3.so.3 (libc6,x86-64) => /usr/lib/libfuse3.so.3\";"
                + " i=0; while [ $i -lt 3000 ]; do echo \"\tliby$i.so => /usr/lib/liby$i.so\"; i=$((i+1)); done");
        fake(bin, "fusermount3", "exit 0");
        Result r = bash("set -euo pipefail; source " + LAUNCHER + "; for i in $(seq 30); do has_libfuse; done; echo ok",
                bin);
        assertThat(r.out()).as("exit %d", r.code()).endsWith("ok\n");
    }

    @Test
    void withoutJavaHomeTheJdkIsFoundWithoutStartingAProcess() throws Exception {
        // Before every command: ls and sort over the install places cost ~40 ms. With no PATH,
        // no process can start, and the JDK this test runs on (installed there) is still found.
        org.junit.jupiter.api.Assumptions.assumeTrue(System.getProperty("java.home").startsWith("/usr/lib/jvm/"),
                "this JDK is not installed where the launcher looks");
        ProcessBuilder pb = new ProcessBuilder("/bin/bash", "-c", "source " + LAUNCHER
                + "; find_jdk >/dev/null && is_jdk \"$jdk\" && echo \"found $major\"").redirectErrorStream(true);
        pb.environment().remove("JAVA_HOME");
        pb.environment().remove("SPFSD_JAVA_HOME");
        pb.environment().put("PATH", tmp.resolve("nothing").toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(out).isZero();
        assertThat(Integer.parseInt(out.trim().replace("found ", ""))).isGreaterThanOrEqualTo(Runtime.version().feature());
    }

    @Test
    void commitStartsWithASmallHeapAndTheJvmsOwnCeilingUnlessTheUserSetsOne() throws Exception {
        // docs/operations.md, "Memory": a directory of a million entries must not meet a ceiling
        // of ours (it did at 256 MiB); a heap option of the user's replaces ours.
        String show = "source " + LAUNCHER + "; jvm=(); add_heap_options %s; echo \"[${jvm[*]}]\"";
        assertThat(bash(show.formatted("commit"), null).out()).isEqualTo("[-Xms32m]\n");
        assertThat(bash(show.formatted("status"), null).out()).isEqualTo("[]\n");
        assertThat(bash("JAVA_TOOL_OPTIONS=-Xmx4g; " + show.formatted("commit"), null).out()).isEqualTo("[]\n");
        assertThat(bash("JDK_JAVA_OPTIONS='-Dx=1 -Xms1g'; " + show.formatted("commit"), null).out())
                .isEqualTo("[]\n");
    }

    @Test
    void theLauncherFindsTheSha256LibraryExactlyWhenSpfsdDoes() throws Exception {
        // It runs the hashing commands on C1 alone only when hashing is fast there
        Result r = bash("source " + LAUNCHER + "; has_native_sha256 && echo found || echo missing", null);
        assertThat(r.out()).isEqualTo(io.spfsd.os.NativeSha256.available() ? "found\n" : "missing\n");
    }

    @Test
    void runNeverInstallsPackagesItSaysWhatIsMissing() throws Exception {
        Path bin = tmp.resolve("bin");
        Path calls = tmp.resolve("apt-calls");
        fake(bin, "ldconfig", "echo '\tlibc.so.6 => /lib/libc.so.6'");
        fake(bin, "apt-get", "echo \"$@\" >> " + calls);
        for (String cmd : new String[]{"run demo -- true", "serve", "mount --pid 5 demo"}) {
            Result r = bash(LAUNCHER + " " + cmd, bin);
            assertThat(r.code()).as(r.out()).isEqualTo(1);
            assertThat(r.out()).contains("libfuse3 is not installed").contains("dev setup");
        }
        assertThat(calls).doesNotExist();
    }
}
