package io.spfsd.fuse.linux;

import static org.assertj.core.api.Assertions.assertThat;

import io.spfsd.os.LibfuseLayouts;
import io.spfsd.os.NativeLayouts;
import io.spfsd.os.NativeStruct;
import io.spfsd.os.Platform;
import java.lang.foreign.GroupLayout;
import java.lang.foreign.MemoryLayout;
import org.junit.jupiter.api.Test;

/**
 * What NativeLayouts says of libfuse's structs on Linux is what the adapter uses: the generated
 * bindings' layouts, field by field (and their sizes, where spfsd depends on one). So the
 * offsets jextract/check-layouts.sh compares with the headers, on Linux and for macFUSE, are the
 * adapter's own.
 */
class LibfuseLayoutsTest {
    @Test
    void theLinuxDescriptionIsTheBindings() throws Exception {
        for (Platform p : new Platform[] {Platform.LINUX_X86_64, Platform.LINUX_AARCH64}) {
            int checked = 0;
            for (NativeStruct s : NativeLayouts.of(p).all().values()) {
                if (!s.name().startsWith("fuse_") || s.name().equals("fuse_entry_param")) {
                    continue; // fuse_entry_param follows the platform's stat: HeaderLayoutTest and check-layouts
                }
                GroupLayout bound = (GroupLayout) Class.forName("io.spfsd.bindings.fuse3." + s.name())
                        .getMethod("layout").invoke(null);
                if (s.size() >= 0) {
                    assertThat(bound.byteSize()).as(p.id + " sizeof " + s.name()).isEqualTo(s.size());
                }
                for (NativeStruct.Field f : s.fields().values()) {
                    assertThat(bound.byteOffset(MemoryLayout.PathElement.groupElement(f.name())))
                            .as(p.id + " " + s.name() + "." + f.name()).isEqualTo(f.offset());
                    checked++;
                }
            }
            assertThat(checked).isGreaterThan(60);
        }
    }

    @Test
    void theBufvecTheAdapterAllocatesHoldsEveryPlatformsOne() {
        for (Platform p : new Platform[] {Platform.LINUX_X86_64, Platform.LINUX_AARCH64, Platform.MACOS_ARM64,
            Platform.MACOS_X86_64}) {
            assertThat(LibfuseLayouts.BUFVEC_BYTES).as(p.id)
                    .isGreaterThanOrEqualTo(NativeLayouts.of(p).struct("fuse_bufvec").size());
        }
        assertThat(NativeLayouts.of(Platform.MACOS_ARM64).struct("fuse_bufvec").size()).isEqualTo(72);
    }
}
