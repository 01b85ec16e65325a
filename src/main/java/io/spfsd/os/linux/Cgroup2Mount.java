package io.spfsd.os.linux;

import java.nio.file.Path;
import java.util.List;

/**
 * The cgroup v2 hierarchy as /proc/self/mountinfo shows it: where it is mounted (/sys/fs/cgroup,
 * or /sys/fs/cgroup/unified on hybrid systems) and its superblock options (favordynmods).
 * The runtime groups live there, and doctor reports on the same mount.
 */
record Cgroup2Mount(Path mountpoint, List<String> superOptions) {
    /** The first cgroup2 mount in mountinfo's lines, or null. */
    static Cgroup2Mount find(List<String> mountinfo) {
        for (String line : mountinfo) {
            int dash = line.indexOf(" - ");
            if (dash > 0 && line.substring(dash + 3).startsWith("cgroup2 ")) {
                String[] after = line.substring(dash + 3).split(" "); // type, source, super options
                return new Cgroup2Mount(Path.of(line.split(" ")[4]),
                        after.length > 2 ? List.of(after[2].split(",")) : List.of());
            }
        }
        return null;
    }
}
