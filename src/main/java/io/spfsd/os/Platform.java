package io.spfsd.os;

import java.util.Locale;

/**
 * The one place that decides which operating system and architecture this is. Everything
 * that differs by platform asks here (or goes through {@link Os}), never os.name itself.
 */
public enum Platform {
    LINUX_X86_64("linux-x86_64"),
    LINUX_AARCH64("linux-aarch64"),
    MACOS_ARM64("macos-arm64"),
    MACOS_X86_64("macos-x86_64"),
    UNSUPPORTED("unsupported");

    private static final Platform CURRENT = detect(System.getProperty("os.name", ""), System.getProperty("os.arch", ""));

    /** How users and docs name it (spfsd doctor --layouts --platform NAME). */
    public final String id;

    Platform(String id) {
        this.id = id;
    }

    public static Platform current() {
        return CURRENT;
    }

    /** The platform an os.name and os.arch stand for. */
    public static Platform detect(String osName, String osArch) {
        String os = osName.toLowerCase(Locale.ROOT);
        boolean arm = osArch.equals("aarch64") || osArch.equals("arm64");
        boolean x64 = osArch.equals("amd64") || osArch.equals("x86_64");
        if (os.equals("linux")) {
            return arm ? LINUX_AARCH64 : x64 ? LINUX_X86_64 : UNSUPPORTED;
        }
        if (os.startsWith("mac")) {
            return arm ? MACOS_ARM64 : x64 ? MACOS_X86_64 : UNSUPPORTED;
        }
        return UNSUPPORTED;
    }

    public boolean isLinux() {
        return this == LINUX_X86_64 || this == LINUX_AARCH64;
    }

    public boolean isMac() {
        return this == MACOS_ARM64 || this == MACOS_X86_64;
    }
}
