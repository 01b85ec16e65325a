package io.spfsd.os;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The portable stat (what commit uses where the system has no native one) agrees with statx. */
class FileStatOfJavaTest {
    @TempDir
    Path tmp;

    @Test
    void agreesWithTheNativeStatOnIdentityAndType() throws Exception {
        Path f = Files.writeString(tmp.resolve("f"), "twelve bytes");
        Path link = Files.createSymbolicLink(tmp.resolve("l"), f);
        FileStat java = FileStat.ofJava(f);
        FileStat nativeStat = Os.current().stat(f);
        assertThat(java.identity()).isEqualTo(nativeStat.identity());
        assertThat(java.mode()).isEqualTo(nativeStat.mode());
        assertThat(FileStat.ofJava(link).isRegular()).as("not followed").isFalse();
        assertThat(FileStat.ofJava(tmp.resolve("missing"))).isNull();
    }
}
