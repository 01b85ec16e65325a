package io.spfsd.os;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.Test;

class PosixRequireTest {
    @Test
    void aCallTheCLibraryHasIsBoundWithErrnoCapture() throws Throwable {
        var getpid = Posix.require("getpid", FunctionDescriptor.of(ValueLayout.JAVA_INT));
        assertThat((int) getpid.invokeExact(Posix.errnoCapture())).isEqualTo((int) ProcessHandle.current().pid());
    }

    @Test
    void aCallItLacksFailsAtOnceNamingIt() {
        assertThatThrownBy(() -> Posix.require("spfsd_no_such_call", FunctionDescriptor.of(ValueLayout.JAVA_INT)))
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessage("spfsd_no_such_call is not in this C library");
    }
}
