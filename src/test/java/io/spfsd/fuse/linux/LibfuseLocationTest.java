package io.spfsd.fuse.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spfsd.os.Platform;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LibfuseLocationTest {
    @TempDir
    Path tmp;

    @Test
    void findsThisMachinesLibfuseAndMacFusesPlaces() {
        Path here = LibfuseLocation.find(Platform.current(), null);
        assertThat(here).exists();
        assertThat(here.getFileName().toString()).isEqualTo("libfuse3.so.3");
        assertThat(LibfuseLocation.candidates(Platform.MACOS_ARM64)).first()
                .isEqualTo(Path.of("/usr/local/lib/libfuse3.4.dylib"));
        assertThat(LibfuseLocation.candidates(Platform.LINUX_AARCH64).toString()).contains("aarch64-linux-gnu");
    }

    @Test
    void anOverrideWinsAndAMissingOneIsAOneLineError() throws Exception {
        Path mine = Files.writeString(tmp.resolve("libfuse3.so.3"), "");
        assertThat(LibfuseLocation.find(Platform.current(), mine.toString())).isEqualTo(mine);
        assertThatThrownBy(() -> LibfuseLocation.find(Platform.current(), tmp.resolve("nope").toString()))
                .hasMessage("SPFSD_LIBFUSE names " + tmp.resolve("nope") + ", which is not a file");
        assertThatThrownBy(() -> LibfuseLocation.find(Platform.MACOS_ARM64, null))
                .hasMessageContaining("install macFUSE 4.10 or newer");
    }
}
