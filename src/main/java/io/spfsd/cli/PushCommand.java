package io.spfsd.cli;

import picocli.CommandLine.Command;

@Command(name = "push", mixinStandardHelpOptions = true,
        description = {"Copy REF... and everything they reach to a remote repository, payloads first and tags"
                + " last, so the remote never shows a tag whose content is missing. Only what the remote lacks"
                + " moves; an interrupted push resumes where it stopped."},
        footer = {"", "Example:", "  spfsd push base tools --remote file:///mnt/nfs/spfsd"})
final class PushCommand extends TransferCommand {
    @Override
    boolean pushing() {
        return true;
    }
}
