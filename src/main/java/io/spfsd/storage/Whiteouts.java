package io.spfsd.storage;

/**
 * How a scratch (overlay style) says a name of the layers below is deleted. A file {@code
 * .wh.NAME} beside it, where that fits NAME_MAX; a name of 252 to 255 bytes has no room for the
 * prefix, so its whiteout is a character device 0/0 of that very name, overlayfs's own form
 * (and spfs's). A runtime cannot make a character device 0/0 of such a name itself (the daemon
 * refuses it; other devices of such names are made as usual), so one there is always a whiteout.
 */
public final class Whiteouts {
    public static final String PREFIX = ".wh.";
    /** In a directory: it hides everything the layers below have there. */
    public static final String OPAQUE = ".wh..wh..opq";
    /** overlay's reserved names: the opaque marker, and a scratch's own temporaries (never whiteouts). */
    public static final String META_PREFIX = ".wh..wh.";
    private static final int S_IFMT = 0170000, S_IFCHR = 0020000;

    private Whiteouts() {
    }

    /** Whether name's whiteout is a file {@code .wh.NAME} (else a character device named name). */
    public static boolean fitsPrefix(String name) {
        return Names.encodedLength(name) + PREFIX.length() <= Names.MAX_BYTES;
    }

    /** Whether an entry name of this mode and device number is a whiteout in the device form. */
    public static boolean isDevice(String name, int mode, long rdev) {
        return rdev == 0 && mayBeDevice(name, mode);
    }

    /** Whether it may be one, the device number not known yet (a listing's stat has none): ask for it then. */
    public static boolean mayBeDevice(String name, int mode) {
        return (mode & S_IFMT) == S_IFCHR && !fitsPrefix(name);
    }
}
