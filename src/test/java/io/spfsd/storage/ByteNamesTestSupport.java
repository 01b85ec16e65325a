package io.spfsd.storage;

import java.nio.file.Path;

/** For tests elsewhere: a directory with names that are not UTF-8. */
public final class ByteNamesTestSupport {
    private ByteNamesTestSupport() {
    }

    /** caf\351 (contains 1), caf\350 (2), ok-é (3), and link -> tar\377get. */
    public static void make(Path dir) throws Exception {
        ByteNamesTest.shell(dir, ByteNamesTest.MAKE);
    }
}
