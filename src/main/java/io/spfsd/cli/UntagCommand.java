package io.spfsd.cli;

import io.spfsd.storage.TagStore;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "untag", mixinStandardHelpOptions = true,
        description = {"Remove a version of a tag: TAG removes its newest (TAG then names the one before),"
                + " TAG~N removes that one (--latest says the first explicitly, as spfs's untag),"
                + " --all removes the tag and its history. Objects stay in the"
                + " repository ('spfsd clean' removes what nothing references)."})
final class UntagCommand extends SpfsdCommand {
    private static final Pattern VERSIONED = Pattern.compile("(.+)~([0-9]+)");

    @Mixin
    RepoOption repoOption;

    @Parameters(paramLabel = "TAG", description = "TAG or TAG~N.")
    String tag;

    @Option(names = "--all", description = "Remove every version: the tag is gone.")
    boolean all;

    @Option(names = "--latest", description = "Remove the newest version (what TAG alone removes).")
    boolean latest;

    @Override
    public Integer call() {
        Matcher m = VERSIONED.matcher(tag);
        String name = m.matches() ? m.group(1) : tag;
        if (all && m.matches()) {
            throw usage("--all removes every version of a tag: give TAG, not TAG~N");
        }
        if (latest && (all || m.matches())) {
            throw usage("--latest removes the newest version: give TAG alone, without --all or ~N");
        }
        int n = all ? -1 : m.matches() ? parseVersion(m.group(2)) : 0;
        TagStore.checkName(name);
        List<TagStore.TagVersion> removed = repoOption.open(main.locations).tags().remove(name, n);
        for (TagStore.TagVersion v : removed) {
            out().println("removed " + name + " -> " + v.target() + " (" + v.time() + ")");
        }
        return 0;
    }

    private static int parseVersion(String digits) {
        return digits.length() > 9 ? Integer.MAX_VALUE : Integer.parseInt(digits);
    }
}
