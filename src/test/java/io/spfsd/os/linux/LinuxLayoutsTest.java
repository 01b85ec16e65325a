package io.spfsd.os.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.spfsd.os.NativeStruct;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every field spfsd writes, checked against the C headers by a compiler: x86-64 with the
 * host's cc, aarch64 by cross-compiling with clang against Debian's libc6-dev-arm64-cross
 * (nothing runs: each offset and width is a _Static_assert, so compiling is the test).
 */
class LinuxLayoutsTest {
    private static final Path CROSS_INCLUDE = Path.of("/usr/aarch64-linux-gnu/include");
    @TempDir
    Path tmp;

    /** One _Static_assert per field (offset, and width where the C member is a scalar). */
    static String asserts(NativeStruct s, String cType, List<String> offsetOnly) {
        StringBuilder c = new StringBuilder();
        c.append("_Static_assert(sizeof(").append(cType).append(") == ").append(s.size()).append(", \"")
                .append(cType).append(" size\");\n");
        for (NativeStruct.Field f : s.fields().values()) {
            c.append("_Static_assert(offsetof(").append(cType).append(", ").append(f.name()).append(") == ")
                    .append(f.offset()).append(", \"").append(f.name()).append(" offset\");\n");
            if (!offsetOnly.contains(f.name())) {
                c.append("_Static_assert(sizeof(((").append(cType).append(" *)0)->").append(f.name()).append(") == ")
                        .append(f.bytes()).append(", \"").append(f.name()).append(" width\");\n");
            }
        }
        return c.toString();
    }

    static String program(NativeStruct stat) {
        return "#define FUSE_USE_VERSION 312\n#include <fuse_lowlevel.h>\n#include <sys/stat.h>\n"
                + "#include <sys/statvfs.h>\n#include <stddef.h>\n"
                + asserts(stat, "struct stat", List.of())
                + asserts(LinuxLayouts.STATVFS, "struct statvfs", List.of())
                + asserts(io.spfsd.os.NativeLayouts.entryParam(stat), "struct fuse_entry_param", List.of("attr"));
    }

    private String compile(List<String> cmd, String program) throws Exception {
        Path src = tmp.resolve("layouts.c");
        Files.writeString(src, program);
        List<String> all = new ArrayList<>(cmd);
        all.addAll(List.of("-I/usr/include/fuse3", "-fsyntax-only", src.toString()));
        Process p = new ProcessBuilder(all).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        return p.waitFor() == 0 ? "" : out;
    }

    private static void requireTool(boolean present, String what) {
        if (!present && "true".equals(System.getenv("CI"))) {
            fail(what + " is needed for this test (bin/spfsd dev test installs it)");
        }
        assumeTrue(present, what + " is not installed");
    }

    @Test
    void x86_64LayoutsMatchTheHeaders() throws Exception {
        requireTool(Files.exists(Path.of("/usr/include/fuse3/fuse_lowlevel.h")), "libfuse3-dev");
        assumeTrue(System.getProperty("os.arch").equals("amd64"), "the host compiler targets x86-64 only there");
        assertThat(compile(List.of("cc"), program(LinuxLayouts.STAT_X86_64))).isEmpty();
    }

    @Test
    void aarch64LayoutsMatchTheCrossHeaders() throws Exception {
        requireTool(Files.isExecutable(Path.of("/usr/bin/clang-14")), "clang-14");
        requireTool(Files.isDirectory(CROSS_INCLUDE.resolve("sys")), "libc6-dev-arm64-cross");
        String clangInclude = Files.list(Path.of("/usr/lib/llvm-14/lib/clang")).findFirst().orElseThrow()
                .resolve("include").toString();
        List<String> clang = List.of("clang-14", "--target=aarch64-linux-gnu", "-nostdinc", "-isystem", clangInclude,
                "-isystem", CROSS_INCLUDE.toString());
        assertThat(compile(clang, program(LinuxLayouts.STAT_AARCH64))).isEmpty();
        assertThat(compile(clang, program(LinuxLayouts.STAT_X86_64))).as("the x86-64 layout is wrong there")
                .contains("st_nlink offset");
    }
}
