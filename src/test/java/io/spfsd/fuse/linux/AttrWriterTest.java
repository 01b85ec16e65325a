package io.spfsd.fuse.linux;

import static org.assertj.core.api.Assertions.assertThat;

import io.spfsd.fs.api.Attr;
import io.spfsd.fs.api.StatfsOut;
import io.spfsd.os.NativeStruct;
import io.spfsd.os.linux.LinuxLayouts;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.Test;

/** The one attribute writer, on both Linux layouts: every value lands at its field's offset and width. */
class AttrWriterTest {
    @Test
    void writesAndReadsBackOnX86_64AndAarch64() {
        for (NativeStruct stat : new NativeStruct[]{LinuxLayouts.STAT_X86_64, LinuxLayouts.STAT_AARCH64}) {
            AttrWriter w = new AttrWriter(stat, LinuxLayouts.STATVFS);
            Attr a = new Attr();
            a.ino = 0x1_0000_0002L;
            a.mode = 0100644;
            a.nlink = 3;
            a.uid = 1000;
            a.gid = 100;
            a.size = 5_000_000_000L;
            a.blocks = 9_765_625;
            a.blksize = 4096;
            a.mtimeSec = 1_700_000_000L;
            a.mtimeNsec = 123;
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment st = arena.allocate(stat.size());
                st.fill((byte) 0x5a);
                w.write(st, a);
                assertThat(stat.field("st_ino").get(st)).isEqualTo(a.ino);
                assertThat(stat.field("st_mode").get(st)).isEqualTo(0100644);
                assertThat(stat.field("st_nlink").get(st)).isEqualTo(3);
                assertThat(stat.field("st_size").get(st)).isEqualTo(5_000_000_000L);
                assertThat(stat.field("st_blocks").get(st)).isEqualTo(9_765_625);
                assertThat(stat.field("st_mtim.tv_nsec").get(st)).isEqualTo(123);
                if (stat == LinuxLayouts.STAT_AARCH64) {
                    assertThat(st.get(ValueLayout.JAVA_INT, 16)).as("aarch64 st_mode at 16").isEqualTo(0100644);
                    assertThat(st.get(ValueLayout.JAVA_INT, 20)).as("aarch64 st_nlink, a u32, at 20").isEqualTo(3);
                } else {
                    assertThat(st.get(ValueLayout.JAVA_LONG, 16)).as("x86-64 st_nlink, a u64, at 16").isEqualTo(3);
                    assertThat(st.get(ValueLayout.JAVA_INT, 24)).as("x86-64 st_mode at 24").isEqualTo(0100644);
                }
                Attr back = new Attr();
                w.read(st, back);
                assertThat(back.mode).isEqualTo(a.mode);
                assertThat(back.size).isEqualTo(a.size);
                assertThat(back.mtimeSec).isEqualTo(a.mtimeSec);

                MemorySegment v = arena.allocate(LinuxLayouts.STATVFS.size());
                StatfsOut s = new StatfsOut();
                s.bsize = 4096;
                s.files = 77;
                s.namemax = 255;
                w.write(v, s);
                assertThat(v.get(ValueLayout.JAVA_LONG, 0)).isEqualTo(4096);
                assertThat(v.get(ValueLayout.JAVA_LONG, 40)).isEqualTo(77);
                assertThat(v.get(ValueLayout.JAVA_LONG, 80)).isEqualTo(255);
            }
        }
    }

    @Test
    void writesDarwinsStatAndClampsItsThirtyTwoBitStatvfsCounts() {
        AttrWriter w = new AttrWriter(io.spfsd.os.macos.DarwinLayouts.STAT, io.spfsd.os.macos.DarwinLayouts.STATVFS);
        Attr a = new Attr();
        a.ino = 77;
        a.mode = 040755;
        a.nlink = 2;
        a.size = 4096;
        a.mtimeSec = 1_700_000_000L;
        a.mtimeNsec = 9;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment st = arena.allocate(144);
            w.write(st, a);
            assertThat(st.get(ValueLayout.JAVA_SHORT, 4)).as("st_mode, a u16 at 4").isEqualTo((short) 040755);
            assertThat(st.get(ValueLayout.JAVA_SHORT, 6)).as("st_nlink, a u16 at 6").isEqualTo((short) 2);
            assertThat(st.get(ValueLayout.JAVA_LONG, 8)).as("st_ino at 8").isEqualTo(77);
            assertThat(st.get(ValueLayout.JAVA_LONG, 48)).as("st_mtimespec.tv_sec at 48").isEqualTo(1_700_000_000L);
            assertThat(st.get(ValueLayout.JAVA_LONG, 56)).as("st_mtimespec.tv_nsec at 56").isEqualTo(9);
            assertThat(st.get(ValueLayout.JAVA_LONG, 96)).as("st_size at 96").isEqualTo(4096);

            MemorySegment v = arena.allocate(64);
            StatfsOut s = new StatfsOut();
            s.blocks = 1L << 40;
            s.files = 12;
            w.write(v, s);
            assertThat(Integer.toUnsignedLong(v.get(ValueLayout.JAVA_INT, 16))).as("f_blocks clamped")
                    .isEqualTo(0xffffffffL);
            assertThat(v.get(ValueLayout.JAVA_INT, 28)).as("f_files at 28").isEqualTo(12);
        }
    }
}
