package io.spfsd.os.linux;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** doctor's cgroup-moves check reads cgroup2's mount options. */
class LinuxChecksTest {
    @Test
    void favordynmodsIsWhatMakesAMoveImmediate() {
        String hybrid = "proc /proc proc rw,nosuid 0 0\n"
                + "cgroup2 /sys/fs/cgroup/unified cgroup2 rw,relatime,favordynmods 0 0\n";
        assertThat(LinuxChecks.cgroupMoves(hybrid).status()).isEqualTo("ok");
        var plain = LinuxChecks.cgroupMoves("cgroup2 /sys/fs/cgroup cgroup2 rw,nosuid,nodev,noexec,relatime,nsdelegate 0 0\n");
        assertThat(plain.status()).isEqualTo("warn");
        assertThat(plain.detail()).contains("mount -o remount,favordynmods /sys/fs/cgroup'");
        assertThat(LinuxChecks.cgroupMoves("tmpfs /tmp tmpfs rw 0 0\n").status()).isEqualTo("warn");
    }
}
