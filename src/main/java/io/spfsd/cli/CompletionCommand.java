package io.spfsd.cli;

import java.io.PrintWriter;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Parameters;

@Command(name = "completion", mixinStandardHelpOptions = true,
        description = {"Print a shell completion script for spfsd's commands and options."},
        footer = {"", "Install:",
                "  bash: spfsd completion bash > ~/.local/share/bash-completion/completions/spfsd",
                "  zsh:  spfsd completion zsh > \"${fpath[1]}/_spfsd\"   (or: source <(spfsd completion zsh))",
                "  fish: spfsd completion fish > ~/.config/fish/completions/spfsd.fish"})
final class CompletionCommand extends SpfsdCommand {
    enum Shell { bash, zsh, fish }

    @Parameters(paramLabel = "SHELL", description = "bash, zsh or fish.")
    Shell shell;

    @Override
    public Integer call() {
        CommandLine all = Main.commandLine(new String[0], main.locations, false, main.bytesOut);
        PrintWriter out = out();
        switch (shell) {
            // picocli's script is for bash, and for zsh through bashcompinit (it loads that itself)
            case bash, zsh -> out.print(AutoComplete.bash("spfsd", all));
            case fish -> out.print(fish(all.getCommandSpec()));
        }
        return 0;
    }

    /** fish's completions: the subcommands, then each one's options, from the same model. */
    static String fish(CommandSpec root) {
        StringBuilder sb = new StringBuilder("# spfsd completions for fish (spfsd completion fish)\n");
        sb.append("complete -c spfsd -f\n");
        root.subcommands().forEach((name, sub) -> {
            if (!name.equals(sub.getCommandName())) {
                return; // an alias
            }
            sb.append("complete -c spfsd -n __fish_use_subcommand -a ").append(name).append(" -d ")
                    .append(quote(firstSentence(sub.getCommandSpec()))).append('\n');
            for (OptionSpec o : sub.getCommandSpec().options()) {
                sb.append("complete -c spfsd -n '__fish_seen_subcommand_from ").append(name).append("'");
                for (String n : o.names()) {
                    sb.append(n.startsWith("--") ? " -l " + n.substring(2) : " -s " + n.substring(1));
                }
                if (o.arity().max() > 0) {
                    sb.append(" -r");
                }
                sb.append(" -d ").append(quote(o.description().length > 0 ? o.description()[0] : "")).append('\n');
            }
        });
        return sb.toString();
    }

    private static String firstSentence(CommandSpec spec) {
        return ManPages.firstSentence(spec.usageMessage().description());
    }

    private static String quote(String s) {
        String one = s.length() > 80 ? s.substring(0, 77) + "..." : s;
        return "'" + one.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
