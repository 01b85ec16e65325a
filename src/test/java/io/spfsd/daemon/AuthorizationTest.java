package io.spfsd.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import jdk.net.UnixDomainPrincipal;
import org.junit.jupiter.api.Test;

class AuthorizationTest {
    final UserPrincipalLookupService users = FileSystems.getDefault().getUserPrincipalLookupService();
    final Authorization auth = new Authorization(io.spfsd.os.Os.current());

    UnixDomainPrincipal peer(String user) throws Exception {
        UserPrincipal u = users.lookupPrincipalByName(user);
        GroupPrincipal g = users.lookupPrincipalByGroupName(user.equals("root") ? "root" : "nogroup");
        return new UnixDomainPrincipal(u, g);
    }

    @Test
    void rootMayActOnAnyProcessOthersOnlyOnTheirOwn() throws Exception {
        int self = (int) ProcessHandle.current().pid();
        UserPrincipal owner = Files.getOwner(Path.of("/proc", Integer.toString(self)));
        assumeTrue(!owner.getName().equals("nobody"), "the test JVM must not run as nobody");
        assertThat(auth.check(peer("root"), self)).isEmpty();
        assertThat(auth.check(peer(owner.getName()), self)).isEmpty();
        assertThat(auth.check(peer("nobody"), self)).get().asString()
                .contains("permission denied").contains("belongs to " + owner.getName()).contains("nobody");
        assertThat(auth.requireRoot(peer("nobody"), 42)).get().asString().contains("only root");
        assertThat(auth.requireRoot(peer("root"), 42)).isEmpty();
        assertThat(auth.check(peer("nobody"), 999_999_999)).get().asString().contains("no process");
    }

    @Test
    void onlyRootAndTheDaemonsUserMayHaveItReadAFileOrS3RemoteItWasNotStartedWith() throws Exception {
        String own = "s3://builds/spfs";
        assertThat(auth.checkRemote(peer("nobody"), null, own)).as("the daemon's own, by default").isEmpty();
        assertThat(auth.checkRemote(peer("nobody"), own, own)).as("the daemon's own, named").isEmpty();
        assertThat(auth.checkRemote(peer("nobody"), "https://cdn.example.com/spfs/", own)).as("http(s)").isEmpty();
        assertThat(auth.checkRemote(peer("nobody"), "file:///root/private-repo", own)).get().asString()
                .contains("permission denied").contains("file:///root/private-repo");
        assertThat(auth.checkRemote(peer("nobody"), "s3://other/bucket", null)).get().asString()
                .contains("permission denied");
        assertThat(auth.checkRemote(peer("root"), "file:///root/private-repo", own)).isEmpty();
        String self = Files.getOwner(Path.of("/proc/self")).getName();
        assertThat(auth.checkRemote(peer(self), "file:///srv/repo", own)).as("the daemon's own user").isEmpty();
    }

    @Test
    void aRuntimeWithNoProcessLeftIsJoinedByRootOrByWhoeverMadeIt() throws Exception {
        assertThat(auth.checkOwner(peer("root"), "nobody", "build")).isEmpty();
        assertThat(auth.checkOwner(peer("nobody"), "nobody", "build")).as("its owner").isEmpty();
        assertThat(auth.checkOwner(peer("nobody"), "root", "build")).get().asString()
                .contains("permission denied").contains("build").contains("root");
        assertThat(auth.checkOwner(peer("nobody"), null, "old")).as("kept by a daemon that recorded no owner")
                .get().asString().contains("only root");
    }
}
