package io.spfsd.storage.remote;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * GETs over HTTP/1.1 on kept-alive connections: the many small bodies of a pull and a lazy
 * runtime's payloads. HttpURLConnection's machinery (URL handlers, header maps, its keep-alive
 * cache) was most of what a fresh JVM spent pulling 5,000 small files, interpreted and then
 * compiled on every start (bench/results/performance-history.md, "A pull's first files"). This does only what
 * those GETs need: a request line and headers, the status, a Content-Length, chunked or
 * until-close body, and connections reused while the server keeps them open. What it does
 * not handle (a redirect, for one) the caller sends through its general client.
 */
final class KeptAliveGets {
    /** Idle connections kept: one per parallel stream of a transfer, and a few over. */
    private static final int MAX_IDLE = Transfer.PARALLEL * 2;
    private static final int BUFFER = 64 * 1024;
    private static final int MAX_HEAD = 64 * 1024;

    /** A response: its status and body. Read the body to its end and close it to reuse the connection. */
    record Response(int status, InputStream body) {
    }

    private final String host;
    private final int port;
    private final boolean tls;
    private final String hostHeader;
    private final int timeoutMillis;
    private final ConcurrentLinkedDeque<Connection> idle = new ConcurrentLinkedDeque<>();

    KeptAliveGets(URI base, int timeoutMillis) {
        this.tls = base.getScheme().equalsIgnoreCase("https");
        this.host = base.getHost();
        this.port = base.getPort() >= 0 ? base.getPort() : tls ? 443 : 80;
        // As HttpURLConnection sends it (and S3's signature covers it): the port only when given.
        this.hostHeader = base.getPort() < 0 ? host : host + ":" + base.getPort();
        this.timeoutMillis = timeoutMillis;
    }

    /**
     * GETs uri with headers. A kept connection the server has closed meanwhile fails at once;
     * the request then goes again on a new one (a GET can be repeated).
     */
    Response get(URI uri, Map<String, String> headers) throws IOException {
        byte[] request = request(uri, headers);
        Connection kept = idle.pollFirst();
        if (kept != null) {
            try {
                return kept.exchange(request);
            } catch (IOException e) {
                kept.close(); // closed by the server while idle, most likely: once more, on a new connection
            }
        }
        Connection fresh = open();
        try {
            return fresh.exchange(request);
        } catch (IOException | RuntimeException e) {
            fresh.close();
            throw e;
        }
    }

    /** Closes the idle connections. */
    void close() {
        Connection c;
        while ((c = idle.pollFirst()) != null) {
            c.close();
        }
    }

