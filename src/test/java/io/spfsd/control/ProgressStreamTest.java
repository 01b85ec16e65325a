package io.spfsd.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Long requests over the control socket: a client that asks for progress gets lines while the
 * work goes on and then its answer; a client that goes away stops the work; one that did not
 * ask gets exactly one line, as before.
 */
class ProgressStreamTest {
    @TempDir
    Path tmp;

    @Test
    void aClientThatAskedGetsProgressThenTheAnswer() throws Exception {
        Path socket = tmp.resolve("run/s.sock");
        CountDownLatch seen = new CountDownLatch(1);
        try (ControlServer ignored = ControlServer.start(socket, (req, peer, progress) -> {
            try {
                progress.report("storing", 7, 10);
                // the work goes on until the client has seen that line: progress reaches it during the work
                assertThat(seen.await(30, TimeUnit.SECONDS)).isTrue();
            } catch (Exception e) {
                throw new AssertionError(e);
            }
            return new Protocol.Response(true, null, null, null, null, "done");
        })) {
            List<Protocol.Progress> lines = new CopyOnWriteArrayList<>();
            Protocol.Response r = new ControlClient(socket, 0).send(new Protocol.Request("commit", 1, List.of()), p -> {
                lines.add(p);
                if (p.phase().equals("storing")) {
                    seen.countDown();
                }
            });
            assertThat(r.ok()).as(r.error()).isTrue();
            assertThat(r.digest()).isEqualTo("done");
            assertThat(lines).contains(new Protocol.Progress("storing", 7, 10));
        }
    }

    @Test
    void aClientThatGoesAwayStopsTheWork() throws Exception {
        Path socket = tmp.resolve("run/s.sock");
        AtomicReference<Throwable> stopped = new AtomicReference<>();
        CountDownLatch over = new CountDownLatch(1);
        try (ControlServer ignored = ControlServer.start(socket, (req, peer, progress) -> {
            try {
                for (long n = 0; ; n++) { // work that only ends when its client goes
                    progress.report("storing", n, -1);
                    Thread.onSpinWait();
                }
            } catch (ProgressSink.ClientGone e) {
                stopped.set(e);
            } finally {
                over.countDown();
            }
            return Protocol.Response.failure("stopped");
        }); SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            ch.write(ByteBuffer.wrap("{\"op\":\"commit\",\"name\":\"x\",\"progress\":true}\n"
                    .getBytes(StandardCharsets.UTF_8)));
            String first = new LineReader(ch).next(4096);
            assertThat(first).startsWith("{\"progress\":{\"phase\":");
            ch.close();
            assertThat(over.await(30, TimeUnit.SECONDS)).as("the work stopped once its client was gone").isTrue();
            assertThat(stopped.get()).isInstanceOf(ProgressSink.ClientGone.class);
        }
    }

    @Test
    void aClientThatDidNotAskGetsOneLineAndTheWorkFinishes() throws Exception {
        Path socket = tmp.resolve("run/s.sock");
        AtomicReference<ProgressSink> given = new AtomicReference<>();
        try (ControlServer ignored = ControlServer.start(socket, (req, peer, progress) -> {
            given.set(progress);
            return new Protocol.Response(true, null, null, null, null, "done");
        }); SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            ch.write(ByteBuffer.wrap("{\"op\":\"commit\",\"name\":\"x\"}\n".getBytes(StandardCharsets.UTF_8)));
            LineReader in = new LineReader(ch);
            assertThat(in.next(4096)).isEqualTo("{\"ok\":true,\"digest\":\"done\"}");
            assertThat(in.next(4096)).isNull();
            assertThat(given.get()).isSameAs(ProgressSink.NONE);
        }
    }

    @Test
    void aClientGivesUpOnADaemonThatFallsSilent() throws Exception {
        Path socket = tmp.resolve("s.sock");
        try (java.nio.channels.ServerSocketChannel server = java.nio.channels.ServerSocketChannel.open(
                StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            Thread silent = Thread.ofVirtual().start(() -> {
                try (SocketChannel c = server.accept()) {
                    c.write(ByteBuffer.wrap("{\"progress\":{\"phase\":\"starting\",\"done\":0,\"total\":-1}}\n"
                            .getBytes(StandardCharsets.UTF_8)));
                    LineReader in = new LineReader(c);
                    in.next(4096); // the request
                    in.next(4096); // then nothing: returns when the client gives up
                } catch (java.io.IOException e) {
                    // the client closed
                }
            });
            List<Protocol.Progress> lines = new CopyOnWriteArrayList<>();
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> new ControlClient(socket, 0, 300)
                    .send(new Protocol.Request("commit", 1, List.of()), lines::add))
                    .hasMessage("the daemon on " + socket + " sent nothing for 0.3 s while it worked");
            assertThat(lines).hasSize(1);
            silent.join();
        }
    }

    @Test
    void progressLinesAreReadAsProgressAndAnswersAsAnswers() throws Exception {
        assertThat(ClientJson.readProgress("{\"progress\":{\"phase\":\"storing\",\"done\":3,\"total\":9}}"))
                .isEqualTo(new Protocol.Progress("storing", 3, 9));
        assertThat(ClientJson.readProgress("{\"ok\":true,\"digest\":\"x\"}")).isNull();
        assertThat(ClientJson.write(new Protocol.Request("diff", 5, null).withProgress()))
                .isEqualTo("{\"op\":\"diff\",\"pid\":5,\"progress\":true}");
    }
}
