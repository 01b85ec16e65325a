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
                "With --self-test: do the whole job once on a private instance and say how each step went:"
                        + " a repository, mount point and socket of its own under /tmp, a small tree committed,"
                        + " a daemon mounted, a read-only and an editable runtime run as child processes, this"
                        + " process (in no runtime) seeing an empty mount point, the edit committed and read back,"
                        + " everything unmounted and removed. One line per step with its time; exit status 1 when"
                        + " one fails. The command to run first on a new machine, and to paste into a report.",
                "With --layouts: the native struct layouts this build writes and reads on a platform (this one,"
                        + " or --platform P), as JSON, from the very layouts the code uses; jextract/check-layouts.sh"
                        + " compares them with a C compiler's."},
        footer = {"", "Examples:", "  spfsd doctor", "  spfsd doctor --self-test",
            "  spfsd doctor --layouts --platform macos-arm64 --json"})
final class DoctorCommand extends SpfsdCommand {
    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Option(names = "--layouts", description = "Print the native layouts instead of checking.")
    boolean layouts;

    @Option(names = "--self-test", description = "Mount a private instance and run runtimes in it, step by step.")
    boolean selfTest;

    /** The JSON shape of --self-test. */
    record SelfTestReport(String platform, boolean ok, List<io.spfsd.platform.SelfTest.Step> steps) {
    }

    @Option(names = "--platform", paramLabel = "P",
            description = "With --layouts: linux-x86_64, linux-aarch64, macos-arm64 or macos-x86_64 (default: this one).")
    String platform;

    /** The JSON shape of the checks. */
    record Report(String platform, boolean ok, List<PlatformCheck> checks) {
    }

    /** The JSON shape of one struct: its size and each field's offset. */
    record Layout(Long size, Map<String, Long> fields) {
    }

    /** The JSON shape of --layouts. */
    record Layouts(String platform, Map<String, Layout> structs) {
    }

    @Override
    public Integer call() {
        if (platform != null && !layouts) {
            throw usage("--platform goes with --layouts (the checks are of this machine)");
        }
        if (selfTest && layouts) {
            throw usage("--self-test and --layouts are two different reports: give one");
        }
        return layouts ? printLayouts() : selfTest ? selfTest() : check();
    }

    private int selfTest() {
        PrintWriter out = out();
        List<io.spfsd.platform.SelfTest.Step> steps = new io.spfsd.platform.SelfTest().run();
        boolean ok = steps.stream().allMatch(s -> s.status().equals("ok"));
        if (json) {
            Json.print(out, new SelfTestReport(Platform.current().id, ok, steps));
        } else {
            for (io.spfsd.platform.SelfTest.Step s : steps) {
                out.printf("%-5s %s (%d ms): %s%n", s.status().equals("fail") ? "FAIL" : s.status(), s.name(),
                        s.millis(), s.detail());
            }
            out.println(ok ? "self-test passed on " + Platform.current().id
                    : "self-test FAILED on " + Platform.current().id + ": see the FAIL line above");
        }
        return ok ? 0 : Main.EXIT_ERROR;
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
            structs.put(s.name(), new Layout(s.size() < 0 ? null : s.size(), fields)); // null: libfuse's to size
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
