package io.spfsd.storage.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spfsd.storage.Digest;
import io.spfsd.storage.DirectoryImporter;
import io.spfsd.storage.Repository;
import io.spfsd.testing.TreeBuilder;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.gaul.s3proxy.junit.S3ProxyExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** s3:// remotes against an S3 API server in this JVM (s3proxy's JUnit extension). */
class S3RemoteTest {
    @RegisterExtension
    final S3ProxyExtension s3proxy = S3ProxyExtension.builder().withCredentials("AKIDTEST", "s3cr3t").build();

    @TempDir
    Path tmp;
    String endpoint;

    @BeforeEach
    void createBucket() throws Exception {
        endpoint = s3proxy.getUri().toString().replaceAll("/+$", "");
        URI bucket = URI.create(endpoint + "/builds");
        S3Signer signer = new S3Signer(new S3Signer.Credentials("AKIDTEST", "s3cr3t", null, "us-east-1"));
        HttpRequest.Builder put = HttpRequest.newBuilder(bucket).PUT(HttpRequest.BodyPublishers.noBody());
        signer.sign(put::header, "PUT", bucket);
        HttpResponse<String> r = HttpClient.newHttpClient().send(put.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    private ObjectStore s3(String secret) {
        return S3Remote.open(URI.create("s3://builds/spfsd/repo"), Map.of("AWS_ENDPOINT_URL", endpoint,
                "AWS_ACCESS_KEY_ID", "AKIDTEST", "AWS_SECRET_ACCESS_KEY", secret, "AWS_REGION", "us-east-1"),
                tmp, Duration.ofSeconds(5));
    }

    @Test
    void pushAndPullThroughTheS3ApiWithSigV4() throws Exception {
        Repository here = Repository.open(tmp.resolve("here"));
        new TreeBuilder(tmp.resolve("src")).file("bin/tool", "tool\n").file("etc/conf", "conf\n");
        Digest layer = here.putLayer(new DirectoryImporter(here, new DirectoryImporter.Listener() {
        }).importDirectory(tmp.resolve("src")).manifest());
        ObjectStore bucket = s3("s3cr3t");
        Transfer.Result pushed = Transfer.copy(new RepositoryStore(here), bucket, List.of(layer), (d, t, b) -> { });
        bucket.pushTag("tool", layer);
        assertThat(pushed.payloads()).isEqualTo(2);
        assertThat(bucket.tag("tool")).as("the tag is in the bucket").isEqualTo(layer);

        Repository there = Repository.open(tmp.resolve("there"));
        ObjectStore again = s3("s3cr3t");
        Digest resolved = again.resolve("tool");
        assertThat(resolved).isEqualTo(layer);
        Transfer.Result pulled = Transfer.copy(again, new RepositoryStore(there), List.of(resolved), (d, t, b) -> { });
        assertThat(pulled.objects()).isEqualTo(2);
        assertThat(pulled.payloads()).isEqualTo(2);
    }

    @Test
    void aWrongSecretIsRefusedAndMissingCredentialsAreAOneLineError() throws Exception {
        Repository here = Repository.open(tmp.resolve("here"));
        new TreeBuilder(tmp.resolve("src")).file("a", "a\n");
        Digest layer = here.putLayer(new DirectoryImporter(here, new DirectoryImporter.Listener() {
        }).importDirectory(tmp.resolve("src")).manifest());
        assertThatThrownBy(() -> Transfer.copy(new RepositoryStore(here), s3("wrong"), List.of(layer), (d, t, b) -> { }))
                .hasMessageContaining("403");
        assertThatThrownBy(() -> S3Remote.open(URI.create("s3://builds/x"), Map.of(), tmp, Duration.ofSeconds(1)))
                .hasMessageStartingWith("no credentials for s3://builds/x");
    }

    @Test
    void credentialsComeFromTheNamedProfileOfTheAwsCredentialsFile() throws Exception {
        java.nio.file.Files.createDirectories(tmp.resolve(".aws"));
        java.nio.file.Files.writeString(tmp.resolve(".aws/credentials"), """
                [default]
                aws_access_key_id = AKIDDEFAULT
                aws_secret_access_key = one
                [ci]
                aws_access_key_id = AKIDCI
                aws_secret_access_key = two
                """);
        assertThat(S3Remote.credentialsFile(tmp.resolve(".aws/credentials"), "ci"))
                .containsEntry("aws_access_key_id", "AKIDCI").containsEntry("aws_secret_access_key", "two");
        assertThat(S3Remote.open(URI.create("s3://b/p"), Map.of("AWS_PROFILE", "ci"), tmp, Duration.ofSeconds(1)).name())
                .isEqualTo("s3://b/p");
    }
}
