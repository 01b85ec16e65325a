package io.spfsd.testing;

import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Debian's nginx on 127.0.0.1, serving root (GET, HEAD, and WebDAV PUT with
 * create_full_put_path), started by a test and stopped when closed. Needs the nginx package
 * (bin/spfsd dev test installs it): skipped without it on a developer's machine, failed in CI.
 */
public final class Nginx implements AutoCloseable {
    private final Process process;
    public final int port;

    private Nginx(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    public String url() {
        return "http://127.0.0.1:" + port + "/";
    }

    public static Nginx serve(Path root, Path work) throws Exception {
        return start(work, port -> """
                server {
                    listen 127.0.0.1:%d;
                    root %s;
                    dav_methods PUT;
                    create_full_put_path on;
                    dav_access user:rw group:r all:r;
                }
                """.formatted(port, root));
    }

    /** nginx with what httpBlock gives for a free port inside its http block (logging and temp paths set). */
    public static Nginx start(Path work, java.util.function.IntFunction<String> httpBlock) throws Exception {
        Path nginx = Path.of("/usr/sbin/nginx");
        if (!Files.isExecutable(nginx) && "true".equals(System.getenv("CI"))) {
            fail("these tests need nginx (Debian's package), and CI=true forbids skipping them");
        }
        assumeTrue(Files.isExecutable(nginx), "nginx is not installed");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Files.createDirectories(work.resolve("logs"));
        Path conf = Files.writeString(work.resolve("nginx.conf"), """
                user root;
                worker_processes 1;
                pid %1$s/nginx.pid;
                error_log %1$s/logs/error.log;
                events { worker_connections 64; }
                http {
                    access_log off;
                    client_body_temp_path %1$s/body;
                    client_max_body_size 0;
                %2$s
                }
                """.formatted(work, httpBlock.apply(port)));
        Process p = new ProcessBuilder(nginx.toString(), "-p", work.toString(), "-c", conf.toString(), "-g",
                "daemon off;").redirectErrorStream(true).redirectOutput(work.resolve("logs/stdout").toFile()).start();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return new Nginx(p, port);
            } catch (IOException e) {
                if (!p.isAlive()) {
                    throw new IllegalStateException("nginx did not start: " + Files.readString(work.resolve("logs/stdout")));
                }
                Thread.sleep(20);
            }
        }
        p.destroyForcibly();
        throw new IllegalStateException("nginx did not listen within 10 s");
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
