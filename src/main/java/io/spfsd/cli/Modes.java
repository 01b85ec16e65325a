package io.spfsd.cli;

import io.spfsd.storage.Entry;
import io.spfsd.storage.EntryKind;

/** ls-style mode strings ("drwxr-xr-x"). */
final class Modes {
    private Modes() {
    }

    static String format(EntryKind kind, int mode) {
        char type = switch (kind) {
            case DIRECTORY -> 'd';
            case SYMLINK -> 'l';
            case FILE -> '-';
            case MASK -> 'm';
        };
        StringBuilder sb = new StringBuilder(10).append(type);
        String rwx = "rwxrwxrwx";
        for (int i = 0; i < 9; i++) {
            sb.append((mode & (1 << (8 - i))) != 0 ? rwx.charAt(i) : '-');
        }
        special(sb, mode, 04000, 3, 's');
        special(sb, mode, 02000, 6, 's');
        special(sb, mode, 01000, 9, 't');
        return sb.toString();
    }

    private static void special(StringBuilder sb, int mode, int bit, int pos, char c) {
        if ((mode & bit) != 0) {
            sb.setCharAt(pos, sb.charAt(pos) == '-' ? Character.toUpperCase(c) : c);
        }
    }

    static String format(Entry e) {
        return format(e.kind(), e.mode());
    }
}
