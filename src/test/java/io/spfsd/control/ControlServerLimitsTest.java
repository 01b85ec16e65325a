package io.spfsd.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reading a request is bounded, the work it asks for is not: a request whose handling takes
 * longer than the read limit (a commit of a large scratch) still gets its answer, while a
 * client that never finishes its line is cut off at the limit.
 */
class ControlServerLimitsTest {
    private static final Duration READ = Duration.ofMillis(300);

    @TempDir
    Path tmp;

    @Test
    void longWorkIsAnsweredPastTheReadLimit() throws Exception {
        Path socket = tmp.resolve("run/s.sock");
        CountDownLatch pastTheLimit = new CountDownLatch(1);
        try (ControlServer ignored = ControlServer.start(socket, (req, peer, progress) -> {
            try {
                // well past the read limit: the answer must still arrive
                assertThat(pastTheLimit.await(READ.toMillis() * 4, TimeUnit.MILLISECONDS)).isFalse();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new Protocol.Response(true, null, null, null, null, "done");
        }, READ)) {
            Protocol.Response r = new ControlClient(socket, 0).send(new Protocol.Request("commit", 1, List.of()));
            assertThat(r.ok()).as(r.error()).isTrue();
            assertThat(r.digest()).isEqualTo("done");
        }
    }

    @Test
    void aClientThatNeverEndsItsLineIsCutOffAtTheReadLimit() throws Exception {
        Path socket = tmp.resolve("run/s.sock");
        try (ControlServer ignored = ControlServer.start(socket, (req, peer, progress) -> {
            throw new AssertionError("nothing complete was sent");
        }, READ); SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            ch.write(ByteBuffer.wrap("{\"op\":\"sta".getBytes(StandardCharsets.UTF_8)));
            long t0 = System.nanoTime();
            ByteBuffer in = ByteBuffer.allocate(64);
            assertThat(ch.read(in)).as("closed by the server, nothing answered").isEqualTo(-1);
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(READ.minusMillis(50));
        }
    }

    @Test
    void oneUserCannotTakeEveryConnection() throws Exception {
        Path socket = tmp.resolve("run/s.sock");
        List<SocketChannel> idle = new java.util.ArrayList<>();
        try (ControlServer ignored = ControlServer.start(socket, (req, peer, progress) ->
                new Protocol.Response(true, null, null, null, null), Duration.ofSeconds(30))) {
            for (int i = 0; i < ControlServer.MAX_PER_USER; i++) { // connected, sending nothing
                SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
                ch.connect(UnixDomainSocketAddress.of(socket));
                idle.add(ch);
            }
            String user = System.getProperty("user.name");
            Protocol.Response r = waitForRefusal(socket);
            assertThat(r.error()).isEqualTo("too many connections from " + user + " at once ("
                    + ControlServer.MAX_PER_USER + "): wait for some to end, then try again");
            idle.removeFirst().close();
            long end = System.nanoTime() + 10_000_000_000L;
            Protocol.Response ok = new ControlClient(socket, 5_000).send(new Protocol.Request("ping", null, null));
            while (!ok.ok() && System.nanoTime() < end) { // the server sees the close when its read ends
                Thread.sleep(10);
                ok = new ControlClient(socket, 5_000).send(new Protocol.Request("ping", null, null));
            }
            assertThat(ok.ok()).as("one slot free again").isTrue();
        } finally {
            for (SocketChannel ch : idle) {
                ch.close();
            }
        }
    }

    /** A ping once every idle connection has been accepted and counted (the accept loop is asynchronous). */
    private static Protocol.Response waitForRefusal(Path socket) throws Exception {
        long end = System.nanoTime() + 10_000_000_000L;
        Protocol.Response r = new ControlClient(socket, 5_000).send(new Protocol.Request("ping", null, null));
        while (r.ok() && System.nanoTime() < end) {
            Thread.sleep(10);
            r = new ControlClient(socket, 5_000).send(new Protocol.Request("ping", null, null));
        }
        return r;
    }
}
