package io.spfsd.fuse.linux;

import static org.assertj.core.api.Assertions.assertThat;

import io.spfsd.fuse.FuseMount;
import io.spfsd.os.Platform;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The mount options per platform (macOS's cannot be tried here: they are the facts' list). */
class MountOptionsTest {
    @Test
    void linuxAndMacOsGetTheirOwnOptions() {
        FuseMount.Options o = new FuseMount.Options("spfsd:/repo", true, true);
        assertThat(FuseSession.argv(o, Platform.LINUX_X86_64))
                .isEqualTo(List.of("spfsd", "-o", "fsname=spfsd:/repo,subtype=spfsd,default_permissions,allow_other"));
        List<String> mac = FuseSession.argv(o, Platform.MACOS_ARM64);
        assertThat(mac.get(2).split(",")).containsExactly("fsname=spfsd:/repo", "volname=spfsd", "default_permissions",
                "noappledouble", "noapplexattr", "nobrowse", "allow_other");
        assertThat(String.join(" ", mac)).as("macFUSE ignores subtype; FSKit (no caller PID) is never asked for")
                .doesNotContain("subtype").doesNotContain("backend");
    }
}
