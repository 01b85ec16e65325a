package io.spfsd.cli;

import io.spfsd.config.Locations;
import io.spfsd.storage.Entry;
import io.spfsd.storage.Manifest;
import io.spfsd.storage.Tree;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A path inside a view as people write it: relative to the view's root ("bin/tool", "/bin/tool")
 * or as a runtime sees it under the mount point ("/spfs/bin/tool", "$SPFSD_MOUNTPOINT/bin/tool"),
 * the way spfs's commands take them.
 */
final class ViewPath {
    private ViewPath() {
    }

    /** The path's components joined by '/', "" for the root: mount point prefix dropped, '.' and '..' resolved. */
    static String clean(String path, Locations locations) {
        return join(path, locations, false);
    }

    /**
     * The path relative to the view's root for a request that changes the view (reset): the
     * mount point prefix dropped, '.' dropped, and a ".." refused rather than resolved, so
     * nothing a user means outside the view is taken for a path inside it.
     */
    static String inside(String path, Locations locations) {
        return join(path, locations, true);
    }

    private static String join(String path, Locations locations, boolean refuseDotDot) {
        String p = withoutPrefix(withoutPrefix(path, locations.mountpoint()), Locations.SYSTEM_MOUNTPOINT);
        List<String> parts = new ArrayList<>();
        for (String s : p.split("/")) {
            if (s.equals("..") && refuseDotDot) {
                throw new UserError(path + ": '..' leaves the runtime: give the path from the runtime's root"
                        + " (as under " + locations.mountpoint() + ")");
            }
            if (s.equals("..")) {
                if (!parts.isEmpty()) {
                    parts.removeLast();
                }
            } else if (!s.isEmpty() && !s.equals(".")) {
                parts.add(s);
            }
        }
        return String.join("/", parts);
    }

    private static String withoutPrefix(String path, Path mountpoint) {
        String m = mountpoint.toString();
        if (path.equals(m)) {
            return "/";
        }
        return path.startsWith(m + "/") ? path.substring(m.length()) : path;
    }

    /** The entry at a cleaned, non-empty path, or a one-line error naming path as written and the ref. */
    static Entry lookup(Manifest view, String clean, String asWritten, String ref) {
        Tree t = view.root();
        Entry e = null;
        for (String part : clean.split("/")) {
            if (t == null) {
                throw new UserError(asWritten + ": not a directory in " + ref);
            }
            e = t.find(part);
            if (e == null) {
                throw new UserError(asWritten + ": no such file or directory in " + ref);
            }
            t = e.isDirectory() ? view.tree(e) : null;
        }
        return e;
    }
}
