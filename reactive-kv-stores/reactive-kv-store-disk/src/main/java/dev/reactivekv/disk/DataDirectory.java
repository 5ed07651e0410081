package dev.reactivekv.disk;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/** The platform's per-user data directory, as desktop applications use it. */
final class DataDirectory {

    private DataDirectory() {
    }

    static Path forApplication(String app) {
        return forApplication(app, System.getProperty("os.name", ""), System.getenv(), System.getProperty("user.home"));
    }

    /** Linux/BSD: {@code $XDG_DATA_HOME/app} or {@code ~/.local/share/app}; macOS: {@code ~/Library/Application Support/app}; Windows: {@code %APPDATA%\app}. */
    static Path forApplication(String app, String osName, Map<String, String> env, String home) {
        String os = osName.toLowerCase(Locale.ROOT);
        if (os.startsWith("windows")) {
            String appData = env.get("APPDATA");
            Path base = appData != null && !appData.isBlank() ? Path.of(appData) : Path.of(home, "AppData", "Roaming");
            return base.resolve(app);
        }
        if (os.startsWith("mac") || os.startsWith("darwin")) {
            return Path.of(home, "Library", "Application Support", app);
        }
        String xdg = env.get("XDG_DATA_HOME");
        // the XDG spec says a relative value is invalid and must be ignored
        if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
            return Path.of(xdg, app);
        }
        return Path.of(home, ".local", "share", app);
    }

    /** Name of the generated key file in an application's configuration directory. */
    static final String KEY_FILE_NAME = "encryption.key";

    static Path keyFileForApplication(String app) {
        return keyFileForApplication(app, System.getProperty("os.name", ""), System.getenv(), System.getProperty("user.home"));
    }

    /**
     * Where the generated encryption key of an application's store lives, outside its data directory:
     * Linux/BSD {@code $XDG_CONFIG_HOME/app/encryption.key} or {@code ~/.config/app/encryption.key};
     * macOS and Windows (no separate per-user configuration folder for files) {@code <data directory>.key},
     * next to the data directory.
     */
    static Path keyFileForApplication(String app, String osName, Map<String, String> env, String home) {
        String os = osName.toLowerCase(Locale.ROOT);
        if (os.startsWith("windows") || os.startsWith("mac") || os.startsWith("darwin")) {
            return keyFileNextTo(forApplication(app, osName, env, home));
        }
        String xdg = env.get("XDG_CONFIG_HOME");
        if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
            return Path.of(xdg, app, KEY_FILE_NAME);
        }
        return Path.of(home, ".config", app, KEY_FILE_NAME);
    }

    /** {@code /a/b/store} → {@code /a/b/store.key}: beside the directory, never inside it. */
    static Path keyFileNextTo(Path directory) {
        Path dir = directory.toAbsolutePath().normalize();
        if (dir.getFileName() == null) {
            throw new IllegalArgumentException("No place next to " + dir + " for its key file; set encryptionKeyFile");
        }
        return dir.resolveSibling(dir.getFileName() + ".key");
    }
}
