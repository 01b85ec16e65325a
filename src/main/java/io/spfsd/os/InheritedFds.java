package io.spfsd.os;

import java.io.File;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The descriptors above stderr this process got from its caller, recorded as main starts, so
 * that `spfsd run` hands them to its command as any launcher would: a shell's `5<file`, a
 * `<(...)` (/dev/fd/63), make's jobserver pipe. Everything else open at exec time is the JVM's
 * own (its runtime image, the jar, /dev/random, the control socket) and must not leak.
 *
 * <p>At main the JVM has opened only its runtime image and class path, so an open descriptor
 * that is neither was inherited. Both systems list their descriptors in /dev/fd, and a stat of
 * /dev/fd/N is a stat of the open file.
 */
public final class InheritedFds {
    private static volatile int[] recorded = new int[0];

    private InheritedFds() {
    }

    /** Records the caller's descriptors; call it first thing in main, before the JVM opens more. */
    public static void record() {
        List<Path> own = jvmFiles();
        List<Integer> found;
        try {
            found = openAboveStderr();
        } catch (IOException | RuntimeException e) {
            return; // nothing recorded: exec closes every descriptor above stderr, as before
        }
        // The listing's own descriptor is closed by now, and so no longer exists.
        int[] callers = new int[found.size()];
        int n = 0;
        for (int fd : found) {
            if (isCallers(Path.of("/dev/fd/" + fd), own)) {
                callers[n++] = fd;
            }
        }
        int[] sorted = Arrays.copyOf(callers, n);
        Arrays.sort(sorted);
        recorded = sorted;
    }

    /** The descriptors above stderr open in this process, as /dev/fd lists them (both systems have it): the listing's own among them. */
    static List<Integer> openAboveStderr() throws IOException {
        List<Integer> found = new ArrayList<>();
        try (DirectoryStream<Path> list = Files.newDirectoryStream(Path.of("/dev/fd"))) {
            for (Path p : list) {
                int fd = Integer.parseInt(p.getFileName().toString());
                if (fd > 2) {
                    found.add(fd);
                }
            }
        }
        return found;
    }

    /** The recorded descriptors, sorted; none if record was not called. */
    public static int[] recorded() {
        return recorded.clone();
    }

    private static boolean isCallers(Path fd, List<Path> own) {
        if (!Files.exists(fd)) {
            return false;
        }
        for (Path file : own) {
            try {
                if (Files.isSameFile(fd, file)) {
                    return false;
                }
            } catch (IOException e) {
                // not comparable: not that file
            }
        }
        return true;
    }

    /** What the JVM opens before main: its runtime image, and each class path entry. */
    private static List<Path> jvmFiles() {
        List<Path> own = new ArrayList<>();
        own.add(Path.of(System.getProperty("java.home"), "lib", "modules"));
        for (String entry : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
            if (!entry.isEmpty()) {
                own.add(Path.of(entry));
            }
        }
        return own;
    }
}
