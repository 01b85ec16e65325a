package io.spfsd.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigFileTest {
    @TempDir
    Path tmp;

    @Test
    void settingsAreDefaultsTheEnvironmentOverrides() throws Exception {
        Path file = Files.writeString(tmp.resolve("config"), """
                # where things are
                repository = /data/spfs
                socket = "/run/user/1/spfsd.sock"

                timeout = 2.5
                """);
        Map<String, String> env = ConfigFile.withDefaults(
                Map.of("SPFSD_CONFIG", file.toString(), "SPFSD_SOCKET", "/from/env.sock"), "/home/u");
        assertThat(env).containsEntry("SPFSD_REPO", "/data/spfs").containsEntry("SPFSD_SOCKET", "/from/env.sock")
                .containsEntry("SPFSD_TIMEOUT", "2.5");
        Locations l = new Locations(env, "/home/u", "Linux");
        assertThat(l.repository()).isEqualTo(Path.of("/data/spfs"));
        assertThat(l.socket()).isEqualTo(Path.of("/from/env.sock"));
    }

    @Test
    void itIsFoundUnderXdgConfigHomeElseDotConfig() {
        assertThat(ConfigFile.location(Map.of(), "/home/u")).isEqualTo(Path.of("/home/u/.config/spfsd/config"));
        assertThat(ConfigFile.location(Map.of("XDG_CONFIG_HOME", "/cfg"), "/home/u"))
                .isEqualTo(Path.of("/cfg/spfsd/config"));
        assertThat(ConfigFile.withDefaults(Map.of("XDG_CONFIG_HOME", tmp.toString()), "/home/u"))
                .as("no file: nothing added").isEqualTo(Map.of("XDG_CONFIG_HOME", tmp.toString()));
    }

    @Test
    void mistakesNameTheFileAndLine() throws Exception {
        Path file = Files.writeString(tmp.resolve("config"), "repository = /r\ncolour = blue\n");
        assertThatThrownBy(() -> ConfigFile.withDefaults(Map.of("SPFSD_CONFIG", file.toString()), "/h"))
                .hasMessage(file + " line 2: unknown setting 'colour' (known: repository, mountpoint, socket,"
                        + " timeout, log_level, remote, cache_size, fetch_timeout, xattrs, remote.NAME)");
        Files.writeString(file, "repository\n");
        assertThatThrownBy(() -> ConfigFile.withDefaults(Map.of("SPFSD_CONFIG", file.toString()), "/h"))
                .hasMessage(file + " line 1: expected 'key = value', got 'repository'");
        assertThatThrownBy(() -> ConfigFile.withDefaults(Map.of("SPFSD_CONFIG", tmp.resolve("none").toString()), "/h"))
                .hasMessage("config file " + tmp.resolve("none") + " (from SPFSD_CONFIG) does not exist");
    }
}
