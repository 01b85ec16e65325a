package io.spfsd.cli;

import static org.assertj.core.api.Assertions.assertThatCode;

import org.junit.jupiter.api.Test;

/**
 * bin/spfsd trains its AOT caches with AotTraining; a training that fails leaves the commands
 * to start cold, and says so only in target/aot-*.log. All three trainings must run to their end:
 * every command they run must still exit as they expect (the canned daemon's line included).
 */
class AotTrainingTest {
    @Test
    void theClientTrainingRunsToItsEnd() {
        assertThatCode(() -> AotTraining.main(new String[]{"client"})).doesNotThrowAnyException();
    }

    @Test
    void theImportTrainingRunsToItsEnd() {
        assertThatCode(() -> AotTraining.main(new String[]{"import"})).doesNotThrowAnyException();
    }

    @Test
    void theFullTrainingRunsToItsEnd() {
        assertThatCode(() -> AotTraining.main(new String[]{"full"})).doesNotThrowAnyException();
    }
}
