package io.spfsd.node;

import java.nio.file.Path;

/**
 * The writable top of an editable runtime: a directory on disk (its {@link #upper()} tree
 * mirrors the runtime's paths) over the runtime's read-only stack, overlay style. A name
 * deleted from the stack is a whiteout file {@code .wh.NAME} in its upper directory; a
 * directory whose stack contents are hidden holds {@code .wh..wh..opq}. Its nodes are the
 * runtime's own ({@link #domain()}), never shared with another runtime.
 */
public record Scratch(Path dir, NodeDomain.Private domain) {
    public static final String WHITEOUT_PREFIX = ".wh.";
    public static final String OPAQUE = ".wh..wh..opq";

    public Path upper() {
        return dir.resolve("upper");
    }

    public static boolean isReserved(String name) {
        return name.startsWith(WHITEOUT_PREFIX);
    }
}
