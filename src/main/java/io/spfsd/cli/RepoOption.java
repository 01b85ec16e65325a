package io.spfsd.cli;

import io.spfsd.config.Locations;
import io.spfsd.storage.Repository;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The --repo option, shared by every command that reads or writes the repository. */
final class RepoOption {
    @Option(names = "--repo", paramLabel = "DIR",
            description = "Repository directory (default: $SPFSD_REPO, else ~/.local/share/spfsd/repo).")
    Path repo;

    /** The repository named by --repo or $SPFSD_REPO, or null when neither names one (the default). */
    Path explicit(Locations locations) {
        return repo != null ? repo : locations.repositoryFromEnvironment();
    }

    /** The repository named, if it is one of spfs's layout (and not spfsd's); else null. */
    Path spfsRepository(Locations locations) {
        Path dir = repo != null ? repo : locations.repository();
        return io.spfsd.storage.spfs.SpfsRepository.isSpfsRepository(dir)
                && !java.nio.file.Files.exists(dir.resolve(Repository.FORMAT_FILE)) ? dir : null;
    }

    /** spfs:DIR when the repository named is one of spfs's layout (read in place, as a remote); else null. */
    String spfsRemote(Locations locations) {
        Path dir = spfsRepository(locations);
        return dir == null ? null : "spfs:" + dir.toAbsolutePath().normalize();
    }

    static final String SPFS_AND_REMOTE = "--repo names an spfs repository, which is read in place as the remote:"
            + " give --remote or an spfs --repo, not both";

    Repository open(Locations locations) {
        Path dir = repo != null ? repo : locations.repository();
        if (spfsRepository(locations) != null) {
            throw new io.spfsd.storage.RepositoryException(dir + " is an spfs repository: ls, cat, info, log and"
                    + " tags read it; copy from it with spfsd pull --remote spfs:" + dir + " REF");
        }
        return Repository.open(dir);
    }
}
