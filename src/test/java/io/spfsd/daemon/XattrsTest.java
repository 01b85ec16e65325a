package io.spfsd.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.spfsd.control.Protocol;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Extended attributes in scratches: kept with serve --xattrs, refused without (the default). */
class XattrsTest {
    @TempDir
    Path tmp;
    DaemonHarness h;

    private DaemonHarness daemon(boolean xattrs) throws Exception {
        DaemonHarness d = new DaemonHarness(tmp.resolve(xattrs ? "on" : "off"), xattrs);
        DaemonHarness.write(tmp.resolve("base/etc/conf"), "a=1\n");
        DaemonHarness.write(tmp.resolve("base/docs/a"), "doc a\n");
        DaemonHarness.write(tmp.resolve("base/docs/b"), "doc b\n");
        d.commit(tmp.resolve("base"), "base");
        return d;
    }

    private static String edit(DaemonHarness d, String script) throws Exception {
        return d.runEditable("base", script);
    }

    @Test
    void extendedAttributesLiveInTheScratchAndTheStackHasNone() throws Exception {
        DaemonHarness h = daemon(true);
        try (h) {
        Path script = Files.writeString(tmp.resolve("xattrs.py"), """
                import os, sys
                def user(p): return sorted(n for n in os.listxattr(p) if n.startswith('user.'))
                def err(f):
                    try: f()
                    except OSError as e: print(e.strerror)
                if sys.argv[1] == 'edit':
                    os.setxattr('etc/conf', 'user.origin', b'base')
                    print(os.getxattr('etc/conf', 'user.origin').decode(), user('etc/conf'), open('etc/conf').read().strip())
                    err(lambda: os.getxattr('docs/a', 'user.origin'))
                    print(user('docs/a'))
                    err(lambda: os.setxattr('etc/conf', 'user.origin', b'again', os.XATTR_CREATE))
                    os.removexattr('etc/conf', 'user.origin')
                    print(user('etc/conf'))
                    err(lambda: os.removexattr('docs/b', 'user.origin'))
                    os.mkdir('dir'); os.setxattr('dir', 'user.d', b'1'); print(user('dir'))
                else:
                    err(lambda: os.getxattr('etc/conf', 'user.origin'))
                    err(lambda: os.setxattr('etc/conf', 'user.origin', b'x'))
                """);
        assertThat(edit(h, "python3 " + script + " edit")).isEqualTo("base ['user.origin'] a=1\nNo data available\n[]\n"
                + "File exists\n[]\nNo data available\n['user.d']\n");
        assertThat(h.runIn("base", "cd $MNT && python3 " + script + " read 2>&1"))
                .as("a read-only runtime of the same layers").isEqualTo("No data available\nRead-only file system\n");
        }
    }

    @Test
    void withoutXattrsTheKernelIsToldTheyAreNotSupported() throws Exception {
        try (DaemonHarness d = daemon(false)) {
            String py = "python3 -c \"import os\nfor f in (lambda: os.setxattr('etc/conf', 'user.k', b'v'),"
                    + " lambda: os.getxattr('etc/conf', 'user.k'), lambda: os.listxattr('etc/conf')):\n"
                    + "  try: f()\n  except OSError as e: print(e.strerror)\"";
            assertThat(edit(d, py + " && for i in 1 2 3 4 5; do echo $i >> etc/conf; done"))
                    .isEqualTo("Operation not supported\nOperation not supported\nOperation not supported\n");
            @SuppressWarnings("unchecked")
            var ops = (java.util.Map<String, java.util.Map<String, Object>>) d.client.send(Protocol.Request.status())
                    .status().metrics().get("ops");
            assertThat(ops.get("write").get("count")).as("the writes arrived").isEqualTo(5);
            Object asked = ops.containsKey("getxattr") ? ops.get("getxattr").get("count") : 0;
            assertThat(((Number) asked).intValue()).as("asked at most once, never per write").isLessThanOrEqualTo(1);
        }
    }
}
