package io.spfsd.os.linux;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** doctor's cgroup-moves check reads cgroup2's mount options. */
class LinuxChecksTest {
    @Test
    void favordynmodsIsWhatMakesAMoveImmediate() {
        // mountinfo: the mount's own options before " - ", the superblock's (favordynmods) after
        var hybrid = List.of("22 1 0:21 / /proc rw,nosuid - proc proc rw",
                "41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw,favordynmods");
        assertThat(LinuxChecks.cgroupMoves(Cgroup2Mount.find(hybrid)).status()).isEqualTo("ok");
        var plain = LinuxChecks.cgroupMoves(Cgroup2Mount.find(List.of(
                "35 24 0:30 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:9 - cgroup2 cgroup2 rw,nsdelegate")));
        assertThat(plain.status()).isEqualTo("warn");
        assertThat(plain.detail()).contains("mount -o remount,favordynmods /sys/fs/cgroup'");
        assertThat(LinuxChecks.cgroupMoves(Cgroup2Mount.find(List.of("60 24 0:52 / /tmp rw - tmpfs tmpfs rw")))
                .status()).isEqualTo("warn");
    }
}
