package io.spfsd.storage;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Entry names (and symlink targets) are bytes, as on Linux and macOS: any byte but '/' and
 * NUL. In memory they are Strings that map back to exactly those bytes:
 * valid UTF-8 decodes as usual, and each byte that is not part of valid UTF-8 becomes a lone
 * low surrogate U+DC80..U+DCFF (the "surrogateescape" scheme). Valid UTF-8 never decodes to
 * a lone surrogate, so the mapping is one-to-one and {@link #encode} restores the bytes.
 * Names that are valid UTF-8, which is nearly all of them, are ordinary strings.
 */
public final class Names {
    /** NAME_MAX on Linux and macOS. */
    public static final int MAX_BYTES = 255;
    private static final char ESCAPE_BASE = 0xDC00;

    private Names() {
    }

    public static void check(String name) {
        if (name == null || name.isEmpty() || name.equals(".") || name.equals("..")
                || name.indexOf('/') >= 0 || name.indexOf('\0') >= 0) {
            throw new CorruptObjectException("invalid entry name: '" + (name == null ? null : display(name)) + "'");
        }
        if (encodedLength(name) > MAX_BYTES) {
            throw new CorruptObjectException("entry name longer than " + MAX_BYTES + " bytes: " + display(name));
        }
    }

    /** The string for these bytes: UTF-8 where valid, each other byte escaped. */
    public static String decode(byte[] b, int off, int len) {
        int end = off + len;
        int i = off;
        while (i < end && b[i] >= 0) {
            i++;
        }
        if (i == end) {
            return new String(b, off, len, StandardCharsets.ISO_8859_1); // ASCII: the common case, no decoder
        }
        StringBuilder sb = new StringBuilder(len);
        for (int k = off; k < i; k++) {
            sb.append((char) b[k]);
        }
        while (i < end) {
            int c = b[i] & 0xff;
            int n = sequenceLength(b, i, end);
            if (n == 1 && c < 0x80) {
                sb.append((char) c);
            } else if (n == 0) {
                sb.append((char) (ESCAPE_BASE + c)); // not valid UTF-8 here: keep the byte
                n = 1;
            } else {
                sb.appendCodePoint(codePoint(b, i, n));
            }
            i += n;
        }
        return sb.toString();
    }

    /**
     * The text these bytes are in UTF-8, or null if they are not UTF-8 (text that must be, as
     * an annotation or an spfs name, rather than a name kept byte for byte as {@link #decode} does).
     */
    public static String strictUtf8(byte[] b, int off, int len) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                    .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(b, off, len)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            return null;
        }
    }

    public static String decode(byte[] b) {
        return decode(b, 0, b.length);
    }

    /** Length of the valid, shortest-form UTF-8 sequence at b[i], or 0 if there is none. */
    private static int sequenceLength(byte[] b, int i, int end) {
        int c = b[i] & 0xff;
        if (c < 0x80) {
            return 1;
        }
        int n;
        int min;
        if (c >= 0xC2 && c <= 0xDF) {
            n = 2;
            min = 0x80;
        } else if (c >= 0xE0 && c <= 0xEF) {
            n = 3;
            min = 0x800;
        } else if (c >= 0xF0 && c <= 0xF4) {
            n = 4;
            min = 0x10000;
        } else {
            return 0;
        }
        if (i + n > end) {
            return 0;
        }
        for (int k = 1; k < n; k++) {
            if ((b[i + k] & 0xC0) != 0x80) {
                return 0;
            }
        }
        int cp = codePoint(b, i, n);
        boolean valid = cp >= min && cp <= 0x10FFFF && !(cp >= 0xD800 && cp <= 0xDFFF);
        return valid ? n : 0;
    }

    private static int codePoint(byte[] b, int i, int n) {
        int cp = (b[i] & 0xff) & (0xff >> (n + 1));
        for (int k = 1; k < n; k++) {
            cp = (cp << 6) | (b[i + k] & 0x3f);
        }
        return cp;
    }

    /** The bytes a name stands for (see the class comment). */
    public static byte[] encode(String s) {
        if (isPlain(s)) {
            return s.getBytes(StandardCharsets.UTF_8);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (isEscapedByte(s, i)) {
                out.write(c - ESCAPE_BASE);
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                out.writeBytes(s.substring(i, i + 2).getBytes(StandardCharsets.UTF_8));
                i++;
            } else {
                // A lone surrogate that no decoding made (typed by hand): U+FFFD, as UTF-8 has no other way.
                out.writeBytes(String.valueOf(Character.isSurrogate(c) ? '\uFFFD' : c).getBytes(StandardCharsets.UTF_8));
            }
        }
        return out.toByteArray();
    }

    /** No surrogates at all: plain UTF-8 encoding gives the bytes. */
    private static boolean isPlain(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isSurrogate(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** s[i] is a lone low surrogate standing for one byte 0x80..0xFF. */
    private static boolean isEscapedByte(String s, int i) {
        char c = s.charAt(i);
        return c >= ESCAPE_BASE + 0x80 && c <= ESCAPE_BASE + 0xFF
                && (i == 0 || !Character.isHighSurrogate(s.charAt(i - 1)));
    }

    public static int encodedLength(String s) {
        if (!isPlain(s)) {
            return encode(s).length;
        }
        int n = s.length();
        for (int i = 0; i < s.length(); i++) { // counted, not encoded: this is asked of every entry a manifest holds
            char c = s.charAt(i);
            n += c < 0x80 ? 0 : c < 0x800 ? 1 : 2;
        }
        return n;
    }

    /**
     * A name for people: escaped bytes, control characters and the backslash itself are
     * written as {@code \xNN} ({@code \\} for the backslash), so output stays one line per
     * name and tells every byte apart.
     */
    public static String display(String s) {
        boolean plain = true;
        for (int i = 0; i < s.length() && plain; i++) {
            char c = s.charAt(i);
            plain = c >= 0x20 && c != 0x7f && c != '\\' && !Character.isSurrogate(c);
        }
        if (plain) {
            return s;
        }
        StringBuilder sb = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\') {
                sb.append("\\\\");
            } else if (c < 0x20 || c == 0x7f) {
                sb.append(String.format("\\x%02x", (int) c));
            } else if (isEscapedByte(s, i)) {
                sb.append(String.format("\\x%02x", c - ESCAPE_BASE));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /**
     * Entries are ordered by the unsigned bytes of their names, like a C strcmp. For names
     * without surrogates UTF-8 byte order is code point order, so this compares chars without
     * encoding anything: it runs on every lookup's binary search.
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
                int from = i > 0 && Character.isHighSurrogate(a.charAt(i - 1)) ? i - 1 : i;
                return compareBytes(encode(a.substring(from)), encode(b.substring(from)));
            }
        }
        return a.length() - b.length();
    }

    private static int compareBytes(byte[] x, byte[] y) {
        return java.util.Arrays.compareUnsigned(x, y);
    }
}
