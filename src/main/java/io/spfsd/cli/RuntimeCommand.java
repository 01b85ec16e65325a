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
        subcommands = {RuntimeCommand.List.class, RuntimeCommand.Info.class, RuntimeCommand.Rm.class})
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
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = {"List runtimes: name, root PID,"
            + " editable, refs. --json prints the mounts array of status --json."})
    static final class List extends Sub {
        @Option(names = "--json", description = "Print JSON.")
        boolean json;

        @Override
        public Integer call() throws Exception {
            java.util.List<Protocol.MountInfo> mounts = send(Protocol.Request.status()).status().mounts();
            if (json) {
                Json.print(print(), mounts);
                return 0;
            }
            for (Protocol.MountInfo m : mounts) {
                print().printf("%-24s pid %-8d %-9s %s%n", m.name(), m.rootPid(), m.editable() ? "editable" : "read-only",
                        String.join(" ", m.refs()));
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

    @Command(name = "rm", mixinStandardHelpOptions = true, description = {"Remove a runtime now (its processes"
            + " see the empty view from then on; an editable runtime's scratch goes with it)."})
    static final class Rm extends Sub {
        @Parameters(arity = "1..*", paramLabel = "NAME")
        java.util.List<String> names = java.util.List.of();

        @Override
        public Integer call() throws Exception {
            for (String n : names) {
                send(new Protocol.Request("unmount", null, null, null, n));
            }
            return 0;
        }
    }
}
