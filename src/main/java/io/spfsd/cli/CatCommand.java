package io.spfsd.cli;

import io.spfsd.os.Posix;
import io.spfsd.storage.Entry;
import io.spfsd.storage.EntryKind;
import io.spfsd.storage.Manifest;
import io.spfsd.storage.Names;
import io.spfsd.storage.Repository;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "cat", aliases = "read", mixinStandardHelpOptions = true,
        description = {"Write the contents of the file at PATH in REF's view to stdout, as a runtime of REF"
                + " would read it (spfs read). The payload is checked against its digest first; one that"
                + " does not match is refused, never printed."},
        footer = {"", "Example:", "  spfsd cat base+tools /spfs/etc/tool.conf"})
final class CatCommand extends SpfsdCommand {
    @Mixin
    RepoOption repoOption;

    @Mixin
    RemoteReadOption remote = new RemoteReadOption(); // set here too: the quick parser makes no mixins

    @Parameters(index = "0", paramLabel = "REF", description = "Tag, digest, prefix or env spec.")
    String ref;

    @Parameters(index = "1", paramLabel = "PATH", description = "A file in the view; /spfs/... and"
            + " $SPFSD_MOUNTPOINT/... name the same.")
    String path;

    @Override
    public Integer call() throws Exception {
        try (RemoteReadOption.Opened opened = remote.open(repoOption, main.locations, List.of(ref))) {
            return cat(opened);
        }
    }

    private int cat(RemoteReadOption.Opened opened) throws IOException {
        Repository repo = opened.repository();
        Manifest view = opened.views().resolve(List.of(ref)).merged();
        String clean = ViewPath.clean(path, main.locations);
        if (clean.isEmpty()) {
            throw new UserError(path + ": is a directory");
        }
        Entry e = ViewPath.lookup(view, clean, path, ref);
        if (e.kind() != EntryKind.FILE) {
            throw new UserError(path + (e.isDirectory() ? ": is a directory" : ": not a regular file ("
                    + e.kind().name().toLowerCase(java.util.Locale.ROOT) + ")"));
        }
        opened.fetchPayload(e.digest()); // from the remote, if it is one
        int fd = repo.openVerifiedPayload(e.digest(), e.size(), Names.display(clean));
        if (fd < 0) {
            throw new UserError(path + ": its payload " + e.digest() + " is missing or does not match its digest"
                    + " (spfsd check says more)");
        }
        try (InputStream in = Files.newInputStream(repo.payloadPath(e.digest()))) {
            OutputStream stdout = main.bytesOut;
            out().flush();
            in.transferTo(stdout);
            stdout.flush();
        } finally {
            Posix.close(fd);
        }
        return 0;
    }
}
