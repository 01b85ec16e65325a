package io.spfsd.cli;

import io.spfsd.control.Protocol;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** spfsd runtime list|info|rm, as spfs users know them. */
@Command(name = "runtime", mixinStandardHelpOptions = true,
        description = {"The daemon's runtimes: list them, show one, or remove one."},
        subcommands = {RuntimeCommand.List.class, RuntimeCommand.Info.class, RuntimeCommand.Rm.class,
            RuntimeCommand.Prune.class})
final class RuntimeCommand {
    @picocli.CommandLine.ParentCommand
    Main main;

    /** What every runtime subcommand has. */
    abstract static class Sub implements java.util.concurrent.Callable<Integer> {
        @Mixin
        SocketOption socketOption;

        @picocli.CommandLine.ParentCommand
        RuntimeCommand parent;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec subSpec;

        Protocol.Response send(Protocol.Request r) throws Exception {
            return SocketOption.call(socketOption.client(parent.main.locations), r);
        }

        PrintWriter print() {
            return subSpec.commandLine().getOut();
        }

        java.util.List<Protocol.MountInfo> runtimes() throws Exception {
            return send(Protocol.Request.status()).status().mounts();
        }

        /** Whether a process of m still runs (a kept runtime lists no root once none does). */
        static boolean live(Protocol.MountInfo m) {
            return !m.roots().isEmpty();
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = {"List runtimes: name, root PID (- when"
            + " no process of it runs), editable or read-only, kept or not, refs. --json prints the mounts array of"
            + " status --json."})
    static final class List extends Sub {
        @Option(names = "--json", description = "Print JSON.")
        boolean json;

        @Override
        public Integer call() throws Exception {
            java.util.List<Protocol.MountInfo> mounts = runtimes();
            if (json) {
                Json.print(print(), mounts);
                return 0;
            }
            for (Protocol.MountInfo m : mounts) {
                print().printf("%-24s pid %-8s %-9s %-4s %s%n", m.name(), live(m) ? Integer.toString(m.rootPid()) : "-",
                        m.editable() ? "editable" : "read-only", m.kept() ? "kept" : "-", String.join(" ", m.refs()));
            }
            return 0;
        }
    }

    @Command(name = "info", mixinStandardHelpOptions = true, description = {"Show one runtime, as JSON: one"
            + " element of the mounts array of status --json."})
    static final class Info extends Sub {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Option(names = "--json", description = "Accepted for symmetry: the output is always JSON.")
        boolean json;

        @Override
        public Integer call() throws Exception {
            Json.print(print(), send(new Protocol.Request("status", null, null, null, name)).status().mounts()
                    .getFirst());
            return 0;
        }
    }

    @Command(name = "rm", mixinStandardHelpOptions = true, description = {"Remove a runtime now (an editable"
            + " runtime's scratch goes with it). One whose processes still run needs --force: they see the empty"
            + " view from then on."})
    static final class Rm extends Sub {
        @Parameters(arity = "1..*", paramLabel = "NAME")
        java.util.List<String> names = java.util.List.of();

        @Option(names = {"-f", "--force"}, description = "Remove it even while its processes run.")
        boolean force;

        @Override
        public Integer call() throws Exception {
            if (!force) {
                java.util.Map<String, Protocol.MountInfo> byName = new java.util.HashMap<>();
                runtimes().forEach(m -> byName.put(m.name(), m));
                for (String n : names) {
                    Protocol.MountInfo m = byName.get(n);
                    if (m != null && live(m)) {
                        throw new UserError("runtime '" + n + "' has running processes (PID "
                                + m.roots().stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(", "))
                                + "): they would see the empty view; runtime rm --force " + n + " removes it anyway");
                    }
                }
            }
            for (String n : names) {
                send(new Protocol.Request("unmount", null, null, null, n));
            }
            return 0;
        }
    }

    @Command(name = "prune", mixinStandardHelpOptions = true, description = {"Remove kept runtimes no process of"
            + " which runs any more (and their scratches), made more than --older-than ago; prints each."})
    static final class Prune extends Sub {
        @Option(names = "--older-than", paramLabel = "AGE", defaultValue = "0",
                description = "Only runtimes made more than AGE ago (30s, 10m, 2h, 1d; default: ${DEFAULT-VALUE}).")
        String olderThan;

        @Override
        public Integer call() throws Exception {
            java.time.Duration age = Ages.parse(olderThan).orElseThrow(() -> new picocli.CommandLine.ParameterException(
                    subSpec.commandLine(), "--older-than takes " + Ages.FORMS + " (got '" + olderThan + "')"));
            java.time.Instant before = java.time.Instant.now().minus(age);
            for (Protocol.MountInfo m : runtimes()) {
                if (!live(m) && !java.time.Instant.parse(m.createdAt()).isAfter(before)) {
                    send(new Protocol.Request("unmount", null, null, null, m.name()));
                    print().println("removed " + m.name());
                }
            }
            return 0;
        }
    }
}
