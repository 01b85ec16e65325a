package io.spfsd.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * `status`, `run`, `ls`, `info`, `tags` and `commit DIR` parsed by hand, without picocli:
 * the commands people run most, and the ones a start-up or import target holds. Building picocli's model from the annotations costs about 35 ms
 * of a 90 ms command (reflection, and one proxy class per annotation type, made at run time).
 *
 * <p>Only plain command lines are taken: the command's own options, spelled out, each at most
 * once, with values that do not look like options. Anything else (help, global options, an
 * unknown, clustered or repeated option, an @file, a usage mistake) is declined, and picocli
 * parses and reports it as it always has. QuickCommandLineTest holds the two parsers to the same
 * result on every command line this one takes, and to the same set of options.
 */
final class QuickCommandLine {
    private QuickCommandLine() {
    }

    /** What a command parsed here has instead of picocli's model: its streams and the command line as typed. */
    record Parsed(java.io.PrintWriter out, java.io.PrintWriter err, List<String> args) {
    }

    /** Thrown by a command parsed here that finds a usage mistake: picocli parses the line again and reports it. */
    static final class Declined extends RuntimeException {
        Declined() {
            super(null, null, false, false);
        }
    }

    /** The command args name, parsed and ready to call, or null when picocli must parse them. */
    static SpfsdCommand parse(String[] args, Main main, PrintWriter out, PrintWriter err) {
        if (args.length == 0) {
            return null;
        }
        for (String a : args) {
            if (a.startsWith("@")) { // picocli reads @files; not here
                return null;
            }
        }
        SpfsdCommand command = switch (args[0]) {
            case "status" -> status(args);
            case "run" -> run(args);
            case "ls" -> ls(args);
            case "info" -> info(args);
            case "tags" -> tags(args);
            case "commit" -> commit(args, main);
            default -> null;
        };
        if (command != null) {
            command.main = main;
            command.quick = new Parsed(out, err, List.of(args));
        }
        return command;
    }

    private static StatusCommand status(String[] args) {
        StatusCommand c = new StatusCommand();
        c.socketOption = new SocketOption();
        Options o = new Options(args, args.length);
        while (o.next()) {
            switch (o.name) {
                case "--json" -> c.json = o.flag();
                case "--prometheus" -> c.prometheus = o.flag();
                case "--pid" -> c.pid = o.number();
                case "--runtime" -> c.runtime = o.value();
                case "--socket" -> c.socketOption.socket = o.path();
                default -> o.decline();
            }
        }
        return o.declined ? null : c;
    }

    private static RunCommand run(String[] args) {
        int dash = List.of(args).indexOf("--");
        if (dash < 0 || dash == args.length - 1) {
            return null;
        }
        RunCommand c = new RunCommand();
        c.socketOption = new SocketOption();
        c.repoOption = new RepoOption();
        Options o = new Options(args, dash);
        List<String> positional = new ArrayList<>();
        while (o.next()) {
            switch (o.name) {
                case "-e", "--edit" -> c.edit = o.flag("-e", "--edit");
                case "--keep-runtime" -> c.keep = o.flag();
                case "--runtime-name" -> c.runtimeName = o.value();
                case "--remote" -> c.remote = o.value();
                case "--socket" -> c.socketOption.socket = o.path();
                case "--repo" -> c.repoOption.repo = o.path();
                default -> o.positional(positional);
            }
        }
        if (o.declined || positional.isEmpty()) {
            return null;
        }
        positional.addAll(List.of(args).subList(dash + 1, args.length));
        c.args = positional;
        return c;
    }

    private static LsCommand ls(String[] args) {
        LsCommand c = new LsCommand();
        c.repoOption = new RepoOption();
        Options o = new Options(args, args.length);
        List<String> positional = new ArrayList<>();
        while (o.next()) {
            switch (o.name) {
                case "-R", "--recursive" -> c.recursive = o.flag("-R", "--recursive");
                case "-l", "--long" -> c.longFormat = o.flag("-l", "--long");
                case "-r", "--remote" -> c.remote.remote = o.value("-r", "--remote");
                case "--json" -> c.json = o.flag();
                case "--repo" -> c.repoOption.repo = o.path();
                default -> o.positional(positional);
            }
        }
        if (o.declined || positional.isEmpty() || positional.size() > 2) {
            return null;
        }
        c.ref = positional.get(0);
        if (positional.size() == 2) {
            c.path = positional.get(1);
        }
        return c;
    }

