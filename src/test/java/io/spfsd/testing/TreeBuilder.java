package io.spfsd.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** Builds small directory trees for tests. */
public final class TreeBuilder {
    private final Path root;

    public TreeBuilder(Path root) throws IOException {
        this.root = Files.createDirectories(root);
    }

    public Path root() {
        return root;
    }

    public TreeBuilder file(String path, String content, String perms) throws IOException {
        Path p = root.resolve(path);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(perms));
        return this;
    }

    public TreeBuilder file(String path, String content) throws IOException {
        return file(path, content, "rw-r--r--");
    }

    public TreeBuilder dir(String path) throws IOException {
        Files.createDirectories(root.resolve(path));
        return this;
    }

    public TreeBuilder symlink(String path, String target) throws IOException {
        Path p = root.resolve(path);
        Files.createDirectories(p.getParent());
        Files.createSymbolicLink(p, Path.of(target));
        return this;
    }
}
