package io.spfsd.daemon;

import static org.assertj.core.api.Assertions.assertThatCode;

import org.junit.jupiter.api.Test;

class HeapTrimTest {
    @Test
    void aRuntimeEndingWhileTheDaemonClosesIsNotAnError() {
        // The exit watcher can still report an exit after the registry closed the trim timer.
        HeapTrim trim = new HeapTrim();
        trim.runtimeEnded();
        trim.close();
        assertThatCode(trim::runtimeEnded).doesNotThrowAnyException();
    }
}
