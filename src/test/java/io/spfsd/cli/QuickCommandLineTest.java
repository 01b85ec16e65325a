package io.spfsd.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.spfsd.config.Locations;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Field;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * QuickCommandLine parses status and run without picocli. Whatever it takes, picocli must
 * take too, with the same values in every option and parameter; whatever picocli's model has,
 * it must know.
 */
class QuickCommandLineTest {
    @TempDir
    Path tmp;

    private static final List<String> STATUS_WORDS = List.of("--json", "--prometheus", "--pid", "--pid=7", "7", "0",
            "012", "-3", "x", "--runtime", "--runtime=", "build", "--socket", "--socket=/s", "/tmp/s", "-h", "--help",
            "-q", "-v", "--", "@args", "--jsonx", "-V");
    private static final List<String> RUN_WORDS = List.of("-e", "--edit", "--keep-runtime", "--runtime-name", "name",
            "--runtime-name=n", "--remote", "https://r.example/", "--socket", "/s", "--repo", "/r", "--repo=/q", "base",
            "base+tools", "-x", "-ex", "--help", "-q", "@file", "--edit=true");

    @Test
    void whatItTakesPicocliTakesAlikeStatus() throws Exception {
        assertThat(takenOf("status", STATUS_WORDS, new Random(11), false)).as("command lines taken").isGreaterThan(300);
    }

    @Test
    void whatItTakesPicocliTakesAlikeRun() throws Exception {
        assertThat(takenOf("run", RUN_WORDS, new Random(12), true)).as("command lines taken").isGreaterThan(300);
    }

    /** 3,000 command lines of up to 4 words (and, for run, mostly a command after --): how many were taken, all alike. */
    private int takenOf(String command, List<String> words, Random random, boolean withCommand) throws Exception {
        int taken = 0;
        for (int i = 0; i < 3000; i++) {
            List<String> args = new ArrayList<>(List.of(command));
            for (int n = random.nextInt(5); n > 0; n--) {
                args.add(words.get(random.nextInt(words.size())));
            }
            if (withCommand && random.nextInt(8) > 0) {
                args.add("--");
                args.addAll(List.of("sh", "-c", "--json", "--", "-e").subList(0, 1 + random.nextInt(5)));
            }
            taken += sameAsPicocli(args) ? 1 : 0;
        }
        return taken;
    }

    private static final List<String> INSPECT_WORDS = List.of("-R", "--recursive", "--json", "--repo", "/r",
            "--repo=/q", "base", "base+tools", "/etc", "/spfs/etc", "x", "-x", "-Rj", "--help", "--", "--json=true",
            "@refs", "--socket", "/s", "a=b");

    @Test
    void whatItTakesPicocliTakesAlikeInspections() throws Exception {
        for (String command : List.of("ls", "info", "tags")) {
            assertThat(takenOf(command, INSPECT_WORDS, new Random(command.hashCode()), false)).as(command)
                    .isGreaterThan(100);
        }
    }

    private static final List<String> COMMIT_WORDS = List.of("-t", "--tag", "v1", "--tag=v2", "-tv3", "-q", "--quiet",
            "--repo", "/r", "dir", "./build", "layer", "platform", "--stack", "--runtime", "x", "-v", "--socket", "/s",
            "--help", "--", "@f");

    @Test
    void whatItTakesPicocliTakesAlikeCommit() throws Exception {
        assertThat(takenOf("commit", COMMIT_WORDS, new Random(13), false)).isGreaterThan(100);
    }

    @Test
    void plainCommandLinesAreTakenAndTheRestDeclined() {
        assertThat(quick("status")).isNotNull();
        assertThat(quick("status", "--json", "--pid", "7", "--socket=/s")).isNotNull();
        assertThat(quick("run", "--edit", "base+tools", "--", "make", "-j8")).isNotNull();
        for (String[] declined : List.of(new String[]{"status", "--help"}, new String[]{"-v", "status"},
                new String[]{"status", "--pid", "0x10"}, new String[]{"status", "--json", "--json"},
                new String[]{"run", "base"}, new String[]{"run", "--", "sh"}, new String[]{"run", "-ex", "b", "--", "sh"},
                new String[]{"run", "@refs", "--", "sh"}, new String[]{"log", "base"}, new String[]{"ls", "a", "b", "c"})) {
            assertThat(quick(declined)).as(String.join(" ", declined)).isNull();
        }
    }

    @Test
    void itKnowsEveryOptionPicocliHas() {
        for (String name : List.of("status", "run", "ls", "info", "tags")) {
            Set<String> names = new TreeSet<>();
            for (OptionSpec o : new CommandLine(Main.command(name)).getCommandSpec().options()) {
                names.addAll(List.of(o.names()));
            }
            names.removeAll(Set.of("-h", "--help", "-V", "--version"));
            for (String option : names) {
                OptionSpec spec = new CommandLine(Main.command(name)).getCommandSpec().findOption(option);
                List<String> args = new ArrayList<>(List.of(name, option));
                if (spec.arity().max() > 0) {
                    args.add(spec.type() == Integer.class ? "7" : "/value");
                }
                if (name.equals("run")) {
                    args.addAll(List.of("base", "--", "true"));
                } else if (name.equals("ls")) {
                    args.add("base");
                }
                assertThat(quick(args.toArray(String[]::new))).as("%s %s", name, option).isNotNull();
            }
        }
    }

    private SpfsdCommand quick(String... args) {
        PrintWriter nowhere = new PrintWriter(OutputStream.nullOutputStream());
        return QuickCommandLine.parse(args, main(), nowhere, nowhere);
    }

    private Main main() {
        return new Main(Locations.forThisSystem(Map.of(), tmp.toString(), false), false, OutputStream.nullOutputStream());
    }

    /** Whether QuickCommandLine took args; if it did, picocli must parse them to the same values. */
    private boolean sameAsPicocli(List<String> args) throws Exception {
        String[] array = args.toArray(String[]::new);
        SpfsdCommand quick = quick(array);
        if (quick == null) {
            return false;
        }
        CommandLine cmd = Main.commandLine(array, main().locations, false, OutputStream.nullOutputStream());
        cmd.setErr(new PrintWriter(new StringWriter()));
        CommandLine.ParseResult parsed;
        try {
            parsed = cmd.parseArgs(array);
        } catch (CommandLine.ParameterException e) {
            throw new AssertionError("taken, but picocli refuses " + args + ": " + e.getMessage());
        }
        Object picocli = parsed.subcommand().commandSpec().userObject();
        assertThat(values(quick)).as(args.toString()).isEqualTo(values(picocli));
        assertThat(quick.main.quiet).as(args + ": -q").isEqualTo(((Main) parsed.commandSpec().userObject()).quiet);
        return true;
    }

    /** Every option and parameter field of a command, and of its mixins, by name. */
    private static Map<String, Object> values(Object command) throws IllegalAccessException {
        Map<String, Object> values = new LinkedHashMap<>();
        for (Field f : command.getClass().getDeclaredFields()) {
            f.setAccessible(true);
            Object v = f.get(command);
            if (f.isAnnotationPresent(CommandLine.Mixin.class)) {
                for (Field m : f.getType().getDeclaredFields()) {
                    m.setAccessible(true);
                    values.put(f.getName() + "." + m.getName(), v == null ? null : m.get(v));
                }
            } else if (f.isAnnotationPresent(CommandLine.Option.class)
                    || f.isAnnotationPresent(CommandLine.Parameters.class)) {
                values.put(f.getName(), v);
            }
        }
        return values;
    }
}
