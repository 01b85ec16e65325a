package io.spfsd.os.macos;

import static org.assertj.core.api.Assertions.assertThat;

import io.spfsd.os.FileStat;
import io.spfsd.os.Platform;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

/** The parts of MacOs that do not need a Mac to run. */
class MacOsTest {
    @Test
    void aDarwinStatBecomesAFileStat() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = a.allocate(144);
            DarwinLayouts.STAT.field("st_mode").put(st, 0100644);
            DarwinLayouts.STAT.field("st_dev").put(st, 0x1000004);
            DarwinLayouts.STAT.field("st_ino").put(st, 1L << 40);
            DarwinLayouts.STAT.field("st_size").put(st, 5000);
            DarwinLayouts.STAT.field("st_blocks").put(st, 16);
            DarwinLayouts.STAT.field("st_ctimespec.tv_sec").put(st, 1_700_000_000L);
            DarwinLayouts.STAT.field("st_ctimespec.tv_nsec").put(st, 42);
            assertThat(DarwinFiles.toFileStat(st))
                    .isEqualTo(new FileStat(0100644, 0x1000004, 1L << 40, 5000, 16, 1_700_000_000_000_000_042L));
        }
    }

    @Test
    void x86_64LinksThe64BitInodeStatSymbols() {
        assertThat(DarwinFiles.statSymbol("lstat", Platform.MACOS_X86_64)).isEqualTo("lstat$INODE64");
        assertThat(DarwinFiles.statSymbol("fstat", Platform.MACOS_ARM64)).isEqualTo("fstat");
    }

    @Test
    void aMountPointIsADirectoryOnAnotherDeviceThanItsParent() {
        FileStat dir = new FileStat(040755, 7, 2, 0, 0, 0);
        FileStat parentSame = new FileStat(040755, 7, 1, 0, 0, 0);
        FileStat parentOther = new FileStat(040755, 3, 1, 0, 0, 0);
        assertThat(MacMountTable.isMountPoint(dir, parentOther)).isTrue();
        assertThat(MacMountTable.isMountPoint(dir, parentSame)).isFalse();
        assertThat(MacMountTable.isMountPoint(dir, null)).as("the root").isTrue();
        assertThat(MacMountTable.isMountPoint(null, parentOther)).isFalse();
        assertThat(MacMountTable.isMountPoint(new FileStat(0100644, 7, 2, 0, 0, 0), parentOther)).isFalse();
    }

    @Test
    void processOwnersComeFromTheJdksProcessHandle() throws Exception {
        long self = ProcessHandle.current().pid();
        assertThat(new MacOs().processOwner((int) self)).contains(java.nio.file.FileSystems.getDefault()
                .getUserPrincipalLookupService().lookupPrincipalByName(System.getProperty("user.name")));
        assertThat(new MacOs().processOwner(Integer.MAX_VALUE)).isEmpty();
    }
}
