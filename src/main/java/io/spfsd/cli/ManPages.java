package io.spfsd.cli;

import io.spfsd.config.Locations;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Writes man pages (roff, section 1) from the picocli model: spfsd.1 and spfsd-COMMAND.1 for
 * every command, so they say exactly what --help says. Run by the build (Maven's package phase
 * writes target/man/man1); not a command.
 */
public final class ManPages {
    private ManPages() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Files.createDirectories(Path.of(args[0]));
        CommandLine root = Main.commandLine(new String[0], new Locations(Map.of(), "/", "Linux"), false, System.out);
        write(dir, "spfsd", root);
        for (Map.Entry<String, CommandLine> e : root.getSubcommands().entrySet()) {
            if (e.getKey().equals(e.getValue().getCommandName()) && !e.getKey().equals("help")) {
                write(dir, "spfsd-" + e.getKey(), e.getValue());
                for (Map.Entry<String, CommandLine> sub : e.getValue().getSubcommands().entrySet()) {
                    write(dir, "spfsd-" + e.getKey() + "-" + sub.getKey(), sub.getValue());
                }
            }
        }
    }

    private static void write(Path dir, String page, CommandLine cmd) throws IOException {
        Files.writeString(dir.resolve(page + ".1"), page(page, cmd));
    }

    static String page(String page, CommandLine cmd) {
        CommandSpec spec = cmd.getCommandSpec();
        StringBuilder m = new StringBuilder();
        m.append(".TH ").append(page.toUpperCase(java.util.Locale.ROOT)).append(" 1 \"\" \"spfsd ")
                .append(io.spfsd.config.Version.get()).append("\" \"spfsd manual\"\n");
        String[] description = spec.usageMessage().description();
        m.append(".SH NAME\n").append(page).append(" \\- ").append(roff(firstSentence(description))).append('\n');
        m.append(".SH SYNOPSIS\n").append(roff(cmd.getHelp().synopsis(0).strip())).append('\n');
        m.append(".SH DESCRIPTION\n");
        for (String d : description) {
            m.append(d.isEmpty() ? ".PP" : roff(d)).append('\n');
        }
        if (!spec.positionalParameters().isEmpty()) {
            m.append(".SH ARGUMENTS\n");
            for (PositionalParamSpec p : spec.positionalParameters()) {
                m.append(".TP\n.I ").append(roff(p.paramLabel())).append('\n')
                        .append(roff(String.join(" ", p.description()))).append('\n');
            }
        }
        if (!spec.options().isEmpty()) {
            m.append(".SH OPTIONS\n");
            for (OptionSpec o : spec.options()) {
                m.append(".TP\n.B ").append(roff(String.join(", ", o.names())));
                if (o.arity().max() > 0) {
                    m.append(" \\fI").append(roff(o.paramLabel())).append("\\fR");
                }
                m.append('\n').append(roff(String.join(" ", o.description()))).append('\n');
            }
        }
        if (!spec.subcommands().isEmpty()) {
            m.append(".SH COMMANDS\n");
            spec.subcommands().forEach((name, sub) -> {
                if (name.equals(sub.getCommandName())) {
                    m.append(".TP\n.B ").append(roff(name)).append('\n')
                            .append(roff(firstSentence(sub.getCommandSpec().usageMessage().description()))).append('\n');
                }
            });
        }
        String[] footer = spec.usageMessage().footer();
        if (footer.length > 0) {
            m.append(".SH NOTES\n.nf\n");
            for (String f : footer) {
                m.append(roff(f)).append('\n');
            }
            m.append(".fi\n");
        }
        m.append(".SH SEE ALSO\nspfsd(1); docs/cli.md in the source tree\n");
        return m.toString();
    }

    private static final java.util.regex.Pattern SENTENCE_END = java.util.regex.Pattern.compile("(?<!\\.)\\.(\\s|$)");

    /** A command's description up to its first full stop (not an ellipsis), for one-line summaries. */
    static String firstSentence(String[] description) {
        String d = description.length > 0 ? description[0] : "";
        java.util.regex.Matcher m = SENTENCE_END.matcher(d);
        return m.find() ? d.substring(0, m.start()) : d;
    }

    /** Text safe in roff: backslashes escaped, and no line starting with a control character. */
    static String roff(String s) {
        String t = s.replace("\\", "\\e").replace("-", "\\-");
        return t.startsWith(".") || t.startsWith("'") ? "\\&" + t : t;
    }
}
