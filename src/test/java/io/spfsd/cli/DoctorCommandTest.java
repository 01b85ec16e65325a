package io.spfsd.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.spfsd.config.Locations;
import io.spfsd.os.NativeLayouts;
import io.spfsd.os.NativeStruct;
import io.spfsd.os.Platform;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DoctorCommandTest {
    @TempDir
    Path tmp;

    CliRun run(String... args) {
        Locations l = new Locations(Map.of("SPFSD_REPO", tmp.resolve("repo").toString(),
                "SPFSD_SOCKET", tmp.resolve("run/spfsd.sock").toString(),
                "SPFSD_MOUNTPOINT", tmp.resolve("mnt").toString()), tmp.toString(), "Linux");
        return CliRun.of(l, args);
    }

    @Test
    void checksThisMachineOneLineEachAndFailsOnlyWhenACheckFails() throws Exception {
        CliRun r = run("doctor", "--json");
        JsonNode json = r.json();
        assertThat(json.get("platform").asText()).isEqualTo(Platform.current().id);
        List<String> names = new ArrayList<>();
        boolean failed = false;
        for (JsonNode c : json.get("checks")) {
            names.add(c.get("name").asText());
            assertThat(c.get("status").asText()).isIn("ok", "warn", "fail");
            assertThat(c.get("detail").asText()).isNotBlank().doesNotContain("\n");
            failed |= c.get("status").asText().equals("fail");
        }
        assertThat(json.get("ok").asBoolean()).isEqualTo(!failed);
        assertThat(r.code()).isEqualTo(failed ? Main.EXIT_ERROR : 0);
        assertThat(names).contains("java", "native access", "libfuse", "/dev/fuse", "fusermount3", "mount point",
                "repository", "runtime lifetime");
        // where the tests run, FUSE works (they mount for real): libfuse and /dev/fuse must be ok
        for (JsonNode c : json.get("checks")) {
            if (List.of("libfuse", "/dev/fuse", "java", "native access").contains(c.get("name").asText())) {
                assertThat(c.get("status").asText()).as(c.toString()).isEqualTo("ok");
            }
        }
        assertThat(run("doctor").out().lines()).hasSize(names.size());
        List<String> keys = new ArrayList<>();
        json.fieldNames().forEachRemaining(keys::add);
        assertThat(keys).containsExactlyElementsOf(io.spfsd.testing.DocumentedJson.keys("doctor"));
    }

    @Test
    void layoutsAreTheOnesTheCodeUsesForEveryPlatform() throws Exception {
        for (Platform p : List.of(Platform.LINUX_X86_64, Platform.LINUX_AARCH64, Platform.MACOS_ARM64,
                Platform.MACOS_X86_64)) {
            JsonNode json = run("doctor", "--layouts", "--platform", p.id, "--json").json();
            assertThat(json.get("platform").asText()).isEqualTo(p.id);
            Map<String, NativeStruct> used = NativeLayouts.of(p).all();
            assertThat(json.get("structs").size()).isEqualTo(used.size());
            for (NativeStruct s : used.values()) {
                JsonNode printed = json.get("structs").get(s.name());
                if (s.size() < 0) {
                    assertThat(printed.get("size").isNull()).as(p.id + " " + s.name() + ": libfuse allocates it").isTrue();
                } else {
                    assertThat(printed.get("size").asLong()).as(p.id + " " + s.name()).isEqualTo(s.size());
                }
                s.fields().values().forEach(f -> assertThat(printed.get("fields").get(f.name()).asLong())
                        .as(p.id + " " + s.name() + "." + f.name()).isEqualTo(f.offset()));
            }
        }
        JsonNode mac = run("doctor", "--layouts", "--platform", "macos-arm64", "--json").json().get("structs");
        assertThat(mac.fieldNames()).toIterable().contains("stat", "statvfs", "kevent", "proc_bsdshortinfo",
                "fuse_lowlevel_ops", "fuse_bufvec", "libfuse_version");
        assertThat(mac.get("fuse_bufvec").get("size").asLong()).as("macFUSE's, 3.17's").isEqualTo(72);
        assertThat(mac.get("stat").get("fields").get("st_mode").asLong()).isEqualTo(4);
    }

    @Test
    void aPlatformIsNamedOnlyWithLayoutsAndMustExist() {
        assertThat(run("doctor", "--platform", "linux-x86_64").code()).isEqualTo(Main.EXIT_USAGE);
        CliRun bad = run("doctor", "--layouts", "--platform", "windows");
        assertThat(bad.code()).isEqualTo(Main.EXIT_USAGE);
        assertThat(bad.err()).contains("linux-x86_64, linux-aarch64, macos-arm64 or macos-x86_64");
    }

    @Test
    void theSelfTestDoesTheWholeJobOnAPrivateInstanceAndLeavesNothing() throws Exception {
        io.spfsd.testing.FuseRequirement.require();
        java.util.Set<Path> before = selfTestDirs();
        CliRun r = run("doctor", "--self-test", "--json");
        JsonNode json = r.json();
        List<String> steps = new ArrayList<>();
        for (JsonNode s : json.get("steps")) {
            steps.add(s.get("name").asText());
            assertThat(s.get("status").asText()).as(s.toString()).isEqualTo("ok");
            assertThat(s.get("millis").asLong()).isNotNegative();
            assertThat(s.get("detail").asText()).isNotBlank().doesNotContain("\n");
        }
        assertThat(steps).containsExactly("prepare", "commit", "mount", "read-only runtime", "isolation",
                "editable runtime", "read back", "unmount");
        assertThat(json.get("ok").asBoolean()).isTrue();
        assertThat(r.code()).isZero();
        assertThat(selfTestDirs()).as("its directory under /tmp is removed").isEqualTo(before);
        CliRun text = run("doctor", "--self-test");
        assertThat(text.out()).contains("ok    isolation (").endsWith("self-test passed on " + Platform.current().id + "\n");
        assertThat(run("doctor", "--self-test", "--layouts").code()).isEqualTo(Main.EXIT_USAGE);
    }

    private static java.util.Set<Path> selfTestDirs() throws java.io.IOException {
        try (var s = java.nio.file.Files.list(Path.of("/tmp"))) {
            return s.filter(p -> p.getFileName().toString().startsWith("spfsd-st-")).collect(
                    java.util.stream.Collectors.toSet());
        }
    }
}
