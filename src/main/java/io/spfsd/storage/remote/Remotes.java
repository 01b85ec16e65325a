package io.spfsd.storage.remote;

import io.spfsd.storage.Repository;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;

/**
 * Which remote a command means, and opening it. A remote is a URL or a name: --remote wins, then
 * $SPFSD_REMOTE (or the config file's remote), and a name (default "origin") is looked up as
 * $SPFSD_REMOTE_NAME (or the config's remote.NAME). file:// is a repository on a file system (NFS,
 * another disk); http(s):// a repository on a web server (reads: any; writes: PUT, WebDAV);
 * s3://bucket/prefix one in an S3-compatible store (S3Remote says where credentials come from);
 * spfs:PATH an spfs repository on a file system, read through a conversion (SpfsStore);
 * spfs:PATH?namespace=A/B reads its tags in that tag namespace, as spfs's tag_namespace does.
 */
public final class Remotes {
    private Remotes() {
    }

    /**
     * A remote that cannot be used; the message is one line naming it. A repository error, so
     * every command reports it as one line like the others.
     */
    public static final class BadRemote extends io.spfsd.storage.RepositoryException {
        public BadRemote(String message) {
            super(message);
        }
    }

    /** The URL the remote option (or the defaults) stands for; settings looks up a variable (env or config). */
    public static String url(String option, UnaryOperator<String> settings) {
        String given = option != null ? option : settings.apply("SPFSD_REMOTE");
        String name = given == null || given.isBlank() ? "origin" : given;
        if (name.contains(":") || name.startsWith("/")) {
            return name;
        }
        String url = settings.apply(io.spfsd.config.ConfigFile.remoteVariable(name));
        if (url == null) {
            throw new BadRemote("no remote called '" + name + "': give a URL with --remote, or name it in the config"
                    + " file (remote." + name + " = URL) or in $" + io.spfsd.config.ConfigFile.remoteVariable(name));
        }
        return url;
    }

    /** Opens the store at url; for pushing, a file remote that does not exist yet is created. */
    public static ObjectStore open(String url, boolean forWriting) {
        if (io.spfsd.storage.spfs.SpfsRepository.Address.is(url)) { // spfs's own layout, read through a conversion
            var a = io.spfsd.storage.spfs.SpfsRepository.Address.parse(url);
            return SpfsStore.open(a.root(), a.namespace());
        }
        Path path = url.startsWith("/") ? Path.of(url) : null;
        if (path == null) {
            URI uri;
            try {
                uri = URI.create(url);
            } catch (IllegalArgumentException e) {
                throw new BadRemote("not a remote URL: " + url);
            }
            String scheme = uri.getScheme() == null ? "" : uri.getScheme();
            switch (scheme) {
                case "file" -> path = Path.of(uri.getPath());
                case "http", "https" -> {
                    return new HttpStore(url, java.time.Duration.ofSeconds(10));
                }
                case "s3" -> {
                    return S3Remote.open(uri, System.getenv(), Path.of(System.getProperty("user.home")),
                            java.time.Duration.ofSeconds(10));
                }
                default -> throw new BadRemote("unknown kind of remote '" + scheme + "' in " + url
                        + " (file://, http://, https://, s3://)");
            }
        }
        if (!forWriting && !Files.isRegularFile(path.resolve(Repository.FORMAT_FILE))) {
            throw new BadRemote("no spfsd repository at " + url);
        }
        return new RepositoryStore(Repository.open(path));
    }
}
