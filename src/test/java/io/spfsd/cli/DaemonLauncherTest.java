package io.spfsd.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A daemon that run starts gets the launcher's full AOT cache, when it is there and newer than the jar. */
class DaemonLauncherTest {
    @TempDir
    Path tmp;

    @Test
    void theFullCacheBesideTheJarWhenItIsNewer() throws Exception {
        Path jar = Files.writeString(tmp.resolve("spfsd.jar"), "jar");
        Path aot = tmp.resolve("spfsd-full.aot");
        assertThat(DaemonLauncher.fullAotCache(jar.toString())).isEmpty();
        Files.writeString(aot, "cache");
        Files.setLastModifiedTime(jar, FileTime.fromMillis(1_000_000));
        Files.setLastModifiedTime(aot, FileTime.fromMillis(2_000_000));
        assertThat(DaemonLauncher.fullAotCache(jar.toString())).contains(aot);
        Files.setLastModifiedTime(aot, FileTime.fromMillis(500_000)); // the jar was rebuilt since
        assertThat(DaemonLauncher.fullAotCache(jar.toString())).isEmpty();
        assertThat(DaemonLauncher.fullAotCache("target/classes:dep.jar")).isEmpty();
    }
}
