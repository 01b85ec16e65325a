package io.spfsd.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.spfsd.control.Protocol;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The machine's daemon (serve --all-users) with two real users of this machine: each may
 * connect and run their own runtimes; neither may touch the other's, or see where the other's
 * scratch is; a scratch's files belong to the runtime's user. Requests are sent as each user
 * by a process running with that user's ids (setpriv), so the daemon knows them only by the
 * socket's credentials (SO_PEERCRED).
 */
class TwoUsersTest {
    static final String ALICE = "spfsd-test-alice";
    static final String BOB = "spfsd-test-bob";

    @TempDir
    Path tmp;

    @BeforeAll
    static void users() throws Exception {
        io.spfsd.testing.FuseRequirement.require(); // root, as making users needs
        for (String u : List.of(ALICE, BOB)) {
            if (run(List.of("id", u)).exit() != 0) {
                Result r = run(List.of("useradd", "--system", "--no-create-home", "--user-group", "--shell",
                        "/bin/sh", u));
                assertThat(r.exit()).as("useradd " + u + ": " + r.out()).isZero();
            }
        }
    }

    record Result(int exit, String out) {
    }

    private static Result run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), out);
    }

    /** command as user (their uid and gid, no other groups). */
    private static List<String> as(String user, String... command) {
        List<String> all = new java.util.ArrayList<>(List.of("setpriv", "--reuid=" + user, "--regid=" + user,
                "--clear-groups", "--"));
        all.addAll(List.of(command));
        return all;
    }

    /** One request line sent as user over the socket; the answer line. */
    private static String ask(DaemonHarness h, String user, String json) throws Exception {
        Result r = run(as(user, "perl", "-MIO::Socket::UNIX", "-e", "my $s = IO::Socket::UNIX->new(Peer => $ARGV[0])"
                + " or die \"connect: $!\\n\"; print $s $ARGV[1], \"\\n\"; print scalar <$s>",
                h.client.socket().toString(), json));
        return r.out();
    }

    /** A shell of user's that waits for a line, then runs script (MNT: the mount point). */
    private static DaemonHarness.Gated gatedAs(DaemonHarness h, String user, String script) throws IOException {
        Process p = new ProcessBuilder(as(user, "sh", "-c", "read go; export MNT='" + h.mountpoint + "'; " + script))
                .redirectErrorStream(true).start();
        return new DaemonHarness.Gated(p);
    }

    @Test
    void eachUserRunsTheirOwnRuntimesAndNoOneElses() throws Exception {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x")); // others may reach the socket
        try (DaemonHarness h = DaemonHarness.forAllUsers(tmp)) {
            DaemonHarness.write(tmp.resolve("base/f"), "base\n");
            h.commit(tmp.resolve("base"), "base");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(h.client.socket())))
                    .isEqualTo("rw-rw-rw-");

            DaemonHarness.Gated alices = gatedAs(h, ALICE, "echo mine > $MNT/made && cat $MNT/f && read wait");
            long pid = alices.pid();
            assertThat(ask(h, BOB, "{\"op\":\"mount\",\"pid\":" + pid + ",\"refs\":[\"base\"]}"))
                    .as("bob registers a runtime for alice's process").contains("\"ok\":false")
                    .contains("permission denied: PID " + pid + " belongs to " + ALICE);
            assertThat(ask(h, ALICE, "{\"op\":\"mount\",\"pid\":" + pid + ",\"refs\":[\"base\"],\"editable\":true,"
                    + "\"name\":\"alices\"}")).contains("\"ok\":true");
            alices.release();
            byte[] line = alices.process.getInputStream().readNBytes(5);
            assertThat(new String(line, StandardCharsets.UTF_8)).isEqualTo("base\n");
            Path made = tmp.resolve("run/runtimes/alices/upper/made");
            assertThat(Files.getOwner(made).getName()).as("a scratch file is its runtime's user's").isEqualTo(ALICE);

            for (String req : List.of("{\"op\":\"unmount\",\"name\":\"alices\"}", "{\"op\":\"unmount\",\"pid\":" + pid + "}",
                    "{\"op\":\"commit\",\"name\":\"alices\"}", "{\"op\":\"reset\",\"name\":\"alices\"}",
                    "{\"op\":\"diff\",\"name\":\"alices\"}", "{\"op\":\"mount\",\"pid\":" + pid + ",\"name\":\"alices\"}")) {
                assertThat(ask(h, BOB, req)).as(req).contains("\"ok\":false").contains("permission denied");
            }
            Result intruder = run(as(BOB, "sh", "-c", "echo x > " + h.mountpoint + "/intruder"));
            assertThat(intruder.exit()).as("the root is 1777, but bob is in no runtime").isNotZero();
            assertThat(intruder.out()).contains("Read-only file system");
            String bobSees = ask(h, BOB, "{\"op\":\"status\"}");
            assertThat(bobSees).contains("\"name\":\"alices\"").doesNotContain("\"scratch\"");
            assertThat(ask(h, ALICE, "{\"op\":\"status\"}")).contains("\"scratch\":\"" + tmp.resolve("run/runtimes/alices"));
            assertThat(ask(h, ALICE, "{\"op\":\"diff\",\"name\":\"alices\"}")).contains("\"path\":\"made\"");
            assertThat(Files.readString(made)).as("nothing bob asked changed it").isEqualTo("mine\n");

            // alice builds, commits and tags into the machine's repository, which only root may write
            assertThat(ask(h, ALICE, "{\"op\":\"commit\",\"name\":\"alices\",\"tags\":[\"bad tag\"]}"))
                    .contains("invalid tag name 'bad tag'").contains("nothing was committed");
            assertThat(ask(h, ALICE, "{\"op\":\"commit\",\"name\":\"alices\",\"tags\":[\"alice/tool\"]}"))
                    .contains("\"ok\":true");
            assertThat(h.repo.tags().history("alice/tool")).singleElement()
                    .satisfies(v -> assertThat(v.user()).isEqualTo(ALICE));
            DaemonHarness.Gated reader = gatedAs(h, ALICE, "cat $MNT/made");
            assertThat(ask(h, ALICE, "{\"op\":\"mount\",\"pid\":" + reader.pid() + ",\"refs\":[\"base+alice/tool\"]}"))
                    .contains("\"ok\":true");
            reader.release();
            assertThat(reader.output()).as("the result, run by name in a new runtime").isEqualTo("mine\n");
            alices.process.getOutputStream().write("done\n".getBytes(StandardCharsets.UTF_8));
            alices.process.getOutputStream().flush();
            assertThat(alices.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
    }
}
