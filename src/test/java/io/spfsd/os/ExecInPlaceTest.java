package io.spfsd.os;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How `run` finds its command; the exec itself is tested through `spfsd run` (DaemonLifecycleTest). */
class ExecInPlaceTest {
    @TempDir
    Path tmp;

    @Test
    void findsTheFirstExecutableOnThePathLikeAShell() throws Exception {
        Path a = Files.createDirectories(tmp.resolve("a"));
        Path b = Files.createDirectories(tmp.resolve("b"));
        Files.writeString(a.resolve("tool"), "not executable");
        Path runnable = Files.writeString(b.resolve("tool"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(runnable, PosixFilePermissions.fromString("rwxr-xr-x"));
        assertThat(ExecInPlace.resolve("tool", a + ":" + b)).isEqualTo(runnable);
    }

    @Test
    void saysCommandNotFoundOrPermissionDeniedWithTheShellsExitStatus() throws Exception {
        assertThatThrownBy(() -> ExecInPlace.resolve("no-such-tool", tmp.toString()))
                .hasMessage("no-such-tool: command not found (searched PATH: " + tmp + ")")
                .satisfies(e -> assertThat(((ExecInPlace.Failure) e).exitStatus()).isEqualTo(127));
        Files.writeString(tmp.resolve("plain"), "x");
        assertThatThrownBy(() -> ExecInPlace.resolve("plain", tmp.toString()))
                .hasMessage("plain: Permission denied")
                .satisfies(e -> assertThat(((ExecInPlace.Failure) e).exitStatus()).isEqualTo(126));
        assertThatThrownBy(() -> ExecInPlace.resolve(tmp.toString(), "/bin"))
                .hasMessage(tmp + ": Is a directory")
                .satisfies(e -> assertThat(((ExecInPlace.Failure) e).exitStatus()).isEqualTo(126));
        assertThatThrownBy(() -> ExecInPlace.resolve(tmp.resolve("missing").toString(), "/bin"))
                .hasMessage(tmp.resolve("missing") + ": No such file or directory")
                .satisfies(e -> assertThat(((ExecInPlace.Failure) e).exitStatus()).isEqualTo(127));
    }
}
