package io.spfsd.cli;

import io.spfsd.storage.Digest;
import io.spfsd.storage.Refs;
import io.spfsd.storage.Repository;
import io.spfsd.storage.TagStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "tag", mixinStandardHelpOptions = true,
        description = {"Point TAG at REF. The tag's earlier targets stay in its history (TAG~1, TAG~2, ...)."})
final class TagCommand extends SpfsdCommand {
    @Mixin
    RepoOption repoOption;

    @Parameters(index = "0", paramLabel = "REF", description = "Tag, digest or digest prefix.")
    String ref;

    @Parameters(index = "1", paramLabel = "TAG", description = "Tag name (letters, digits, '.', '_', '-', '/').")
    String tag;

    @Override
    public Integer call() {
        TagStore.checkName(tag);
        Repository repo = repoOption.open(main.locations);
        Digest target = new Refs(repo).resolve(ref);
        repo.tags().push(tag, target);
        out().println(tag + " -> " + target);
        return 0;
    }
}
