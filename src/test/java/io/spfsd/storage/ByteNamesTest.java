package io.spfsd.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Names that are not UTF-8 survive import, storage and decoding byte for byte. */
class ByteNamesTest {
    @TempDir
    Path tmp;

    /** Makes files whose names are the octal escapes given, with sh's printf (Java cannot name them). */
    static void shell(Path dir, String script) throws Exception {
        Files.createDirectories(dir);
        Process p = new ProcessBuilder("sh", "-c", script).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(out).isZero();
    }

    static final String MAKE = "printf 1 > \"$(printf 'caf\\351')\"; printf 2 > \"$(printf 'caf\\350')\";"
            + " printf 3 > \"$(printf 'ok-\\303\\251')\"; ln -s \"$(printf 'tar\\377get')\" link";

    @Test
    void twoNonUtf8NamesInOneDirectoryAndANonUtf8TargetImportExactly() throws Exception {
        Path src = tmp.resolve("src");
        shell(src, MAKE);
        Repository repo = Repository.open(tmp.resolve("repo"));
        DirectoryImporter.Result r = new DirectoryImporter(repo, new DirectoryImporter.Listener() {
        }).importDirectory(src);
        Manifest m = repo.readManifest(r.manifest()); // decoded from disk, digest checked
        List<String> names = new ArrayList<>();
        for (Entry e : m.root().entries()) {
            names.add(Names.display(e.name()) + (e.linkTarget() != null ? " -> " + Names.display(e.linkTarget()) : ""));
        }
        assertThat(names).containsExactly("caf\\xe8", "caf\\xe9", "link -> tar\\xffget", "ok-é");
        Entry e9 = m.root().find(Names.decode(new byte[]{'c', 'a', 'f', (byte) 0xE9}));
        assertThat(Files.readString(repo.payloadPath(e9.digest()))).isEqualTo("1");
        Entry link = m.root().find("link");
        assertThat(link.size()).isEqualTo(7);
    }
}
