package io.spfsd.fuse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spfsd.os.Platform;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Which adapter serves each platform: the platform is an input, so a Mac's choice is checked here. */
class FuseMountTest {
    @Test
    void linuxAndBothMacsAreServedByTheLibfuse3Adapter() {
        for (Platform p : new Platform[] {Platform.LINUX_X86_64, Platform.LINUX_AARCH64, Platform.MACOS_ARM64,
            Platform.MACOS_X86_64}) {
            assertThat(FuseMount.adapterFor(p)).as(p.id).isEqualTo(FuseMount.Adapter.LIBFUSE3);
        }
        assertThat(FuseMount.adapterFor(Platform.detect("Mac OS X", "aarch64"))).isEqualTo(FuseMount.Adapter.LIBFUSE3);
    }

    @Test
    void anotherSystemIsToldPlainlyThatSpfsdDoesNotServeThere() {
        FuseMount.Adapter none = FuseMount.adapterFor(Platform.detect("FreeBSD", "amd64"));
        assertThat(none).isEqualTo(FuseMount.Adapter.NONE);
        assertThatThrownBy(() -> none.mount(Path.of("/nowhere"), null, OpObserver.NONE,
                new FuseMount.Options("x", false, false))).isInstanceOf(IOException.class)
                .hasMessageContaining("spfsd cannot serve on this system").hasMessageContaining("macOS with macFUSE")
                .hasMessageNotContaining("planned");
    }
}
