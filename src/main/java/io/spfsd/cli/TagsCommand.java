package io.spfsd.cli;

import io.spfsd.storage.Repository;
import io.spfsd.storage.TagStore;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "tags", mixinStandardHelpOptions = true,
        description = {"List tags with their newest target and how many versions they have."})
final class TagsCommand extends SpfsdCommand {
    @Mixin
    RepoOption repoOption;

    @Mixin
    RemoteReadOption remote = new RemoteReadOption(); // set here too: the quick parser makes no mixins

    @Option(names = "--json", description = "Print a JSON array.")
    boolean json;

    /** The JSON shape of one tag. */
    record TagInfo(String name, String target, String updatedAt, String user, int versions) {
    }

    @Override
    public Integer call() throws Exception {
        List<TagInfo> tags = new ArrayList<>();
        try (RemoteReadOption.Opened opened = remote.openTags(repoOption, main.locations)) {
            Repository repo = opened.repository();
            for (String name : repo.tags().names()) {
                List<TagStore.TagVersion> h = repo.tags().history(name);
                if (!h.isEmpty()) {
                    TagStore.TagVersion v = h.getFirst();
                    tags.add(new TagInfo(name, v.target().toString(), v.time().toString(), v.user(), h.size()));
                }
            }
        }
        PrintWriter out = out();
        if (json) {
            Json.print(out, tags);
        } else {
            for (TagInfo t : tags) {
                out.printf("%-30s %s  %s (%d version%s)%n", t.name(), t.target(), t.updatedAt(), t.versions(),
                        t.versions() == 1 ? "" : "s");
            }
        }
        return 0;
    }
}
