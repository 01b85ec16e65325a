package io.spfsd.cli;

import io.spfsd.storage.Repository;
import io.spfsd.storage.TagStore;
import io.spfsd.storage.UnknownRefException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "log", mixinStandardHelpOptions = true,
        description = {"Show the history of TAG, newest first: each version's ref (TAG~N), target, time"
                + " and user (spfs log)."})
final class LogCommand extends SpfsdCommand {
    @Mixin
    RepoOption repoOption;

    @Mixin
    RemoteReadOption remote = new RemoteReadOption(); // set here too: the quick parser makes no mixins

    @Parameters(paramLabel = "TAG", description = "Tag name.")
    String tag;

    @Option(names = "--json", description = "Print a JSON array, newest first.")
    boolean json;

    /** One version; the JSON shape. */
    record Version(String ref, String target, String time, String user) {
    }

    @Override
    public Integer call() throws Exception {
        TagStore.checkName(tag);
        List<TagStore.TagVersion> history;
        try (RemoteReadOption.Opened repo = remote.open(repoOption, main.locations, List.of(tag))) {
            history = repo.repository().tags().history(tag);
        } catch (io.spfsd.storage.UnknownRefException e) {
            history = List.of();
        }
        if (history.isEmpty()) {
            throw new UnknownRefException("unknown tag '" + tag + "'");
        }
        List<Version> versions = new ArrayList<>();
        for (int i = 0; i < history.size(); i++) {
            TagStore.TagVersion v = history.get(i);
            versions.add(new Version(tag + "~" + i, v.target().toString(), v.time().toString(), v.user()));
        }
        PrintWriter out = out();
        if (json) {
            Json.print(out, versions);
        } else {
            for (Version v : versions) {
                out.printf("%-20s %s  %s  %s%n", v.ref(), v.target(), v.time(), v.user());
            }
        }
        return 0;
    }
}
