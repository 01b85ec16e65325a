package io.spfsd.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ControlClientTimeoutTest {
    @TempDir
    Path tmp;

    @Test
    @org.junit.jupiter.api.Timeout(30) // without a client timeout this test would hang: fail it instead
    void aDaemonThatAcceptsAndNeverAnswersIsAOneLineErrorNotAHang() throws Exception {
        Path socket = tmp.resolve("mute.sock");
        try (ServerSocketChannel mute = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            mute.bind(UnixDomainSocketAddress.of(socket)); // the kernel accepts; nobody answers
            long t0 = System.nanoTime();
            assertThatThrownBy(() -> new ControlClient(socket, 300).send(Protocol.Request.status()))
                    .isInstanceOf(IOException.class)
                    .hasMessage("the daemon on " + socket + " did not answer within 0.3 s (SPFSD_TIMEOUT sets the"
                            + " limit, in seconds)");
            assertThat((System.nanoTime() - t0) / 1e9).isLessThan(5);
        }
    }

    @Test
    void longRequestsHaveLongerOrNoLimits() {
        ControlClient c = new ControlClient(Path.of("/nowhere"), 2_000);
        assertThat(c.answerTimeoutMillis("status")).isEqualTo(2_000);
        assertThat(c.answerTimeoutMillis("mount")).isEqualTo(60_000);
        assertThat(c.answerTimeoutMillis("commit")).isZero();
        assertThat(ControlClient.quickTimeoutMillis("2.5")).isEqualTo(2_500);
        assertThat(ControlClient.quickTimeoutMillis("soon")).isEqualTo(10_000);
        assertThat(ControlClient.quickTimeoutMillis(null)).isEqualTo(10_000);
    }

    @Test
    void aSocketThatIsAnotherUsersSaysPermissionDeniedNotThatNoDaemonListens() {
        Path socket = tmp.resolve("private/spfsd.sock");
        // what connect(2)'s EACCES arrives as from the JDK (seen as a user refused by a root daemon's 0700 directory)
        for (IOException eacces : java.util.List.of(new java.net.BindException("Permission denied"),
                new java.net.SocketException("Permission denied"))) {
            assertThat(ControlClient.connectFailure(eacces, socket).getMessage())
                    .startsWith("permission denied: the daemon on " + socket + " does not take requests from")
                    .contains("unset SPFSD_SOCKET");
        }
        assertThat(ControlClient.connectFailure(new java.net.ConnectException("Connection refused"), socket))
                .isInstanceOf(ControlClient.NotRunningException.class);
    }
}
