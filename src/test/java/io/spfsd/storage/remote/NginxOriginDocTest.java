package io.spfsd.storage.remote;

import static org.assertj.core.api.Assertions.assertThat;

import io.spfsd.storage.Digest;
import io.spfsd.storage.DirectoryImporter;
import io.spfsd.storage.Repository;
import io.spfsd.testing.Nginx;
import io.spfsd.testing.TreeBuilder;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The nginx configuration docs/remotes.md gives for an origin, run as written (paths and addresses put in). */
class NginxOriginDocTest {
    @TempDir
    Path tmp;

    /** The ```nginx block of docs/remotes.md, for this machine: root, upload dir, port, and who may push. */
    private String documentedConfig(Path root, int port, String pushers) throws Exception {
        String doc = Files.readString(Path.of("docs/remotes.md"));
        int start = doc.indexOf("```nginx\n") + "```nginx\n".length();
        String block = doc.substring(start, doc.indexOf("```", start));
        String[][] forHere = {{"listen 80;", "listen 127.0.0.1:" + port + ";"}, {"root /srv/spfs;", "root " + root + ";"},
            {"/srv/spfs-upload", tmp.resolve("upload").toString()}, {"allow 10.1.0.0/16;", "allow " + pushers + ";"}};
        for (String[] r : forHere) {
            assertThat(block).as("the documented config has %s", r[0]).contains(r[0]);
            block = block.replace(r[0], r[1]);
        }
        return block;
    }

    private static String header(String url, String name) throws Exception {
        HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
        c.setRequestMethod("HEAD");
        assertThat(c.getResponseCode()).as(url).isEqualTo(200);
        return c.getHeaderField(name);
    }

    /** A PUT sent from the loopback address from, its status line. */
    private static String putFrom(String from, int port) throws Exception {
        try (Socket s = new Socket()) {
            s.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
            s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            OutputStream out = s.getOutputStream();
            out.write(("PUT /tags/intruder.tag HTTP/1.0\r\nHost: 127.0.0.1\r\nContent-Length: 1\r\n\r\nx")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            String answer = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            return answer.lines().findFirst().orElse("");
        }
    }

    @Test
    void theDocumentedOriginTakesPushesFromItsNetworkServesPullsAndSaysWhatCachesMayKeep() throws Exception {
        Path served = Files.createDirectories(tmp.resolve("srv"));
        Files.createDirectories(tmp.resolve("upload"));
        Repository here = Repository.open(tmp.resolve("here"));
        new TreeBuilder(tmp.resolve("src")).file("bin/tool", "the tool\n").file("etc/conf", "conf\n");
        Digest layer = here.putLayer(new DirectoryImporter(here, new DirectoryImporter.Listener() {
        }).importDirectory(tmp.resolve("src")).manifest());
        try (Nginx nginx = Nginx.start(Files.createDirectories(tmp.resolve("nginx")),
                port -> {
                    try {
                        return documentedConfig(served, port, "127.0.0.1");
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                })) {
            ObjectStore origin = Remotes.open(nginx.url(), true);
            Transfer.copy(new RepositoryStore(here), origin, List.of(layer), (d, t, b) -> { });
            origin.pushTag("tool", layer);

            Repository there = Repository.open(tmp.resolve("there"));
            Digest pulled = Remotes.open(nginx.url(), false).resolve("tool");
            Transfer.copy(Remotes.open(nginx.url(), false), new RepositoryStore(there), List.of(pulled), (d, t, b) -> { });
            assertThat(there.hasObject(layer)).isTrue();

            String object = layer.toString();
            assertThat(header(nginx.url() + "objects/" + object.substring(0, 2) + "/" + object.substring(2),
                    "Cache-Control")).isEqualTo("public, max-age=31536000, immutable");
            assertThat(header(nginx.url() + "tags/tool.tag", "Cache-Control")).isEqualTo("no-cache");
            assertThat(putFrom("127.0.0.2", nginx.port)).as("a push from outside the pushers' network")
                    .contains(" 403 ");
            assertThat(served.resolve("tags/intruder.tag")).doesNotExist();
        }
    }
}
