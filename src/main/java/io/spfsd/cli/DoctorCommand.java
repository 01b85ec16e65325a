package io.spfsd.cli;

import io.spfsd.os.NativeLayouts;
import io.spfsd.os.NativeStruct;
import io.spfsd.os.Platform;
import io.spfsd.os.PlatformCheck;
import io.spfsd.platform.Doctor;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "doctor", mixinStandardHelpOptions = true,
        description = {"Check this machine for spfsd, end to end, and name what is missing or wrong, one line"
                + " each: JDK, native access, libfuse (or macFUSE) and its version, the FUSE device and mount"
                + " helper, the daemon's socket directory, the mount point, the repository, how long runtimes live."
                + " Exit status 1 when a check fails.",
                "With --layouts: the native struct layouts this build writes and reads on a platform (this one,"
                        + " or --platform P), as JSON, from the very layouts the code uses; jextract/check-layouts.sh"
                        + " compares them with a C compiler's."},
        footer = {"", "Examples:", "  spfsd doctor", "  spfsd doctor --layouts --platform macos-arm64 --json"})
final class DoctorCommand extends SpfsdCommand {
    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Option(names = "--layouts", description = "Print the native layouts instead of checking.")
    boolean layouts;

    @Option(names = "--platform", paramLabel = "P",
            description = "With --layouts: linux-x86_64, linux-aarch64, macos-arm64 or macos-x86_64 (default: this one).")
    String platform;

    /** The JSON shape of the checks. */
    record Report(String platform, boolean ok, List<PlatformCheck> checks) {
    }

    /** The JSON shape of one struct: its size and each field's offset. */
    record Layout(long size, Map<String, Long> fields) {
    }

    /** The JSON shape of --layouts. */
    record Layouts(String platform, Map<String, Layout> structs) {
    }

    @Override
    public Integer call() {
        if (platform != null && !layouts) {
            throw usage("--platform goes with --layouts (the checks are of this machine)");
        }
        return layouts ? printLayouts() : check();
    }

    private int check() {
        List<PlatformCheck> checks = new Doctor(main.locations, Platform.current()).run();
        boolean ok = checks.stream().noneMatch(c -> c.status().equals("fail"));
        PrintWriter out = out();
        if (json) {
            Json.print(out, new Report(Platform.current().id, ok, checks));
        } else {
            for (PlatformCheck c : checks) {
                out.printf("%-5s %s: %s%n", c.status().equals("fail") ? "FAIL" : c.status(), c.name(), c.detail());
            }
        }
        return ok ? 0 : Main.EXIT_ERROR;
    }

    private int printLayouts() {
        Platform p = platform == null ? Platform.current() : Arrays.stream(Platform.values())
                .filter(v -> v.id.equals(platform) && v != Platform.UNSUPPORTED).findFirst()
                .orElseThrow(() -> usage("--platform takes linux-x86_64, linux-aarch64, macos-arm64 or macos-x86_64"
                        + " (got '" + platform + "')"));
        if (p == Platform.UNSUPPORTED) {
            throw new UserError("this platform is not supported: name one with --platform");
        }
        Map<String, Layout> structs = new LinkedHashMap<>();
        for (NativeStruct s : NativeLayouts.of(p).all().values()) {
            Map<String, Long> fields = new LinkedHashMap<>();
            s.fields().values().forEach(f -> fields.put(f.name(), f.offset()));
            structs.put(s.name(), new Layout(s.size(), fields));
        }
        if (json) {
            Json.print(out(), new Layouts(p.id, structs));
        } else {
            structs.forEach((name, l) -> {
                out().printf("struct %s: %d bytes%n", name, l.size());
                l.fields().forEach((f, off) -> out().printf("  %-32s %4d%n", f, off));
            });
        }
        return 0;
    }
}
