package dev.reactivekv.disk;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

class DataDirectoryTest {

    @Test
    void linuxUsesXdgDataHomeOrLocalShare() {
        assertThat(DataDirectory.forApplication("app", "Linux", Map.of("XDG_DATA_HOME", "/data"), "/home/u"))
                .isEqualTo(Path.of("/data/app"));
        assertThat(DataDirectory.forApplication("app", "Linux", Map.of("XDG_DATA_HOME", "relative"), "/home/u"))
                .isEqualTo(Path.of("/home/u/.local/share/app"));
        assertThat(DataDirectory.forApplication("app", "Linux", Map.of(), "/home/u"))
                .isEqualTo(Path.of("/home/u/.local/share/app"));
    }

    @Test
    void macAndWindowsUseTheirApplicationDataFolders() {
        assertThat(DataDirectory.forApplication("app", "Mac OS X", Map.of(), "/Users/u"))
                .isEqualTo(Path.of("/Users/u/Library/Application Support/app"));
        assertThat(DataDirectory.forApplication("app", "Windows 11", Map.of("APPDATA", "/appdata"), "/u"))
                .isEqualTo(Path.of("/appdata/app"));
    }

    @Test
    void theBuilderResolvesTheApplicationDirectory() {
        assertThat(DiskStore.builder().applicationName("my-app").resolvedDirectory().getFileName())
                .isEqualTo(Path.of("my-app"));
        assertThat(System.getProperty("chronicle.analytics.disable")).isEqualTo("true");
    }

    @Test
    void keyFilesLiveOutsideTheDataDirectory() {
        assertThat(DataDirectory.keyFileForApplication("app", "Linux", Map.of("XDG_CONFIG_HOME", "/cfg"), "/home/u"))
                .isEqualTo(Path.of("/cfg/app/encryption.key"));
        assertThat(DataDirectory.keyFileForApplication("app", "Linux", Map.of(), "/home/u"))
                .isEqualTo(Path.of("/home/u/.config/app/encryption.key"));
        assertThat(DataDirectory.keyFileForApplication("app", "Mac OS X", Map.of(), "/Users/u"))
                .isEqualTo(Path.of("/Users/u/Library/Application Support/app.key"));
        assertThat(DataDirectory.keyFileNextTo(Path.of("/var/lib/kv/"))).isEqualTo(Path.of("/var/lib/kv.key"));
        assertThat(DiskStore.builder().directory(Path.of("/data/s")).resolvedKeyFile()).isEqualTo(Path.of("/data/s.key"));
        assertThat(DiskStore.builder().directory(Path.of("/data/s")).encryptionKeyFile(Path.of("/k")).resolvedKeyFile())
                .isEqualTo(Path.of("/k"));
    }
}
