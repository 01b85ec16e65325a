package io.spfsd.cli;

import io.spfsd.control.Protocol;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Show the daemon's runtimes. --json prints a stable snake_case document for jq:"
                + " version, uptime_seconds, daemon_pid, mountpoint, repository, active_mounts, mounts[]"
                + " (name, root_pid, roots, refs, layers, created_at, entries, open_handles, editable, scratch,"
                + " scratch_bytes), nodes, open_handles, metrics."})
final class StatusCommand extends SpfsdCommand {
    @Mixin
    SocketOption socketOption;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Option(names = "--prometheus", description = "Print the daemon's metrics in the Prometheus text format"
            + " (e.g. for node_exporter's textfile collector).")
    boolean prometheus;

    @Option(names = "--pid", paramLabel = "PID",
            description = "Show only the runtime process PID sees (none if it sees the empty view).")
    Integer pid;

    @Option(names = "--runtime", paramLabel = "NAME", description = "Show only the runtime called NAME.")
    String runtime;

    @Override
    public Integer call() throws Exception {
        if (json && prometheus) {
            throw usage("--json and --prometheus are two output formats: choose one");
        }
        if (prometheus) {
            if (pid != null || runtime != null) {
                throw usage("--prometheus prints the daemon's metrics; --pid and --runtime do not apply");
            }
            out().print(SocketOption.call(socketOption.client(main.locations),
                    new Protocol.Request("metrics", null, null)).prometheus());
            return 0;
        }
        Protocol.Status s = SocketOption.call(socketOption.client(main.locations), new Protocol.Request("status", pid, null, null, runtime)).status();
        PrintWriter out = out();
        if (json) {
            StreamedJson.status(out, s);
            return 0;
        }
        out.printf("spfsd %s, pid %d, up %ds%n", s.version(), s.daemonPid(), s.uptimeSeconds());
        out.printf("mountpoint %s, repository %s%n", s.mountpoint(), s.repository());
        out.printf("%d runtime%s, %d nodes known to the kernel, %d open handles%n", s.activeMounts(),
                s.activeMounts() == 1 ? "" : "s", s.nodes(), s.openHandles());
        Object rate = s.metrics().get("cache_hit_rate");
        if (rate instanceof Number r) {
            out.printf("routing: %s routed requests, ancestry cache hit rate %.2f%%%n", s.metrics().get("lookup_count"),
                    r.doubleValue() * 100);
        }
        for (Protocol.MountInfo m : s.mounts()) {
            out.printf("  %-20s PID %-8d %-40s %8d entries %4d open  since %s%s%n", m.name(), m.rootPid(),
                    String.join(" ", m.refs()), m.entries(), m.openHandles(), m.createdAt(),
                    m.editable() ? "  editable, scratch " + Progress.bytes(m.scratchBytes()) : "");
        }
        return 0;
    }
}
