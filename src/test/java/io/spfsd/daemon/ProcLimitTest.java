package io.spfsd.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spfsd.control.Protocol;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What docs/operations.md says per-process routing cannot hide: through /proc/PID/cwd an
 * outsider that may ptrace a runtime's process reads a read-only runtime's files where the
 * live runtimes agree, and gets ENOENT where the daemon asks who calls (an editable runtime).
 * Each test has a daemon of its own: what the outsider gets depends on every live runtime.
 */
class ProcLimitTest {
    @TempDir
    Path tmp;
    DaemonHarness h;

    @BeforeEach
    void start() throws Exception {
        h = new DaemonHarness(tmp);
        DaemonHarness.write(tmp.resolve("base/d/f"), "inside\n");
        h.commit(tmp.resolve("base"), "base");
    }

    @AfterEach
    void stop() {
        if (h != null) {
            h.close();
        }
    }

    /** A process of a runtime of base that ran setup and now waits for a line. */
    private DaemonHarness.Gated waitingIn(String name, boolean editable, String setup) throws Exception {
        DaemonHarness.Gated p = h.gated(setup + " && echo ready && read done");
        assertThat(h.client.send(Protocol.Request.mount((int) p.pid(), List.of("base"), editable, name)).ok()).isTrue();
        p.release();
        assertThat(new BufferedReader(new InputStreamReader(p.process.getInputStream())).readLine()).isEqualTo("ready");
        return p;
    }

    @Test
    void anOutsiderReadsAReadOnlyRuntimesFilesThroughProcCwd() throws Exception {
        DaemonHarness.Gated p = waitingIn("ro", false, "cd $MNT/d");
        assertThat(h.mountpoint.resolve("d/f")).as("the outsider's own lookup: the empty view").doesNotExist();
        assertThat(Files.readString(Path.of("/proc/" + p.pid() + "/cwd/f"))).isEqualTo("inside\n");
        p.release();
        p.output();
    }

    @Test
    void anEditableRuntimesFilesAreNotFoundByAnOutsider() throws Exception {
        DaemonHarness.Gated p = waitingIn("rw", true, "cd $MNT/d && echo mine > own && exec 3< own");
        assertThatThrownBy(() -> Files.readString(Path.of("/proc/" + p.pid() + "/cwd/own")))
                .isInstanceOf(java.nio.file.NoSuchFileException.class);
        assertThatThrownBy(() -> Files.readString(Path.of("/proc/" + p.pid() + "/cwd/f")))
                .isInstanceOf(java.nio.file.NoSuchFileException.class);
        assertThatThrownBy(() -> Files.readString(Path.of("/proc/" + p.pid() + "/fd/3")))
                .hasMessageContaining("Stale file handle");
        p.release();
        p.output();
    }
}
