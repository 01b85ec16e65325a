package io.spfsd.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Where a client looks for its daemon: the machine's, when there is one, for every user but root. */
class ClientSocketTest {
    private static Locations user(Map<String, String> env, boolean systemDaemon) {
        return new Locations(env, "/home/u", "Linux", false).withFilesPresent(p -> systemDaemon
                && p.equals(Path.of("/run/spfsd/spfsd.sock")));
    }

    @Test
    void aUserFindsTheMachinesDaemonWhenThereIsOne() {
        assertThat(user(Map.of(), true).clientSocket()).isEqualTo(Path.of("/run/spfsd/spfsd.sock"));
        assertThat(user(Map.of(), false).clientSocket()).isEqualTo(Path.of("/home/u/.local/state/spfsd/spfsd.sock"));
    }

    @Test
    void spfsdSocketWinsAndADaemonStartedByTheUserIsTheirOwn() {
        assertThat(user(Map.of("SPFSD_SOCKET", "/tmp/mine.sock"), true).clientSocket())
                .isEqualTo(Path.of("/tmp/mine.sock"));
        assertThat(user(Map.of(), true).socket()).as("where the user's own daemon would listen")
                .isEqualTo(Path.of("/home/u/.local/state/spfsd/spfsd.sock"));
    }

    @Test
    void rootServesTheMachine() {
        Locations root = new Locations(Map.of(), "/root", "Linux", true).withFilesPresent(p -> true);
        assertThat(root.clientSocket()).isEqualTo(Path.of("/run/spfsd/spfsd.sock"));
        assertThat(root.mountpoint()).isEqualTo(Path.of("/spfs"));
    }

    /**
     * On macOS the machine's daemon is root's under launchd (`sudo brew services start spfsd`):
     * its socket in /var/run (macOS has no /run), its mount point /spfs; a user finds it there,
     * and keeps a daemon of their own where there is none.
     */
    @Test
    void onAMacTheMachinesDaemonIsFoundInVarRun() {
        Locations root = new Locations(Map.of(), "/var/root", "Mac OS X", true);
        assertThat(root.socket()).isEqualTo(Path.of("/var/run/spfsd/spfsd.sock"));
        assertThat(root.mountpoint()).isEqualTo(Path.of("/spfs"));
        assertThat(new Locations(Map.of(), "/Users/u", "Mac OS X", false)
                .withFilesPresent(p -> p.equals(Path.of("/var/run/spfsd/spfsd.sock"))).clientSocket())
                .isEqualTo(Path.of("/var/run/spfsd/spfsd.sock"));
        assertThat(new Locations(Map.of(), "/Users/u", "Mac OS X", false).withFilesPresent(p -> false).clientSocket())
                .isEqualTo(Path.of("/Users/u/Library/Caches/spfsd/spfsd.sock"));
    }
}
