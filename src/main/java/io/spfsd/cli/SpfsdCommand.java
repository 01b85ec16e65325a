package io.spfsd.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * What every subcommand has: the top-level command (for locations) and its own streams, from
 * picocli's model, or from {@link QuickCommandLine} when it parsed the command line without one.
 */
abstract class SpfsdCommand implements Callable<Integer> {
    @ParentCommand
    Main main;
    @Spec
    CommandSpec spec;
    /** Set, instead of spec, when QuickCommandLine parsed this command. */
    QuickCommandLine.Parsed quick;

    PrintWriter out() {
        return quick != null ? quick.out() : spec.commandLine().getOut();
    }

    PrintWriter err() {
        return quick != null ? quick.err() : spec.commandLine().getErr();
    }

    /** The whole command line as typed (global options and the command's name included). */
    List<String> originalArgs() {
        return quick != null ? quick.args() : spec.commandLine().getParseResult().originalArgs();
    }

    /**
     * A usage error of this command: one line, a pointer to --help, exit status 2. Without
     * picocli's model it sends the command line back to picocli, which reports it (usage errors
     * are found before a command does anything).
     */
    RuntimeException usage(String message) {
        if (quick != null) {
            return new QuickCommandLine.Declined();
        }
        return new ParameterException(spec.commandLine(), message);
    }
}
