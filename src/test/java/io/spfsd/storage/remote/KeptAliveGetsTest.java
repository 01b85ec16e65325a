package io.spfsd.storage.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The kept-alive GET client against a scripted server: every body framing HTTP/1.1 has,
 * connections reused only when both sides allow it, and a server that closes early.
 */
class KeptAliveGetsTest {
    private final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    private final AtomicInteger connections = new AtomicInteger();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    KeptAliveGetsTest() throws IOException {
        Thread.ofPlatform().daemon(true).start(this::serve);
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
    }

    private URI base() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort() + "/repo/");
    }

    /** Answers by path: /repo/fixed, /chunked, /close (then closes), /drop (closes after one answer, silently), /short. */
    private void serve() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                connections.incrementAndGet();
                Thread.ofPlatform().daemon(true).start(() -> answer(s));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void answer(Socket s) {
        try (s) {
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
            OutputStream out = s.getOutputStream();
            String line;
            while ((line = in.readLine()) != null) {
                String path = line.split(" ")[1];
                StringBuilder head = new StringBuilder(line);
                for (String h = in.readLine(); h != null && !h.isEmpty(); h = in.readLine()) {
                    head.append('\n').append(h);
                }
                requests.add(head.toString());
                String name = path.startsWith("/garbage/") ? "garbage" : path.contains("/payloads/") ? "redirect"
                        : path.contains("/objects/") ? "missing"
                        : path.substring(path.lastIndexOf('/') + 1);
                switch (name) {
                    case "fixed" -> write(out, "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello");
                    case "chunked" -> write(out, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                            + "3;ext=1\r\nhel\r\n2\r\nlo\r\n0\r\nX-Trailer: t\r\n\r\n");
                    case "close" -> {
                        write(out, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok");
                        return;
                    }
                    case "drop" -> {
                        write(out, "HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\ndrop");
                        return; // as a server closing an idle kept connection does
                    }
                    case "short" -> {
                        write(out, "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc");
                        return;
                    }
                    case "untilclose" -> {
                        write(out, "HTTP/1.1 200 OK\r\n\r\nall of it");
                        return;
                    }
                    case "redirect" -> write(out, "HTTP/1.1 301 Moved\r\nLocation: /moved/fixed\r\nContent-Length: 0\r\n\r\n");
                    case "garbage" -> {
                        write(out, "SSH-2.0-OpenSSH_9.2\u001b[31m\r\n");
                        return;
                    }
                    case "hugehead" -> {
                        write(out, "HTTP/1.1 200 OK\r\nX-Big: " + "a".repeat(70_000) + "\r\n\r\n");
                        return;
                    }
                    case "badlength" -> {
                        write(out, "HTTP/1.1 200 OK\r\nContent-Length: -5\r\n\r\n");
                        return;
                    }
                    case "badchunk" -> {
                        write(out, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n");
                        return;
                    }
                    case "missing" -> write(out, "HTTP/1.1 404 Not Found\r\nContent-Length: 9\r\n\r\nnot found");
                    default -> write(out, "HTTP/1.1 500 Oops\r\nContent-Length: 0\r\n\r\n");
                }
            }
        } catch (IOException e) {
            // the client went away
        }
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    private static String read(KeptAliveGets.Response r) throws IOException {
        try (InputStream in = r.body()) {
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    @Test
    void fixedAndChunkedBodiesShareOneKeptConnection() throws IOException {
        KeptAliveGets gets = new KeptAliveGets(base(), 5000);
        for (int i = 0; i < 3; i++) {
            assertThat(read(gets.get(base().resolve("fixed"), Map.of()))).isEqualTo("hello");
            assertThat(read(gets.get(base().resolve("chunked"), Map.of()))).isEqualTo("hello");
        }
        assertThat(connections).hasValue(1);
        assertThat(requests.getFirst()).startsWith("GET /repo/fixed HTTP/1.1\nHost: 127.0.0.1:" + server.getLocalPort());
        gets.close();
    }

    @Test
    void headersAreSentAndAnErrorStatusComesWithItsBody() throws IOException {
        KeptAliveGets gets = new KeptAliveGets(base(), 5000);
        KeptAliveGets.Response r = gets.get(base().resolve("missing"), Map.of("Authorization", "AWS4 x"));
        assertThat(r.status()).isEqualTo(404);
        assertThat(read(r)).isEqualTo("not found");
        assertThat(requests.getFirst()).contains("\nAuthorization: AWS4 x");
        assertThat(gets.get(base().resolve("other"), Map.of()).status()).isEqualTo(500);
    }

    @Test
    void connectionCloseAndBodiesWithoutLengthEndTheConnection() throws IOException {
        KeptAliveGets gets = new KeptAliveGets(base(), 5000);
        assertThat(read(gets.get(base().resolve("close"), Map.of()))).isEqualTo("ok");
        assertThat(read(gets.get(base().resolve("untilclose"), Map.of()))).isEqualTo("all of it");
        assertThat(read(gets.get(base().resolve("fixed"), Map.of()))).isEqualTo("hello");
        assertThat(connections).hasValue(3);
    }

    @Test
    void aKeptConnectionTheServerClosedIsReplacedAndTheRequestSentAgain() throws IOException {
        KeptAliveGets gets = new KeptAliveGets(base(), 5000);
        assertThat(read(gets.get(base().resolve("drop"), Map.of()))).isEqualTo("drop");
        assertThat(read(gets.get(base().resolve("fixed"), Map.of()))).isEqualTo("hello");
        assertThat(connections).hasValue(2);
    }

    @Test
    void anHttpStoreKeepsItsConnectionAfterA404() throws IOException {
        HttpStore store = new HttpStore(base().toString(), java.time.Duration.ofSeconds(5));
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> store.readObject(io.spfsd.storage.Digest.of(new byte[]{2})))
                    .isInstanceOf(io.spfsd.storage.UnknownRefException.class).hasMessageContaining("is not at");
        }
        assertThat(connections).hasValue(1);
    }

    @Test
    void anHttpStoreFollowsARedirectThroughItsGeneralClient() throws IOException {
        HttpStore store = new HttpStore(base().toString(), java.time.Duration.ofSeconds(5));
        io.spfsd.storage.Digest d = io.spfsd.storage.Digest.of(new byte[]{1});
        try (InputStream in = store.openPayload(d)) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.ISO_8859_1)).isEqualTo("hello");
        }
        assertThat(requests).anyMatch(r -> r.startsWith("GET /moved/fixed"));
    }

    @Test
    void withAProxySetForTheJvmAnHttpStoreSendsEverythingThroughHttpUrlConnection() throws IOException {
        // the proxy here is the scripted server itself: a proxied GET names the whole URL
        System.setProperty("http.proxyHost", "127.0.0.1");
        System.setProperty("http.proxyPort", Integer.toString(server.getLocalPort()));
        System.setProperty("http.nonProxyHosts", "");
        try {
            HttpStore store = new HttpStore("http://origin.example/repo/", java.time.Duration.ofSeconds(5));
            try (InputStream in = store.openPayload(io.spfsd.storage.Digest.of(new byte[]{1}))) {
                assertThat(new String(in.readAllBytes(), StandardCharsets.ISO_8859_1)).isEqualTo("hello");
            }
            assertThat(requests.getFirst()).startsWith("GET http://origin.example/repo/payloads/");
        } finally {
            System.clearProperty("http.proxyHost");
            System.clearProperty("http.proxyPort");
            System.clearProperty("http.nonProxyHosts");
        }
    }

    @Test
    void aBodyCutShortIsAnErrorNotAShortPayload() throws IOException {
        KeptAliveGets gets = new KeptAliveGets(base(), 5000);
        KeptAliveGets.Response r = gets.get(base().resolve("short"), Map.of());
        assertThatThrownBy(() -> read(r)).isInstanceOf(EOFException.class).hasMessageContaining("7 bytes");
    }

    @Test
    void whatIsNotHttpOrBrokenHttpIsAnIoErrorNeverAHangOrACrash() throws IOException {
        KeptAliveGets gets = new KeptAliveGets(base(), 5000);
        assertThatThrownBy(() -> gets.get(base().resolve("garbage"), Map.of()))
                .isInstanceOf(IOException.class).hasMessage("not an HTTP/1.x answer: SSH-2.0-OpenSSH_9.2?[31m");
        assertThatThrownBy(() -> gets.get(base().resolve("hugehead"), Map.of()))
                .isInstanceOf(IOException.class).hasMessageContaining("longer than");
        assertThatThrownBy(() -> gets.get(base().resolve("badlength"), Map.of()))
                .isInstanceOf(IOException.class).hasMessageContaining("Content-Length");
        KeptAliveGets.Response chunked = gets.get(base().resolve("badchunk"), Map.of());
        assertThatThrownBy(() -> read(chunked)).isInstanceOf(IOException.class).hasMessageContaining("chunk size");
        assertThat(read(gets.get(base().resolve("fixed"), Map.of()))).as("and the next GET works").isEqualTo("hello");
    }

    @Test
    void anHttpStoreNamesTheRequestWhenTheAnswerIsNotHttp() throws IOException {
        HttpStore store = new HttpStore(base().toString().replace("/repo/", "/garbage/"), java.time.Duration.ofSeconds(5));
        // the scripted server answers everything under /garbage/ with something else than HTTP
        assertThatThrownBy(() -> store.readObject(io.spfsd.storage.Digest.of(new byte[]{3})))
                .isInstanceOf(IOException.class).hasMessageStartingWith("GET http://127.0.0.1:")
                .hasMessageContaining("not an HTTP/1.x answer");
    }

    @Test
    void aBodyClosedBeforeItsEndDropsItsConnection() throws IOException {
        KeptAliveGets gets = new KeptAliveGets(base(), 5000);
        KeptAliveGets.Response r = gets.get(base().resolve("fixed"), Map.of());
        assertThat(r.body().read()).isEqualTo('h');
        r.body().close();
        assertThat(read(gets.get(base().resolve("fixed"), Map.of()))).isEqualTo("hello");
        assertThat(connections).as("the rest of the first body is never taken for the next answer").hasValue(2);
    }
}
