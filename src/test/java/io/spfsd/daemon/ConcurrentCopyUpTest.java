package io.spfsd.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many processes of one editable runtime writing a stack file, or creating under stack
 * directories, at once: the first writes copy the file up once, and every write lands.
 */
class ConcurrentCopyUpTest {
    private static final int WRITERS = 8;
    private static final int ROUNDS = 4;

    @TempDir
    static Path tmp;
    static DaemonHarness h;

    @BeforeAll
    static void start() throws Exception {
        h = new DaemonHarness(tmp);
        Path base = tmp.resolve("base");
        for (int i = 0; i < ROUNDS; i++) {
            DaemonHarness.write(base.resolve("big" + i), "-".repeat(WRITERS * 1_000_000));
        }
        for (int i = 0; i < WRITERS; i++) {
            DaemonHarness.write(base.resolve("a/b/c/d/e" + i + "/f"), "x");
        }
        h.commit(base, "base");
    }

    @AfterAll
    static void stop() {
        if (h != null) {
            h.close();
        }
    }

    @Test
    void everyWriteOfConcurrentFirstOpensLands() throws Exception {
        StringBuilder script = new StringBuilder();
        StringBuilder expected = new StringBuilder();
        for (int round = 0; round < ROUNDS; round++) {
            for (int i = 0; i < WRITERS; i++) {
                script.append("printf %02d ").append(i).append(" | dd of=big").append(round)
                        .append(" bs=1 seek=").append(i * 1_000_000).append(" conv=notrunc,fsync status=none & ");
            }
            script.append("wait; ");
            for (int i = 0; i < WRITERS; i++) {
                script.append("dd if=big").append(round).append(" bs=1 skip=").append(i * 1_000_000)
                        .append(" count=2 status=none; ");
                expected.append("%02d".formatted(i));
            }
            script.append("echo; stat -c %s big").append(round).append(round + 1 < ROUNDS ? "; " : "");
            expected.append('\n').append(WRITERS * 1_000_000).append('\n');
        }
        assertThat(h.runEditable("base", script.toString())).isEqualTo(expected.toString());
    }

    @Test
    void parallelCreationUnderTheSameStackDirectoriesSucceeds() throws Exception {
        StringBuilder script = new StringBuilder();
        for (int i = 0; i < WRITERS; i++) {
            script.append("echo ").append(i).append(" > a/b/c/d/e").append(i).append("/new & ");
        }
        script.append("wait; cat a/b/c/d/e*/new | sort | tr -d '\\n'; echo; ls a/b/c/d/e* | grep -c new");
        assertThat(h.runEditable("base", script.toString())).isEqualTo("01234567\n8\n");
    }
}
