package io.spfsd.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.spfsd.config.Locations;
import java.io.PrintWriter;
import java.io.StringWriter;

/** One command line run in this JVM, as the CLI tests see it: exit code, stdout, stderr. */
record CliRun(int code, String out, String err) {
    static CliRun of(Locations locations, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out), new PrintWriter(err), locations);
        return new CliRun(code, out.toString(), err.toString());
    }

    /** A command line against the repository tmp/repo, with no daemon to reach (a socket nobody listens on). */
    static CliRun inRepo(java.nio.file.Path tmp, String... args) {
        return of(new Locations(java.util.Map.of("SPFSD_REPO", tmp.resolve("repo").toString(),
                "SPFSD_SOCKET", tmp.resolve("run/none.sock").toString()), tmp.toString(), "Linux"), args);
    }

    JsonNode json() throws Exception {
        return new ObjectMapper().readTree(out);
    }
}
