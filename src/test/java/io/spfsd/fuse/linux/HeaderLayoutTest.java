package io.spfsd.fuse.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.spfsd.bindings.fuse3.fuse_conn_info;
import io.spfsd.bindings.fuse3.fuse_ctx;
import io.spfsd.bindings.fuse3.fuse_entry_param;
import io.spfsd.bindings.fuse3.fuse_file_info;
import io.spfsd.bindings.fuse3.fuse_lowlevel_ops;
import io.spfsd.bindings.fuse3.stat;
import io.spfsd.bindings.fuse3.statvfs;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checks the committed bindings and the hand-written bitfield accessor against what a C
 * compiler makes of the installed libfuse3 headers: sizes, offsets, and the bit each
 * fuse_file_info flag occupies.
 */
class HeaderLayoutTest {
    @TempDir
    static Path tmp;
    static Map<String, Long> c = new HashMap<>();

    private static final String PROGRAM = """
            #define FUSE_USE_VERSION 312
            #include <fuse3/fuse_lowlevel.h>
            #include <stddef.h>
            #include <stdio.h>
            #include <string.h>
            #define SIZE(t) printf(#t " %zu\\n", sizeof(struct t))
            #define OFF(t, f) printf(#t "." #f " %zu\\n", offsetof(struct t, f))
            #define BIT(f) do { struct fuse_file_info fi; unsigned w; memset(&fi, 0, sizeof fi); \\
                fi.f = 1; memcpy(&w, (char *)&fi + 4, 4); printf("bit." #f " %u\\n", w); } while (0)
            int main(void) {
                SIZE(fuse_file_info); SIZE(fuse_entry_param); SIZE(fuse_lowlevel_ops); SIZE(stat);
                SIZE(statvfs); SIZE(fuse_ctx); SIZE(fuse_conn_info);
                OFF(fuse_file_info, fh); OFF(fuse_entry_param, attr); OFF(fuse_entry_param, entry_timeout);
                OFF(fuse_lowlevel_ops, readdirplus); OFF(stat, st_mode); OFF(stat, st_size); OFF(stat, st_mtim);
                OFF(fuse_ctx, pid); OFF(fuse_conn_info, want);
                BIT(direct_io); BIT(keep_cache); BIT(nonseekable); BIT(cache_readdir); BIT(noflush);
                return 0;
            }
            """;

    @BeforeAll
    static void compileAndRun() throws Exception {
        boolean haveHeaders = Files.exists(Path.of("/usr/include/fuse3/fuse_lowlevel.h"));
        if (!haveHeaders && "true".equals(System.getenv("CI"))) {
            fail("libfuse3-dev headers are needed for this test (CI installs them)");
        }
        assumeTrue(haveHeaders, "libfuse3-dev is not installed");
        Path src = tmp.resolve("layout.c");
        Files.writeString(src, PROGRAM);
        Path exe = tmp.resolve("layout");
        run(List.of("cc", "-o", exe.toString(), src.toString()));
        for (String line : run(List.of(exe.toString())).split("\n")) {
            String[] kv = line.split(" ");
            c.put(kv[0], Long.parseLong(kv[1]));
        }
    }

    private static String run(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(cmd + ": " + out).isZero();
        return out;
    }

    @Test
    void structSizesMatchTheHeaders() {
        assertThat(fuse_file_info.sizeof()).isEqualTo(c.get("fuse_file_info"));
        assertThat(fuse_entry_param.sizeof()).isEqualTo(c.get("fuse_entry_param"));
        assertThat(fuse_lowlevel_ops.sizeof()).isEqualTo(c.get("fuse_lowlevel_ops"));
        assertThat(stat.sizeof()).isEqualTo(c.get("stat"));
        assertThat(statvfs.sizeof()).isEqualTo(c.get("statvfs"));
        assertThat(fuse_ctx.sizeof()).isEqualTo(c.get("fuse_ctx"));
        assertThat(fuse_conn_info.sizeof()).isEqualTo(c.get("fuse_conn_info"));
    }

    @Test
    void fieldOffsetsMatchTheHeaders() {
        assertThat(fuse_file_info.fh$offset()).isEqualTo(c.get("fuse_file_info.fh"));
        assertThat(fuse_entry_param.attr$offset()).isEqualTo(c.get("fuse_entry_param.attr"));
        assertThat(fuse_entry_param.entry_timeout$offset()).isEqualTo(c.get("fuse_entry_param.entry_timeout"));
        assertThat(fuse_lowlevel_ops.readdirplus$offset()).isEqualTo(c.get("fuse_lowlevel_ops.readdirplus"));
        assertThat(stat.st_mode$offset()).isEqualTo(c.get("stat.st_mode"));
        assertThat(stat.st_size$offset()).isEqualTo(c.get("stat.st_size"));
        assertThat(stat.st_mtim$offset()).isEqualTo(c.get("stat.st_mtim"));
        assertThat(fuse_ctx.pid$offset()).isEqualTo(c.get("fuse_ctx.pid"));
        assertThat(fuse_conn_info.want$offset()).isEqualTo(c.get("fuse_conn_info.want"));
    }

    @Test
    void bitfieldAccessorSetsTheBitsTheCompilerUses() {
        assertThat((long) FileInfoBits.DIRECT_IO).isEqualTo(c.get("bit.direct_io"));
        assertThat((long) FileInfoBits.KEEP_CACHE).isEqualTo(c.get("bit.keep_cache"));
        assertThat((long) FileInfoBits.NONSEEKABLE).isEqualTo(c.get("bit.nonseekable"));
        assertThat((long) FileInfoBits.CACHE_READDIR).isEqualTo(c.get("bit.cache_readdir"));
        assertThat((long) FileInfoBits.NOFLUSH).isEqualTo(c.get("bit.noflush"));
        try (Arena a = Arena.ofConfined()) {
            MemorySegment fi = fuse_file_info.allocate(a);
            fuse_file_info.flags(fi, 0x8000);
            FileInfoBits.set(fi, FileInfoBits.KEEP_CACHE);
            FileInfoBits.set(fi, FileInfoBits.CACHE_READDIR);
            assertThat(FileInfoBits.isSet(fi, FileInfoBits.KEEP_CACHE)).isTrue();
            assertThat(FileInfoBits.isSet(fi, FileInfoBits.DIRECT_IO)).isFalse();
            assertThat(fuse_file_info.flags(fi)).as("flags untouched").isEqualTo(0x8000);
            assertThat(fuse_file_info.fh(fi)).as("fh untouched").isZero();
        }
    }
}
