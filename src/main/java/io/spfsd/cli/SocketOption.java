package io.spfsd.cli;

import io.spfsd.config.Locations;
import io.spfsd.control.ControlClient;
import io.spfsd.control.Protocol;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The --socket option of every command that talks to the daemon. */
final class SocketOption {
    @Option(names = "--socket", paramLabel = "PATH",
            description = "Daemon control socket (default: $SPFSD_SOCKET, else /run/spfsd/spfsd.sock for root,"
                    + " else $XDG_RUNTIME_DIR/spfsd/spfsd.sock).")
    Path socket;

    Path path(Locations locations) {
        return socket != null ? socket : locations.socket();
    }

    ControlClient client(Locations locations) {
        return new ControlClient(socket != null ? socket : locations.clientSocket(),
                ControlClient.quickTimeoutMillis(locations.setting("SPFSD_TIMEOUT")));
    }

    /** Sends the request; a refusal becomes a one-line error. */
    static Protocol.Response call(ControlClient client, Protocol.Request request) throws IOException {
        return answered(client.send(request));
    }

    /**
     * The same for a long request (commit, diff): the daemon's progress is drawn while it works,
     * and a client interrupted (Ctrl-C) closes the connection, which stops the work.
     */
    static Protocol.Response call(ControlClient client, Protocol.Request request, Progress progress)
            throws IOException {
        try {
            return answered(client.send(request, p -> progress.daemon(request.op(), p)));
        } finally {
            progress.clear();
        }
    }

    private static Protocol.Response answered(Protocol.Response r) {
        if (!r.ok()) {
            throw new UserError(r.error());
        }
        return r;
    }
}
