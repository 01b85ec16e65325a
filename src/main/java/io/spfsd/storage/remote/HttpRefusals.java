package io.spfsd.storage.remote;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** What an http server's refusal says to a user: its answer, shortened, and the likely cause. */
final class HttpRefusals {
    private HttpRefusals() {
    }

    /** The start of what a server said with a refusal: one line of printable text, 200 characters at most. */
    static String answerOf(InputStream body) throws IOException {
        try (body) {
            String text = new String(body.readNBytes(400), StandardCharsets.UTF_8);
            text = text.replaceAll("<[^>]*>", " ").replaceAll("[^\\p{Print}]+", " ").replaceAll("\\s+", " ").strip();
            return text.length() > 200 ? text.substring(0, 200) + "..." : text;
        }
    }

    /** Why a PUT was refused, by status, and what to do about it (a WebDAV root is the usual case). */
    static String putRefusal(Object url, int status, String answer) {
        String cause = switch (status) {
            case 401, 403 -> "the server forbids writing there: check the credentials, and that the web server's user"
                    + " may write its directory";
            case 404, 409 -> "a parent directory is missing and the server does not create it (nginx:"
                    + " create_full_put_path on)";
            case 405, 501 -> "the server does not accept PUT there (nginx: dav_methods PUT)";
            case 413 -> "the body is larger than the server takes (nginx: client_max_body_size)";
            case 500, 502, 503, 507 -> "the server failed to store it: most often a directory its user cannot create"
                    + " or write, or a full disk (its error log says which)";
            default -> "the server must accept PUT (e.g. nginx's dav_methods PUT with create_full_put_path on)";
        };
        return "PUT " + url + " was refused (HTTP " + status + (answer.isEmpty() ? "" : ", \"" + answer + "\"") + "): "
                + cause;
    }
}
