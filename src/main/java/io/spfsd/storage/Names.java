package io.spfsd.storage;

import java.nio.charset.StandardCharsets;

/** Rules for entry names, shared by the encoder, the decoder and the importer. */
public final class Names {
    /** NAME_MAX on Linux and macOS. */
    public static final int MAX_BYTES = 255;

    private Names() {
    }

    public static void check(String name) {
        if (name == null || name.isEmpty() || name.equals(".") || name.equals("..")
                || name.indexOf('/') >= 0 || name.indexOf('\0') >= 0) {
            throw new CorruptObjectException("invalid entry name: '" + name + "'");
        }
        if (name.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            throw new CorruptObjectException("entry name longer than " + MAX_BYTES + " bytes: " + name);
        }
    }

    /**
     * Entries are ordered by the unsigned bytes of their UTF-8 names, like a C strcmp. UTF-8
     * byte order is code point order, so this compares code points without encoding
     * anything: it runs on every lookup's binary search.
     */
    public static int compare(String a, String b) {
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
            char x = a.charAt(i);
            char y = b.charAt(i);
            if (x != y) {
                if (!Character.isSurrogate(x) && !Character.isSurrogate(y)) {
                    return x - y;
                }
                return Integer.compare(a.codePointAt(i), b.codePointAt(i));
            }
        }
        return a.length() - b.length();
    }
}