    private static InfoCommand info(String[] args) {
        InfoCommand c = new InfoCommand();
        c.repoOption = new RepoOption();
        c.socketOption = new SocketOption();
        Options o = new Options(args, args.length);
        List<String> positional = new ArrayList<>();
        while (o.next()) {
            switch (o.name) {
                case "--json" -> c.json = o.flag();
                case "--tags" -> c.tags = o.flag();
                case "-r", "--remote" -> c.remote.remote = o.value("-r", "--remote");
                case "--repo" -> c.repoOption.repo = o.path();
                case "--socket" -> c.socketOption.socket = o.path();
                default -> o.positional(positional);
            }
        }
        if (o.declined || positional.size() > 1) {
            return null;
        }
        c.ref = positional.isEmpty() ? null : positional.getFirst();
        return c;
    }

    private static TagsCommand tags(String[] args) {
        TagsCommand c = new TagsCommand();
        c.repoOption = new RepoOption();
        Options o = new Options(args, args.length);
        while (o.next()) {
            switch (o.name) {
                case "--json" -> c.json = o.flag();
                case "-r", "--remote" -> c.remote.remote = o.value("-r", "--remote");
                case "--repo" -> c.repoOption.repo = o.path();
                default -> o.decline();
            }
        }
        return o.declined ? null : c;
    }

    /** `commit DIR [-t TAG]... [-q]`: the import form only (commit layer and platform go to picocli). */
    private static CommitCommand commit(String[] args, Main main) {
        CommitCommand c = new CommitCommand();
        c.repoOption = new RepoOption();
        c.socketOption = new SocketOption();
        Options o = new Options(args, args.length);
        List<String> tags = new ArrayList<>();
        List<String> positional = new ArrayList<>();
        boolean quiet = false;
        while (o.next()) {
            switch (o.name) {
                case "-t", "--tag" -> tags.add(o.repeatedValue());
                case "-q", "--quiet" -> quiet = o.flag("-q", "--quiet");
                case "--repo" -> c.repoOption.repo = o.path();
                default -> o.positional(positional);
            }
        }
        if (o.declined || positional.size() != 1 || positional.getFirst().equals("layer")
                || positional.getFirst().equals("platform")) {
            return null;
        }
        c.args = positional;
        if (!tags.isEmpty()) {
            c.tags = tags;
        }
        main.quiet = quiet;
        return c;
    }

    /** The options of args[1..end): each token's name, its attached value (--name=value), and the values it takes. */
    private static final class Options {
        private final String[] args;
        private final int end;
        private final Set<String> seen = new HashSet<>();
        private int i;
        String name;
        String attached;
        boolean declined;

        Options(String[] args, int end) {
            this.args = args;
            this.end = end;
        }

        boolean next() {
            if (declined || ++i >= end) {
                return false;
            }
            String a = args[i];
            int eq = a.indexOf('=');
            boolean withValue = a.startsWith("--") && eq > 2;
            name = withValue ? a.substring(0, eq) : a;
            attached = withValue ? a.substring(eq + 1) : null;
            return true;
        }

        void decline() {
            declined = true;
        }

        /** The token as a positional parameter: anything but an option (or something like one). */
        void positional(List<String> into) {
            if (name.startsWith("-") || attached != null) {
                decline();
            } else {
                into.add(name);
            }
        }

        /** A flag, given once, without a value; spellings are its names (one option, two names). */
        boolean flag(String... spellings) {
            if (attached != null || !once(spellings.length == 0 ? new String[]{name} : spellings)) {
                decline();
            }
            return true;
        }

        /** The option's value, attached or the next token; declined when absent, empty, given twice or option-like. */
        String value(String... spellings) {
            String v = repeatedValue();
            if (v != null && !once(spellings.length == 0 ? new String[]{name} : spellings)) {
                decline();
                return null;
            }
            return v;
        }

        /** The same, for an option that may be given again (each time another value). */
        String repeatedValue() {
            String v = attached;
            if (v == null && i + 1 < end) {
                v = args[++i];
            }
            if (v == null || v.isEmpty() || v.startsWith("-")) {
                decline();
                return null;
            }
            return v;
        }

        Path path() {
            String v = value();
            return v == null ? null : Path.of(v);
        }

        /** A decimal number as picocli reads one: plain digits only (no sign, no leading zero, no hex), within an int. */
        Integer number() {
            String v = value();
            if (v == null || !plainDecimal(v)) {
                decline();
                return null;
            }
            return Integer.valueOf(v);
        }

        private static boolean plainDecimal(String v) {
            if (v.length() > 9 || (v.length() > 1 && v.charAt(0) == '0')) {
                return false;
            }
            for (int k = 0; k < v.length(); k++) {
                if (v.charAt(k) < '0' || v.charAt(k) > '9') {
                    return false;
                }
            }
            return true;
        }

        private boolean once(String... spellings) {
            boolean first = true;
            for (String s : spellings) {
                first &= seen.add(s);
            }
            return first;
        }
    }
}
