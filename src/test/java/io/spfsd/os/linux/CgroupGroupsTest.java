package io.spfsd.os.linux;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** What a killed daemon leaves in the cgroup hierarchy does not outlive the next daemon's start. */
class CgroupGroupsTest {
    @Test
    void aKilledDaemonsGroupsAreTakenOverWhileTheirProcessesStillRun() throws Exception {
        Cgroup2Mount mount = Cgroup2Mount.find(Files.readAllLines(Path.of("/proc/self/mountinfo")));
        assertThat(mount).as("cgroup v2 is mounted (the suite runs as root on Linux)").isNotNull();
        Path root = mount.mountpoint();
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Path dead = root.resolve("spfsd-" + gone.pid()); // a daemon's PID that no longer runs
        Path runtime = Files.createDirectories(dead.resolve("rt-left"));
        Process survivor = new ProcessBuilder("sleep", "60").start();
        CgroupGroups mine = null;
        try {
            Files.writeString(runtime.resolve("cgroup.procs"), Long.toString(survivor.pid()));
            mine = CgroupGroups.createAt(new LinuxProcessTable().watcher(), root);
            assertThat(dead).as("the dead daemon's groups are gone").doesNotExist();
            assertThat(Files.readString(Path.of("/proc/" + survivor.pid() + "/cgroup")))
                    .as("its process runs on, in this daemon's own group")
                    .contains("/spfsd-" + ProcessHandle.current().pid() + "\n");
        } finally {
            survivor.destroyForcibly().waitFor();
            if (mine != null) {
                mine.close();
            }
            if (Files.exists(runtime)) {
                Files.delete(runtime);
                Files.delete(dead);
            }
        }
    }

    @Test
    void aKilledDaemonThatIsAZombieRunsNoMore() throws Exception {
        assertThat(CgroupGroups.runs(ProcessHandle.current().pid())).isTrue();
        // a child that exits and is not waited for stays a zombie
        Process zombie = new ProcessBuilder("sh", "-c", "sleep 0.01 & echo $!; exec sleep 600").start();
        try {
            long child = Long.parseLong(new java.io.BufferedReader(new java.io.InputStreamReader(
                    zombie.getInputStream())).readLine().strip());
            long end = System.nanoTime() + 10_000_000_000L;
            while (CgroupGroups.runs(child) && System.nanoTime() < end) {
                Thread.sleep(10); // until the short sleep has exited, unreaped by its exec'd parent
            }
            assertThat(ProcessHandle.of(child)).as("still in the process table").isPresent();
            assertThat(CgroupGroups.runs(child)).isFalse();
        } finally {
            zombie.destroyForcibly().waitFor();
        }
    }

    @Test
    void aDelegatedServiceGroupHoldsTheGroupsAndTheRootOtherwise() {
        Path root = Path.of("/sys/fs/cgroup");
        Path service = CgroupGroups.ownGroup(root, java.util.List.of("12:pids:/x", "0::/system.slice/spfsd.service"));
        assertThat(service).isEqualTo(Path.of("/sys/fs/cgroup/system.slice/spfsd.service"));
        assertThat(CgroupGroups.parentOfGroups(root, service, true)).isEqualTo(service);
        assertThat(CgroupGroups.parentOfGroups(root, service, false)).as("not delegated: systemd's").isEqualTo(root);
        Path top = CgroupGroups.ownGroup(root, java.util.List.of("0::/"));
        assertThat(top).isEqualTo(root);
        assertThat(CgroupGroups.parentOfGroups(root, top, true)).isEqualTo(root);
        assertThat(CgroupGroups.ownGroup(root, java.util.List.of("1:name=systemd:/x"))).as("no cgroup v2 line").isNull();
    }

    @Test
    void aRuntimesProcessesArePausedAndLetGo() throws Exception {
        Path root = Cgroup2Mount.find(Files.readAllLines(Path.of("/proc/self/mountinfo"))).mountpoint();
        CgroupGroups groups = CgroupGroups.createAt(new LinuxProcessTable().watcher(), root);
        Process busy = new ProcessBuilder("sh", "-c", "while :; do :; done").start();
        try {
            groups.create("busy", (int) busy.pid());
            Path events = root.resolve("spfsd-" + ProcessHandle.current().pid() + "/busy/cgroup.events");
            assertThat(groups.pause("busy", true, java.time.Duration.ofSeconds(10))).isTrue();
            assertThat(Files.readString(events)).as("every process paused when it returns").contains("frozen 1");
            assertThat(groups.pause("busy", false, java.time.Duration.ofSeconds(10))).isTrue();
            assertThat(Files.readString(events)).contains("frozen 0");
        } finally {
            busy.destroyForcibly().waitFor();
            groups.remove("busy");
            groups.close();
        }
    }
}