    private byte[] request(URI uri, Map<String, String> headers) {
        String target = uri.getRawPath() + (uri.getRawQuery() != null ? "?" + uri.getRawQuery() : "");
        StringBuilder r = new StringBuilder(256).append("GET ").append(target).append(" HTTP/1.1\r\nHost: ")
                .append(hostHeader).append("\r\nUser-Agent: spfsd\r\nAccept: */*\r\n");
        headers.forEach((name, value) -> r.append(name).append(": ").append(value).append("\r\n"));
        return r.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private Connection open() throws IOException {
        Socket s = new Socket();
        try {
            s.setTcpNoDelay(true);
            s.connect(new InetSocketAddress(host, port), timeoutMillis);
            s.setSoTimeout(timeoutMillis);
            if (tls) {
                SSLSocket t = (SSLSocket) ((SSLSocketFactory) SSLSocketFactory.getDefault()).createSocket(s, host, port,
                        true);
                SSLParameters p = t.getSSLParameters();
                p.setEndpointIdentificationAlgorithm("HTTPS"); // the certificate must name the host
                t.setSSLParameters(p);
                t.startHandshake();
                s = t;
            }
            return new Connection(s);
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    private void release(Connection c) {
        if (idle.size() < MAX_IDLE) {
            idle.offerFirst(c);
        } else {
            c.close();
        }
    }

    /** One connection: a request out, a response in, then back to the idle list if both sides allow. */
    private final class Connection {
        private final Socket socket;
        private final OutputStream out;
        private final BufferedInputStream in;

        Connection(Socket socket) throws IOException {
            this.socket = socket;
            this.out = socket.getOutputStream();
            this.in = new BufferedInputStream(socket.getInputStream(), BUFFER);
        }

        Response exchange(byte[] request) throws IOException {
            out.write(request);
            out.flush();
            String statusLine = line();
            if (statusLine == null) {
                throw new EOFException("the server closed the connection");
            }
            int status = status(statusLine);
            long length = -1;
            boolean chunked = false;
            boolean keep = !statusLine.startsWith("HTTP/1.0");
            int head = statusLine.length();
            for (String h = line(); h != null && !h.isEmpty(); h = line()) {
                head += h.length();
                if (head > MAX_HEAD) {
                    throw new IOException("a response head longer than " + MAX_HEAD + " bytes");
                }
                int colon = h.indexOf(':');
                if (colon <= 0) {
                    continue;
                }
                String name = h.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                String value = h.substring(colon + 1).trim();
                switch (name) {
                    case "content-length" -> length = contentLength(value);
                    case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                    case "connection" -> keep = keep ? !value.equalsIgnoreCase("close")
                            : value.equalsIgnoreCase("keep-alive");
                    default -> {
                    }
                }
            }
            if (status / 100 == 1 || status == 204 || status == 304) {
                if (status / 100 == 1) {
                    throw new IOException("unexpected informational answer HTTP " + status);
                }
                return new Response(status, done(keep));
            }
            if (chunked) {
                return new Response(status, new Chunked(this, keep));
            }
            if (length >= 0) {
                return new Response(status, length == 0 ? done(keep) : new Fixed(this, length, keep));
            }
            return new Response(status, new UntilClose(this)); // the end of the body is the end of the connection
        }

        private InputStream done(boolean keep) {
            finished(keep);
            return InputStream.nullInputStream();
        }

        /** The body has been read to its end. */
        void finished(boolean keep) {
            if (keep) {
                release(this);
            } else {
                close();
            }
        }

        /** One line of the head, without its CRLF; null at the end of the stream before any byte. */
        String line() throws IOException {
            StringBuilder b = new StringBuilder(64);
            int c;
            while ((c = in.read()) >= 0) {
                if (c == '\n') {
                    int n = b.length();
                    return n > 0 && b.charAt(n - 1) == '\r' ? b.substring(0, n - 1) : b.toString();
                }
                if (b.length() > MAX_HEAD) {
                    throw new IOException("a response line longer than " + MAX_HEAD + " bytes");
                }
                b.append((char) c);
            }
            if (b.isEmpty()) {
                return null;
            }
            throw new EOFException("the server closed the connection in the middle of a response head");
        }

        void close() {
            try {
                socket.close();
            } catch (IOException e) {
                // nothing more to do with it
            }
        }
    }

    private static int status(String line) throws IOException {
        // "HTTP/1.1 200 OK"
        if (!line.startsWith("HTTP/1.") || line.length() < 12 || line.charAt(8) != ' ') {
            throw new IOException("not an HTTP/1.x answer: " + shown(line));
        }
        try {
            return Integer.parseInt(line.substring(9, 12));
        } catch (NumberFormatException e) {
            throw new IOException("not an HTTP status: " + shown(line));
        }
    }

    /** The start of what a server sent, for an error line: printable ASCII only (no terminal escapes). */
    private static String shown(String line) {
        StringBuilder b = new StringBuilder(40);
        for (int i = 0; i < Math.min(line.length(), 40); i++) {
            char c = line.charAt(i);
            b.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return b.toString();
    }

    private static long contentLength(String value) throws IOException {
        try {
            long n = Long.parseLong(value);
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IOException("a bad Content-Length: " + shown(value));
        }
    }

    /** A body read to a known end; its connection is reused once all of it has been read, else dropped. */
    private abstract static class Body extends InputStream {
        final Connection c;
        private final boolean keep;
        private boolean closed;

        Body(Connection c, boolean keep) {
            this.c = c;
            this.keep = keep;
        }

        /** Whether the whole body has been read. */
        abstract boolean complete();

        void checkOpen() throws IOException {
            if (closed) {
                throw new IOException("the body is closed");
            }
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                if (complete()) {
                    c.finished(keep);
                } else {
                    c.close(); // unread bytes would be taken for the next response
                }
            }
        }
    }

    /** A body of a known length. */
    private static final class Fixed extends Body {
        private long left;

        Fixed(Connection c, long length, boolean keep) {
            super(c, keep);
            this.left = length;
        }

        @Override
        boolean complete() {
            return left == 0;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            checkOpen();
            if (left == 0) {
                return -1;
            }
            int n = c.in.read(b, off, (int) Math.min(len, left));
            if (n < 0) {
                throw new EOFException("the server closed the connection with " + left + " bytes of the body unsent");
            }
            left -= n;
            return n;
        }
    }

    /** A chunked body: size lines, data, and a last chunk of size 0 with optional trailers. */
    private static final class Chunked extends Body {
        private long chunkLeft;
        private boolean ended;

        Chunked(Connection c, boolean keep) {
            super(c, keep);
        }

        @Override
        boolean complete() {
            return ended;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            checkOpen();
            if (ended) {
                return -1;
            }
            if (chunkLeft == 0) {
                String size = c.line();
                if (size == null) {
                    throw new EOFException("the server closed the connection in the middle of a chunked body");
                }
                int semicolon = size.indexOf(';');
                try {
                    chunkLeft = Long.parseLong((semicolon >= 0 ? size.substring(0, semicolon) : size).trim(), 16);
                } catch (NumberFormatException e) {
                    throw new IOException("a bad chunk size: " + shown(size));
                }
                if (chunkLeft == 0) {
                    for (String trailer = c.line(); trailer != null && !trailer.isEmpty(); trailer = c.line()) {
                        // trailers carry nothing a GET of a payload needs
                    }
                    ended = true;
                    return -1;
                }
            }
            int n = c.in.read(b, off, (int) Math.min(len, chunkLeft));
            if (n < 0) {
                throw new EOFException("the server closed the connection in the middle of a chunk");
            }
            chunkLeft -= n;
            if (chunkLeft == 0 && !"".equals(c.line())) {
                throw new IOException("a chunk not followed by CRLF");
            }
            return n;
        }
    }

    /** A body that ends when the server closes the connection (no length, not chunked). */
    private static final class UntilClose extends InputStream {
        private final Connection c;

        UntilClose(Connection c) {
            this.c = c;
        }

        @Override
        public int read() throws IOException {
            return c.in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return c.in.read(b, off, len);
        }

        @Override
        public void close() {
            c.close();
        }
    }
}
